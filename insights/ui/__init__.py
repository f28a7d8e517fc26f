"""Streamlit helpers shared by dashboard.py and views/ (the only Streamlit code in insights).

Public API:
    reader()                                   -- this session's door to the read side
    render_filters(), current_filters()        -- the global sidebar filters (insights.ui.sidebar)
    keep_filters()                             -- a page without them keeps their choices
    require_data(filters)                      -- friendly empty / missing states; False = stop
    page_header(page), render_page(page, filters, renderers=...)   -- an insight page
    connection()                               -- the current version's read-only connection,
                                                  for read-side functions that take the caller
    auth.gate(), auth.can_see_talent(role), auth.can_see_data(role)
"""

from __future__ import annotations

import streamlit as st

from insights import catalog
from insights.access import Principal, Role
from insights.catalog import Page
from insights.filters import Filters
from insights.reader import Reader
from insights.ui import auth
from insights.ui import data as _data
from insights.ui.data import connection, current_version, db_path
from insights.ui.pages import render as _render_page
from insights.ui.plain import md
from insights.ui.sidebar import current_filters
from insights.ui.sidebar import keep as keep_filters
from insights.ui.sidebar import render as _render_filters

__all__ = [
    "auth",
    "connection",
    "current_filters",
    "keep_filters",
    "current_version",
    "md",
    "page_header",
    "principal",
    "reader",
    "render_filters",
    "render_page",
    "require_data",
]


def principal() -> Principal:
    """Who is using this session (set by dashboard.py's sign-in gate)."""
    role = st.session_state.get("insights_role") or Role.VIEWER.value
    name = st.session_state.get("auth_user") or f"demo {role}"
    return Principal(str(name), Role(role))


def reader() -> Reader:
    return _data.reader(principal())


def render_filters() -> Filters:
    return _render_filters(reader())


def page_header(page: Page) -> Filters:
    """The page's title, what it shows (in words) and its intro; returns the filters."""
    st.title(page.title)
    filters = current_filters()
    st.caption(md(f"Showing {filters.describe()}."))
    return filters


def render_page(page: Page, filters: Filters, **kwargs: object) -> None:
    _render_page(page, reader(), filters, **kwargs)  # type: ignore[arg-type]


def require_data(filters: Filters) -> bool:
    """Explain what to do when there is no warehouse, no data, or nothing matches."""
    session = reader()
    if not session.has_warehouse():
        st.warning(
            f"There is no warehouse yet at `{db_path()}`.\n\n"
            "Build one to see insights:\n"
            "- `make demo` (or `insights demo`) creates a demo warehouse with generated "
            "interviews;\n"
            "- `insights load FILE...` loads your feedback-form exports (CSV, Excel, JSON).\n\n"
            "Point the app at another file with the `INSIGHTS_DB` environment variable.",
            icon=":material/database:",
        )
        return False
    if catalog.facts.interview_count(session, Filters()) == 0:
        st.info(
            "The warehouse has no interviews yet. Load your feedback-form export with "
            "`insights load FILE...` (or upload it on the Data page), or run `make demo` to "
            "explore generated data.",
            icon=":material/inbox:",
        )
        return False
    if catalog.facts.interview_count(session, filters) == 0:
        st.info(
            md(
                f"No interviews match these filters ({filters.describe()}). Widen the date "
                "range or remove a filter in the sidebar."
            ),
            icon=":material/filter_alt_off:",
        )
        return False
    return True
