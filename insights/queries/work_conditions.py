"""Work conditions: arrangement, office days, flexibility, travel, relocation, benefits."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from insights.filters import Filters
from insights.queries._sql import (
    Grouping,
    fetch,
    grouping_sql,
    list_shares,
    mask_groups,
    split_sets,
)

# Single-valued condition columns whose answers can be shared out.
CATEGORY_COLUMNS = ("work_arrangement", "office_days", "flexible_hours", "travel", "relocation")

_SHARES_SQL = """
WITH f AS NOT MATERIALIZED (SELECT * FROM interviews WHERE {where})
{sets}
ORDER BY "set", g_text, g_date, category
"""

_SHARES_SET_SQL = """
SELECT {i} AS "set", {g_text} AS g_text, {g_date} AS g_date, category, count,
       sum(count) OVER (PARTITION BY g) AS n,
       count / sum(count) OVER (PARTITION BY g) AS share
FROM (
    SELECT {group} AS g, {column}::VARCHAR AS category, count(*) AS count
    FROM f WHERE {column} IS NOT NULL GROUP BY ALL
)
"""

# One chart's request: (column, by, every[, keep]), as the arguments of category_shares.
ShareRequest = (
    tuple[str, str | None, str | None] | tuple[str, str | None, str | None, tuple[str, ...] | None]
)


def category_shares(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    column: str,
    by: str | None = None,
    every: str | None = None,
    keep: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Share of each answer of `column` among those who answered, overall, per group of `by`
    (only the groups in `keep` by name, the rest as "all others") or per time bucket
    `every`: group, category, count, n (answers in the group), share.

    A hidden group keeps one row with every number blank (suppressed=True).
    """
    return category_share_sets(con, filters, ((column, by, every, keep),))[0]


def category_share_sets(
    con: duckdb.DuckDBPyConnection, filters: Filters, requests: Sequence[ShareRequest]
) -> list[pd.DataFrame]:
    """`category_shares` for several (column, by, every) requests in one statement: one
    frame per request, in order, each exactly as `category_shares` returns it.
    """
    sets: list[str] = []
    params: dict[str, object] = {}
    groupings: list[Grouping] = []
    for i, (column, *grouping) in enumerate(requests):
        if column not in CATEGORY_COLUMNS:
            raise ValueError(f"column must be one of {CATEGORY_COLUMNS}")
        groupings.append(Grouping.of(grouping))
        group, is_date, bound = grouping_sql(groupings[-1], f"keep{i}")
        params.update(bound)
        sets.append(
            _SHARES_SET_SQL.replace("{i}", str(i))
            .replace("{group}", group)
            .replace("{column}", column)
            .replace("{g_text}", "NULL::VARCHAR" if is_date else "g")
            .replace("{g_date}", "g" if is_date else "NULL::DATE")
        )
    if not sets:
        return []
    sql = _SHARES_SQL.replace("{sets}", "UNION ALL".join(sets))
    return [
        mask_groups(part, values=["category", "count", "share"], group=["group"])
        for part in split_sets(fetch(con, sql, filters, params), groupings)
    ]


def benefits_ranking(
    con: duckdb.DuckDBPyConnection, filters: Filters, every: str | None = None
) -> pd.DataFrame:
    """Benefits ranked by how many respondents named them, overall or per time bucket:
    group, benefit, count, n (respondents who answered), share, rank (1 = most named).
    """
    return benefits_rankings(con, filters, (every,))[0]


def benefits_rankings(
    con: duckdb.DuckDBPyConnection, filters: Filters, everys: Sequence[str | None]
) -> list[pd.DataFrame]:
    """`benefits_ranking` for several buckets (None = overall) from one read of benefits:
    one frame per entry of `everys`, in order.
    """
    groupings = tuple(Grouping(every=every) for every in everys)
    return list_shares(con, filters, "benefits", "benefit", groupings, rank=True)
