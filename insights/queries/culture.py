"""Culture: how much each dimension matters (ratings 1-5), with uncertainty, by segment, over time."""

from __future__ import annotations

import math
from collections.abc import Sequence

import duckdb
import pandas as pd

from etl import settings
from insights.filters import Filters
from insights.queries._sql import (
    Grouping,
    fetch,
    fine_keys,
    groupings_of,
    mask_groups,
    split_sets,
)

# One join of the ratings with the filtered interviews serves every grouping asked for
# (GROUPING SETS); without filters and groups the interviews are not read at all.
_RATINGS_JOINED = """
    SELECT {keys}, r.dimension, r.rating
    FROM (SELECT interview_id, dimension, rating FROM culture_ratings) AS r
    JOIN (SELECT * FROM interviews WHERE {where}) AS i USING (interview_id)
"""
# The same rows without the join, when the ETL provides CULTURE_FACTS: each rating with
# its interview's filter and group columns (see has_culture_facts).
_RATINGS_FACTS = """
    SELECT {keys}, dimension, rating FROM culture_facts WHERE {where}
"""
CULTURE_FACTS = "culture_facts"
FACT_COLUMNS = (
    "interview_date",
    "role_family",
    "seniority",
    "department",
    "country",
    "city",
    "career_stage",
    "source",
    "format",
    "dimension",
    "rating",
)

# Ratings are aggregated once at the finest grain of all groupings together (count, mean
# and sum of squared deviations per cell); each grouping is then combined from those few
# cells (Chan et al.'s pairwise update), so the ratings are read and joined only once.
_MEANS_SQL = """
WITH r AS NOT MATERIALIZED ({ratings}),
fine AS MATERIALIZED (
    SELECT {key_names}, dimension, count(*) AS n, avg(rating) AS mean,
           var_pop(rating) * count(*) AS m2
    FROM r GROUP BY ALL
)
{sets}
"""

_MEANS_SET_SQL = """
SELECT {i} AS "set", {g_text} AS g_text, {g_date} AS g_date, dimension,
       sum(n)::BIGINT AS n, sum(n * mean) / sum(n) AS mean,
       CASE WHEN sum(n) > 1 THEN sqrt(greatest(sum(m2 + n * (mean - total_mean) ** 2), 0)
                                      / (sum(n) - 1)) END AS sd
FROM (
    SELECT {k} AS g, dimension, n, mean, m2,
           sum(n * mean) OVER (PARTITION BY {k}, dimension)
               / sum(n) OVER (PARTITION BY {k}, dimension) AS total_mean
    FROM fine
)
GROUP BY g, dimension
HAVING count(*) > 0
"""

_OVERALL_SQL = """
SELECT 0 AS "set", 'all' AS g_text, NULL::DATE AS g_date, dimension, count(*) AS n,
       avg(rating) AS mean, stddev_samp(rating) AS sd
FROM culture_ratings GROUP BY ALL
"""


def dimension_means(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: str | None = None,
    every: str | None = None,
    keep: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Mean rating per culture dimension with a 95% confidence interval (Student t):
    group, dimension, n, mean, sd, ci_low, ci_high, suppressed. Overall (group 'all'),
    per segment `by`, or per time bucket `every`.
    """
    return dimension_mean_sets(con, filters, (Grouping(by, every, keep),))[0]


def dimension_mean_sets(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    groupings: Sequence[Grouping | Sequence[object]],
) -> list[pd.DataFrame]:
    """`dimension_means` for several (by, every) groupings from one join of the ratings
    with the interviews: one frame per grouping, in order, as `dimension_means` returns it.
    """
    if not groupings:
        return []
    groupings = groupings_of(groupings)
    if filters.is_default() and all(g == Grouping() for g in groupings):
        df = fetch(con, _OVERALL_SQL, filters)
    else:
        keys, refs, dates, params = fine_keys(groupings)
        sets = [
            _MEANS_SET_SQL.replace("{i}", str(i))
            .replace("{k}", ref)
            .replace("{g_text}", "NULL::VARCHAR" if is_date else "g")
            .replace("{g_date}", "g" if is_date else "NULL::DATE")
            for i, (ref, is_date) in enumerate(zip(refs, dates, strict=True))
        ]
        ratings = _RATINGS_FACTS if has_culture_facts(con) else _RATINGS_JOINED
        sql = (
            _MEANS_SQL.replace("{ratings}", ratings)
            .replace("{keys}", ", ".join(keys))
            .replace("{key_names}", ", ".join(k.rsplit(" AS ", 1)[1] for k in keys))
            .replace("{sets}", "UNION ALL".join(sets))
        )
        df = fetch(con, sql, filters, params)
    return [_with_ci(part) for part in split_sets(df, groupings)]


def has_culture_facts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has the denormalised ratings table `culture_facts` with every
    column in FACT_COLUMNS; when it does, culture queries read it instead of joining
    culture_ratings (7-8 rows per interview) with interviews on interview_id.
    """
    sql = """
        SELECT count(*) AS n FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main'
          AND table_name = $table AND list_contains($columns, column_name)
    """
    cur = con.cursor()
    try:
        row = cur.execute(sql, {"table": CULTURE_FACTS, "columns": list(FACT_COLUMNS)}).fetchone()
    finally:
        cur.close()
    return bool(row and row[0] == len(FACT_COLUMNS))


def _with_ci(raw: pd.DataFrame) -> pd.DataFrame:
    df = mask_groups(raw, values=["mean", "sd"], group=["group"], within=["dimension"])
    half = [
        _t975(int(n) - 1) * sd / math.sqrt(int(n))
        if not pd.isna(n) and not pd.isna(sd)
        else math.nan
        for n, sd in zip(df["n"], df["sd"], strict=True)
    ]
    df["ci_low"] = df["mean"] - pd.Series(half, index=df.index, dtype="float64")
    df["ci_high"] = df["mean"] + pd.Series(half, index=df.index, dtype="float64")
    order = {d: i for i, d in enumerate(settings.culture_dimensions())}
    df["_order"] = df["dimension"].map(lambda d: order.get(d, len(order)))
    df = df.sort_values(["group", "_order", "dimension"]).drop(columns="_order")
    return df.reset_index(drop=True)


def _t975(df: int) -> float:
    """Two-sided 95% Student t quantile (Cornish-Fisher expansion; < 0.5% error for df >= 3)."""
    z = 1.959963984540054
    if df <= 0:
        return math.nan
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4
