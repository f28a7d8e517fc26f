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

from insights.pool_filters import PoolFilters, filter_sql, order_clause
from insights.workspace import Overlay, empty_overlay

PAGE_SIZES = (25, 50, 100)

# Who may ever be listed, on top of every filter: consent given, not withdrawn (neither in
# the warehouse nor by a workspace change: a withdrawal from either side always wins).
ELIGIBLE = (
    "c.consent_to_contact IS TRUE"
    " AND c.pool_status IS DISTINCT FROM 'withdrawn'"
    " AND s.pool_status IS DISTINCT FROM 'withdrawn'"
)

# Workspace tag edits per candidate, and the effective tags: the warehouse's (lower-cased,
# trimmed) minus the removed ones plus the added ones. Expressions over candidate columns
# (``tags``, ``skills``) and the overlay's ``ws_added`` / ``ws_removed``.
_WS_TAG_SETS = """
ws_tag_sets AS (
    SELECT candidate_id,
           list(tag) FILTER (WHERE state = 'added') AS ws_added,
           list(tag) FILTER (WHERE state = 'removed') AS ws_removed
    FROM ws_tags GROUP BY candidate_id
)"""
_EFF_TAGS = """list_sort(list_distinct(list_concat(
               list_filter(
                   list_transform(coalesce(tags, []::VARCHAR[]), lambda t: lower(trim(t))),
                   lambda t: NOT list_contains(coalesce(ws_removed, []::VARCHAR[]), t)),
               coalesce(ws_added, []::VARCHAR[]))))"""
_SKILLS_LC = "list_transform(coalesce(skills, []::VARCHAR[]), lambda k: lower(trim(k)))"
_PAY_FLOOR = "COALESCE(comp_min_annual, comp_mid_annual, comp_max_annual)"

# Eligible candidates with the raw overlay columns and the cheap derived ones; the list
# columns (costly lambdas) are added only where a filter or the shown page needs them.
_BASE_SELECT = """
    SELECT c.*, c.rowid AS rid, s.pool_status AS ws_status, ts.ws_added, ts.ws_removed,
           COALESCE(s.pool_status, c.pool_status) AS eff_status,
           {pay_floor} AS pay_floor
    FROM candidates c
    LEFT JOIN ws_status s USING (candidate_id)
    LEFT JOIN ws_tag_sets ts USING (candidate_id)
    WHERE {eligible}"""
_BASE = "base AS (" + _BASE_SELECT + ")"

_POOL_CTE = """
WITH {ws_tag_sets}, {base}, pool AS (
    SELECT * EXCLUDE (rid, ws_status, ws_added, ws_removed),
           {eff_tags} AS eff_tags,
           {skills_lc} AS skills_lc,
           {search_text} AS search_text,
           {fx} AS fx
    FROM base
    {interview_text_join}
    {fx_join}
)
"""

# A candidate's own searchable text: titles, latest notes, skills. For a candidate with a
# single interview it is that interview's text too (the ETL copies the interview's
# role_title and notes), so only candidates with several interviews need their
# interviews searched.
_CANDIDATE_TEXT = (
    "lower(concat_ws(chr(10), current_title, role_title, notes, array_to_string(skills, chr(10))))"
)
_INTERVIEW_TEXT = "lower(concat_ws(chr(10), role_title, notes))"
_INTERVIEW_TEXT_JOIN = """
    LEFT JOIN (
        SELECT candidate_id, string_agg({interview_text}, chr(10)) AS interview_text
        FROM interviews
        WHERE candidate_id IS NOT NULL
        GROUP BY candidate_id
    ) ix USING (candidate_id)
"""

# The year whose exchange rate converted each candidate's latest expectation (as in the
# ETL: the latest interview that stated pay). A candidate with one interview took their
# pay from it, so its year is that of their last interview; only candidates with several
# interviews need a look at them (``{lookup}``: a relation with candidate_id, comp_year).
_COMP_YEAR = (
    "CASE WHEN comp_mid_annual IS NULL THEN NULL"
    " WHEN interview_count = 1 THEN year(last_interview_date)"
    " ELSE {lookup}.comp_year END"
)
_COMP_YEAR_LOOKUP = (
    "year(max(interview_date) FILTER (WHERE comp_mid_annual IS NOT NULL)) AS comp_year"
)
_FX_JOIN = """
    LEFT JOIN (
        SELECT candidate_id, {comp_year_lookup}
        FROM interviews
        WHERE candidate_id IN (SELECT candidate_id FROM base WHERE interview_count IS DISTINCT FROM 1)
        GROUP BY candidate_id
    ) cy USING (candidate_id)
    LEFT JOIN fx_year fy ON fy.year = least(greatest({comp_year}, {lo}), {hi})
"""

_SELECT_COLUMNS = """
    candidate_id, full_name, current_title, role_family, seniority, city, country, relocation,
    {lo} * fx AS pay_min, {hi} * fx AS pay_max,
    work_arrangement, available_from, fit_score, interest_level, credentials,
    eff_status AS pool_status, eff_tags AS tags, skills, email, phone, linkedin_url,
    last_interview_date
"""
_PAY_LO = "COALESCE(comp_min_annual, comp_mid_annual)"
_PAY_HI = "COALESCE(comp_max_annual, comp_mid_annual)"


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


def _ws_and_base() -> str:
    return _WS_TAG_SETS + "," + _BASE.format(pay_floor=_PAY_FLOOR, eligible=ELIGIBLE)


def pool_cte(filters: PoolFilters, fx: dict[int, float] | None = None) -> str:
    """The ``pool`` CTE: every listable candidate with ``eff_status``, ``eff_tags``,
    ``skills_lc``, ``pay_floor``, ``search_text`` and ``fx``, for one-off reads (profile,
    filter options) that select a few candidates from it. Interview text is aggregated
    only when a text search needs it; pay is converted (``fx``) only when ``fx`` maps
    years to factors (table ``fx_year`` registered on the connection).
    :func:`fetch_pool` does not use it: it runs the filters in stages instead."""
    text = bool(filters.text)
    fx_join = ""
    if fx:
        fx_join = _FX_JOIN.format(
            comp_year_lookup=_COMP_YEAR_LOOKUP,
            comp_year=_COMP_YEAR.format(lookup="cy"),
            lo=int(min(fx)),
            hi=int(max(fx)),
        )
    return _POOL_CTE.format(
        ws_tag_sets=_WS_TAG_SETS.strip(),
        base=_BASE.format(pay_floor=_PAY_FLOOR, eligible=ELIGIBLE).strip(),
        eff_tags=_EFF_TAGS,
        skills_lc=_SKILLS_LC,
        search_text=(
            f"concat_ws(chr(10), {_CANDIDATE_TEXT}, ix.interview_text)" if text else "NULL::VARCHAR"
        ),
        interview_text_join=(
            _INTERVIEW_TEXT_JOIN.format(interview_text=_INTERVIEW_TEXT) if text else ""
        ),
        fx="fy.factor" if fx else "1.0::DOUBLE",
        fx_join=fx_join,
    )


def _pool_query(
    filters: PoolFilters, fx: dict[int, float], *, shortlist: bool, paged: bool
) -> tuple[str, list[Any]]:
    """One statement that filters once and returns the page, each row carrying the total.

    Stages, each over what the previous one kept:

    1. ``kept``: eligible candidates passing the row-level filters (candidate columns and
       the workspace overlay). DuckDB applies the plain column conditions in the scan; the
       list lambdas for skills and tags run only when those filters are set.
    2. ``hits``: the budget (which needs the rate of the year of the candidate's latest
       expectation) and the free-text words (the candidate's own text first). Interviews
       are read only for kept candidates with several interviews, in one grouped scan.
    3. The total and the page, from the same ``hits``; pay rates and tag lists for the
       shown rows are computed on the page only. ``counted LEFT JOIN shown`` keeps the
       total even when the page is empty.

    Constant SQL fragments only; every value is a bound parameter (in text order).
    """
    sql = filter_sql(PoolFilters() if shortlist else filters)
    params: list[Any] = list(sql.rows_params)
    kept_where = "candidate_id IN (SELECT candidate_id FROM ws_members)" if shortlist else sql.rows
    lists = sql.lists != "TRUE"
    rate_in_hits = bool(fx) and bool(sql.pay)
    # Only what the later stages read: the row id (to fetch the page's rows at the end),
    # the sort keys and the inputs of the list, budget and text checks.
    narrow = [
        "rid",
        "candidate_id",
        "full_name",
        "fit_score",
        "interest_level",
        "pay_floor",
        "available_from",
        "last_interview_date",
        "interview_count",
        "comp_mid_annual",
    ]
    if lists or sql.words:
        narrow += ["skills"]
    if filters.tags and not shortlist:
        narrow += ["tags", "ws_added", "ws_removed"]
    if sql.words:
        narrow += ["current_title", "role_title", "notes"]
    if sql.pay and not fx:  # pay shown in the base currency: the budget is a row condition
        kept_where += f" AND {sql.pay}"
        params += sql.pay_params
    heavy = lists or bool(sql.words) or rate_in_hits
    # Materialized when a later stage reads it (the barrier also keeps DuckDB from running
    # the list lambdas before the plain conditions); otherwise DuckDB plans the count and
    # the page separately (a cheap scan each, top-N for the page).
    materialize = "MATERIALIZED " if heavy else ""
    ctes = [
        _ws_and_base().strip(),
        f"kept AS {materialize}(SELECT {', '.join(narrow)} FROM ("  # noqa: S608 (constant fragments; values bound)
        f"SELECT base.*, 1.0::DOUBLE AS fx FROM base) WHERE {kept_where})",
    ]
    lo, hi = (int(min(fx)), int(max(fx))) if fx else (0, 0)
    source = "kept"
    if heavy:
        cols = ["kept.*"]
        helpers: list[str] = []
        conds: list[str] = []
        joins = ""
        if filters.skills_all or filters.skills_any:
            cols.append(f"{_SKILLS_LC} AS skills_lc")
            helpers.append("skills_lc")
        if filters.tags and not shortlist:
            cols.append(f"{_EFF_TAGS} AS eff_tags")
            helpers.append("eff_tags")
        if lists:
            conds.append(sql.lists)
            params += sql.lists_params
        if sql.words or rate_in_hits:
            lookups = [_COMP_YEAR_LOOKUP if rate_in_hits else "NULL::INTEGER AS comp_year"]
            ix_params: list[Any] = []
            for i, word in enumerate(sql.words):
                lookups.append(f"bool_or(contains({_INTERVIEW_TEXT}, ?)) AS hit_{i}")
                ix_params.append(word)
            ctes.append(
                f"ix AS (SELECT candidate_id, {', '.join(lookups)} FROM interviews "  # noqa: S608 (constant fragments; values bound)
                "WHERE candidate_id IN (SELECT candidate_id FROM kept "
                "WHERE interview_count IS DISTINCT FROM 1) GROUP BY candidate_id)"
            )
            joins = "LEFT JOIN ix USING (candidate_id)"
            cols += [f"coalesce(ix.hit_{i}, false) AS hit_{i}" for i in range(len(sql.words))]
            helpers += [f"hit_{i}" for i in range(len(sql.words))]
        if rate_in_hits:
            comp_year = _COMP_YEAR.format(lookup="ix")
            cols.append("fy.factor AS fx")
            joins += f" LEFT JOIN fx_year fy ON fy.year = least(greatest({comp_year}, {lo}), {hi})"
            conds.append(sql.pay)
            params += sql.pay_params
        if sql.words:
            cols.append(f"{_CANDIDATE_TEXT} AS ctext")
            helpers.append("ctext")
            for i, word in enumerate(sql.words):
                conds.append(f"(contains(ctext, ?) OR hit_{i})")
                params.append(word)
        excluded = f" EXCLUDE ({', '.join(helpers)})" if helpers else ""
        ctes.append(
            f"hits AS MATERIALIZED (SELECT *{excluded} FROM ("  # noqa: S608 (constant fragments; values bound)
            f"SELECT {', '.join(cols)} FROM kept {joins}) WHERE {' AND '.join(conds)})"
        )
        if sql.words or rate_in_hits:
            # Parameters follow the text: kept's, then ix's words, then hits' conditions.
            kept_count = len(sql.rows_params) + (len(sql.pay_params) if not fx and sql.pay else 0)
            params[kept_count:kept_count] = ix_params
        source = "hits"
    order = order_clause(filters)
    ctes.append(f"counted AS (SELECT count(*) AS total FROM {source})")  # noqa: S608 (constant fragments; values bound)
    ctes.append(
        f"paged AS (SELECT * FROM {source} ORDER BY {order}{' LIMIT ? OFFSET ?' if paged else ''})"  # noqa: S608 (constant fragments; values bound)
    )
    # The page's full rows, fetched by row id (DuckDB turns the semi-join into a row-id
    # filter on the scan instead of reading every candidate's wide columns).
    # (The base query is repeated, not referenced: a CTE read twice gets materialized.)
    base_again = _BASE_SELECT.format(pay_floor=_PAY_FLOOR, eligible=ELIGIBLE)
    ctes.append(f"fetched AS (SELECT * FROM ({base_again}) WHERE rid IN (SELECT rid FROM paged))")  # noqa: S608 (constant fragments; values bound)
    shown_cols = ["fetched.*", f"{_EFF_TAGS} AS eff_tags"]
    shown_join = ""
    if not fx:
        shown_cols.append("1.0::DOUBLE AS fx")
    elif rate_in_hits:
        shown_cols.append("pf.fx")
        shown_join = "JOIN (SELECT rid, fx FROM paged) pf USING (rid)"
    else:
        ctes.append(
            f"pcy AS (SELECT candidate_id, {_COMP_YEAR_LOOKUP} FROM interviews "  # noqa: S608 (constant fragments; values bound)
            "WHERE candidate_id IN (SELECT candidate_id FROM paged "
            "WHERE interview_count IS DISTINCT FROM 1) GROUP BY candidate_id)"
        )
        comp_year = _COMP_YEAR.format(lookup="pcy")
        shown_cols.append("fy.factor AS fx")
        shown_join = (
            "LEFT JOIN pcy USING (candidate_id) "
            f"LEFT JOIN fx_year fy ON fy.year = least(greatest({comp_year}, {lo}), {hi})"
        )
    ctes.append(f"shown AS (SELECT {', '.join(shown_cols)} FROM fetched {shown_join})")  # noqa: S608 (constant fragments; values bound)
    select = _SELECT_COLUMNS.format(lo=_PAY_LO, hi=_PAY_HI)
    return (
        "WITH "
        + ",\n".join(ctes)
        + f"\nSELECT counted.total, {select} FROM counted LEFT JOIN shown ON TRUE ORDER BY {order}"
    ), params


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
    (``max_pay``) is compared in that same currency. One statement computes the filtered
    set once and returns both the page and the total.
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
        size = page_size if page_size and page_size > 0 else None
        query, params = _pool_query(filters, fx, shortlist=shortlist is not None, paged=bool(size))
        page = max(1, int(page))

        def run(page: int) -> tuple[pd.DataFrame, int]:
            paging = [size, (page - 1) * size] if size else []
            frame = cur.execute(query, [*params, *paging]).df()
            total = int(frame["total"].iloc[0]) if len(frame) else 0
            frame = frame.dropna(subset=["candidate_id"]).drop(columns="total")
            return frame.reset_index(drop=True), total

        rows, total = run(page)
        pages = max(1, math.ceil(total / size)) if size else 1
        if page > pages:  # past the end (the pool shrank): show the last page
            page = pages
            rows, total = run(page)
        unavailable = 0
        if shortlist is not None:
            members = cur.execute("SELECT count(DISTINCT candidate_id) FROM ws_members").fetchall()
            unavailable = max(0, int(members[0][0] if members else 0) - total)
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
