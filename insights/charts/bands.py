"""Our salary bands against what candidates expect: a compa-ratio view and band detail.

Band figures are our own reference data and always drawn; candidates' figures of a band
with fewer than k matched candidates are hidden (the row says so).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from insights import privacy
from insights.charts.base import (
    BAND_COLOR,
    PALETTE,
    by_size,
    hidden_note,
    layout,
    n_text,
    pretty,
    rows_height,
)

MARKET_RATIO = "expected pay ÷ band midpoint"


def band_ratios(df: pd.DataFrame) -> go.Figure:
    """Per role family: candidates' expected pay over their band's midpoint (P25-P75 bar,
    median dot) against a line at 1.0 (= our midpoint)."""
    data = by_size(df, "p50")
    shown = privacy.shown(data)
    rows = [f"{g} (n={int(n):,})" for g, n in zip(shown["group"], shown["n"], strict=True)]
    custom = shown[["p25", "p50", "p75", "share_above_max", "n"]].astype("float64").to_numpy()
    hover = (
        "<b>%{y}</b><br>median %{customdata[1]:.2f} × band mid<br>"
        "P25-P75 %{customdata[0]:.2f} - %{customdata[2]:.2f}<br>"
        "%{customdata[3]:.0%} expect more than the band maximum<extra></extra>"
    )
    fig = go.Figure()
    fig.add_bar(
        y=rows,
        x=(shown["p75"] - shown["p25"]).astype("float64"),
        base=shown["p25"].astype("float64"),
        orientation="h",
        width=0.55,
        marker_color="rgba(76,120,168,0.55)",
        marker_line={"color": PALETTE[0], "width": 1.5},
        name="Candidates P25-P75",
        customdata=custom,
        hovertemplate=hover,
    )
    fig.add_scatter(
        y=rows,
        x=shown["p50"].astype("float64"),
        mode="markers+text",
        marker={"color": "#1F2A37", "size": 9},
        text=[f"{v:.2f}" for v in shown["p50"]],
        textposition="middle right",
        name="Median",
        customdata=custom,
        hovertemplate=hover,
    )
    fig.add_vline(x=1.0, line={"color": BAND_COLOR, "width": 2, "dash": "dash"})
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        line={"color": BAND_COLOR, "width": 2, "dash": "dash"},
        name="Our band midpoint (1.0)",
    )
    sub = (
        f"{n_text(pd.to_numeric(shown['n']).sum(), 'candidates matched to a band')} · "
        f"{MARKET_RATIO}; above 1 = candidates expect more than our midpoint"
    )
    sub += hidden_note(data, "role_family")
    fig.update_xaxes(title=f"Market compa-ratio ({MARKET_RATIO})", tickformat=".2f")
    fig.update_yaxes(title=None, type="category", categoryorder="array", categoryarray=rows[::-1])
    fig.update_layout(barmode="overlay")
    return layout(fig, sub, rows_height(len(rows), base=190))


def band_detail(df: pd.DataFrame, currency: str) -> go.Figure:
    """Per band of one role family: our band (min-max bar, white midpoint tick) just above
    the candidates' expected pay (P25-P75 bar, median dot)."""
    data = df.reset_index(drop=True)
    labels = [
        f"{pretty(r.seniority, 'seniority')} · {pretty(r.country, 'country')}"
        for r in data.itertuples()
    ]
    rows = len(data)
    centre = [float(rows - 1 - i) for i in range(rows)]
    has_band = data["band_min"].notna().to_numpy()
    shown_mask = (~data[privacy.SUPPRESSED].astype(bool)).to_numpy()
    band, shown = data[has_band], data[shown_mask]
    band_y = [c + 0.17 for c, ok in zip(centre, has_band, strict=True) if ok]
    shown_y = [c - 0.17 for c, ok in zip(centre, shown_mask, strict=True) if ok]
    fig = go.Figure()
    fig.add_bar(
        y=band_y,
        x=(band["band_max"] - band["band_min"]).astype("float64"),
        base=band["band_min"].astype("float64"),
        orientation="h",
        width=0.3,
        marker_color=BAND_COLOR,
        name="Our band (minimum to maximum)",
        customdata=band[["band_min", "band_mid", "band_max"]].astype("float64").to_numpy(),
        hovertemplate=f"Our band {currency} %{{customdata[0]:,.0f}} - %{{customdata[2]:,.0f}},"
        " midpoint %{customdata[1]:,.0f}<extra></extra>",
    )
    fig.add_scatter(
        y=band_y,
        x=band["band_mid"].astype("float64"),
        mode="markers",
        marker={"symbol": "line-ns", "size": 14, "line": {"width": 3, "color": "#FFFFFF"}},
        name="Band midpoint (white tick)",
        hoverinfo="skip",
    )
    custom = shown[["p25", "p50", "p75", "n", "compa", "share_above_max"]].astype("float64")
    fig.add_bar(
        y=shown_y,
        x=(shown["p75"] - shown["p25"]).astype("float64"),
        base=shown["p25"].astype("float64"),
        orientation="h",
        width=0.3,
        marker_color="rgba(76,120,168,0.55)",
        marker_line={"color": PALETTE[0], "width": 1.5},
        name="Candidates' expected pay (P25-P75)",
        customdata=custom.to_numpy(),
        hovertemplate=f"Expected pay P25 {currency} %{{customdata[0]:,.0f}}, median "
        "%{customdata[1]:,.0f}, P75 %{customdata[2]:,.0f} (n=%{customdata[3]:,})<br>"
        "median ÷ band midpoint %{customdata[4]:.2f} · %{customdata[5]:.0%} above the band "
        "maximum<extra></extra>",
    )
    fig.add_scatter(
        y=shown_y,
        x=shown["p50"].astype("float64"),
        mode="markers",
        marker={"color": "#1F2A37", "size": 8},
        name="Median expected pay",
        hoverinfo="skip",
    )
    # Each row says, in words, what a total-rewards lead reads first: the median's ratio to
    # our midpoint and the share expecting more than our maximum.
    right = float(
        pd.concat([data["band_max"], data["p75"]]).astype("float64").max(skipna=True) or 0
    )
    notes = []
    for rec, ok in zip(data.itertuples(), shown_mask, strict=True):
        if not ok:
            notes.append(f"candidates: {privacy.label()}")
        elif not rec.n:
            notes.append("no candidates")
        else:
            notes.append(f"median ÷ mid {rec.compa:.2f} · {rec.share_above_max:.0%} above max")
    fig.add_scatter(
        y=centre,
        x=[right * 1.03] * rows,
        mode="text",
        text=notes,
        textposition="middle right",
        textfont={"color": "#3d4752", "size": 12},
        hoverinfo="skip",
        showlegend=False,
    )
    years = sorted({int(y) for y in data["fx_year"].dropna()})
    fx = f" · bands converted at {', '.join(map(str, years))} average FX rates" if years else ""
    n_total = pd.to_numeric(shown["n"]).sum()
    sub = (
        f"{n_text(n_total, 'candidates')} matched on role family, seniority and country · "
        f"{currency} per year{fx}"
    )
    fig.update_xaxes(
        title=f"Pay ({currency} per year)", tickformat=",.3~s", range=[0, right * 1.55]
    )
    fig.update_yaxes(
        title=None,
        tickvals=centre,
        ticktext=labels,
        range=[-0.6, rows - 0.4],
        showgrid=False,
        zeroline=False,
    )
    fig.update_layout(barmode="overlay", showlegend=True)
    return layout(fig, sub, rows_height(rows, base=190, minimum=280) + 10 * rows)
