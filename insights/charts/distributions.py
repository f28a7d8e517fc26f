"""Distributions: P10-P90 ranges per group, and a median with its middle half over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from insights import labels, privacy
from insights.charts.base import (
    PALETTE,
    by_size,
    hidden_note,
    layout,
    n_text,
    ordered,
    period_axis,
    pretty,
    rows_height,
)

STATS_TEXT = "bar = P25-P75 (middle half), line = P10-P90, dot = median"


def percentile_ranges(
    df: pd.DataFrame,
    *,
    value_label: str,
    field: str | None = None,
    money_currency: str | None = None,
    unit: str = "responses",
    value_format: str = ",.0f",
) -> go.Figure:
    """One row per group: a thin P10-P90 line, a P25-P75 bar and a median dot.

    Rows are in the field's domain order (seniority: intern -> executive), otherwise by
    median (highest first); 'not stated' and 'all others' come last. The hover states
    the same five statistics as the subtitle.
    """
    data = ordered(df, field) if field in labels.ORDERS else by_size(df, "p50")
    shown = privacy.shown(data)
    names = [pretty(g, field) for g in shown["group"]]
    rows = [f"{name} (n={int(n):,})" for name, n in zip(names, shown["n"], strict=True)]
    prefix = f"{money_currency} " if money_currency else ""
    fmt = value_format
    custom = shown[["p10", "p25", "p50", "p75", "p90", "n"]].astype("float64").to_numpy()
    hover = (
        "<b>%{y}</b><br>"
        f"P10 {prefix}%{{customdata[0]:{fmt}}} · P25 {prefix}%{{customdata[1]:{fmt}}}<br>"
        f"median {prefix}%{{customdata[2]:{fmt}}}<br>"
        f"P75 {prefix}%{{customdata[3]:{fmt}}} · P90 {prefix}%{{customdata[4]:{fmt}}}"
        "<extra></extra>"
    )
    fig = go.Figure()
    if len(shown):
        fig.add_bar(
            y=rows,
            x=(shown["p90"] - shown["p10"]).astype("float64"),
            base=shown["p10"].astype("float64"),
            orientation="h",
            width=0.12,
            marker_color="#6B7A8C",
            name="P10-P90",
            customdata=custom,
            hovertemplate=hover,
        )
        fig.add_bar(
            y=rows,
            x=(shown["p75"] - shown["p25"]).astype("float64"),
            base=shown["p25"].astype("float64"),
            orientation="h",
            width=0.55,
            marker_color="rgba(76,120,168,0.55)",
            marker_line={"color": PALETTE[0], "width": 1.5},
            name="P25-P75 (middle half)",
            customdata=custom,
            hovertemplate=hover,
        )
        fig.add_scatter(
            y=rows,
            x=shown["p50"].astype("float64"),
            mode="markers",
            marker={"color": "#1F2A37", "size": 9, "symbol": "circle"},
            name="Median",
            customdata=custom,
            hovertemplate=hover,
        )
    sub = f"{n_text(pd.to_numeric(shown['n']).sum(), unit)} · {value_label} · {STATS_TEXT}"
    sub += hidden_note(data, field)
    fig.update_xaxes(
        title=value_label, tickformat=",.3~s" if money_currency else None, rangemode="tozero"
    )
    fig.update_yaxes(title=None, type="category", categoryorder="array", categoryarray=rows[::-1])
    fig.update_layout(barmode="overlay", bargap=0.3, showlegend=True)
    return layout(fig, sub, rows_height(len(rows), base=190))


def median_band_trend(df: pd.DataFrame, *, value_label: str, period_label: str) -> go.Figure:
    """Median line with a shaded P25-P75 band per time bucket; hidden buckets are gaps,
    marked with a legend entry and a shaded column so they never read as a fall."""
    data = df.sort_values("period")
    hidden = privacy.hidden(data)
    fig = go.Figure()
    fig.add_scatter(
        x=data["period"],
        y=data["p75"],
        mode="lines",
        line={"width": 0},
        showlegend=False,
        hoverinfo="skip",
        connectgaps=False,
    )
    fig.add_scatter(
        x=data["period"],
        y=data["p25"],
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor="rgba(76,120,168,0.25)",
        name="P25-P75 (middle half)",
        hoverinfo="skip",
        connectgaps=False,
    )
    fig.add_scatter(
        x=data["period"],
        y=data["p50"],
        mode="lines+markers",
        name="Median",
        line={"color": PALETTE[0], "width": 3},
        connectgaps=False,
        customdata=data[["n", "p25", "p75"]].astype("float64"),
        hovertemplate="%{x|%b %Y}: median %{y:,.0f}<br>P25-P75 %{customdata[1]:,.0f}"
        " - %{customdata[2]:,.0f}<br>n = %{customdata[0]:,}<extra></extra>",
    )
    add_hidden_periods(fig, hidden["period"], period_label)
    sub = f"{n_text(pd.to_numeric(privacy.shown(data)['n']).sum())} · {value_label}"
    if len(hidden):
        sub += f" · {len(hidden)} {period_label}(s) hidden ({privacy.label()}): gaps"
    fig.update_xaxes(title=period_label.capitalize())
    period_axis(fig, period_label, len(data))
    fig.update_yaxes(title=value_label, tickformat=",.3~s")
    return layout(fig, sub)


def add_hidden_periods(fig: go.Figure, periods: pd.Series, period_label: str) -> None:
    """Shade each hidden period and give the shading a legend entry."""
    if periods.empty:
        return
    for start in pd.to_datetime(periods):
        end = _period_end(start, period_label)
        fig.add_vrect(
            x0=start, x1=end, fillcolor="#E6E9EE", opacity=0.7, line_width=0, layer="below"
        )
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": "square", "size": 12, "color": "#E6E9EE"},
        name=f"Hidden ({privacy.label()}, or to protect such a {period_label})",
    )


def _period_end(start: pd.Timestamp, period_label: str) -> pd.Timestamp:
    offsets = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1)}
    return start + offsets.get(period_label, pd.DateOffset(months=3))
