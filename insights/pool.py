"""The talent pool: consenting, non-withdrawn candidates, filtered, sorted and paged in DuckDB.

Entry points: :func:`fetch_pool` (one page or everything, plus the total count) and
:func:`present` (the columns a recruiter sees, formatted for people; the exports write
exactly this frame). The workspace overlay (pool status and tag edits, shortlist
members) is registered on the warehouse cursor and joined here, inside DuckDB.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from insights.pool_filters import PoolFilters, order_clause, where_clause
from insights.workspace import Overlay, empty_overlay

PAGE_SIZES = (25, 50, 100)

# Who may ever be listed, on top of every filter: consent given, not withdrawn (neither in
# the warehouse nor by a workspace change: a withdrawal from either side always wins).
ELIGIBLE = (
    "c.consent_to_contact IS TRUE"
    " AND c.pool_status IS DISTINCT FROM 'withdrawn'"
    " AND s.pool_status IS DISTINCT FROM 'withdrawn'"
)

_POOL_CTE = """
WITH ws_tag_sets AS (
    SELECT candidate_id,
           list(tag) FILTER (WHERE state = 'added') AS added,
           list(tag) FILTER (WHERE state = 'removed') AS removed
    FROM ws_tags GROUP BY candidate_id
), pool AS (
    SELECT c.*,
           COALESCE(s.pool_status, c.pool_status) AS eff_status,
           list_sort(list_distinct(list_concat(
               list_filter(
                   list_transform(coalesce(c.tags, []::VARCHAR[]), lambda t: lower(trim(t))),
                   lambda t: NOT list_contains(coalesce(ts.removed, []::VARCHAR[]), t)),
               coalesce(ts.added, []::VARCHAR[])))) AS eff_tags,
           list_transform(coalesce(c.skills, []::VARCHAR[]), lambda k: lower(trim(k))) AS skills_lc,
           COALESCE(c.comp_min_annual, c.comp_mid_annual, c.comp_max_annual) AS pay_floor,
           {search_text} AS search_text,
           {fx} AS fx
    FROM candidates c
    LEFT JOIN ws_status s USING (candidate_id)
    LEFT JOIN ws_tag_sets ts USING (candidate_id)
    {interview_text_join}
    {fx_join}
    WHERE {eligible}
)
"""

_CANDIDATE_TEXT = (
    "lower(concat_ws(chr(10), c.current_title, c.role_title, c.notes,"
    " array_to_string(c.skills, chr(10))))"
)
_INTERVIEW_TEXT_JOIN = """
    LEFT JOIN (
        SELECT candidate_id, lower(string_agg(concat_ws(chr(10), role_title, notes), chr(10))) AS txt
        FROM interviews
        WHERE candidate_id IS NOT NULL
        GROUP BY candidate_id
    ) ix USING (candidate_id)
"""

# The year whose exchange rate converted each candidate's latest expectation (as in the ETL).
_FX_JOIN = """
    LEFT JOIN (
        SELECT candidate_id, year(max(interview_date)) AS comp_year
        FROM interviews
        WHERE candidate_id IS NOT NULL AND comp_mid_annual IS NOT NULL
        GROUP BY candidate_id
    ) cy USING (candidate_id)
    LEFT JOIN fx_year fy ON fy.year = least(greatest(cy.comp_year, {lo}), {hi})
"""

_SELECT_COLUMNS = """
    candidate_id, full_name, current_title, role_family, seniority, city, country, relocation,
    {lo} * fx AS pay_min, {hi} * fx AS pay_max,
    work_arrangement, available_from, fit_score, interest_level, credentials,
    eff_status AS pool_status, eff_tags AS tags, skills, email, phone, linkedin_url,
    last_interview_date
"""


@dataclass(frozen=True)
class PoolPage:
    """One page of the pool (raw values; pay already in ``currency``) and the total count."""

    rows: pd.DataFrame
    total: int
    page: int
    page_size: int | None
    currency: str
    unavailable: int = 0  # shortlist members no longer listable (consent, withdrawal, gone)

    @property
    def pages(self) -> int:
        if not self.page_size:
            return 1
        return max(1, math.ceil(self.total / self.page_size))


def base_currency(con: duckdb.DuckDBPyConnection) -> str:
    """The warehouse's base currency (warehouse_info), USD when unset."""
    rows = con.execute("SELECT value FROM warehouse_info WHERE key = 'base_currency'").fetchall()
    row = rows[0] if rows else None
    return (row[0] if row and row[0] else "USD").upper()


def currencies(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Currencies a budget can be given in: the base currency first, then fx_rates'."""
    base = base_currency(con)
    rows = con.execute("SELECT DISTINCT upper(currency) FROM fx_rates ORDER BY 1").fetchall()
    others = [r[0] for r in rows if r[0] != base]
    if base != "USD" and "USD" not in others:
        others.insert(0, "USD")
    return [base, *others]


def fx_by_year(
    con: duckdb.DuckDBPyConnection, from_currency: str, to_currency: str
) -> dict[int, float]:
    """Units of ``to_currency`` per unit of ``from_currency``, per year (as the ETL converts:
    each currency's rate for that year, clamped to the years fx_rates has for it).

    Empty when the currencies are the same. Raises ValueError for a currency without rates.
    """
    src, dst = from_currency.upper(), to_currency.upper()
    if src == dst:
        return {}
    rows = con.execute(
        "SELECT upper(currency), year, units_per_usd FROM fx_rates "
        "WHERE list_contains(?::VARCHAR[], upper(currency)) AND units_per_usd > 0",
        [[src, dst]],
    ).fetchall()
    rates: dict[str, dict[int, float]] = {src: {}, dst: {}}
    for cur, year, rate in rows:
        rates[cur][int(year)] = float(rate)
    for cur in (src, dst):
        if not rates[cur] and cur == "USD":
            rates[cur] = {0: 1.0}
    missing = [c for c in (src, dst) if not rates[c]]
    if missing:
        raise ValueError(f"No exchange rate for {', '.join(missing)}")
    years = sorted({y for r in rates.values() for y in r if y})
    if not years:
        years = [0]

    def at(cur: str, year: int) -> float:
        known = rates[cur]
        known_years = sorted(known)
        clamped = min(max(year, known_years[0]), known_years[-1])
        return known.get(clamped, known[known_years[-1]])

    return {y: at(dst, y) / at(src, y) for y in range(years[0], years[-1] + 1)}


def pool_cte(filters: PoolFilters, fx: dict[int, float] | None = None) -> str:
    """The ``pool`` CTE. Interview text is aggregated only when a text search needs it; pay
    is converted (column ``fx``) only when ``fx`` maps years to factors (table ``fx_year``
    registered on the connection)."""
    text = bool(filters.text)
    fx_join = ""
    if fx:
        fx_join = _FX_JOIN.format(lo=int(min(fx)), hi=int(max(fx)))
    return _POOL_CTE.format(
        search_text=f"concat_ws(chr(10), {_CANDIDATE_TEXT}, ix.txt)" if text else "NULL::VARCHAR",
        interview_text_join=_INTERVIEW_TEXT_JOIN if text else "",
        fx="fy.factor" if fx else "1.0::DOUBLE",
        fx_join=fx_join,
        eligible=ELIGIBLE,
    )


def fetch_pool(
    con: duckdb.DuckDBPyConnection,
    filters: PoolFilters,
    *,
    overlay: Overlay | None = None,
    shortlist: str | None = None,
    page: int = 1,
    page_size: int | None = 50,
) -> PoolPage:
    """Filter, sort and page the pool in DuckDB; ``page_size=None`` returns every row.

    With ``shortlist`` the rows are that shortlist's members (``overlay`` must have been
    read for it) and only the filters' sort and currency apply. Pay comes back in the
    filters' currency (default: the base currency), converted with the rate of the year
    of the candidate's latest stated expectation, as the ETL converted it; the budget
    (``max_pay``) is compared in that same currency.
    """
    cur = con.cursor()
    try:
        (overlay or empty_overlay()).register(cur)
        base = base_currency(cur)
        shown = (filters.pay_currency or base).upper()
        fx = fx_by_year(cur, base, shown)
        cur.register(
            "fx_year",
            pd.DataFrame({"year": list(fx), "factor": list(fx.values())}).astype(
                {"year": "int64", "factor": "float64"}
            ),
        )
        if shortlist is not None:
            where = "candidate_id IN (SELECT candidate_id FROM ws_members)"
            params: list[Any] = []
            cte_filters = PoolFilters(sort=filters.sort, descending=filters.descending)
        else:
            where, params = where_clause(filters)
            cte_filters = filters
        cte = pool_cte(cte_filters, fx)
        # Constant SQL fragments only (pool_cte, where_clause, order_clause); values are bound.
        count_sql = f"{cte} SELECT count(*) FROM pool WHERE {where}"  # noqa: S608
        row = cur.execute(count_sql, params).fetchall()[0]
        total = int(row[0]) if row else 0
        size = page_size if page_size and page_size > 0 else None
        pages = max(1, math.ceil(total / size)) if size else 1
        page = min(max(1, int(page)), pages)
        limit = " LIMIT ? OFFSET ?" if size else ""
        paging = [size, (page - 1) * size] if size else []
        select = _SELECT_COLUMNS.format(
            lo="COALESCE(comp_min_annual, comp_mid_annual)",
            hi="COALESCE(comp_max_annual, comp_mid_annual)",
        )
        page_sql = (
            f"{cte} SELECT {select} FROM pool WHERE {where} ORDER BY {order_clause(filters)}{limit}"  # noqa: S608
        )
        rows = cur.execute(page_sql, [*params, *paging]).df()
        unavailable = 0
        if shortlist is not None:
            members = cur.execute("SELECT count(DISTINCT candidate_id) FROM ws_members").fetchall()[
                0
            ]
            unavailable = max(0, int(members[0] if members else 0) - total)
    finally:
        cur.close()
    return PoolPage(rows, total, page, size, shown, unavailable)


def option_values(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Values present among listable candidates, for the filter widgets."""
    cur = con.cursor()
    try:
        empty_overlay().register(cur)
        cte = pool_cte(PoolFilters())
        out: dict[str, list[str]] = {}
        for key, expr in {
            "skills": "unnest(skills_lc)",
            "role_family": "role_family",
            "country": "upper(country)",
            "city": "trim(city)",
            "tags": "unnest(eff_tags)",
        }.items():
            rows = cur.execute(
                f"{cte} SELECT DISTINCT v FROM (SELECT {expr} AS v FROM pool) "  # noqa: S608
                "WHERE v IS NOT NULL AND v <> '' ORDER BY lower(v)"
            ).fetchall()
            out[key] = [r[0] for r in rows]
    finally:
        cur.close()
    return out


# --- presentation -----------------------------------------------------------------------

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

COLUMNS = (
    "Name",
    "Current title",
    "Role family",
    "Seniority",
    "Location",
    "Relocation",
    "Expected pay",
    "Work arrangement",
    "Available from",
    "Fit",
    "Interest",
    "Credentials",
    "Pool status",
    "Tags",
    "Skills",
    "E-mail",
    "Phone",
    "LinkedIn",
    "Last interview",
)


def _amount(value: float) -> str:
    thousands = math.floor(value / 1000 + 0.5)
    if thousands >= 1000:
        millions = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".")
        return f"{millions}M"
    if value >= 1000:
        return f"{thousands}k"
    return str(math.floor(value + 0.5))


def format_pay(low: Any, high: Any, currency: str) -> str | None:
    """Expected pay for people: ``$85k-95k``, ``$90k``, ``$85k+``, ``up to $95k``."""
    lo = None if _missing(low) else float(low)
    hi = None if _missing(high) else float(high)
    if lo is None and hi is None:
        return None
    sign = CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    if lo is None:
        return f"up to {sign}{_amount(hi or 0.0)}"
    if hi is None:
        return f"{sign}{_amount(lo)}+"
    a, b = _amount(lo), _amount(hi)
    return f"{sign}{a}" if a == b else f"{sign}{a}-{b}"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _label(value: Any) -> str | None:
    text = _text(value)
    return text.replace("_", " ").capitalize() if text else None


def _join(values: Any) -> str | None:
    if values is None or (not hasattr(values, "__len__")) or isinstance(values, str):
        return _text(values)
    items = [str(v) for v in values if not _missing(v) and str(v)]
    return ", ".join(items) if items else None


def _place(city: Any, country: Any) -> str | None:
    parts = [p for p in (_text(city), _text(country)) if p]
    return ", ".join(parts) if parts else None


def _score(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def present(page: PoolPage) -> pd.DataFrame:
    """The pool as people read it: :data:`COLUMNS`, indexed by candidate id.

    Every column is text except Fit and Interest (numbers 1-5, drawn as bars on screen).
    """
    records = []
    for r in page.rows.itertuples(index=False):
        records.append(
            {
                "Name": _text(r.full_name),
                "Current title": _text(r.current_title),
                "Role family": _text(r.role_family),
                "Seniority": _label(r.seniority),
                "Location": _place(r.city, r.country),
                "Relocation": _label(r.relocation),
                "Expected pay": format_pay(r.pay_min, r.pay_max, page.currency),
                "Work arrangement": _label(r.work_arrangement),
                "Available from": _text(r.available_from),
                "Fit": _score(r.fit_score),
                "Interest": _score(r.interest_level),
                "Credentials": _label(r.credentials),
                "Pool status": _label(r.pool_status),
                "Tags": _join(r.tags),
                "Skills": _join(r.skills),
                "E-mail": _text(r.email),
                "Phone": _text(r.phone),
                "LinkedIn": _text(r.linkedin_url),
                "Last interview": _text(r.last_interview_date),
            }
        )
    index = pd.Index(list(page.rows["candidate_id"]), name="candidate_id", dtype=object)
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS), index=index)
    for col in ("Fit", "Interest"):
        frame[col] = frame[col].astype("Float64")
    return frame


def pool_frame(
    con: duckdb.DuckDBPyConnection,
    filters: PoolFilters,
    *,
    overlay: Overlay | None = None,
    shortlist: str | None = None,
) -> pd.DataFrame:
    """Every row of the filtered pool (or a shortlist), as :func:`present` shows it."""
    return present(fetch_pool(con, filters, overlay=overlay, shortlist=shortlist, page_size=None))
