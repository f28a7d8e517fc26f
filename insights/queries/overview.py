"""Overview: headline numbers against the previous period, interviews per week."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from insights import periods, privacy
from insights.filters import Filters
from insights.queries import meta
from insights.queries._sql import fetch, mask_groups

# metric key -> (label, the column of its group size)
KPIS: dict[str, tuple[str, str]] = {
    "interviews": ("Interviews", "interviews"),
    "candidates": ("Unique candidates", "candidates"),
    "median_pay": ("Median expected pay", "n_pay"),
    "share_remote": ("Prefer remote", "n_arrangement"),
    "prescreened": ("Pre-screened, consenting candidates", "prescreened"),
    "mean_fit": ("Mean fit score", "n_fit"),
}

# Both periods in one read: rows of the previous period and of the current one (the
# filters without their dates, within [previous start, current end]), told apart by `cur`.
_KPI_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT candidate_id, comp_mid_annual, work_arrangement, fit_score,
           interview_date >= $start AS cur
    FROM interviews
    WHERE {where} AND interview_date >= $lo AND interview_date <= $hi
      AND (interview_date >= $start OR interview_date <= $prev_hi)
),
prescreened AS (
    SELECT cur, count(DISTINCT candidate_id) AS prescreened
    FROM f JOIN (
        SELECT candidate_id FROM candidates
        WHERE pool_status = 'prescreened' AND consent_to_contact
    ) AS c USING (candidate_id)
    GROUP BY cur
),
stats AS (
    SELECT
        cur,
        count(*) AS interviews,
        count(DISTINCT candidate_id) AS candidates,
        count(comp_mid_annual) AS n_pay,
        median(comp_mid_annual) AS median_pay,
        quantile_cont(comp_mid_annual, 0.75) - quantile_cont(comp_mid_annual, 0.25) AS iqr_pay,
        count(work_arrangement) AS n_arrangement,
        avg(CASE WHEN work_arrangement IS NULL THEN NULL
                 ELSE (work_arrangement = 'remote')::DOUBLE END) AS share_remote,
        count(fit_score) AS n_fit,
        avg(fit_score) AS mean_fit,
        stddev_samp(fit_score) AS sd_fit
    FROM f GROUP BY cur
)
SELECT s.*, coalesce(p.prescreened, 0) AS prescreened
FROM stats AS s LEFT JOIN prescreened AS p USING (cur)
"""

# Without any filter the period is the whole warehouse and the previous period is empty
# (it ends the day before the first interview). Distinct candidates then come from the
# candidates table, which every load rebuilds from interviews (one row per identified
# candidate, interview_count = their interviews): no distinct count over all interviews.
_KPI_ALL_SQL = """
SELECT
    TRUE AS cur,
    count(*) AS interviews,
    (SELECT count(*) FROM candidates WHERE interview_count > 0) AS candidates,
    count(comp_mid_annual) AS n_pay,
    median(comp_mid_annual) AS median_pay,
    quantile_cont(comp_mid_annual, 0.75) - quantile_cont(comp_mid_annual, 0.25) AS iqr_pay,
    count(work_arrangement) AS n_arrangement,
    avg(CASE WHEN work_arrangement IS NULL THEN NULL
             ELSE (work_arrangement = 'remote')::DOUBLE END) AS share_remote,
    count(fit_score) AS n_fit,
    avg(fit_score) AS mean_fit,
    stddev_samp(fit_score) AS sd_fit,
    (SELECT count(*) FROM candidates
      WHERE interview_count > 0 AND pool_status = 'prescreened' AND consent_to_contact)
        AS prescreened
FROM interviews
"""

# What a period without any interview reads.
_EMPTY_ROW: dict[str, float | None] = {
    "interviews": 0.0,
    "candidates": 0.0,
    "n_pay": 0.0,
    "median_pay": None,
    "iqr_pay": None,
    "n_arrangement": 0.0,
    "share_remote": None,
    "prescreened": 0.0,
    "n_fit": 0.0,
    "mean_fit": None,
    "sd_fit": None,
}
# The spread each metric's test needs: metric -> column.
SPREAD = {"median_pay": "iqr_pay", "mean_fit": "sd_fit"}


def kpis(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per headline metric: value in the period, in the previous period, change.

    The period is the filtered date range, or, without one, the warehouse's whole span;
    only a filtered date range has a previous period (periods.comparison: the same whole
    months, else days, just before; over the same elapsed days when the period is in
    progress; none when the data does not cover it), so "all data" is never compared with
    an empty past. Columns: metric, label, value, spread, n, previous, spread_previous,
    n_previous, start, end, previous_start, previous_end, note, change. Figures of a
    period with fewer than k responses are blank; when the period's interviews are fewer
    than k, every figure is.
    """
    # The span of the whole warehouse, not of the matching rows: the first and last dates of
    # a narrow filter's interviews would describe those few people.
    span = meta.date_range(con, Filters())
    start = filters.date_from or (span[0] if span else None)
    end = filters.date_to or (span[1] if span else None)
    prev_start: dt.date | None = None
    prev_end: dt.date | None = None
    current: dict[str, float | None] = dict(_EMPTY_ROW)
    previous: dict[str, float | None] = {}
    note = ""
    if start is not None and end is not None and span is not None:
        if filters.date_from is not None or filters.date_to is not None:
            prev_start, prev_end, note = periods.comparison(start, end, span[0], span[1])
        current, previous = _kpi_rows(
            con, filters, start, end, prev_start or start, prev_end or start
        )
        if prev_start is None:
            previous = {}
    rows = []
    for metric, (label, n_col) in KPIS.items():
        spread = SPREAD.get(metric, "")
        rows.append(
            {
                "metric": metric,
                "label": label,
                "value": current.get(metric),
                "spread": current.get(spread),
                "n": current.get(n_col),
                "previous": previous.get(metric),
                "spread_previous": previous.get(spread),
                "n_previous": previous.get(n_col),
                "start": start,
                "end": end,
                "previous_start": prev_start,
                "previous_end": prev_end,
                "note": note,
            }
        )
    df = pd.DataFrame(rows)
    population = pd.to_numeric(df.loc[df["metric"] == "interviews", "n"]).iloc[0]
    if 0 < (population or 0) < privacy.k():
        # Any figure of a group under k describes it, a zero included ("none of them ...").
        df["n"] = 1
    df = privacy.mask(df, ["value", "spread"], n="n")
    small_prev = pd.to_numeric(df["n_previous"], errors="coerce").fillna(0) < privacy.k()
    for column in ("previous", "spread_previous", "n_previous"):
        df[column] = pd.to_numeric(df[column], errors="coerce").where(~small_prev)
    df["change"] = df["value"] - df["previous"]
    return df


def _kpi_rows(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    start: dt.date,
    end: dt.date,
    prev_start: dt.date,
    prev_end: dt.date,
) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """(current, previous) headline values from one statement."""
    if filters.is_default():
        df = fetch(con, _KPI_ALL_SQL, filters)
    else:
        undated = filters.replace(date_from=None, date_to=None, period="")
        df = fetch(
            con,
            _KPI_SQL,
            undated,
            {"start": start, "lo": prev_start, "hi": end, "prev_hi": prev_end},
        )
    rows = {True: dict(_EMPTY_ROW), False: dict(_EMPTY_ROW)}
    for record in df.to_dict("records"):
        rows[bool(record.pop("cur"))] = {
            str(key): (None if pd.isna(v) else float(v)) for key, v in record.items()
        }
    return rows[True], rows[False]


# Counted per day first (a few thousand days), then summed per week.
_DAILY_SQL = """
SELECT interview_date AS day, count(*) AS n FROM interviews WHERE {where} GROUP BY ALL
"""
VOLUME_BUCKETS = ("week", "month", "quarter")


def interviews_per_week(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Interviews per ISO week (Monday start), or per month or quarter when too many weeks
    would be hidden (more than a quarter of them under k): week (the bucket's first day),
    n; attrs['bucket'] names the bucket. Buckets under k are hidden (with complements)."""
    days = fetch(con, _DAILY_SQL, filters)
    frame = pd.DataFrame({"week": pd.Series(dtype="datetime64[ns]"), "n": pd.Series(dtype="int64")})
    bucket = VOLUME_BUCKETS[0]
    for bucket in VOLUME_BUCKETS:
        if days.empty:
            break
        starts = (
            pd.to_datetime(days["day"])
            .dt.to_period({"week": "W-SUN", "month": "M", "quarter": "Q"}[bucket])
            .dt.start_time
        )
        sums = days.assign(week=starts).groupby("week")["n"].sum().sort_index()
        frame = pd.DataFrame({"week": sums.index, "n": sums.to_numpy()})
        if (frame["n"] < privacy.k()).mean() <= 0.25:
            break
    out = mask_groups(frame.reset_index(drop=True), values=[])
    out.attrs["bucket"] = bucket
    return out
