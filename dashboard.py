"""Streamlit entry point: page config, sign-in gate, navigation by role, global filters.

Run: streamlit run dashboard.py   (warehouse: $INSIGHTS_DB, else data/warehouse.duckdb)

Every page is registered, so a deep link always resolves to its page; pages the role may
not use are hidden from the menu and, when opened by a link, say so instead of running.
The read side checks the role again (insights.reader), so hiding is never the only guard.
"""

from __future__ import annotations

import streamlit as st

from insights import ui
from insights.access import ROLE_LABELS, Permission, Role
from insights.state import StateBusy
from insights.ui import navigation, startup

st.set_page_config(
    page_title="Exploratory Interview Insights",
    page_icon=":material/forum:",
    layout="wide",
)
startup.once()  # saved ids follow the warehouse's keyed ids (once per process, never fatal)

signed_in = ui.auth.gate()
role = Role(signed_in) if signed_in else Role.VIEWER

allowed: dict[str, Permission] = {}
filtered: set[str] = set()  # the pages that read the global filters
sections: dict[str, list[st.Page]] = {}
for section, entries in navigation.SECTIONS.items():
    pages = []
    for entry in entries:
        visible = signed_in is not None and ui.auth.may(role.value, entry.permission)
        pages.append(
            st.Page(
                entry.path,
                title=entry.title,
                icon=entry.icon,
                default=entry.path == navigation.DEFAULT,
                visibility="visible" if visible else "hidden",
            )
        )
        allowed[pages[-1].url_path] = entry.permission
        if entry.filtered:
            filtered.add(pages[-1].url_path)
    sections[section] = pages

page = st.navigation(sections, position="sidebar" if signed_in else "hidden")
if signed_in is None:
    st.stop()  # only the sign-in shows; the link's page opens once someone signs in
target = ui.auth.take_return_target()
if target is not None and target[0] and target[0] != page.url_path:
    # Back from the OpenID Connect provider: open the page the link named.
    named = next((p for ps in sections.values() for p in ps if p.url_path == target[0]), None)
    if named is not None:
        query = {k: v if len(v) > 1 else v[0] for k, v in target[1].items()}
        st.switch_page(named, query_params=query)
permission = allowed.get(page.url_path, Permission.AGGREGATES)
if not ui.auth.may(role.value, permission):
    needed = navigation.roles_for(permission)
    if ui.auth.is_demo() and needed:
        # Demo mode: a link to a page the picked role may not use switches to one that may.
        ui.auth.switch_demo_role(needed[0])
        names = ", ".join(ROLE_LABELS[r] for r in needed)
        st.session_state["role_switched"] = (page.title, needed[0].value, names)
        st.rerun()
    st.title(page.title)
    names = ", ".join(ROLE_LABELS[r] for r in needed)
    st.warning(
        f"{page.title} is for {names}. You are signed in as {ROLE_LABELS[role]}: ask an "
        "administrator if you need it.",
        icon=":material/lock:",
    )
    st.stop()
switched = st.session_state.pop("role_switched", None)
if switched:
    st.info(
        f"Demo mode: this link opens {switched[0]}, which is for {switched[2]}: switched to "
        f"{ROLE_LABELS[Role(switched[1])]}.",
        icon=":material/swap_horiz:",
    )
if page.url_path != "candidate_profile":
    st.session_state.pop("profile_view_open", None)  # the next opening is a new view
if page.url_path in filtered:
    ui.render_filters()
else:
    ui.keep_filters()
try:
    page.run()
except StateBusy as exc:  # the state stayed busy (another server or command): one line
    st.error(str(exc), icon=":material/hourglass_top:")
