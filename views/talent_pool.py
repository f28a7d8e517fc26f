"""Talent pool: find consenting candidates, shortlist them, set their status, export.

UI only: the query lives in insights.pool, user state in insights.workspace.
"""

from __future__ import annotations

import streamlit as st

from insights import workspace
from insights.pool import present
from insights.pool_filters import PoolFilters
from insights.ui import pool as ui

st.title("Talent pool")
if not ui.require_recruiter():
    st.stop()
if ui.warehouse() is None:
    st.stop()
st.caption(
    "Candidates who consented to be contacted and have not withdrawn, with their latest "
    "known details. The sidebar filters apply to the insight pages, not to this list."
)
ui.flash()

view = st.segmented_control(
    "View",
    ["pool", "shortlists"],
    default="pool",
    required=True,
    format_func={"pool": "Search the pool", "shortlists": "Shortlists"}.get,
    key="pool_view",
    label_visibility="collapsed",
    persist_state="session",
)

shortlist: str | None = None
if view == "shortlists":
    names = workspace.shortlists(ui.workspace_file())
    if not names:
        st.info("No shortlists yet: select candidates in the pool and add them to one.")
        st.stop()
    shortlist = st.selectbox("Shortlist", names, key="pool_show_list", persist_state="session")
    filters = PoolFilters(
        sort=str(st.session_state.get("pf_sort", "fit")),
        descending=bool(st.session_state.get("pf_descending", True)),
        pay_currency=st.session_state.get("pf_pay_currency"),
    )
else:
    options, currencies = ui.options()
    ui.seed_from_url()
    filters = ui.filter_panel(options, currencies)
    ui.saved_search_bar(filters)

(size,) = ui.sort_and_size()
view_id = f"{shortlist}|{filters.to_query_string()}|{size}"
if st.session_state.get("pool_view_id") != view_id:
    st.session_state["pool_view_id"] = view_id
    st.session_state["pool_page"] = 1
try:
    page = ui.pool_page(filters, shortlist=shortlist, page=ui.current_page_number(), size=size)
except ValueError as exc:  # a currency without an exchange rate
    st.error(str(exc))
    st.stop()

first = (page.page - 1) * size + 1
last = first + len(page.rows) - 1
noun = "candidate" if page.total == 1 else "candidates"
if shortlist is not None:
    headline = f"**{page.total}** {noun} on “{shortlist}”"
    if page.unavailable:
        headline += f" · {page.unavailable} more no longer available (consent withdrawn or removed)"
else:
    headline = f"**{page.total}** {noun} match"
if page.total:
    headline += f" · showing {first}–{last}"
st.markdown(headline)

frame = present(page)
if frame.empty:
    st.info(
        "Nobody matches these filters. Remove a filter or widen a range."
        if shortlist is None
        else "Nobody on this shortlist can be listed."
    )
    st.stop()
selected = ui.table(frame)
ui.pager(page)

st.caption(
    f"{len(selected)} selected. Select rows with the boxes on the left; open one "
    "candidate's profile, add them to a shortlist or change their pool status."
)
ui.open_profile_button(selected, frame)
with st.container(border=True):
    if shortlist is None:
        ui.shortlist_actions(selected)
    else:
        ui.remove_button(selected, shortlist)
    ui.status_action(selected, frame)

st.subheader("Export", divider="gray")
st.caption(
    f"Every {'member' if shortlist else 'matching candidate'} ({page.total}), with the columns "
    "above. Cells a spreadsheet could run as formulas are prefixed with an apostrophe."
)
ui.download_buttons(
    lambda: ui.full_frame(filters, shortlist),
    shortlist or "Talent pool",
    {
        "what": "shortlist" if shortlist else "pool",
        "shortlist": shortlist,
        "query": None if shortlist else filters.to_query_string(),
    },
    key="pool_export",
)
