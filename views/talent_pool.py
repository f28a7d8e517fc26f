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
    "known details."
)
ui.flash()

view = st.segmented_control(
    "View",
    ["pool", "shortlists"],
    default="pool",
    required=True,
    format_func=lambda v: {"pool": "Search the pool", "shortlists": "Shortlists"}[v],
    key="pool_view",
    label_visibility="collapsed",
    persist_state="session",
)

if view == "shortlists":
    found = shortlists.picker(ui.workspace_list())
    if found is None:
        st.stop()
    shortlists.details(found)
    listing = PoolFilters(statuses=(), **filters.toolbar_options(index.currencies, st.columns(3)))
    ticked, rows = shortlists.members(found, listing)
    names = dict(zip(rows["candidate_id"], rows["full_name"], strict=True)) if len(rows) else {}
    bar = st.columns([2, 1.6, 1.6, 1.4, 1.8], vertical_alignment="center")
    bar[0].markdown(f"**{len(ticked)} ticked**" if ticked else "Tick rows to act on them.")
    with bar[1]:
        shortlists.remove_button(found, ticked)
    with bar[2].popover("Add to another list", disabled=not ticked):
        actions.shortlist_controls(
            ticked, prefix="list", exclude=found.shortlist_id, after=shortlists.bump
        )
    with bar[3].popover("Set status", disabled=not ticked):
        actions.status_controls(ticked, prefix="list", after=shortlists.bump)
    with bar[4]:
        actions.open_profile(ticked, names, prefix="list")
    st.subheader("Export this shortlist", divider="gray")
    downloads.export_panel(listing, len(rows), [], shortlist=found, key="list_export")
    st.stop()

filters.seed_from_url(index.currencies)
values = filters.filter_panel(ui.pool_options(), index.base)
tools = st.container()
summary = st.container()
bar = st.columns([2, 2, 1.6, 1.2, 1.2], vertical_alignment="bottom")
view_options = filters.toolbar_options(index.currencies, bar[:3])
with bar[3]:
    extras = table.column_choice()
with bar[4]:
    size = table.page_size()
chosen = PoolFilters(**values, **view_options)
filters.write_url(chosen)
with tools:
    filters.saved_search_tools(chosen, index.currencies)

pager = table.page_key(f"{chosen.to_query_string()}|{size}")
try:
    page = ui.pool_page(chosen, page=table.current_page(pager), size=size)
except ValueError as exc:  # a currency without an exchange rate
    st.error(ui.md(exc))
    st.stop()
ui.log_search(chosen, page.total)
with summary:
    table.headline(page, chosen)

selection = st.container(border=True)
if page.rows.empty and index.rows == 0:
    st.info(
        "The pool is empty: no candidate in the warehouse has consented to be contacted "
        "(or all who did have withdrawn). It fills as interviews with consent are loaded."
    )
elif page.rows.empty:
    st.info("Nobody matches these filters. Remove a filter, widen a range or pick more statuses.")
else:
    table.table(page, table.columns_for(extras), chosen)
    table.pager(page, pager)
with selection:
    picked = list(table.basket())
    names = dict(zip(page.rows["candidate_id"], page.rows["full_name"], strict=True))
    c = st.columns([3.2, 1.6, 1.4, 1.8], vertical_alignment="center")
    with c[0]:
        table.selection_summary(page, select_all=lambda: table.select(ui.match_ids(chosen)))
    with c[1].popover("Add to shortlist", icon=":material/playlist_add:", disabled=not picked):
        actions.shortlist_controls(picked)
    with c[2].popover("Set status", disabled=not picked):
        actions.status_controls(picked)
    with c[3]:
        actions.open_profile(picked, names)

st.subheader("Export", divider="gray")
downloads.export_panel(chosen, page.total, extras)
