"""Volume: how many interviews we hold per week."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from insights import privacy
from insights.charts.base import PALETTE, layout, n_text
from insights.charts.distributions import add_hidden_periods


def weekly_interviews(df: pd.DataFrame, bucket: str = "week") -> go.Figure:
    """Bars of interviews per week (or month, quarter); hidden buckets are shaded columns
    with a legend entry (never a bar of zero)."""
    shown, hidden = privacy.shown(df), privacy.hidden(df)
    fig = go.Figure()
    fig.add_bar(
        x=shown["week"],
        y=shown["n"].astype("float64"),
        marker_color=PALETTE[0],
        name="Interviews",
        hovertemplate=f"{bucket.capitalize()} of "
        + "%{x|%d %b %Y}: %{y:,} interviews<extra></extra>",
    )
    add_hidden_periods(fig, hidden["week"], bucket)
    sub = f"{n_text(int(pd.to_numeric(shown['n']).sum()), 'interviews')} in the {bucket}s shown"
    if len(hidden):
        sub += f" · {len(hidden)} {bucket}(s) hidden ({privacy.label()}, or hidden to protect one)"
    title = "Week (Monday start)" if bucket == "week" else bucket.capitalize()
    fig.update_xaxes(title=title)
    fig.update_yaxes(title=f"Interviews per {bucket}", rangemode="tozero")
    return layout(fig, sub, 380)
