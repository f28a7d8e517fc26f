"""Streamlit helpers of the Talent pool and Candidate profile pages, one module per part:

- this module: who is looking, the warehouse, the cached pool index and pages, messages;
- ``filters``: the filter widgets (drawn from insights.pool_filters.FILTERS), the URL,
  saved searches and the share link;
- ``table``: sort and column choices, the table with a selection kept across pages, the
  pager and the counts;
- ``actions``: what to do with the selection (shortlist, status, profile);
- ``shortlists``: create, rename, delete, and the members with their stage and note;
- ``downloads``: CSV and XLSX exports; ``profile``: the profile's sections.

Every workspace change goes through insights.workspace; every value from the data is
shown as text (``text.md`` where Streamlit only takes Markdown).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from insights import workspace
from insights.access import Permission, Principal, Role
from insights.pool import PoolIndex, PoolPage, fetch_pool, matching_ids
from insights.pool_filters import PoolFilters
from insights.state import StateBusy
from insights.ui import auth
from insights.ui.data import connection, current_version, db_path
from insights.ui.pool.text import md

PROFILE_PAGE = "views/candidate_profile.py"
POOL_PAGE = "views/talent_pool.py"

__all__ = [
    "POOL_PAGE",
    "PROFILE_PAGE",
    "actor",
    "principal",
    "log_search",
    "busy_safe",
    "flash",
    "md",
    "pool_index",
    "pool_page",
    "require_recruiter",
    "say",
    "warehouse",
    "workspace_file",
]


# --- who is looking -------------------------------------------------------------------------


def role() -> str | None:
    value = st.session_state.get("insights_role")
    return str(value) if value else None


def principal() -> Principal:
    """This session's user, as the read side checks it."""
    from insights import ui

    return ui.principal()


def actor() -> Principal:
    """Who the workspace and the audit log name: the signed-in user (the demo's role),
    with their role."""
    return principal()


def require_recruiter() -> bool:
    """Individuals are shown to recruiters only; everyone else gets a neutral notice."""
    if auth.can_see_talent(role()):
        return True
    st.info(
        "The talent pool and candidate profiles show individual candidates and are "
        "available to recruiters only.",
        icon=":material/lock:",
    )
    return False


# --- data -------------------------------------------------------------------------------------


def workspace_file() -> Path:
    return workspace.workspace_path(db_path())


def warehouse() -> duckdb.DuckDBPyConnection | None:
    """The shared read-only connection, or None (with an explanation) when there is none."""
    con = connection()
    if con is None:
        st.warning(
            f"There is no warehouse yet at `{md(db_path())}`. Load feedback exports with "
            "`insights load FILE...` or build the demo with `insights demo`.",
            icon=":material/database:",
        )
    return con


# The index is one per warehouse version, shared by the sessions allowed to search it; it is
# built on behalf of the first of them, and every search of it checks its own caller.
_INDEXER = Principal("talent pool index", Role.RECRUITER)


@st.cache_resource(show_spinner=False, max_entries=1, on_release=lambda index: index.close())
def _index(path: str, version: str) -> PoolIndex:
    con = connection()
    if con is None:
        raise FileNotFoundError(path)
    return PoolIndex.build(_INDEXER, con)


def pool_index() -> PoolIndex | None:
    """The pool index of the current warehouse version, built on first use (once per load),
    for a caller allowed to see individuals (AccessDenied otherwise)."""
    principal().require(Permission.TALENT)
    version = current_version()
    if version is None or connection() is None:
        return None
    with st.spinner("Indexing the talent pool (once per data load)…"):
        return _index(str(db_path()), version)


@st.cache_data(show_spinner=False, max_entries=256)
def _page(
    query: str,
    shortlist_id: str | None,
    page: int,
    size: int | None,
    wh_version: str,
    ws_version: str,
    ws_path: str,
    caller: Principal,
) -> PoolPage:
    index = _index(str(db_path()), wh_version)
    return fetch_pool(
        caller,
        index,
        PoolFilters.from_query_string(query),
        overlay=workspace.overlay(ws_path, shortlist_id),
        shortlist=shortlist_id,
        page=page,
        page_size=size,
    )


def pool_page(
    filters: PoolFilters,
    *,
    shortlist_id: str | None = None,
    page: int = 1,
    size: int | None = 50,
) -> PoolPage:
    """One page of the pool (or a shortlist), cached by (filters, page, both versions)."""
    version = current_version()
    if version is None:
        raise FileNotFoundError(str(db_path()))
    ws = workspace_file()
    return _page(
        filters.to_query_string(),
        shortlist_id,
        page,
        size,
        version,
        workspace.version(ws),
        str(ws),
        principal(),
    )


def pool_options() -> dict[str, list[str]]:
    """Values present among listable candidates, per filter facet (kept by the index)."""
    index = pool_index()
    return index.options() if index is not None else {}


def match_ids(filters: PoolFilters) -> list[str]:
    """Ids of every match (at most SELECT_ALL_LIMIT), fresh (none, and a message, when the
    workspace is busy)."""
    index = pool_index()
    if index is None:
        return []
    try:
        overlay = workspace.overlay(workspace_file())
    except StateBusy as exc:
        say(md(exc), error=True)
        return []
    return matching_ids(principal(), index, filters, overlay=overlay)


def log_search(filters: PoolFilters, total: int) -> None:
    """Audit each search a user runs (its filters and how many matched), once per search:
    paging or reruns of the same search are not new searches."""
    search = (actor(), filters.to_query_string())
    if st.session_state.get("pool_search_logged") != search:
        workspace.log_event(
            workspace_file(), actor(), "pool_search", None, query=search[1], total=total
        )
        st.session_state["pool_search_logged"] = search


def workspace_list() -> list[workspace.Shortlist]:
    return workspace.list_shortlists(workspace_file())


# --- messages across a rerun -------------------------------------------------------------------


def say(message: str, *, error: bool = False) -> None:
    """Leave a message (already Markdown-safe) for the next run to show once."""
    st.session_state["pool_flash_error" if error else "pool_flash"] = message


def busy_safe(callback: Callable[..., None]) -> Callable[..., None]:
    """A widget callback that, when the workspace stays busy, leaves the one-line "busy,
    try again" for the next run instead of a traceback (a page body's busy workspace is
    shown by dashboard.py)."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            callback(*args, **kwargs)
        except StateBusy as exc:
            say(md(exc), error=True)

    return run


def flash() -> None:
    """Show (once) the messages an action left for this run."""
    message = st.session_state.pop("pool_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")
    error = st.session_state.pop("pool_flash_error", None)
    if error:
        st.error(error, icon=":material/error:")
