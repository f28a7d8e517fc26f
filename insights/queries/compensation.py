"""Compensation: expected pay (comp_mid_annual, base currency per year) and our salary bands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from insights import privacy
from insights.filters import Filters
from insights.queries import meta
from insights.queries._sql import (
    Grouping,
    bucket,
    fetch,
    fetch_groups,
    group_keys,
    grouping_sql,
    mask_groups,
)

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
    keep: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """P10, P25, P50, P75, P90 of `value` per group of `by` (only the groups in `keep` by
    name, the rest as "all others"): group, n, p10..p90, suppressed.

    Only respondents who stated the value count (n is that count).
    """
    return distribution_sets(con, filters, (Grouping(by, None, keep),), value)[0]


def distribution_sets(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    bys: Sequence[str | Grouping],
    value: str = "comp_mid_annual",
) -> list[pd.DataFrame]:
    """`distribution` for several group-by keys (a key, or a Grouping with `keep`) in one
    statement: one frame per entry of `bys`, in order, each as `distribution` returns it.
    """
    if value not in DISTRIBUTION_VALUES:
        raise ValueError(f"value must be one of {DISTRIBUTION_VALUES}")
    if not bys:
        return []
    sets = []
    params: dict[str, object] = {}
    for i, entry in enumerate(bys):
        grouping = entry if isinstance(entry, Grouping) else Grouping(entry)
        if grouping.by is None or grouping.every is not None:
            raise ValueError("a distribution is grouped by a key")
        if grouping.keep is None:
            keys, label = group_keys(grouping.by)
            named = ", ".join(f"{k} AS {n}" for k, n in zip(keys, "ab", strict=False))
        else:
            expr, _, bound = grouping_sql(grouping, f"keep{i}")
            params.update(bound)
            named, label = f"{expr} AS a", "a"
        sets.append(
            _DISTRIBUTION_SET_SQL.replace("{i}", str(i))
            .replace("{keys}", named)
            .replace("{label}", label)
        )
    sql = _DISTRIBUTION_SQL.replace("{sets}", "UNION ALL".join(sets)).replace("{value}", value)
    raw = fetch(con, sql, filters, params)
    out = []
    for i in range(len(bys)):
        part = raw[raw["set"] == i].drop(columns="set").reset_index(drop=True)
        for j, name in enumerate(PERCENTILES):
            part[name] = [None if q is None else float(q[j]) for q in part["q"]]
        part = mask_groups(part.drop(columns="q"), values=list(PERCENTILES))
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
_BANDS_CTE = """
WITH f AS NOT MATERIALIZED (
    SELECT role_family, seniority, country, comp_mid_annual
    FROM interviews WHERE {where} AND comp_mid_annual IS NOT NULL
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
"""

_BANDS_SQL = (
    _BANDS_CTE
    + """
SELECT *, p50 / band_mid AS compa FROM (
SELECT
    b.band_id, b.role_family, b.seniority, b.country, b.currency, b.fx_year,
    b.band_min, b.band_mid, b.band_max,
    count(f.comp_mid_annual) AS n,
    quantile_cont(f.comp_mid_annual, 0.25) AS p25,
    quantile_cont(f.comp_mid_annual, 0.5) AS p50,
    quantile_cont(f.comp_mid_annual, 0.75) AS p75,
    avg((f.comp_mid_annual > b.band_max)::DOUBLE) AS share_above_max,
    avg((f.comp_mid_annual < b.band_min)::DOUBLE) AS share_below_min
FROM bands AS b
LEFT JOIN f
  ON f.role_family = b.role_family AND f.seniority = b.seniority AND f.country = b.country
GROUP BY ALL
)
ORDER BY role_family, country, band_mid, band_id
"""
)

# Each candidate's expected pay over the midpoint of the band matching their role family,
# seniority and country (a compa-ratio of the market), summed up per role family.
_RATIOS_SQL = (
    _BANDS_CTE
    + """
SELECT b.role_family AS "group", count(*) AS n,
       quantile_cont(f.comp_mid_annual / b.band_mid, 0.25) AS p25,
       quantile_cont(f.comp_mid_annual / b.band_mid, 0.5) AS p50,
       quantile_cont(f.comp_mid_annual / b.band_mid, 0.75) AS p75,
       avg((f.comp_mid_annual > b.band_max)::DOUBLE) AS share_above_max,
       count(DISTINCT b.band_id) AS bands
FROM bands AS b
JOIN f ON f.role_family = b.role_family AND f.seniority = b.seniority AND f.country = b.country
WHERE b.band_mid > 0 AND list_contains($shown, b.band_id)
GROUP BY ALL
ORDER BY "group"
"""
)

BAND_VALUES = ("p25", "p50", "p75", "compa", "share_above_max", "share_below_min")
RATIO_VALUES = ("p25", "p50", "p75", "share_above_max", "bands")


def _band_params(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[dict[str, object], Filters]:
    base = meta.base_currency(con)
    span = meta.date_range(con, filters)
    year = (filters.date_to or (span[1] if span else dt.date.today())).year
    band_filters = Filters(
        role_family=filters.role_family, seniority=filters.seniority, country=filters.country
    )
    return {"year": year, "base": base}, band_filters


def bands_vs_expectations(
    con: duckdb.DuckDBPyConnection, filters: Filters, role_family: str | None = None
) -> pd.DataFrame:
    """Each salary band (of `role_family`, or all) against the expected pay of candidates
    of the same role family, seniority and country (within the filters).

    Columns: band_id, role_family, seniority, country, currency, fx_year, band_min,
    band_mid, band_max (our own reference data, base currency per year, never masked;
    NaN when no FX rate), n, p25, p50, p75 of expected pay, compa (median expected pay /
    band mid), share_above_max and share_below_min (of candidates' expected pay),
    suppressed, base_currency. Candidates' figures of a band under k are blank.
    """
    params, band_filters = _band_params(con, filters)
    if role_family is not None:
        band_filters = band_filters.replace(role_family=(role_family,))
    df = fetch(con, _BANDS_SQL, filters, params, others={"band": band_filters})
    # A role family's bands sum to its figure in band_ratios: within each family a hidden
    # band takes a complement with it (band_ratios then counts shown bands only).
    df = mask_groups(df, values=list(BAND_VALUES), group=["band_id"], within=["role_family"])
    df = df.sort_values(["role_family", "country", "band_mid", "band_id"], kind="stable")
    df = df.reset_index(drop=True)
    df["base_currency"] = str(params["base"])
    return df


def band_ratios(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per role family with salary bands: candidates' expected pay over the midpoint of
    their matching band (P25, median, P75 of the ratio; 1 = at our midpoint), the share
    expecting more than the band maximum, and n (candidates matched to a band). Only bands
    whose own figures are shown count, so no hidden band is the difference of a family's
    figure and its shown bands."""
    bands = bands_vs_expectations(con, filters)
    shown = [str(b) for b in privacy.shown(bands)["band_id"]]
    params, band_filters = _band_params(con, filters)
    df = fetch(con, _RATIOS_SQL, filters, {**params, "shown": shown}, others={"band": band_filters})
    return mask_groups(df, values=list(RATIO_VALUES))


def band_families(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[str]:
    """Role families that have salary bands within the filters' role family, seniority
    and country, alphabetically (a stable default whatever the filters)."""
    _, band_filters = _band_params(con, filters)
    sql = """
        SELECT b.role_family FROM (SELECT * FROM salary_bands WHERE {where_band}) AS b
        LEFT JOIN (SELECT role_family, seniority, country FROM interviews
                   WHERE {where} AND comp_mid_annual IS NOT NULL) AS f
          USING (role_family, seniority, country)
        GROUP BY b.role_family ORDER BY b.role_family
    """
    df = fetch(con, sql, filters, others={"band": band_filters})
    return [str(v) for v in df["role_family"]]
