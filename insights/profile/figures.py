"""Figures of one candidate's profile (pure plotly: DataFrame -> Figure).

Text from the data (what the candidate said about pay) reaches a figure only through
hover labels, HTML-escaped, since plotly reads tags such as ``<a href>`` in its labels.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from insights.pool.money import amount, missing, pay_range

BLUE = "#4C78A8"
PAD = dt.timedelta(days=45)


def expectations_figure(expectations: pd.DataFrame, currency: str) -> go.Figure:
    """Expected pay per year at each interview that stated it: the range as a bar, the
    middle as a dot, joined over time when there are several. Dates are dates (a single
    interview gets a readable axis of its own, not a range of milliseconds).

    Columns: interview_date, comp_min_annual, comp_max_annual, comp_mid_annual (base
    currency per year), comp_min, comp_max, comp_currency, comp_period, comp_raw.
    """
    df = expectations.sort_values("interview_date", kind="stable").reset_index(drop=True)
    dates = [pd.Timestamp(d).to_pydatetime() for d in df["interview_date"]]
    lo = df["comp_min_annual"].fillna(df["comp_mid_annual"]).astype(float)
    hi = df["comp_max_annual"].fillna(df["comp_mid_annual"]).astype(float)
    mid = df["comp_mid_annual"].fillna((lo + hi) / 2).astype(float)
    hover = [
        _hover(d, r, lo[i], hi[i], currency)
        for i, (d, r) in enumerate(zip(dates, df.to_dict("records"), strict=True))
    ]
    n = len(df)
    fig = go.Figure(
        go.Scatter(
            x=dates,
            y=mid,
            mode="lines+markers" if n > 1 else "markers",
            name="Expected pay",
            line={"color": BLUE, "width": 2},
            marker={"size": 10, "color": BLUE},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": list(hi - mid),
                "arrayminus": list(mid - lo),
                "color": BLUE,
                "thickness": 2,
                "width": 8,
            },
            hovertext=hover,
            hoverinfo="text",
        )
    )
    first, last = min(dates), max(dates)
    fig.update_layout(
        title={
            "text": f"How has the expected pay changed? ({n} interview{'s' * (n != 1)} "
            f"stating pay; {currency} per year)",
            "x": 0,
            "xanchor": "left",
        },
        height=340,
        margin={"l": 10, "r": 20, "t": 60, "b": 10},
        showlegend=False,
        hovermode="closest",
    )
    fig.update_xaxes(
        type="date",
        range=[first - PAD, last + PAD],
        tickformat="%d %b %Y",
        nticks=min(8, max(3, n + 2)),
        title_text="Interview date",
    )
    top = float(hi.max()) if len(hi) and not missing(hi.max()) else 0.0
    fig.update_yaxes(
        title_text=f"{currency} per year",
        tickformat=",.0f",
        rangemode="tozero",
        range=[0, top * 1.15 if top else 1],
    )
    return fig


def _hover(when: dt.datetime, row: dict[Any, Any], lo: float, hi: float, currency: str) -> str:
    stated = pay_range(
        row.get("comp_min"), row.get("comp_max"), row.get("comp_currency"), row.get("comp_period")
    )
    raw = row.get("comp_raw")
    per_year = (
        f"{currency} {amount(lo)}"
        if amount(lo) == amount(hi)
        else f"{currency} {amount(lo)}–{amount(hi)}"
    )
    lines = [when.strftime("%d %b %Y"), f"{per_year} per year"]
    if stated:
        lines.append(f"stated: {stated}")
    if isinstance(raw, str) and raw.strip():
        lines.append(f"as written: “{raw.strip()[:80]}”")
    return "<br>".join(html.escape(line, quote=False) for line in lines)
