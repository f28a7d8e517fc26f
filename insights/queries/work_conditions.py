"""Work conditions: arrangement, office days, flexibility, travel, relocation, benefits."""

from __future__ import annotations

import duckdb
import pandas as pd

from insights.filters import Filters
from insights.queries._sql import bucket, fetch_groups, group_expr

# Single-valued condition columns whose answers can be shared out.
CATEGORY_COLUMNS = ("work_arrangement", "office_days", "flexible_hours", "travel", "relocation")

_SHARES_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT {group} AS "group", {column}::VARCHAR AS category
    FROM interviews WHERE {where} AND {column} IS NOT NULL
)
SELECT "group", category, count(*) AS count,
       sum(count(*)) OVER (PARTITION BY "group") AS n,
       count(*) / sum(count(*)) OVER (PARTITION BY "group") AS share
FROM f GROUP BY "group", category ORDER BY "group", category
"""


def category_shares(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    column: str,
    by: str | None = None,
    every: str | None = None,
) -> pd.DataFrame:
    """Share of each answer of `column` among those who answered, overall, per group of `by`
    or per time bucket `every`: group, category, count, n (answers in the group), share.

    A group under k keeps one row with every number blank (suppressed=True).
    """
    if column not in CATEGORY_COLUMNS:
        raise ValueError(f"column must be one of {CATEGORY_COLUMNS}")
    params: dict[str, object] = {}
    if every is not None:
        group = "date_trunc($bucket, interview_date)::DATE"
        params["bucket"] = bucket(every)
    elif by is not None:
        group = group_expr(by)
    else:
        group = "'all'"
    sql = _SHARES_SQL.replace("{group}", group).replace("{column}", column)
    return fetch_groups(
        con, sql, filters, params, values=["category", "count", "share"], group=["group"]
    )


_BENEFITS_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT {group} AS "group", benefits FROM interviews
    WHERE {where} AND benefits IS NOT NULL
),
answered AS (SELECT "group", count(*) AS n FROM f GROUP BY ALL),
named AS (
    SELECT "group", benefit, count(*) AS count
    FROM (SELECT "group", unnest(list_distinct(benefits)) AS benefit FROM f)
    GROUP BY ALL
)
SELECT a."group", n.benefit, coalesce(n.count, 0) AS count, a.n,
       coalesce(n.count, 0) / a.n AS share,
       rank() OVER (PARTITION BY a."group" ORDER BY coalesce(n.count, 0) DESC) AS rank
FROM answered AS a LEFT JOIN named AS n USING ("group")
ORDER BY a."group", rank, n.benefit
"""


def benefits_ranking(
    con: duckdb.DuckDBPyConnection, filters: Filters, every: str | None = None
) -> pd.DataFrame:
    """Benefits ranked by how many respondents named them, overall or per time bucket:
    group, benefit, count, n (respondents who answered), share, rank (1 = most named).
    """
    params: dict[str, object] = {}
    if every is not None:
        group = "date_trunc($bucket, interview_date)::DATE"
        params["bucket"] = bucket(every)
    else:
        group = "'all'"
    sql = _BENEFITS_SQL.replace("{group}", group)
    return fetch_groups(
        con, sql, filters, params, values=["benefit", "count", "share", "rank"], group=["group"]
    )
