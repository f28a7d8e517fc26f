"""Facts about the warehouse itself: base currency, filter options, data range, freshness.

Functions that describe the whole warehouse accept (and ignore) `filters` so that every
query function shares the (con, filters, ...) signature the UI cache expects.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from etl import settings
from insights import privacy
from insights.filters import LIST_FIELDS, Filters
from insights.queries._sql import fetch, group_expr


def base_currency(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> str:
    """The currency of every *_annual figure (warehouse_info), else the setting."""
    df = fetch(con, "SELECT value FROM warehouse_info WHERE key = 'base_currency'", Filters())
    return str(df["value"].iloc[0]) if len(df) else settings.base_currency()


def interview_count(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """How many interviews match the filters (a count, used to choose the empty state)."""
    df = fetch(con, "SELECT count(*) AS n FROM interviews WHERE {where}", filters)
    return int(df["n"].iloc[0])


def date_range(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[dt.date, dt.date] | None:
    """First and last interview date matching the filters (None when nothing matches)."""
    df = fetch(
        con,
        "SELECT min(interview_date) AS lo, max(interview_date) AS hi FROM interviews WHERE {where}",
        filters,
    )
    lo, hi = df["lo"].iloc[0], df["hi"].iloc[0]
    if pd.isna(lo) or pd.isna(hi):
        return None
    return pd.Timestamp(lo).date(), pd.Timestamp(hi).date()


# One read of the table: a grouping set per field (the field of a row is the one grouped).
_OPTIONS_SQL = """
SELECT field, value FROM (
    SELECT CASE 0
               WHEN grouping(role_family) THEN 'role_family'
               WHEN grouping(seniority) THEN 'seniority'
               WHEN grouping(department) THEN 'department'
               WHEN grouping(country) THEN 'country'
               WHEN grouping(career_stage) THEN 'career_stage'
               WHEN grouping(source) THEN 'source'
               WHEN grouping(format) THEN 'format'
           END AS field,
           coalesce(role_family, seniority, department, country, career_stage, source, format)
               AS value,
           count(*) AS n
    FROM interviews
    GROUP BY GROUPING SETS (
        (role_family), (seniority), (department), (country), (career_stage), (source), (format)
    )
)
WHERE value IS NOT NULL AND n >= $k
ORDER BY field, value
"""


def filter_options(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> dict[str, list[str]]:
    """Values a filter may take, per list filter (city: see city_options): those of at least
    k interviews in the warehouse. A rarer value is never offered (and a link naming it is
    ignored): filtering to it, or to everything but it, would isolate a small group."""
    df = fetch(con, _OPTIONS_SQL, Filters(), {"k": privacy.k()})
    out: dict[str, list[str]] = {name: [] for name in LIST_FIELDS}
    for field, group in df.groupby("field", sort=False):
        out[str(field)] = [str(v) for v in group["value"]]
    return out


def city_options(
    con: duckdb.DuckDBPyConnection, filters: Filters | None, countries: tuple[str, ...]
) -> list[str]:
    """Cities of at least k interviews, within the chosen countries when any are chosen."""
    df = fetch(
        con,
        "SELECT city FROM interviews WHERE city IS NOT NULL AND {where} "
        "GROUP BY city HAVING count(*) >= $k ORDER BY city",
        Filters(country=countries),
        {"k": privacy.k()},
    )
    return [str(v) for v in df["city"]]


_FRESHNESS_SQL = """
WITH last AS (
    SELECT * FROM load_runs WHERE status = 'published' ORDER BY finished_at DESC NULLS LAST, run_id DESC LIMIT 1
)
SELECT
    (SELECT count(*) FROM load_runs WHERE status = 'published') AS runs,
    last.run_id, last.finished_at, last.rows_read, last.inserted, last.updated,
    last.duplicates, last.rejected, last.warnings,
    (SELECT count(*) FROM rejected_rows) AS rejected_total
FROM (SELECT 1) AS one LEFT JOIN last ON TRUE
"""


def freshness(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> dict[str, object]:
    """The last published load: when, and what it read, rejected and warned about."""
    row = fetch(con, _FRESHNESS_SQL, Filters()).iloc[0]
    return {str(key): (None if pd.isna(value) else value) for key, value in row.items()}


_TOP_SQL = """
WITH f AS NOT MATERIALIZED (SELECT * FROM interviews WHERE {where})
SELECT "set", g, n FROM (
    {sets}
)
WHERE n >= $k
QUALIFY row_number() OVER (PARTITION BY "set" ORDER BY n DESC, g) <= $limit
ORDER BY "set", n DESC, g
"""
_TOP_SET_SQL = """SELECT {i} AS "set", {expr} AS g, count(*) AS n FROM f GROUP BY ALL"""


def top_groups(
    con: duckdb.DuckDBPyConnection, filters: Filters, bys: tuple[str, ...], limit: int
) -> dict[str, list[str]]:
    """The `limit` largest groups of each key in `bys` among the matching interviews (by
    number of interviews, ties by name), of at least k interviews each: a smaller group is
    never named (it stays inside 'all others'). One read of the table for all keys."""
    if not bys:
        return {}
    sets = " UNION ALL ".join(
        _TOP_SET_SQL.replace("{i}", str(i)).replace("{expr}", group_expr(by))
        for i, by in enumerate(bys)
    )
    df = fetch(
        con, _TOP_SQL.replace("{sets}", sets), filters, {"limit": int(limit), "k": privacy.k()}
    )
    return {by: [str(g) for g in df.loc[df["set"] == i, "g"]] for i, by in enumerate(bys)}
