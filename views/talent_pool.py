"""Talent pool: find consenting candidates, select them across pages, shortlist them, set
their status, export; and work the shortlists (stage and note per candidate).

UI only: the query lives in insights.pool, user state in insights.workspace, the widgets
in insights.ui.pool.
"""

from __future__ import annotations

import streamlit as st

from insights.pool_filters import PoolFilters
from insights.ui import pool as ui
from insights.ui.pool import actions, downloads, filters, shortlists, table

st.title("Talent pool")
if not ui.require_recruiter() or ui.warehouse() is None:
    st.stop()
index = ui.pool_index()
if index is None:
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

if view == "shortlists":
    found = shortlists.picker(ui.workspace_list())
    if found is None:
        st.stop()
    shortlists.details(found)
    sort = filters.toolbar_options(index.currencies, st.columns(3))
    listing = PoolFilters(statuses=(), **sort)
    ticked, rows = shortlists.members(found, listing)
    names = dict(zip(rows["candidate_id"], rows["full_name"], strict=True)) if len(rows) else {}
    with st.container(border=True):
        st.markdown(
            f"**{len(ticked)} ticked** on this list" if ticked else "Tick rows to act on them."
        )
        c1, c2 = st.columns([1, 3], vertical_alignment="bottom")
        with c1:
            shortlists.remove_button(found, ticked)
        with c2:
            actions.open_profile(ticked, names, prefix="list")
        actions.shortlist_controls(
            ticked, prefix="list", exclude=found.shortlist_id, after=shortlists.bump
        )
        actions.status_controls(ticked, prefix="list", after=shortlists.bump)
    st.subheader("Export this shortlist", divider="gray")
    downloads.export_panel(listing, len(rows), [], shortlist=found, key="list_export")
    st.stop()

options = ui.pool_options()
filters.seed_from_url(index.currencies)
values = filters.filter_panel(options, index.base)
bar = st.columns([2, 2, 2, 1.2, 1.2], vertical_alignment="bottom")
toolbar = filters.toolbar_options(index.currencies, bar[:3])
with bar[3]:
    extras = table.column_choice()
with bar[4]:
    size = table.page_size()
chosen = PoolFilters(**values, **toolbar)
filters.write_url(chosen)
filters.saved_search_bar(chosen, index.currencies)

view_id = f"{chosen.to_query_string()}|{size}"
if st.session_state.get("pool_view_id") != view_id:
    st.session_state["pool_view_id"] = view_id
    st.session_state[table.PAGE] = 1
try:
    page = ui.pool_page(chosen, page=table.current_page(), size=size)
except ValueError as exc:  # a currency without an exchange rate
    st.error(ui.md(exc))
    st.stop()

table.headline(page, chosen)
selection = st.container(border=True)
if page.rows.empty:
    st.info("Nobody matches these filters. Remove a filter, widen a range or pick more statuses.")
else:
    table.table(page, table.columns_for(extras), chosen)
    table.pager(page)
with selection:
    picked = list(table.basket())
    table.selection_bar(page, select_all=lambda: table.select(ui.match_ids(chosen)))
    names = (
        dict(zip(page.rows["candidate_id"], page.rows["full_name"], strict=True))
        if len(page.rows)
        else {}
    )
    actions.open_profile(picked, names)
    actions.shortlist_controls(picked)
    actions.status_controls(picked)

st.subheader("Export", divider="gray")
downloads.export_panel(chosen, page.total, extras)
