"""CSV and XLSX downloads of the pool or a shortlist, built (and audited) on click."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from insights import exports, workspace
from insights.pool.columns import BY_KEY, EXPORT_EXTRAS, EXTRA_COLUMNS
from insights.pool.export import EXPORT_LIMIT, build_export
from insights.pool_filters import PoolFilters
from insights.ui.pool import actor, pool_index, principal, workspace_file


def export_panel(
    filters: PoolFilters,
    total: int,
    extras: Sequence[str],
    *,
    shortlist: workspace.Shortlist | None = None,
    key: str = "pool_export",
) -> None:
    """What an export holds, the extra columns to add, and the two download buttons."""
    what = "member who may be contacted" if shortlist else "matching candidate"
    limited = total > EXPORT_LIMIT
    st.caption(
        f"Every {what} ({min(total, EXPORT_LIMIT):,}{' of ' + format(total, ',') if limited else ''}): "
        "the standard columns with pay as stated (min, max, currency, period) and per year, "
        "plus the columns below"
        + (", and each member's stage and note." if shortlist else ".")
        + " Numbers and dates are typed; phones stay E.164 text."
        + (" Narrow the filters to export the rest." if limited else "")
    )
    default = list(dict.fromkeys([*EXPORT_EXTRAS, *extras]))
    chosen = st.multiselect(
        "Columns to add",
        list(EXTRA_COLUMNS),
        default=default,
        key=f"{key}_columns",
        format_func=lambda k: BY_KEY[k].label,
    )
    ws = workspace_file()
    who = actor()
    # The file is built when the button is clicked, outside this script run: who asks and
    # the index are taken now (the caller is checked again by build_export).
    caller = principal()
    index = pool_index()
    stem = shortlist.name if shortlist else "Talent pool"
    c1, c2, _ = st.columns([1, 1, 4])
    for col, fmt in ((c1, exports.Format.CSV), (c2, exports.Format.XLSX)):

        def make(fmt: exports.Format = fmt) -> bytes:
            if index is None:
                raise FileNotFoundError("no warehouse")
            export = build_export(
                caller,
                index,
                filters,
                overlay=workspace.overlay(ws, shortlist.shortlist_id if shortlist else None),
                extras=chosen,
                shortlist=shortlist,
                actor=who.name,
                limit=EXPORT_LIMIT,
            )
            workspace.log_event(
                ws,
                who,
                "export",
                None,
                what="shortlist" if shortlist else "pool",
                shortlist_id=shortlist.shortlist_id if shortlist else None,
                query=None if shortlist else filters.to_query_string(),
                rows=len(export.frame),
                format=str(fmt),
                via="app",
            )
            return exports.to_bytes(export.frame, fmt, sheet=stem, about=export.about)

        col.download_button(
            f"Download {fmt.value.upper()}",
            data=make,
            file_name=f"{file_stem(stem)}.{fmt.value}",
            mime=fmt.mime,
            key=f"{key}_{fmt.value}",
            icon=":material/download:",
            on_click="ignore",
            disabled=total == 0,
        )


def file_stem(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.strip().lower())
    return "-".join(p for p in keep.split("-") if p) or "export"
