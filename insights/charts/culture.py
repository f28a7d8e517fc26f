"""Culture: how much each trait matters (mean rating with its 95% interval), over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from insights import privacy
from insights.charts.base import PALETTE, hidden_note, layout, n_text, pretty, rows_height


def mean_with_ci(df: pd.DataFrame) -> go.Figure:
    """Dot per culture dimension at its mean rating with a 95% CI error bar."""
    shown = privacy.shown(df).sort_values("mean", ascending=False)
    rows = [
        f"{pretty(d, 'dimension')} (n={int(n):,})"
        for d, n in zip(shown["dimension"], shown["n"], strict=True)
    ]
    fig = go.Figure()
    fig.add_scatter(
        y=rows,
        x=shown["mean"],
        mode="markers",
        marker={"size": 12, "color": PALETTE[0]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": shown["ci_high"] - shown["mean"],
            "arrayminus": shown["mean"] - shown["ci_low"],
            "thickness": 2,
            "width": 6,
        },
        customdata=shown[["ci_low", "ci_high"]],
        name="Mean with 95% confidence interval",
        hovertemplate="%{y}: mean %{x:.2f} (95% CI %{customdata[0]:.2f}-%{customdata[1]:.2f})"
        "<extra></extra>",
    )
    n_max = pd.to_numeric(shown["n"]).max() if len(shown) else 0
    sub = f"up to {n_text(n_max, 'ratings')} per trait · mean on a 1-5 scale · bars = 95% CI"
    sub += hidden_note(df, "dimension", "dimension")
    fig.update_xaxes(title="Mean importance (1 = low, 5 = high)", range=[1, 5], dtick=1)
    fig.update_yaxes(title=None, type="category", categoryorder="array", categoryarray=rows[::-1])
    fig.update_layout(showlegend=False)
    return layout(fig, sub, rows_height(len(rows), base=160, minimum=300))


def dimension_trends(df: pd.DataFrame, *, period_label: str) -> go.Figure:
    """Small multiples: mean rating per time bucket for each dimension, with the 95% CI band;
    hidden points are gaps."""
    dims = list(dict.fromkeys(df["dimension"]))
    cols = 4
    rows = max(1, -(-len(dims) // cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_yaxes=True,
        shared_xaxes=True,
        subplot_titles=[pretty(d, "dimension") for d in dims],
        vertical_spacing=0.16,
    )
    shown = privacy.shown(df)
    for i, dim in enumerate(dims):
        part = shown[shown["dimension"] == dim].sort_values("group")
        r, c = i // cols + 1, i % cols + 1
        fig.add_scatter(
            x=part["group"],
            y=part["ci_high"],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=part["group"],
            y=part["ci_low"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(76,120,168,0.2)",
            name="95% CI",
            showlegend=i == 0,
            hoverinfo="skip",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=part["group"],
            y=part["mean"],
            mode="lines+markers",
            name="Mean rating",
            showlegend=i == 0,
            line={"color": PALETTE[0], "width": 2},
            marker={"size": 5},
            customdata=part[["n"]].astype("float64"),
            hovertemplate=pretty(dim, "dimension") + " %{x|%b %Y}: %{y:.2f} (n=%{customdata[0]:,})"
            "<extra></extra>",
            row=r,
            col=c,
        )
    fig.update_yaxes(range=[1, 5], dtick=1)
    fig.update_yaxes(title="Mean (1-5)", col=1)
    hidden = privacy.hidden(df)
    n_total = pd.to_numeric(shown["n"]).groupby(shown["dimension"]).sum().max() if len(shown) else 0
    sub = f"up to {n_text(n_total, 'ratings')} per trait · per {period_label} · band = 95% CI"
    if len(hidden):
        sub += f" · {len(hidden)} point(s) hidden ({privacy.label()}): gaps"
    fig = layout(fig, sub, 260 + 230 * rows)
    fig.update_layout(margin={"t": 120})
    return fig
