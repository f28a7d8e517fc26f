"""Figures of two periods side by side, for finding what changed between them.

Each function reads the rows of both periods once (the filters without their dates,
within [previous start, current end]) and returns one row per group and period with the
figures a test needs (n, centre, spread). Groups under k in either period are masked;
the caller compares only groups shown in both.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from insights import privacy
from insights.filters import Filters
from insights.queries._sql import fetch

# Pay and remote preference overall, per role family, per country and per both.
_PAY_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT role_family, country, comp_mid_annual, work_arrangement,
           interview_date >= $start AS cur
    FROM interviews
    WHERE {where} AND interview_date >= $lo AND interview_date <= $hi
      AND (interview_date >= $start OR interview_date <= $prev_hi)
)
SELECT cur, role_family, country,
       grouping(role_family) = 0 AS by_role_family, grouping(country) = 0 AS by_country,
       count(comp_mid_annual) AS n_pay,
       median(comp_mid_annual) AS median_pay,
       quantile_cont(comp_mid_annual, 0.75) - quantile_cont(comp_mid_annual, 0.25) AS iqr_pay,
       count(work_arrangement) AS n_arrangement,
       avg(CASE WHEN work_arrangement IS NULL THEN NULL
                ELSE (work_arrangement = 'remote')::DOUBLE END) AS share_remote
FROM f
GROUP BY GROUPING SETS ((cur), (cur, role_family), (cur, country), (cur, role_family, country))
HAVING (grouping(role_family) = 1 OR role_family IS NOT NULL)
   AND (grouping(country) = 1 OR country IS NOT NULL)
"""

_CULTURE_SQL = """
SELECT interview_date >= $start AS cur, dimension, count(*) AS n, avg(rating) AS mean,
       stddev_samp(rating) AS sd
FROM culture_facts
WHERE {where} AND interview_date >= $lo AND interview_date <= $hi
      AND (interview_date >= $start OR interview_date <= $prev_hi)
GROUP BY ALL
"""

_TOPICS_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT interview_date >= $start AS cur, question_topics AS topics
    FROM interviews
    WHERE {where} AND interview_date >= $lo AND interview_date <= $hi
      AND (interview_date >= $start OR interview_date <= $prev_hi)
      AND question_topics IS NOT NULL
),
answered AS (SELECT cur, count(*) AS n FROM f GROUP BY cur),
named AS (SELECT cur, topic, count(*) AS count FROM (SELECT cur, unnest(topics) AS topic FROM f)
          GROUP BY ALL)
SELECT a.cur, t.topic, a.n, t.count, t.count / a.n AS share
FROM answered AS a JOIN named AS t USING (cur)
"""


def _params(
    start: dt.date, end: dt.date, prev_start: dt.date, prev_end: dt.date
) -> dict[str, object]:
    return {"start": start, "lo": prev_start, "hi": end, "prev_hi": prev_end}


def pay_and_remote(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    start: dt.date,
    end: dt.date,
    prev_start: dt.date,
    prev_end: dt.date,
) -> pd.DataFrame:
    """cur, role_family, country, by_role_family, by_country, n_pay, median_pay, iqr_pay,
    n_arrangement, share_remote: pay and remote figures of each period."""
    undated = filters.replace(date_from=None, date_to=None, period="")
    df = fetch(con, _PAY_SQL, undated, _params(start, end, prev_start, prev_end))
    df = privacy.mask(df, ["median_pay", "iqr_pay"], n="n_pay")
    out = privacy.mask(df.drop(columns="suppressed"), ["share_remote"], n="n_arrangement")
    return out.drop(columns=["suppressed", privacy.REASON])


def culture(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    start: dt.date,
    end: dt.date,
    prev_start: dt.date,
    prev_end: dt.date,
) -> pd.DataFrame:
    """cur, dimension, n, mean, sd: mean culture ratings of each period."""
    undated = filters.replace(date_from=None, date_to=None, period="")
    df = fetch(con, _CULTURE_SQL, undated, _params(start, end, prev_start, prev_end))
    return privacy.mask(df, ["mean", "sd"]).drop(columns=["suppressed", privacy.REASON])


def topics(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    start: dt.date,
    end: dt.date,
    prev_start: dt.date,
    prev_end: dt.date,
) -> pd.DataFrame:
    """cur, topic, n, count, share: share of respondents asking about each topic."""
    undated = filters.replace(date_from=None, date_to=None, period="")
    df = fetch(con, _TOPICS_SQL, undated, _params(start, end, prev_start, prev_end))
    return privacy.mask(df, ["count", "share"]).drop(columns=["suppressed", privacy.REASON])
