"""Culture: how much each dimension matters (ratings 1-5), with uncertainty, by segment, over time."""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from etl import settings
from insights.filters import Filters
from insights.queries._sql import bucket, fetch_groups, group_expr

_MEANS_SQL = """
SELECT {group} AS "group", r.dimension, count(*) AS n, avg(r.rating) AS mean,
       stddev_samp(r.rating) AS sd
FROM culture_ratings AS r
JOIN (SELECT * FROM interviews WHERE {where}) AS i USING (interview_id)
GROUP BY ALL
"""


def dimension_means(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: str | None = None,
    every: str | None = None,
) -> pd.DataFrame:
    """Mean rating per culture dimension with a 95% confidence interval (Student t):
    group, dimension, n, mean, sd, ci_low, ci_high, suppressed. Overall (group 'all'),
    per segment `by`, or per time bucket `every`.
    """
    params: dict[str, object] = {}
    if every is not None:
        group = "date_trunc($bucket, i.interview_date)::DATE"
        params["bucket"] = bucket(every)
    elif by is not None:
        group = group_expr(by)
    else:
        group = "'all'"
    sql = _MEANS_SQL.replace("{group}", group)
    df = fetch_groups(con, sql, filters, params, values=["mean", "sd"])
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
