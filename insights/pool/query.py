"""Filter, count, sort and page the pool index, with the workspace overlay joined in DuckDB.

:func:`fetch_pool` answers one page and its counts with two narrow statements on the
index's ``search`` table (see :mod:`insights.pool.index`): the count per status of
everything that passes the other filters (so the page can say what it counts, and the
status filter can show how many each status holds), and the positions of the page's
rows, whose columns are then taken from the display table. When a filter costs more
than a column test, its matches are first written out once (a temporary table) and both
statements read them. SQL is built from constant fragments; every value is a bound
parameter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa

from etl.canonical import POOL_STATUS
from insights.access import Permission, Principal
from insights.pool.index import STATUS_CODES, PoolIndex
from insights.pool.money import fx_by_year
from insights.pool.words import exact
from insights.pool_filters import (
    Codes,
    PoolFilters,
    order_clause,
    search_words,
    sort_expression,
    where_clause,
)
from insights.workspace import Overlay, clean_tag, empty_overlay

PAGE_SIZES = (25, 50, 100)
SELECT_ALL_LIMIT = 5000  # "select every match" takes at most this many candidates

_TAG_SETS = """ws_tag_sets AS (
    SELECT candidate_id,
           list(tag) FILTER (WHERE state = 'added') AS ws_added,
           list(tag) FILTER (WHERE state = 'removed') AS ws_removed
    FROM ws_tags GROUP BY candidate_id
)"""
# The effective tags as a key string: the warehouse's minus removed plus added (only for
# the few candidates with a tag edit; everyone else keeps the index's key).
_EFF_TAGS_KEY = """CASE WHEN t.candidate_id IS NULL THEN x.tags_key ELSE coalesce(
    chr(31) || nullif(array_to_string(list_sort(list_distinct(list_concat(
        list_filter(string_split(trim(x.tags_key, chr(31)), chr(31)),
                    lambda v: v <> '' AND NOT list_contains(coalesce(t.ws_removed, []), v)),
        coalesce(t.ws_added, [])))), chr(31)), '') || chr(31), '') END"""
_MEMBER_COLUMNS = ("stage", "note", "added_by", "added_at", "member_version")


@dataclass(frozen=True)
class PoolPage:
    """One page of the pool and its counts (pay already converted into ``currency``).

    ``rows``: the display columns of the page's candidates plus ``eff_status``,
    ``eff_tags``, ``pay_min_shown`` / ``pay_max_shown`` (per year, in ``currency``) and,
    for a shortlist, the member columns. ``status_counts``: listable candidates per
    status among those that pass every filter but the status one; ``total``: the matches
    (rows of every page). ``unavailable``: shortlist members no longer listable.
    """

    rows: pd.DataFrame
    total: int
    page: int
    page_size: int | None
    currency: str
    base: str
    status_counts: dict[str, int] = field(default_factory=dict)
    unavailable: int = 0

    @property
    def pages(self) -> int:
        if not self.page_size:
            return 1
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def first(self) -> int:
        return (self.page - 1) * (self.page_size or 0) + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.total else 0


@dataclass(frozen=True)
class _Plan:
    """``WITH ... p AS (...)``: the listable search rows with the overlay and ``fx``."""

    with_sql: str
    params: list[Any]
    codes: Codes
    currency: str


def _plan(index: PoolIndex, overlay: Overlay, currency: str | None, *, shortlist: bool) -> _Plan:
    shown = (currency or index.base).upper()
    fx = fx_by_year(index.rates, index.base, shown)  # ValueError for an unknown currency
    params: list[Any] = []
    cols = ["x.*"]
    joins: list[str] = []
    ctes: list[str] = []
    has_status = overlay.status.num_rows > 0
    has_tags = overlay.tags.num_rows > 0
    if has_status:  # a recruiter's status change wins over the warehouse's status
        ctes.append(
            "ws_codes AS (SELECT candidate_id, "
            "list_position(?::VARCHAR[], pool_status)::INTEGER AS code FROM ws_status)"
        )
        params.append(list(POOL_STATUS))
        joins.append("LEFT JOIN ws_codes s USING (candidate_id)")
        cols.append("coalesce(s.code, x.status_code) AS eff_status_code")
    else:
        cols.append("x.status_code AS eff_status_code")
    bits = dict(index.bits)
    if has_tags:
        ctes.append(_TAG_SETS)
        joins.append("LEFT JOIN ws_tag_sets t USING (candidate_id)")
        cols.append(_EFF_TAGS_KEY + " AS eff_tags_key")
        bits.pop("tags_key", None)  # the bits describe the warehouse's tags only
    else:
        cols.append("x.tags_key AS eff_tags_key")
        if "tags_key" in bits:
            bits["eff_tags_key"] = bits.pop("tags_key")
    if fx:
        lo, hi = min(fx), max(fx)
        cols.append(f"(?::DOUBLE[])[least(greatest(x.comp_year, {lo}), {hi}) - {lo} + 1] AS fx")
        params.append([fx[y] for y in range(lo, hi + 1)])
    else:
        cols.append("1.0::DOUBLE AS fx")
    if shortlist:
        joins.append("JOIN ws_members m USING (candidate_id)")
        cols += [f"m.{c}" for c in _MEMBER_COLUMNS]
    where = f"s.code IS DISTINCT FROM {STATUS_CODES['withdrawn']}" if has_status else "TRUE"
    ctes.append(
        f"p AS (SELECT {', '.join(cols)} FROM search x {' '.join(joins)} WHERE {where})"  # noqa: S608 (constant fragments)
    )
    codes = Codes(index.codes, bits, index.words.clause)
    return _Plan("WITH " + ",\n".join(ctes), params, codes, shown)


def fetch_pool(
    caller: Principal,
    index: PoolIndex,
    filters: PoolFilters,
    *,
    overlay: Overlay | None = None,
    shortlist: str | None = None,
    page: int = 1,
    page_size: int | None = 50,
) -> PoolPage:
    """Filter, sort and page the pool; ``page_size=None`` returns every row.

    With ``shortlist`` (an id; ``overlay`` must have been read for it) the rows are that
    shortlist's members, every status included, and only the sort and currency of
    ``filters`` apply. Pay comes back in the filters' currency (default: the base
    currency), converted with the rate of the year the candidate stated it, as the ETL
    converted it; the budget (``max_pay``) is compared in that same currency.

    `caller` must be allowed to see individuals (recruiters, administrators): any other
    role gets AccessDenied, whatever page, export or script calls this.
    """
    caller.require(Permission.TALENT)
    ov = overlay or empty_overlay()
    view = filters
    if shortlist is not None:
        view = PoolFilters(
            statuses=(),
            pay_currency=filters.pay_currency,
            sort=filters.sort,
            descending=filters.descending,
        )
    plan = _plan(index, ov, view.pay_currency, shortlist=shortlist is not None)
    others = where_clause(view, codes=plan.codes, skip=("statuses",))
    # The matches are written out once, unless every filter is a cheap column test: the
    # statuses and a search the word index answers alone. Two scans then cost less than
    # writing out the matches, which may be most of the pool.
    cheap = where_clause(view, skip=("statuses", "text")).sql == "TRUE" and all(
        exact(w) for w in search_words(view.text)
    )
    statuses = [index.codes["eff_status"][s] for s in view.statuses]
    member = "".join(f", {c}" for c in _MEMBER_COLUMNS) if shortlist is not None else ""
    size = page_size if page_size and page_size > 0 else None
    cur = index.cursor()
    try:
        ov.register(cur)
        if cheap:  # count and page straight from p, testing the filters in each
            source, where, key = "p", others.sql, sort_expression(view)
            params, prefix = [*plan.params, *others.params], plan.with_sql
        else:  # one scan: the matches of every other filter, narrow, then count and page
            cur.execute(
                f"CREATE TEMP TABLE matches AS {plan.with_sql} "  # noqa: S608 (constant fragments)
                f"SELECT rid, eff_status_code, fx{member}, {sort_expression(view)} AS sort_key, "
                f"name_rank FROM p WHERE {others.sql}",
                [*plan.params, *others.params],
            )
            source, where, params, prefix, key = "matches", "TRUE", [], "", "sort_key"
        counts = {
            POOL_STATUS[int(code) - 1]: int(n)
            for code, n in cur.execute(
                f"{prefix} SELECT eff_status_code, count(*) FROM {source} WHERE {where} "  # noqa: S608 (constant fragments)
                "GROUP BY ALL",
                params,
            ).fetchall()
        }
        wanted = view.statuses or tuple(counts)
        total = sum(n for s, n in counts.items() if s in wanted)
        pages = max(1, math.ceil(total / size)) if size else 1
        page = min(max(1, int(page)), pages)
        status_sql = "list_contains(?::INTEGER[], eff_status_code)" if statuses else "TRUE"
        paging = " LIMIT ? OFFSET ?" if size else ""
        hits = cur.sql(
            f"{prefix} SELECT rid, eff_status_code, fx{member} FROM {source} "  # noqa: S608 (constant fragments)
            f"WHERE {where} AND {status_sql} ORDER BY {order_clause(view, key=key)}{paging}",
            params=[
                *params,
                *([statuses] if statuses else []),
                *([size, (page - 1) * size] if size else []),
            ],
        ).to_arrow_table()
    finally:
        cur.close()
    rows = _rows(index, hits, ov)
    unavailable = max(0, ov.members.num_rows - total) if shortlist is not None else 0
    return PoolPage(rows, total, page, size, plan.currency, index.base, counts, unavailable)


def _rows(index: PoolIndex, hits: pa.Table, overlay: Overlay) -> pd.DataFrame:
    """The display columns of ``hits`` (rid, eff_status_code, fx, ...) and the derived ones."""
    rids = hits.column("rid").to_pylist()
    frame = index.take(rids).to_pandas()
    extra = hits.drop_columns(["rid"]).to_pandas()
    frame = pd.concat([frame.reset_index(drop=True), extra.reset_index(drop=True)], axis=1)
    frame["eff_status"] = [POOL_STATUS[int(c) - 1] for c in frame.pop("eff_status_code")]
    fx = frame.pop("fx")
    frame["pay_min_shown"] = frame["pay_floor"] * fx
    frame["pay_max_shown"] = frame["pay_ceiling"] * fx
    frame["eff_tags"] = effective_tags(frame["candidate_id"], frame["tags"], overlay)
    return frame


def effective_tags(ids: Iterable[Any], tags: Iterable[Any], overlay: Overlay) -> list[list[str]]:
    """Each candidate's tags after the workspace's edits (lower-case, sorted)."""
    edits: dict[str, dict[str, str]] = {}
    if overlay.tags.num_rows:
        for row in overlay.tags.to_pylist():
            edits.setdefault(str(row["candidate_id"]), {})[str(row["tag"])] = str(row["state"])
    out = []
    for cid, own in zip(ids, tags, strict=True):
        items = {clean_tag(str(t)) for t in (own if own is not None else [])} - {""}
        for tag, state in edits.get(str(cid), {}).items():
            (items.add if state == "added" else items.discard)(tag)
        out.append(sorted(items))
    return out


def matching_ids(
    caller: Principal,
    index: PoolIndex,
    filters: PoolFilters,
    *,
    overlay: Overlay | None = None,
    limit: int = SELECT_ALL_LIMIT,
) -> list[str]:
    """Candidate ids of every match, in the list's order (at most ``limit``)."""
    caller.require(Permission.TALENT)
    ov = overlay or empty_overlay()
    plan = _plan(index, ov, filters.pay_currency, shortlist=False)
    where = where_clause(filters, codes=plan.codes)
    cur = index.cursor()
    try:
        ov.register(cur)
        rows = cur.execute(
            f"{plan.with_sql} SELECT candidate_id FROM p WHERE {where.sql} "  # noqa: S608 (constant fragments)
            f"ORDER BY {order_clause(filters)} LIMIT ?",
            [*plan.params, *where.params, int(limit)],
        ).fetchall()
    finally:
        cur.close()
    return [str(r[0]) for r in rows]


def listable(
    caller: Principal,
    index: PoolIndex,
    candidate_ids: list[str],
    *,
    overlay: Overlay | None = None,
    currency: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The listable candidates among ``candidate_ids`` (display row with the effective
    status and tags, pay shown in ``currency``), by id: the privacy gate of a profile or
    a referral link."""
    caller.require(Permission.TALENT)
    if not candidate_ids:
        return {}
    ov = overlay or empty_overlay()
    plan = _plan(index, ov, currency, shortlist=False)
    cur = index.cursor()
    try:
        ov.register(cur)
        hits = cur.sql(
            f"{plan.with_sql} SELECT rid, eff_status_code, fx FROM p "  # noqa: S608 (constant fragments)
            "WHERE list_contains(?::VARCHAR[], candidate_id)",
            params=[*plan.params, list(candidate_ids)],
        ).to_arrow_table()
    finally:
        cur.close()
    frame = _rows(index, hits, ov)
    return {
        str(r["candidate_id"]): {str(k): v for k, v in r.items()} for r in frame.to_dict("records")
    }
