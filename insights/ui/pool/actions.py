"""What a recruiter does with the selected candidates: shortlist them, set their pool
status, open a profile. Each action clears the selection afterwards (``after``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import streamlit as st

from insights import workspace
from insights.pool import listable
from insights.pool_filters import LISTABLE_STATUSES, pretty
from insights.ui.pool import (
    PROFILE_PAGE,
    actor,
    busy_safe,
    md,
    pool_index,
    principal,
    say,
    workspace_file,
)
from insights.ui.pool.table import clear_selection

NEW_LIST = "__new__"
STATUSES = (*LISTABLE_STATUSES, "withdrawn")


def list_label(found: workspace.Shortlist | None) -> str:
    if found is None:
        return "➕ New shortlist…"
    owner = f", {found.owner}" if found.owner else ""
    return f"{found.name} ({found.size}{owner})"


def _add(ws: Path, ids: list[str], prefix: str, after: Callable[[], None]) -> None:
    target = st.session_state.get(f"{prefix}_target_list")
    try:
        if target == NEW_LIST:
            made = workspace.create_shortlist(
                ws, str(st.session_state.get(f"{prefix}_new_list", "")), actor=actor()
            )
            target = made.shortlist_id
        found = next((s for s in workspace.list_shortlists(ws) if s.shortlist_id == target), None)
        if found is None:
            raise workspace.WorkspaceError("Choose a shortlist, or name a new one.")
        added = workspace.add_to_shortlist(ws, found.shortlist_id, ids, actor=actor())
    except workspace.WorkspaceError as exc:
        say(md(exc), error=True)
        return
    already = len(ids) - added
    note = f" ({already} already on it)" if already else ""
    say(f"Added {added} to “{md(found.name)}”{note}.")
    st.session_state[f"{prefix}_target_list"] = found.shortlist_id
    st.session_state[f"{prefix}_new_list"] = ""
    after()


def shortlist_controls(
    ids: Sequence[str],
    *,
    prefix: str = "pool",
    exclude: str | None = None,
    after: Callable[[], None] = clear_selection,
) -> None:
    """Add the selected candidates to an existing shortlist (not ``exclude``) or a new one
    (drawn stacked: meant for a popover)."""
    ws = workspace_file()
    lists = {s.shortlist_id: s for s in workspace.list_shortlists(ws) if s.shortlist_id != exclude}
    options = [*lists, NEW_LIST]
    key = f"{prefix}_target_list"
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    target = st.selectbox(
        "Add to shortlist" if exclude is None else "Also add to",
        options,
        key=key,
        format_func=lambda i: list_label(lists.get(i)),
    )
    st.text_input(
        "New shortlist name",
        key=f"{prefix}_new_list",
        disabled=target != NEW_LIST,
        placeholder="e.g. Berlin analysts Q3",
    )
    st.button(
        f"Add {len(ids):,} to shortlist" if ids else "Add to shortlist",
        key=f"{prefix}_add",
        type="primary",
        disabled=not ids,
        on_click=_add,
        args=(ws, list(ids), prefix, after),
        icon=":material/playlist_add:",
    )


@busy_safe
def _apply_status(ws: Path, ids: list[str], prefix: str, after: Callable[[], None]) -> None:
    new = st.session_state.get(f"{prefix}_new_status")
    index = pool_index()
    if not new or index is None:
        return
    seen = listable(principal(), index, ids, overlay=workspace.overlay(ws))
    current = {cid: (seen[cid]["eff_status"] if cid in seen else None) for cid in ids}
    changed = workspace.set_pool_statuses(ws, current, str(new), actor=actor())
    say(f"Pool status set to “{pretty(new)}” for {changed}.")
    st.session_state[f"{prefix}_new_status"] = None
    after()


def status_controls(
    ids: Sequence[str], *, prefix: str = "pool", after: Callable[[], None] = clear_selection
) -> None:
    """Change the pool status of the selected candidates (recorded with who and when)."""
    new = st.selectbox(
        "Set pool status",
        list(STATUSES),
        index=None,
        key=f"{prefix}_new_status",
        format_func=pretty,
        placeholder="Choose a status",
        help="“Withdrawn” removes the candidate from the pool and from profiles.",
    )
    st.button(
        f"Apply to {len(ids):,}" if ids else "Apply",
        key=f"{prefix}_apply_status",
        disabled=not (ids and new),
        on_click=_apply_status,
        args=(workspace_file(), list(ids), prefix, after),
    )


def open_profile(ids: Sequence[str], names: Mapping[str, str], *, prefix: str = "pool") -> None:
    """A link to the profile of the one selected candidate (a link, not st.switch_page, so
    the browser's back button and a new tab work)."""
    if len(ids) != 1:
        st.button(
            "Open profile",
            key=f"{prefix}_open_profile",
            disabled=True,
            icon=":material/person:",
            help="Select exactly one candidate.",
        )
        return
    name = names.get(ids[0])
    label = f"Open profile: {md(name)}" if isinstance(name, str) and name else "Open profile"
    st.page_link(
        PROFILE_PAGE, label=label, query_params={"candidate": ids[0]}, icon=":material/person:"
    )
