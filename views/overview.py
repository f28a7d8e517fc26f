"""Overview: headline numbers against the previous period, weekly volume, data freshness."""

import pandas as pd
import streamlit as st

from insights import charts, privacy, ui
from insights.queries import meta, overview

st.title("Overview")
filters = ui.current_filters()
st.caption(f"Showing {filters.describe()}.")

if ui.require_data(filters):
    currency = ui.base_currency()
    kpis = ui.query(overview.kpis, filters).set_index("metric")
    first = kpis.iloc[0]
    if pd.notna(first["previous_start"]):
        st.caption(
            f"Period {first['start']} to {first['end']}, compared with {first['previous_start']}"
            f" to {first['previous_end']} (same length)."
        )

    def tile(column, metric: str, fmt, help_text: str, delta_fmt=None) -> None:
        row = kpis.loc[metric]
        value = None if row["suppressed"] else row["value"]
        delta = None
        if value is not None and pd.notna(row["change"]):
            delta = (delta_fmt or fmt)(row["change"])
            if not delta.startswith("-"):
                delta = "+" + delta
        shown = f"< {privacy.k()}" if value is None else fmt(value)
        n_note = "" if pd.isna(row["n"]) else f" (n = {int(row['n']):,})"
        prev = (
            "No previous period with enough responses to compare."
            if pd.isna(row["previous"])
            else f"Previous period: {fmt(row['previous'])}."
        )
        if value is None:
            help_text = f"{help_text} Hidden: {privacy.label()}."
        column.metric(
            row["label"],
            shown,
            delta=delta,
            delta_color="off" if metric == "median_pay" else "normal",
            help=f"{help_text}{n_note} {prev}",
            border=True,
        )

    c1, c2, c3 = st.columns(3)
    c4, c5, c6 = st.columns(3)
    tile(c1, "interviews", lambda v: f"{v:,.0f}", "Exploratory interviews held in the period.")
    tile(
        c2,
        "candidates",
        lambda v: f"{v:,.0f}",
        "Distinct identified candidates interviewed (anonymous responses are not counted here).",
    )
    tile(
        c3,
        "median_pay",
        lambda v: f"{currency} {v:,.0f}",
        f"Median of expected pay (midpoint of the stated range), {currency} per year.",
        lambda v: f"{v:,.0f}",
    )
    tile(
        c4,
        "share_remote",
        lambda v: f"{v:.0%}",
        "Share of respondents who stated a work arrangement and prefer fully remote.",
        lambda v: f"{v * 100:.1f} pts",
    )
    tile(
        c5,
        "prescreened",
        lambda v: f"{v:,.0f}",
        "Candidates interviewed in the period whose current pool status is 'prescreened' "
        "and who consent to be contacted.",
    )
    tile(
        c6,
        "mean_fit",
        lambda v: f"{v:.2f} / 5",
        "Mean pre-screen fit score (1-5) of interviews that have one.",
        lambda v: f"{v:.2f}",
    )
    if pd.isna(first["previous"]):
        st.caption(
            "Changes need an earlier period with data: pick a date range in the sidebar to "
            "compare with the period of equal length before it."
        )

    weekly = ui.query(overview.interviews_per_week, filters)
    if not ui.nothing(weekly, "interview dates"):
        ui.chart(charts.weekly_interviews(weekly), key="weekly")

st.subheader("Data freshness")
if ui.connection() is not None:
    fresh = ui.query(meta.freshness, filters)
    if fresh.get("run_id") is None:
        st.caption("No load has been published into this warehouse yet.")
    else:
        when = (
            pd.Timestamp(fresh["finished_at"]).strftime("%Y-%m-%d %H:%M")
            if fresh["finished_at"]
            else "unknown"
        )
        f1, f2, f3 = st.columns(3)
        f1.metric("Last load", when, help=f"Load run #{fresh['run_id']}", border=True)
        f2.metric(
            "Rows rejected in that load",
            f"{int(fresh['rejected'] or 0):,}",
            help=f"of {int(fresh['rows_read'] or 0):,} rows read; "
            f"{int(fresh['rejected_total'] or 0):,} rejected rows kept across all loads",
            border=True,
        )
        f3.metric("Warnings in that load", f"{int(fresh['warnings'] or 0):,}", border=True)
    if ui.auth.can_see_data(st.session_state.get("insights_role")):
        st.page_link("views/data.py", label="Imports and data quality", icon=":material/database:")
