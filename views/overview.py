"""Overview: headline figures with honest comparisons, what changed, interviews per week,
and how fresh the data is. A layout of declared insights (insights.catalog.overview)."""

import streamlit as st

from insights import ui
from insights.catalog import overview
from insights.ui import overview as tiles

page = overview.PAGE
filters = ui.page_header(page)
if ui.require_data(filters):
    ui.render_page(
        page,
        filters,
        renderers={"headlines": tiles.headline_tiles, "notable_changes": tiles.change_list},
    )

st.subheader("Data freshness", divider="gray")
if ui.reader().has_warehouse():
    tiles.freshness(ui.reader())
    if ui.auth.can_see_data(st.session_state.get("insights_role")):
        st.page_link("views/data.py", label="Imports and data quality", icon=":material/database:")
