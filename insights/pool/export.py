"""A pool or shortlist export: the rows, typed, with a note of what they are.

Used by the Talent pool page and by ``insights export pool``, so both write the same file
for the same filters. Only listable candidates are ever written (the pool index holds no
one else; a shortlist member who withdrew is left out and counted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from insights.access import Principal
from insights.pool.columns import EXPORT_EXTRAS, Context, chosen, export_frame
from insights.pool.index import PoolIndex
from insights.pool.query import fetch_pool
from insights.pool_filters import PoolFilters, describe, sort_label
from insights.workspace import Overlay, Shortlist

EXPORT_LIMIT = 20_000  # rows per export from the app; the CLI has none


@dataclass(frozen=True)
class Export:
    frame: pd.DataFrame  # typed cells (see insights.pool.columns.export_frame)
    about: list[tuple[str, str]]  # what, when, by whom, filters (the XLSX "About" sheet)
    total: int  # matching candidates (may exceed the rows when limited)
    unavailable: int = 0  # shortlist members no longer listable


def build_export(
    caller: Principal,
    index: PoolIndex,
    filters: PoolFilters,
    *,
    overlay: Overlay,
    extras: Iterable[str] = EXPORT_EXTRAS,
    shortlist: Shortlist | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> Export:
    """Every matching candidate (or every listable member of ``shortlist``; ``overlay``
    must then have been read for it), with the default columns, ``extras`` and, for a
    shortlist, each member's stage, note, who added them and when."""
    page = fetch_pool(
        caller,
        index,
        filters,
        overlay=overlay,
        shortlist=shortlist.shortlist_id if shortlist else None,
        page_size=limit,
    )
    ctx = Context(page.currency, page.base)
    columns = chosen(extras, member=shortlist is not None)
    frame = export_frame(page.rows, columns, ctx, shortlist=shortlist.name if shortlist else None)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if shortlist is not None:
        what = f"Shortlist “{shortlist.name}” (owner: {shortlist.owner or 'unknown'})"
        criteria = "Every member who may still be contacted."
    else:
        what = "Talent pool search"
        criteria = "; ".join(describe(filters, currency=index.base)) or "none"
    about = [
        ("What", what),
        ("Exported", now),
        ("Exported by", actor or "unknown"),
        ("Rows", f"{len(frame):,} of {page.total:,} matching candidates"),
        ("Filters", criteria),
        ("Sorted by", sort_label(filters)),
        (
            "Pay",
            "Expected pay min / max / currency / period: as the candidate stated it. "
            f"Per year: converted to {page.currency} with the exchange rate of the year it "
            "was stated.",
        ),
        (
            "Privacy",
            "Only candidates who consented to be contacted and have not withdrawn. Use for "
            "recruiting contact only.",
        ),
    ]
    if page.unavailable:
        about.append(("Left out", f"{page.unavailable} member(s) who may no longer be contacted."))
    return Export(frame, about, page.total, page.unavailable)
