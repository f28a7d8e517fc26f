"""Streamlit panels of the Data page: import (upload, map, dry run, load) and quality.

All work goes through insights.ingest (which calls the ETL) and the reader
(insights.catalog: permission checked); this module only draws. Rejected rows show
personal fields masked unless the reader may see raw records (administrators); every
download of them is audited, and so is every load.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from insights import admin, ingest
from insights.access import Permission, Principal
from insights.catalog import facts, quality
from insights.reader import Reader
from insights.state import open_state
from insights.ui import principal, reader
from insights.ui.data import connection, db_path
from insights.ui.plain import md

RESULT_KEY = "import_result"
UPLOADER_ROUND = "import_uploader_round"
PAGE_SIZE = 50


# ---------------------------------------------------------------- import


def import_panel() -> None:
    limit = float(st.get_option("server.maxUploadSize"))
    _last_result()
    files = st.file_uploader(
        "Feedback-form exports",
        type=list(ingest.SUFFIXES),
        accept_multiple_files=True,
        key=f"import_files_{st.session_state.get(UPLOADER_ROUND, 0)}",
        help=f"CSV, Excel (.xlsx) or JSON, up to {limit:g} MB each. Several files load as one run.",
    )
    if not files:
        st.caption(
            "Upload one or more exports from the feedback form. You will see how their columns "
            "map, can try a dry run, then load: nothing changes until you press Load."
        )
        return
    # The uploader's own buffers, streamed to a private folder per action: no copy of the
    # bytes is made here or kept in the session.
    uploads = [ingest.Upload(f.name, f) for f in files]
    identity = tuple((f.file_id, f.name, f.size) for f in files)
    try:
        ingest.check(uploads, limit)
    except ingest.UploadError as exc:
        st.error(md(exc), icon=":material/error:")
        return
    names = ingest.profile_names()
    choice = st.selectbox(
        "Mapping profile",
        ["auto", *names],
        format_func=lambda p: "Detect for each file" if p == "auto" else p,
        key="import_profile",
        help="Which source column feeds which field. Detection picks a saved profile whose "
        "headers all appear in the file, else the built-in header spellings.",
    )
    sheet = None
    if any(u.suffix == "xlsx" for u in uploads):
        sheet = st.text_input("Excel sheet", key="import_sheet", placeholder="first sheet") or None
    try:
        base = ingest.resolve_profile(choice)
        headers = _headers(uploads, identity, sheet)
    except (ingest.ProfileError, ingest.UploadError) as exc:
        st.error(md(exc), icon=":material/error:")
        return
    profile = _mapping(uploads, headers, base)
    if profile is None:
        return
    signature = _signature(identity, profile, sheet)
    left, right = st.columns(2)
    if left.button("Dry run", icon=":material/fact_check:", key="import_dry", width="stretch"):
        _run(uploads, profile, sheet, signature, dry=True, limit=limit)
    if right.button(
        "Load into the warehouse",
        type="primary",
        icon=":material/upload:",
        key="import_load",
        width="stretch",
    ):
        _run(uploads, profile, sheet, signature, dry=False, limit=limit)
    result = st.session_state.get(RESULT_KEY)
    if result and result["dry"] and result["signature"] == signature:
        _show(result)


HEADERS_KEY = "import_headers"


def _headers(
    uploads: list[ingest.Upload], identity: tuple[tuple[str, str, int], ...], sheet: str | None
) -> list[list[str]]:
    """Each file's header row, read in a child process (a hostile file cannot take the server
    down), remembered for this session's current uploads only (small lists of names)."""
    key = (identity, sheet)
    known = st.session_state.get(HEADERS_KEY)
    if known and known[0] == key:
        if isinstance(known[1], str):
            raise ingest.UploadError(known[1])
        return known[1]
    try:
        with st.spinner("Reading the column headers..."), ingest.stage(uploads) as staged:
            headers = ingest.headers_of(staged, sheet)
    except ingest.UploadError as exc:
        st.session_state[HEADERS_KEY] = (key, str(exc))
        raise
    st.session_state[HEADERS_KEY] = (key, headers)
    return headers


def _mapping(
    uploads: list[ingest.Upload], headers: list[list[str]], base: ingest.Profile
) -> ingest.Profile | None:
    st.subheader("How the columns map")
    layouts: dict[tuple[str, ...], list[str]] = {}
    for upload, row in zip(uploads, headers, strict=True):
        layouts.setdefault(tuple(row), []).append(upload.name)
    previews = [ingest.preview(list(h), base, ", ".join(n)) for h, n in layouts.items()]
    for p in previews:
        if p.error:
            st.error(md(p.error), icon=":material/error:")
            return None
    if len(previews) > 1:
        st.info(
            "These files have different columns, so each is mapped on its own. To edit a "
            "mapping, upload files of one layout at a time.",
            icon=":material/info:",
        )
        for p in previews:
            st.caption(f"**{md(p.file)}**: profile {md(p.profile.name)}")
            st.dataframe(_labelled(p.frame), hide_index=True)
            if p.missing_required:
                st.error(md(f"{p.file}: no column for {', '.join(p.missing_required)}."))
                return None
        return base
    preview = previews[0]
    st.caption(
        f"Profile **{md(preview.profile.name)}** for {md(preview.file)}. Change a field to correct the "
        "mapping; a column left unmapped is kept in the interview's extra data."
    )
    edited = st.data_editor(
        preview.frame,
        column_config={
            "source_header": st.column_config.TextColumn("Column in the file", disabled=True),
            "field": st.column_config.SelectboxColumn(
                "Field", options=ingest.field_options(), required=True
            ),
        },
        hide_index=True,
        key="import_mapping_"
        + hashlib.sha1("|".join(preview.frame["source_header"]).encode()).hexdigest()[:10],
    )
    try:
        profile = ingest.edited_profile(preview, list(edited["field"]))
    except ingest.ProfileError as exc:
        st.error(md(exc), icon=":material/error:")
        return None
    if preview.missing_required and profile is preview.profile:
        st.error(
            f"No column feeds the required field(s) {md(', '.join(preview.missing_required))}: "
            "choose one in the table."
        )
        return None
    with st.expander("Save this mapping as a profile"):
        name = st.text_input(
            "Profile name", key="import_profile_name", placeholder="e.g. typeform-2025"
        )
        if st.button("Save profile", key="import_profile_save"):
            try:
                path = ingest.save_as(profile, name)
            except ingest.ProfileError as exc:
                st.error(md(exc))
            else:
                st.success(
                    f"Saved as {md(path.stem)}: it is detected for files with these columns."
                )
    return profile


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"source_header": "Column in the file", "field": "Field"})


def _signature(
    identity: tuple[tuple[str, str, int], ...], profile: ingest.Profile, sheet: str | None
) -> str:
    h = hashlib.sha1(repr(identity).encode())
    h.update(repr((profile.name, sorted(profile.columns.items()), sheet)).encode())
    return h.hexdigest()


def _run(
    uploads: list[ingest.Upload],
    profile: ingest.Profile,
    sheet: str | None,
    signature: str,
    *,
    dry: bool,
    limit: float,
) -> None:
    names = ", ".join(u.name for u in uploads)
    connection()  # notice a version published meanwhile before comparing with it
    label = f"Dry run of {md(names)}" if dry else f"Loading {md(names)}"
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="starting")

        def progress(stage: str, fraction: float) -> None:
            bar.progress(max(0.0, min(1.0, fraction)), text=md(stage))

        who = principal()
        try:
            summary = ingest.run_uploads(
                uploads,
                profile,
                dry=dry,
                max_mb=limit,
                sheet=sheet,
                loaded_by=who.name,
                progress=None if dry else progress,
                caller=who,
            )
        except (ingest.LoadError, ingest.UploadError) as exc:
            # The reason is said once, in the error below.
            status.update(label="Dry run failed" if dry else "Load failed", state="error")
            st.session_state[RESULT_KEY] = {
                "dry": dry,
                "signature": signature,
                "error": str(exc),
                "names": names,
            }
            st.error(f"Nothing was loaded. {md(exc)}", icon=":material/error:")
            return
        bar.progress(1.0, text="done")
        status.update(label=f"{'Dry run' if dry else 'Load'} finished", state="complete")
    st.session_state[RESULT_KEY] = {
        "dry": dry,
        "signature": signature,
        "summary": summary,
        "names": names,
    }
    if not dry:
        st.session_state[UPLOADER_ROUND] = st.session_state.get(UPLOADER_ROUND, 0) + 1
        st.rerun()  # every widget, the sidebar included, now reads the new version


def _last_result() -> None:
    result = st.session_state.get(RESULT_KEY)
    if not result or result["dry"]:
        return
    if "error" in result:
        return
    s = result["summary"]
    st.success(
        f"Load run {s.run_id} published {md(result['names'])}: {s.inserted:,} new, {s.updated:,} "
        f"updated, {s.duplicates:,} duplicates, {s.rejected:,} rejected. Every page now shows "
        "the new data.",
        icon=":material/check_circle:",
    )
    _show(result, expanded=False)


def _show(result: dict, expanded: bool = True) -> None:
    if "error" in result:
        st.error(f"Nothing was loaded. {md(result['error'])}", icon=":material/error:")
        return
    s: ingest.LoadSummary = result["summary"]
    dry = result["dry"]
    verb = "would be " if dry else ""
    cols = st.columns(5)
    for col, (label, value) in zip(
        cols,
        (
            ("Rows read", s.rows_read),
            (f"{verb}inserted".capitalize(), s.inserted),
            (f"{verb}updated".capitalize(), s.updated),
            ("Duplicates", s.duplicates),
            (f"{verb}rejected".capitalize(), s.rejected),
        ),
        strict=True,
    ):
        col.metric(label, f"{value:,}", border=True)
    for note in s.notes:
        st.info(md(note), icon=":material/lightbulb:")
    with st.expander("Per file", expanded=expanded and len(s.files) > 1):
        st.dataframe(ingest.counts_frame(s), hide_index=True)
    if s.rejected:
        raw = reader().may(Permission.RAW_REJECTED_ROWS)
        st.markdown(
            f"**First rejected rows and why** ({len(s.rejected_sample)} of {s.rejected:,}"
            + ("" if raw else "; personal fields masked")
            + ")"
        )
        st.dataframe(ingest.rejected_frame(s, raw=raw), hide_index=True)
    if s.warnings_by_field:
        st.markdown(
            f"**Warnings by field** ({s.warnings:,}): these values {verb}loaded empty, with "
            "the reason kept."
        )
        st.dataframe(ingest.warnings_frame(s), hide_index=True)


# ---------------------------------------------------------------- quality


def quality_panel() -> None:
    session = reader()
    if not session.has_warehouse():
        st.info("There is no warehouse yet: load a file above to create it.")
        return
    _freshness(session)
    st.subheader("Load history")
    history = quality.load_history(session)
    st.dataframe(
        history,
        hide_index=True,
        column_config={
            "run_id": st.column_config.NumberColumn("Run", format="%d"),
            "finished_at": st.column_config.DatetimeColumn("Finished", format="YYYY-MM-DD HH:mm"),
            "loaded_by": "By",
            "files": "Files",
            "profile": "Profile",
            "rows_read": "Read",
            "inserted": "Inserted",
            "updated": "Updated",
            "duplicates": "Duplicates",
            "rejected": "Rejected",
            "warnings": "Warnings",
            "status": "Status",
            "message": "Notes",
        },
    )
    if session.may(Permission.REJECTED_ROWS):
        _rejected(session)
    st.subheader("Warnings by field")
    runs = [None, *[int(r) for r in history["run_id"]]]
    run = st.selectbox(
        "Load run",
        runs,
        format_func=lambda r: "All loads" if r is None else f"Run {r}",
        key="quality_warning_run",
    )
    warnings = quality.warnings_by_field(session, run)
    if warnings.empty:
        st.caption("No warnings: every value loaded as given.")
    else:
        st.dataframe(
            warnings,
            hide_index=True,
            column_config={
                "field": "Field",
                "warnings": "Warnings",
                "rows": "Rows",
                "most_common_reason": "Most common reason",
            },
        )


def _freshness(session: Reader) -> None:
    fresh: dict[str, Any] = facts.freshness(session)
    if fresh.get("run_id") is None:
        st.caption("No load has been published into this warehouse yet.")
        return
    when = (
        pd.Timestamp(fresh["finished_at"]).strftime("%Y-%m-%d %H:%M")
        if fresh["finished_at"]
        else "unknown"
    )
    span = facts.date_range(session)
    c1, c2, c3 = st.columns(3)
    c1.metric("Last load", when, help=f"Load run #{fresh['run_id']}", border=True)
    c2.metric("Newest interview", span[1].isoformat() if span else "none", border=True)
    c3.metric("Loads published", f"{int(fresh['runs'] or 0):,}", border=True)


def _rejected(session: Reader) -> None:
    st.subheader("Rejected rows")
    runs = quality.runs_with_rejects(session)
    if not runs:
        st.caption("No load has rejected a row.")
        return
    raw = session.may(Permission.RAW_REJECTED_ROWS)
    run = st.selectbox("Load run", runs, format_func=lambda r: f"Run {r}", key="quality_reject_run")
    total = quality.rejected_count(session, run)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = int(st.number_input("Page", 1, pages, 1, key=f"quality_reject_page_{run}"))
    frame = quality.rejected_page(session, run, page, PAGE_SIZE, raw=raw)
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(
        f"Rows {first:,}-{first + len(frame) - 1:,} of {total:,} rejected in run {run}. "
        + (
            "Records as read, personal data included."
            if raw
            else "Personal fields, e-mail addresses and phone numbers are masked."
        )
    )
    st.dataframe(frame, hide_index=True)
    st.download_button(
        f"Download all {total:,} rejected rows of run {run} (CSV"
        + ("" if raw else ", masked")
        + ")",
        data=audited_download(session, run, raw=raw, db=db_path()),
        file_name=f"rejected-run-{run}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="quality_reject_download",
    )


def audited_download(
    session: Reader, run: int, *, raw: bool, db: str | os.PathLike[str] | None = None
) -> Callable[[], bytes]:
    """The download's bytes, built when the button is pressed, with an audit entry for it
    (what, run, rows, masked or raw) in the state of warehouse `db`. The state and the
    connection are taken here, on the page's thread."""
    who: Principal = session.principal
    state = open_state(db)
    con = session.connection()  # this version's connection, taken on the page's thread
    bound = Reader(lambda: con, who)

    def build() -> bytes:
        data, rows = quality.rejected_export(bound, run, raw=raw)
        admin.record(
            who,
            "rejected_rows.download",
            target=f"run {run}",
            details={"run": run, "rows": rows, "masked": not raw, "format": "csv"},
            state=state,
        )
        return data

    return build
