"""Compensation: expected pay (comp_mid_annual, base currency per year) and our salary bands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from insights import privacy
from insights.filters import Filters
from insights.queries import meta
from insights.queries._sql import bucket, fetch, fetch_groups, group_keys

PERCENTILES = ("p10", "p25", "p50", "p75", "p90")

_DISTRIBUTION_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT * FROM interviews WHERE {where} AND {value} IS NOT NULL
)
{sets}
"""

_DISTRIBUTION_SET_SQL = """
SELECT {i} AS "set", {label} AS "group", n, q
FROM (
    SELECT {keys}, count(*) AS n, quantile_cont({value}, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q
    FROM f GROUP BY ALL
)
"""

DISTRIBUTION_VALUES = ("comp_mid_annual", "expected_years_to_promotion")


def distribution(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: str,
    value: str = "comp_mid_annual",
) -> pd.DataFrame:
    """P10, P25, P50, P75, P90 of `value` per group of `by`: group, n, p10..p90, suppressed.

    Only respondents who stated the value count (n is that count).
    """
    return distribution_sets(con, filters, (by,), value)[0]


def distribution_sets(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    bys: Sequence[str],
    value: str = "comp_mid_annual",
) -> list[pd.DataFrame]:
    """`distribution` for several group-by keys in one statement: one frame per entry of
    `bys`, in order, each exactly as `distribution` returns it.
    """
    if value not in DISTRIBUTION_VALUES:
        raise ValueError(f"value must be one of {DISTRIBUTION_VALUES}")
    if not bys:
        return []
    sets = []
    for i, by in enumerate(bys):
        keys, label = group_keys(by)
        sets.append(
            _DISTRIBUTION_SET_SQL.replace("{i}", str(i))
            .replace("{keys}", ", ".join(f"{k} AS {n}" for k, n in zip(keys, "ab", strict=False)))
            .replace("{label}", label)
        )
    sql = _DISTRIBUTION_SQL.replace("{sets}", "UNION ALL".join(sets)).replace("{value}", value)
    raw = fetch(con, sql, filters)
    out = []
    for i in range(len(bys)):
        part = raw[raw["set"] == i].drop(columns="set").reset_index(drop=True)
        for j, name in enumerate(PERCENTILES):
            part[name] = [None if q is None else float(q[j]) for q in part["q"]]
        part = privacy.mask(part.drop(columns="q"), list(PERCENTILES))
        out.append(part.sort_values("group", kind="stable").reset_index(drop=True))
    return out


def pay_distribution(con: duckdb.DuckDBPyConnection, filters: Filters, by: str) -> pd.DataFrame:
    """Expected pay per year in the base currency, P10-P90 by role family, seniority, ..."""
    return distribution(con, filters, by, "comp_mid_annual")


_TREND_SQL = """
SELECT date_trunc($bucket, interview_date)::DATE AS period, count(*) AS n,
       quantile_cont(comp_mid_annual, 0.25) AS p25,
       quantile_cont(comp_mid_annual, 0.5) AS p50,
       quantile_cont(comp_mid_annual, 0.75) AS p75
FROM interviews
WHERE {where} AND comp_mid_annual IS NOT NULL
GROUP BY ALL ORDER BY period
"""


def pay_trend(
    con: duckdb.DuckDBPyConnection, filters: Filters, every: str = "quarter"
) -> pd.DataFrame:
    """Median expected pay with its P25-P75 band per month or quarter: period, n, p25, p50, p75."""
    return fetch_groups(
        con, _TREND_SQL, filters, {"bucket": bucket(every)}, values=["p25", "p50", "p75"]
    )


# Bands: converted to the base currency at the yearly average rate of the analysed period
# (fx_rates.units_per_usd = units of a currency per 1 USD); a currency without a rate for
# that year uses its latest earlier year, else its earliest year.
_BANDS_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT role_family, seniority, country, comp_mid_annual, comp_min_annual
    FROM interviews WHERE {where}
),
fx_year AS (
    SELECT currency,
           coalesce(max(year) FILTER (WHERE year <= $year), min(year)) AS year
    FROM fx_rates GROUP BY currency
),
fx AS (
    SELECT r.currency, r.year, r.units_per_usd
    FROM fx_rates AS r JOIN fx_year USING (currency, year)
),
bands AS (
    SELECT b.band_id, b.role_family, b.seniority, b.country, b.currency,
           fb.year AS fx_year,
           b.band_min / fb.units_per_usd * base.units_per_usd AS band_min,
           b.band_mid / fb.units_per_usd * base.units_per_usd AS band_mid,
           b.band_max / fb.units_per_usd * base.units_per_usd AS band_max
    FROM (SELECT * FROM salary_bands WHERE {where_band}) AS b
    LEFT JOIN fx AS fb ON fb.currency = b.currency
    LEFT JOIN fx AS base ON base.currency = $base
)
SELECT
    b.band_id, b.role_family, b.seniority, b.country, b.currency, b.fx_year,
    b.band_min, b.band_mid, b.band_max,
    count(f.comp_mid_annual) AS n,
    100 * avg((f.comp_mid_annual <= b.band_min)::DOUBLE) AS pct_band_min,
    100 * avg((f.comp_mid_annual <= b.band_mid)::DOUBLE) AS pct_band_mid,
    100 * avg((f.comp_mid_annual <= b.band_max)::DOUBLE) AS pct_band_max,
    quantile_cont(f.comp_mid_annual, 0.25) AS p25,
    quantile_cont(f.comp_mid_annual, 0.5) AS p50,
    quantile_cont(f.comp_mid_annual, 0.75) AS p75,
    count(f.comp_min_annual) AS n_min,
    100 * avg((f.comp_min_annual > b.band_max)::DOUBLE) AS pct_min_above_max
FROM bands AS b
LEFT JOIN f
  ON f.role_family = b.role_family AND f.seniority = b.seniority
 AND f.country = b.country AND f.comp_mid_annual IS NOT NULL
GROUP BY ALL
ORDER BY b.role_family, b.seniority, b.country, b.band_id
"""

BAND_VALUES = ("pct_band_min", "pct_band_mid", "pct_band_max", "p25", "p50", "p75")


def bands_vs_expectations(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Each salary band against the expectations of candidates of the same role family,
    seniority and country (within the filters).

    Columns: band_id, role_family, seniority, country, currency, fx_year, band_min,
    band_mid, band_max (base currency per year; NaN when no FX rate), n, pct_band_min,
    pct_band_mid, pct_band_max (percentile rank: % of expectations at or below the
    band value), p25, p50, p75 of expectations, n_min, pct_min_above_max (% of
    candidates whose minimum exceeds the band max), suppressed, base_currency.
    """
    base = meta.base_currency(con)
    span = meta.date_range(con, filters)
    year = (filters.date_to or (span[1] if span else dt.date.today())).year
    band_filters = Filters(
        role_family=filters.role_family, seniority=filters.seniority, country=filters.country
    )
    df = fetch(
        con,
        _BANDS_SQL,
        filters,
        {"year": year, "base": base},
        others={"band": band_filters},
    )
    df = privacy.mask(df, list(BAND_VALUES))
    small_min = pd.to_numeric(df["n_min"], errors="coerce").fillna(0) < privacy.k()
    df["pct_min_above_max"] = df["pct_min_above_max"].astype("float64").where(~small_min)
    df["n_min"] = df["n_min"].astype("Int64").mask(small_min)
    df["base_currency"] = base
    return df
