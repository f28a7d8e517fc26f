"""Shortlists as working lists: pick, create, rename, delete; each member's stage and note
edited in place; remove members; hand them on to another list.

Edits carry the version the recruiter saw (insights.workspace): if someone else saved
the same list or member in between, nothing is overwritten and the list reloads with a
message saying who changed it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from insights import workspace
from insights.pool.columns import BY_KEY, Context, screen_frame
from insights.pool_filters import PoolFilters
from insights.ui.pool import actor, md, pool_page, say, workspace_file
from insights.ui.pool.table import headers

PICK = "pool_show_list"
NONCE = "pool_editor_nonce"
SELECT = "Select"
STAGE_BY_LABEL = {label: code for code, label in workspace.STAGE_LABELS.items()}
# The list's columns: compact, then the member's own (stage and note are editable).
SHOWN = ("name", "role", "location", "pay", "fit", "status")
# Pixel widths: the list fits a 1440px window with the sidebar open.
WIDTHS = {"name": 115, "role": 125, "location": 95, "pay": 120, "fit": 45, "status": 85}
OWN_WIDTHS = {SELECT: 40, "Stage": 115, "Note": 150, "Added": 90}


def editor_widths() -> list[int]:
    """The members editor's column widths, in order (✓, the shown columns, stage, note, added)."""
    return [
        OWN_WIDTHS[SELECT],
        *(WIDTHS[k] for k in SHOWN),
        *(OWN_WIDTHS[k] for k in ("Stage", "Note", "Added")),
    ]


def bump() -> None:
    """Redraw the members editor (after an action: no stale ticks or edits)."""
    st.session_state[NONCE] = int(st.session_state.get(NONCE, 0)) + 1


def _label(found: workspace.Shortlist) -> str:
    size = f"{found.size} candidate" + ("s" if found.size != 1 else "")
    return " · ".join(p for p in (found.name, size, found.owner) if p)


def _picked(widget: str) -> None:
    st.session_state[PICK] = st.session_state.get(widget)


def picker(lists: Sequence[workspace.Shortlist]) -> workspace.Shortlist | None:
    """Choose a shortlist; returns it (None when there is none).

    The chosen list is kept by id (``PICK``); the widget is keyed by its labels too, so a
    rename or a new member redraws it on the same list instead of resetting it.
    """
    by_id = {s.shortlist_id: s for s in lists}
    if st.session_state.get(PICK) not in by_id:
        st.session_state[PICK] = lists[0].shortlist_id if lists else None
    c1, c2, c3, c4 = st.columns([4, 1, 1, 1], vertical_alignment="bottom")
    chosen = None
    if lists:
        labels = [_label(s) for s in lists]
        widget = "pool_list_pick_" + hashlib.sha1("\n".join(labels).encode()).hexdigest()[:10]
        ids = list(by_id)
        c1.selectbox(
            "Shortlist",
            ids,
            index=ids.index(st.session_state[PICK]),
            key=widget,
            format_func=lambda i: _label(by_id[i]),
            on_change=_picked,
            args=(widget,),
        )
        chosen = by_id.get(str(st.session_state[PICK]))
    else:
        c1.info("No shortlists yet: create one, or select candidates in the pool and add them.")
    ws = workspace_file()
    with c2.popover("New", icon=":material/add:", use_container_width=True):
        st.text_input("Name of the new shortlist", key="pool_create_name", max_chars=80)
        st.button("Create", key="pool_create", on_click=_create, args=(ws,), type="primary")
    if chosen is not None:
        with c3.popover("Rename", icon=":material/edit:", use_container_width=True):
            if st.session_state.get("pool_rename_for") != chosen.shortlist_id:
                st.session_state["pool_rename_for"] = chosen.shortlist_id
                st.session_state["pool_rename_name"] = chosen.name
            st.text_input("New name", key="pool_rename_name", max_chars=80)
            st.button(
                "Save name",
                key="pool_rename",
                on_click=_rename,
                args=(ws, chosen.shortlist_id, chosen.version),
                type="primary",
            )
        with c4.popover("Delete", icon=":material/delete:", use_container_width=True):
            st.markdown(
                f"Delete “{md(chosen.name)}” and the stages and notes of its "
                f"{chosen.size} candidate{'s' if chosen.size != 1 else ''}? The candidates stay "
                "in the pool."
            )
            st.button(
                "Delete shortlist",
                key="pool_delete",
                on_click=_delete,
                args=(ws, chosen.shortlist_id, chosen.version),
                type="primary",
            )
    return chosen


def _create(ws: Path) -> None:
    try:
        made = workspace.create_shortlist(
            ws, str(st.session_state.get("pool_create_name", "")), actor=actor()
        )
    except workspace.WorkspaceError as exc:
        say(md(exc), error=True)
        return
    st.session_state[PICK] = made.shortlist_id
    st.session_state["pool_create_name"] = ""
    say(
        f"Created “{md(made.name)}”. Add candidates from the pool: select them and choose this list."
    )


def _rename(ws: Path, shortlist_id: str, version: int) -> None:
    try:
        done = workspace.rename_shortlist(
            ws,
            shortlist_id,
            str(st.session_state.get("pool_rename_name", "")),
            actor=actor(),
            expected_version=version,
        )
    except workspace.WorkspaceError as exc:
        st.session_state.pop("pool_rename_for", None)
        say(md(exc), error=True)
        return
    say(f"Renamed to “{md(done.name)}”.")


def _delete(ws: Path, shortlist_id: str, version: int) -> None:
    try:
        gone = workspace.delete_shortlist(ws, shortlist_id, actor=actor(), expected_version=version)
    except workspace.WorkspaceError as exc:
        say(md(exc), error=True)
        return
    st.session_state.pop(PICK, None)
    say(f"Deleted “{md(gone.name)}” ({gone.size} candidate{'s' if gone.size != 1 else ''}).")


def details(found: workspace.Shortlist) -> None:
    st.caption(
        f"Owner: {md(found.owner or 'unknown')} · created {found.created_at:%Y-%m-%d} · "
        f"last changed {found.updated_at:%Y-%m-%d %H:%M} UTC"
        + (f" by {md(found.updated_by)}" if found.updated_by else "")
    )


def apply_edits(
    ws: str | Path,
    shortlist_id: str,
    edited_rows: dict[Any, dict[str, Any]],
    meta: Sequence[tuple[str, int, str, str | None]],
    *,
    who: workspace.Actor,
) -> tuple[int, list[str]]:
    """Save the stage and note edits of a members editor (``meta`` per row: candidate id,
    member version, stage, note, as drawn). Returns (saved, messages of refused edits)."""
    saved = 0
    refused: list[str] = []
    for row, changes in edited_rows.items():
        i = int(row)
        if not 0 <= i < len(meta):
            continue
        cid, version, stage, note = meta[i]
        kwargs: dict[str, Any] = {}
        if "Stage" in changes:
            code = STAGE_BY_LABEL.get(str(changes["Stage"]))
            if code and code != stage:
                kwargs["stage"] = code
        if "Note" in changes:
            text = str(changes["Note"] or "").strip()
            if (text or None) != (note or None):
                kwargs["note"] = text
        if not kwargs:
            continue
        try:
            workspace.update_member(
                ws, shortlist_id, cid, actor=who, expected_version=version, **kwargs
            )
            saved += 1
        except workspace.WorkspaceError as exc:
            refused.append(str(exc))
    return saved, refused


def _save(
    ws: Path, shortlist_id: str, key: str, meta: list[tuple[str, int, str, str | None]]
) -> None:
    state = st.session_state.get(key) or {}
    saved, refused = apply_edits(
        ws, shortlist_id, dict(state.get("edited_rows", {})), meta, who=actor()
    )
    if saved:
        say(f"Saved {saved} change{'s' if saved != 1 else ''}.")
    if refused:
        say(" ".join(md(r) for r in refused), error=True)
        bump()  # reload the list as it is now


def members(found: workspace.Shortlist, filters: PoolFilters) -> tuple[list[str], pd.DataFrame]:
    """The members with their stage and note, editable in place; returns the ticked ids
    and the page's rows."""
    page = pool_page(filters, shortlist_id=found.shortlist_id, page=1, size=None)
    from insights.ui.pool.table import headline

    headline(page, filters, shortlist=found.name)
    if page.rows.empty:
        st.info("Nobody on this shortlist can be listed. Add candidates from the pool.")
        return [], page.rows
    ctx = Context(page.currency, page.base)
    columns = [BY_KEY[k] for k in SHOWN]
    frame = screen_frame(page.rows, columns, ctx)
    names = headers(columns, ctx, filters)
    frame.columns = [names[c.key] for c in columns]
    records = page.rows.to_dict("records")
    frame.insert(0, SELECT, False)
    frame["Stage"] = [workspace.STAGE_LABELS.get(str(r["stage"]), str(r["stage"])) for r in records]
    frame["Note"] = [r["note"] if isinstance(r["note"], str) else "" for r in records]
    frame["Added"] = [pd.Timestamp(r["added_at"]).date() for r in records]
    meta = [
        (
            str(r["candidate_id"]),
            int(r["member_version"]),
            str(r["stage"]),
            r["note"] if isinstance(r["note"], str) else None,
        )
        for r in records
    ]
    signature = hashlib.sha1("\n".join(m[0] for m in meta).encode()).hexdigest()[:10]
    key = f"pool_editor_{found.shortlist_id}_{st.session_state.get(NONCE, 0)}_{signature}"
    st.session_state["pool_editor_key"] = key
    cc = st.column_config
    config: dict[str, Any] = {
        SELECT: cc.CheckboxColumn(
            "✓", help="Tick to remove, re-list or open", width=OWN_WIDTHS[SELECT]
        ),
        "Stage": cc.SelectboxColumn(
            "Stage",
            options=list(workspace.STAGE_LABELS.values()),
            required=True,
            help="Where this candidate is on this list (edit in place).",
            width=OWN_WIDTHS["Stage"],
        ),
        "Note": cc.TextColumn(
            "Note",
            max_chars=workspace.NOTE_MAX,
            help="Your note (double-click to edit; the whole note shows while editing).",
            width=OWN_WIDTHS["Note"],
        ),
        "Added": cc.DateColumn(
            "Added", format="YYYY-MM-DD", help="Added to this list on", width=90
        ),
    }
    for c in columns:
        width = WIDTHS.get(c.key)
        if c.kind == "score":
            config[names[c.key]] = cc.NumberColumn(names[c.key], format="%g", width=width)
        else:
            config[names[c.key]] = cc.TextColumn(names[c.key], help=c.tip(ctx) or None, width=width)
    edited = st.data_editor(
        frame,
        key=key,
        hide_index=True,
        column_config=config,
        disabled=[c for c in frame.columns if c not in (SELECT, "Stage", "Note")],
        on_change=_save,
        args=(workspace_file(), found.shortlist_id, key, meta),
        placeholder="–",
        height=min(38 + 35 * max(len(frame), 3), 740),
    )
    ticked = [str(i) for i, v in zip(frame.index, edited[SELECT], strict=True) if bool(v)]
    return ticked, page.rows


def _remove(ws: Path, shortlist_id: str, ids: list[str], name: str) -> None:
    try:
        removed = workspace.remove_from_shortlist(ws, shortlist_id, ids, actor=actor())
    except workspace.WorkspaceError as exc:
        say(md(exc), error=True)
        return
    say(f"Removed {removed} from “{md(name)}”.")
    bump()


def remove_button(found: workspace.Shortlist, ids: list[str]) -> None:
    st.button(
        f"Remove {len(ids)} from this list" if ids else "Remove from this list",
        key="pool_remove",
        disabled=not ids,
        on_click=_remove,
        args=(workspace_file(), found.shortlist_id, ids, found.name),
        icon=":material/playlist_remove:",
    )
