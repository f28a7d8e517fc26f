"""Overview: headline numbers against the previous period, interviews per week."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from insights import privacy
from insights.filters import Filters, previous_period
from insights.queries import meta
from insights.queries._sql import fetch, fetch_groups

# metric key -> (label, the column of its group size)
KPIS: dict[str, tuple[str, str]] = {
    "interviews": ("Interviews", "interviews"),
    "candidates": ("Unique candidates", "candidates"),
    "median_pay": ("Median expected pay", "n_pay"),
    "share_remote": ("Prefer remote", "n_arrangement"),
    "prescreened": ("Pre-screened, consenting candidates", "prescreened"),
    "mean_fit": ("Mean fit score", "n_fit"),
}

_KPI_SQL = """
WITH f AS NOT MATERIALIZED (SELECT * FROM interviews WHERE {where})
SELECT
    count(*) AS interviews,
    count(DISTINCT candidate_id) AS candidates,
    count(comp_mid_annual) AS n_pay,
    median(comp_mid_annual) AS median_pay,
    count(work_arrangement) AS n_arrangement,
    avg(CASE WHEN work_arrangement IS NULL THEN NULL
             ELSE (work_arrangement = 'remote')::DOUBLE END) AS share_remote,
    (SELECT count(DISTINCT c.candidate_id)
       FROM candidates AS c
      WHERE c.pool_status = 'prescreened' AND c.consent_to_contact
        AND c.candidate_id IN (SELECT candidate_id FROM f)) AS prescreened,
    count(fit_score) AS n_fit,
    avg(fit_score) AS mean_fit
FROM f
"""


def kpis(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per headline metric: value now, value in the previous period, change.

    The period is the filtered date range (or, without one, the span of the matching
    interviews); the previous period has the same length and ends the day before.
    Columns: metric, label, value, previous, change, n, n_previous, start, end,
    previous_start, previous_end. Values of a group under k are blank.
    """
    span = meta.date_range(con, filters)
    start = filters.date_from or (span[0] if span else None)
    end = filters.date_to or (span[1] if span else None)
    current = _kpi_row(con, filters)
    prev_start: dt.date | None = None
    prev_end: dt.date | None = None
    previous: dict[str, float | None] = {}
    if start is not None and end is not None:
        prev_start, prev_end = previous_period(start, end)
        previous = _kpi_row(con, filters.replace(date_from=prev_start, date_to=prev_end))
    rows = []
    for metric, (label, n_col) in KPIS.items():
        value, n = current.get(metric), current.get(n_col)
        prev, n_prev = previous.get(metric), previous.get(n_col)
        rows.append(
            {
                "metric": metric,
                "label": label,
                "value": value,
                "n": n,
                "previous": prev,
                "n_previous": n_prev,
                "start": start,
                "end": end,
                "previous_start": prev_start,
                "previous_end": prev_end,
            }
        )
    df = pd.DataFrame(rows)
    df = privacy.mask(df, ["value"], n="n")
    small_prev = pd.to_numeric(df["n_previous"], errors="coerce").fillna(0) < privacy.k()
    df["previous"] = pd.to_numeric(df["previous"], errors="coerce").where(~small_prev)
    df["n_previous"] = pd.to_numeric(df["n_previous"], errors="coerce").where(~small_prev)
    df["change"] = df["value"] - df["previous"]
    return df


def _kpi_row(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, float | None]:
    row = fetch(con, _KPI_SQL, filters).iloc[0]
    return {str(key): (None if pd.isna(v) else float(v)) for key, v in row.items()}


_WEEKLY_SQL = """
SELECT date_trunc('week', interview_date)::DATE AS week, count(*) AS n
FROM interviews WHERE {where}
GROUP BY ALL ORDER BY week
"""


def interviews_per_week(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Interviews per ISO week (Monday start): week, n; weeks under k are suppressed."""
    return fetch_groups(con, _WEEKLY_SQL, filters, values=[])
