"""Pure plotly figure builders: DataFrame (from insights.queries) -> Figure.

Every figure's title asks the one question it answers; its subtitle gives n, units and
currency; groups under the minimum size appear as "fewer than k responses" (never
silently dropped). Colours are fixed per category so "remote" is the same blue on every
page; PALETTE matches [theme] chartCategoricalColors in .streamlit/config.toml.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from etl import canonical
from insights import privacy

PALETTE: tuple[str, ...] = (
    "#4C78A8",  # blue
    "#F58518",  # orange
    "#54A24B",  # green
    "#B279A2",  # purple
    "#E45756",  # red
    "#72B7B2",  # teal
    "#EECA3B",  # yellow
    "#9D755D",  # brown
    "#FF9DA6",  # pink
    "#79706E",  # grey
)
SUPPRESSED_COLOR = "#C8C8C8"
# Fields whose categories also appear as separate series elsewhere: their bars take the
# category's colour so a reader can link charts; other single-series bars stay neutral.
COLOURED_FIELDS = ("work_arrangement", "benefit", "topic")
BAND_COLOR = "#79706E"
FONT = "Source Sans, sans-serif"

# Fixed category orders (and with them colours) for every enumerated field.
ORDERS: dict[str, tuple[str, ...]] = {
    "work_arrangement": canonical.WORK_ARRANGEMENT,
    "seniority": canonical.SENIORITY,
    "career_stage": canonical.CAREER_STAGE,
    "source": canonical.SOURCE,
    "format": canonical.FORMAT,
    "travel": canonical.TRAVEL,
    "relocation": canonical.RELOCATION,
    "benefit": canonical.BENEFITS,
    "topic": canonical.QUESTION_TOPICS,
    "flexible_hours": ("true", "false"),
    "office_days": ("0", "1", "2", "3", "4", "5"),
}
_SPECIAL = {
    "on_site": "On-site",
    "pto": "PTO",
    "true": "Yes",
    "false": "No",
    "in_person": "In person",
    "interviewer_path": "Interviewer's path",
}


def color_map(field: str, values: Iterable[str] = ()) -> dict[str, str]:
    """A stable colour per value: canonical order first, then any other value, sorted."""
    order = list(ORDERS.get(field, ()))
    order += sorted(v for v in set(values) if v not in order)
    return {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(order)}


def pretty(value: object) -> str:
    """'on_site' -> 'On-site', 'work_life_balance' -> 'Work life balance'."""
    text = str(value)
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text.isupper() or " " in text or "(" in text:
        return text  # country codes, role families, cities: as stored
    return text.replace("_", " ").capitalize()


def money(value: float | None, currency: str) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    return f"{currency} {value:,.0f}"


def count(value: object) -> str:
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "n/a"


def ordered(df: pd.DataFrame, field: str, column: str = "group") -> pd.DataFrame:
    """Rows in the field's canonical order (unknown values after, alphabetically)."""
    order = {v: i for i, v in enumerate(color_map(field, df[column].dropna().astype(str)))}
    return df.assign(_o=df[column].astype(str).map(order)).sort_values("_o").drop(columns="_o")


# ---------------------------------------------------------------- layout helpers


def _layout(fig: go.Figure, title: str, subtitle: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "subtitle": {"text": subtitle}, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 80, "b": 80},
        font={"family": FONT, "size": 13},
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0.0,
            "x": 0,
            "title": None,
            "traceorder": "normal",
        },
        hoverlabel={"namelength": -1},
    )
    return fig


def _n_text(n: int | float | None, unit: str = "responses") -> str:
    return f"n = {count(n)} {unit}"


def _suppressed_note(labels: Sequence[str], what: str = "") -> str:
    if not labels:
        return ""
    listed = ", ".join(labels[:6]) + (" and more" if len(labels) > 6 else "")
    return f" · {what}{listed}: {privacy.label()}, not shown"


# ---------------------------------------------------------------- overview


def weekly_interviews(df: pd.DataFrame) -> go.Figure:
    """Bars of interviews per week; suppressed weeks as grey ticks labelled on hover."""
    shown, hidden = privacy.shown(df), privacy.hidden(df)
    fig = go.Figure()
    fig.add_bar(
        x=shown["week"],
        y=shown["n"].astype("float64"),
        marker_color=PALETTE[0],
        name="Interviews",
        hovertemplate="Week of %{x|%d %b %Y}: %{y:,} interviews<extra></extra>",
    )
    if len(hidden):
        fig.add_scatter(
            x=hidden["week"],
            y=[0] * len(hidden),
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 10, "color": "#888"},
            name=privacy.label(),
            hovertemplate="Week of %{x|%d %b %Y}: " + privacy.label() + "<extra></extra>",
        )
    total = int(shown["n"].sum())
    sub = f"{_n_text(total, 'interviews')} in weeks with at least {privacy.k()}"
    if len(hidden):
        sub += f" · {len(hidden)} week(s) with {privacy.label()} shown as grey ticks"
    fig.update_xaxes(title="Week (Monday start)")
    fig.update_yaxes(title="Interviews per week", rangemode="tozero")
    return _layout(fig, "How many exploratory interviews do we hold each week?", sub, 360)


# ---------------------------------------------------------------- distributions


def percentile_ranges(
    df: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    field: str | None = None,
    money_currency: str | None = None,
    sort_by_median: bool = False,
    unit: str = "responses",
) -> go.Figure:
    """Horizontal P10-P90 whiskers, P25-P75 box and median tick per group (precomputed)."""
    data = df.copy()
    if field in ORDERS:
        data = ordered(data, field)
    elif sort_by_median:
        data = data.sort_values("p50", ascending=True, na_position="first")
    shown, hidden = privacy.shown(data), privacy.hidden(data)
    labels = [
        f"{pretty(g)} (n={count(n)})" for g, n in zip(shown["group"], shown["n"], strict=True)
    ]
    fmt = ",.0f"
    fig = go.Figure()
    if len(shown):
        fig.add_trace(
            go.Box(
                y=labels,
                lowerfence=shown["p10"],
                q1=shown["p25"],
                median=shown["p50"],
                q3=shown["p75"],
                upperfence=shown["p90"],
                orientation="h",
                marker_color=PALETTE[0],
                fillcolor="rgba(76,120,168,0.35)",
                line={"width": 2},
                name="P10 · P25 · median · P75 · P90",
                hoverinfo="x+y",
                whiskerwidth=0.4,
            )
        )
    hidden_labels = [pretty(g) for g in hidden["group"]]
    sub = f"{_n_text(pd.to_numeric(shown['n']).sum(), unit)} · {value_label}"
    sub += " · box = P25-P75, line = median, whiskers = P10-P90"
    sub += _suppressed_note(hidden_labels)
    fig.update_xaxes(title=value_label, tickformat=",.3~s" if money_currency else fmt)
    fig.update_yaxes(title=None, type="category", categoryorder="array", categoryarray=labels)
    height = max(260, 90 + 42 * max(1, len(labels)))
    fig.update_layout(showlegend=False)
    return _layout(fig, title, sub, height)


def median_band_trend(
    df: pd.DataFrame, *, title: str, value_label: str, period_label: str
) -> go.Figure:
    """Median line with a shaded P25-P75 band per time bucket; suppressed buckets are gaps."""
    data = df.sort_values("period")
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
        name="P25-P75",
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
    hidden = privacy.hidden(data)
    sub = f"{_n_text(pd.to_numeric(privacy.shown(data)['n']).sum())} · {value_label}"
    if len(hidden):
        sub += f" · {len(hidden)} {period_label}(s) with {privacy.label()} left as gaps"
    fig.update_xaxes(title=period_label.capitalize())
    fig.update_yaxes(title=value_label, tickformat=",.3~s")
    return _layout(fig, title, sub)


def bands_vs_expectations(df: pd.DataFrame, currency: str) -> go.Figure:
    """Per band: our band (min-max, mid) beside candidates' expectations (P25-P75, median)."""
    data = df.reset_index(drop=True)
    labels = [_band_label(r) for r in data.itertuples()]
    pos = list(range(len(data)))[::-1]
    fig = go.Figure()
    ok = data["band_min"].notna()
    fig.add_bar(
        y=[p + 0.18 for p, o in zip(pos, ok, strict=True) if o],
        x=(data["band_max"] - data["band_min"])[ok],
        base=data["band_min"][ok],
        orientation="h",
        width=0.32,
        marker_color=BAND_COLOR,
        name="Our band (min-max)",
        customdata=data.loc[ok, ["band_min", "band_mid", "band_max"]],
        hovertemplate="Band %{customdata[0]:,.0f} - %{customdata[2]:,.0f}, mid "
        "%{customdata[1]:,.0f}<extra></extra>",
    )
    fig.add_scatter(
        y=[p + 0.18 for p, o in zip(pos, ok, strict=True) if o],
        x=data["band_mid"][ok],
        mode="markers",
        marker={"symbol": "line-ns", "size": 16, "line": {"width": 3, "color": "white"}},
        name="Band mid",
        hoverinfo="skip",
    )
    shown = ~data["suppressed"]
    fig.add_bar(
        y=[p - 0.18 for p, s in zip(pos, shown, strict=True) if s],
        x=(data["p75"] - data["p25"])[shown],
        base=data["p25"][shown],
        orientation="h",
        width=0.32,
        marker_color=PALETTE[0],
        name="Candidates expect (P25-P75)",
        customdata=data.loc[shown, ["p25", "p50", "p75", "n"]].astype("float64"),
        hovertemplate="Expectations P25 %{customdata[0]:,.0f}, median %{customdata[1]:,.0f},"
        " P75 %{customdata[2]:,.0f} (n=%{customdata[3]:,})<extra></extra>",
    )
    fig.add_scatter(
        y=[p - 0.18 for p, s in zip(pos, shown, strict=True) if s],
        x=data["p50"][shown],
        mode="markers",
        marker={"symbol": "line-ns", "size": 16, "line": {"width": 3, "color": "white"}},
        name="Median expectation",
        hoverinfo="skip",
    )
    for p, row in zip(pos, data.itertuples(), strict=True):
        if row.suppressed:
            fig.add_annotation(
                y=p - 0.18,
                x=0,
                xref="paper",
                xanchor="left",
                showarrow=False,
                text=f"candidates: {privacy.label()}",
                font={"color": "#666", "size": 12},
            )
        if not isinstance(row.band_min, float) or math.isnan(row.band_min):
            fig.add_annotation(
                y=p + 0.18,
                x=0,
                xref="paper",
                xanchor="left",
                showarrow=False,
                text=f"band: no FX rate for {row.currency}",
                font={"color": "#666", "size": 12},
            )
    n_total = pd.to_numeric(data.loc[shown, "n"]).sum()
    years = sorted({int(y) for y in data["fx_year"].dropna()})
    fx = f" · bands converted at {', '.join(map(str, years))} average FX rates" if years else ""
    fig.update_yaxes(tickvals=pos, ticktext=labels, title=None, range=[-0.6, len(pos) - 0.4])
    fig.update_xaxes(title=f"Pay ({currency} per year)", tickformat=",.3~s")
    fig.update_layout(barmode="overlay")
    return _layout(
        fig,
        "Where do our salary bands sit against what candidates expect?",
        f"{_n_text(n_total)} matched on role family, seniority and country · "
        f"{currency} per year{fx}",
        max(320, 110 + 70 * len(pos)),
    )


def _band_label(row: Any) -> str:
    head = f"{row.role_family} · {pretty(row.seniority)} · {row.country}"
    if row.suppressed or pd.isna(row.pct_band_min):
        return head
    detail = (
        f"band min P{row.pct_band_min:.0f} · mid P{row.pct_band_mid:.0f}"
        f" · max P{row.pct_band_max:.0f}"
    )
    above = row.pct_min_above_max
    if not pd.isna(above):
        detail += f" · {above:.0f}% want more than max"
    return f"{head}<br><span style='font-size:11px;color:#555'>{detail}</span>"


# ---------------------------------------------------------------- shares


def stacked_shares(
    df: pd.DataFrame,
    *,
    field: str,
    title: str,
    group_label: str,
    time_axis: bool = False,
    group_field: str | None = None,
) -> go.Figure:
    """100% stacked bars of `category` within each `group` (time on x, else groups on y)."""
    shown, hidden = privacy.shown(df), privacy.hidden(df)
    if group_field:
        shown = ordered(shown, group_field)
    colors = color_map(field, shown["category"].dropna().astype(str))
    groups = list(dict.fromkeys(shown["group"]))
    n_by_group = shown.groupby("group", sort=False)["n"].first()
    fig = go.Figure()
    for cat in colors:
        part = shown[shown["category"].astype(str) == cat]
        if part.empty:
            continue
        if time_axis:
            fig.add_bar(
                x=part["group"],
                y=part["share"],
                name=pretty(cat),
                marker_color=colors[cat],
                customdata=part[["count", "n"]].astype("float64"),
                hovertemplate=pretty(cat) + " %{x|%b %Y}: %{y:.0%} (%{customdata[0]:,} of "
                "%{customdata[1]:,})<extra></extra>",
            )
        else:
            ylab = [f"{pretty(g)} (n={count(n_by_group[g])})" for g in part["group"]]
            fig.add_bar(
                y=ylab,
                x=part["share"],
                name=pretty(cat),
                marker_color=colors[cat],
                orientation="h",
                customdata=part[["count", "n"]].astype("float64"),
                hovertemplate=pretty(cat) + ": %{x:.0%} (%{customdata[0]:,} of "
                "%{customdata[1]:,})<extra></extra>",
            )
    sub = f"{_n_text(pd.to_numeric(n_by_group).sum())} · share of those who answered"
    hidden_labels = [
        pd.Timestamp(g).strftime("%b %Y") if time_axis else pretty(g) for g in hidden["group"]
    ]
    sub += _suppressed_note(hidden_labels)
    fig.update_layout(barmode="stack")
    if time_axis:
        fig.update_yaxes(title="Share of answers", tickformat=".0%", range=[0, 1])
        fig.update_xaxes(title=group_label)
        height = 420
    else:
        order = [f"{pretty(g)} (n={count(n_by_group[g])})" for g in groups]
        fig.update_xaxes(title="Share of answers", tickformat=".0%", range=[0, 1])
        fig.update_yaxes(
            title=None, categoryorder="array", categoryarray=order[::-1], type="category"
        )
        height = max(260, 120 + 36 * len(groups))
    return _layout(fig, title, sub, height)


def share_bars(
    df: pd.DataFrame, *, field: str, title: str, category_label: str, sort: bool = False
) -> go.Figure:
    """Horizontal bars: share of each answer within one group (the `n` of the whole set)."""
    shown = privacy.shown(df)
    if not sort:
        shown = ordered(shown, field, "category")
    else:
        shown = shown.sort_values("share", ascending=False)
    colors = color_map(field, shown["category"].dropna().astype(str))
    labels = [pretty(c) for c in shown["category"]]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=shown["share"],
        orientation="h",
        marker_color=[
            colors.get(str(c), PALETTE[0]) if field in COLOURED_FIELDS else PALETTE[0]
            for c in shown["category"]
        ],
        text=[f"{s:.0%}" for s in shown["share"]],
        textposition="outside",
        cliponaxis=False,
        customdata=shown[["count"]].astype("float64"),
        hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:,})<extra></extra>",
    )
    n = shown["n"].iloc[0] if len(shown) else 0
    fig.update_xaxes(title="Share of those who answered", tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(
        title=category_label, categoryorder="array", categoryarray=labels[::-1], type="category"
    )
    fig.update_layout(showlegend=False)
    return _layout(fig, title, _n_text(n), max(220, 100 + 34 * len(labels)))


def rank_trend(
    df: pd.DataFrame, *, field: str, item: str, title: str, period_label: str
) -> go.Figure:
    """Bump chart: rank (1 = top) of each item per time bucket."""
    shown = privacy.shown(df)
    colors = color_map(field, shown[item].dropna().astype(str))
    fig = go.Figure()
    for value, color in colors.items():
        part = shown[shown[item].astype(str) == value].sort_values("group")
        if part.empty:
            continue
        fig.add_scatter(
            x=part["group"],
            y=part["rank"],
            mode="lines+markers",
            name=pretty(value),
            line={"color": color, "width": 2},
            marker={"size": 8},
            customdata=part[["share", "n"]].astype("float64"),
            hovertemplate=pretty(value) + " %{x|%b %Y}: rank %{y} (%{customdata[0]:.0%} of "
            "%{customdata[1]:,})<extra></extra>",
        )
    periods = shown.groupby("group")["n"].first()
    sub = f"{_n_text(pd.to_numeric(periods).sum())} · rank 1 = named most often"
    hidden = privacy.hidden(df)
    if len(hidden):
        sub += f" · {len(hidden)} {period_label}(s) with {privacy.label()} not ranked"
    fig.update_yaxes(title="Rank", autorange="reversed", dtick=1)
    fig.update_xaxes(title=period_label.capitalize())
    return _layout(fig, title, sub, 440)


def share_lines(
    df: pd.DataFrame, *, field: str, item: str, title: str, period_label: str
) -> go.Figure:
    """One line per item: its share of respondents per time bucket."""
    shown = privacy.shown(df)
    colors = color_map(field, shown[item].dropna().astype(str))
    fig = go.Figure()
    for value, color in colors.items():
        part = shown[shown[item].astype(str) == value].sort_values("group")
        if part.empty:
            continue
        fig.add_scatter(
            x=part["group"],
            y=part["share"],
            mode="lines+markers",
            name=pretty(value),
            line={"color": color, "width": 2},
            customdata=part[["count", "n"]].astype("float64"),
            hovertemplate=pretty(value) + " %{x|%b %Y}: %{y:.0%} (%{customdata[0]:,} of "
            "%{customdata[1]:,})<extra></extra>",
        )
    periods = shown.groupby("group")["n"].first()
    sub = f"{_n_text(pd.to_numeric(periods).sum())} · share of respondents per {period_label}"
    hidden = privacy.hidden(df)
    if len(hidden):
        sub += f" · {len(hidden)} {period_label}(s) with {privacy.label()} left out"
    fig.update_yaxes(title="Share of respondents", tickformat=".0%", rangemode="tozero")
    fig.update_xaxes(title=period_label.capitalize())
    return _layout(fig, title, sub, 440)


def share_heatmap(
    df: pd.DataFrame,
    *,
    row_field: str,
    col: str,
    col_field: str,
    value: str,
    title: str,
    value_format: str,
    colorbar: str,
    unit: str = "responses",
    zrange: tuple[float, float] | None = None,
) -> go.Figure:
    """Rows = segments (`group`), columns = `col`; cells under k read 'fewer than k'."""
    data = df.copy()
    rows = list(color_map(row_field, data["group"].dropna().astype(str)))
    rows = [r for r in rows if r in set(data["group"].astype(str))]
    cols = list(color_map(col_field, data[col].dropna().astype(str)))
    cols = [c for c in cols if c in set(data[col].dropna().astype(str))]
    lookup = {(str(r.group), str(getattr(r, col))): r for r in data.itertuples()}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for g in rows:
        zr: list[float | None] = []
        tr: list[str] = []
        hr: list[str] = []
        for c in cols:
            rec = lookup.get((g, c))
            group_hidden = any(
                bool(r.suppressed) for r in data[data["group"].astype(str) == g].itertuples()
            )
            if rec is None and not group_hidden:
                zr.append(None)
                tr.append("")
                hr.append("no answers")
            elif rec is None or bool(rec.suppressed) or pd.isna(getattr(rec, value)):
                zr.append(None)
                tr.append(f"<{privacy.k()}")
                hr.append(privacy.label())
            else:
                v = float(getattr(rec, value))
                zr.append(v)
                tr.append(format(v, value_format))
                hr.append(f"{format(v, value_format)} (n={count(rec.n)})")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    n_rows = data[~data["suppressed"]].groupby("group")["n"].max()
    ylabels = [
        f"{pretty(g)} (n={count(n_rows.get(g))})"
        if g in n_rows
        else f"{pretty(g)} (<{privacy.k()})"
        for g in rows
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[pretty(c) for c in cols],
            y=ylabels,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
            colorscale="Blues",
            zmin=zrange[0] if zrange else None,
            zmax=zrange[1] if zrange else None,
            colorbar={"title": {"text": colorbar}},
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=None, side="bottom")
    sub = f"{_n_text(pd.to_numeric(n_rows).sum() if len(n_rows) else 0, unit)}"
    sub += f" · cells with {privacy.label()} read '<{privacy.k()}'"
    return _layout(fig, title, sub, max(300, 140 + 40 * len(rows)))


# ---------------------------------------------------------------- culture


def mean_with_ci(df: pd.DataFrame, *, title: str) -> go.Figure:
    """Dot per culture dimension at its mean rating with a 95% CI error bar."""
    shown = privacy.shown(df).sort_values("mean")
    hidden = privacy.hidden(df)
    labels = [
        f"{pretty(d)} (n={count(n)})" for d, n in zip(shown["dimension"], shown["n"], strict=True)
    ]
    fig = go.Figure()
    fig.add_scatter(
        y=labels,
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
        hovertemplate="%{y}: mean %{x:.2f} (95% CI %{customdata[0]:.2f}-%{customdata[1]:.2f})"
        "<extra></extra>",
    )
    n_max = pd.to_numeric(shown["n"]).max() if len(shown) else 0
    sub = f"up to {_n_text(n_max, 'ratings')} per dimension · mean on a 1-5 scale · bars = 95% CI"
    sub += _suppressed_note([pretty(d) for d in hidden["dimension"]])
    fig.update_xaxes(title="Mean importance (1 = low, 5 = high)", range=[1, 5], dtick=1)
    fig.update_yaxes(title=None, type="category")
    fig.update_layout(showlegend=False)
    return _layout(fig, title, sub, max(300, 100 + 40 * len(labels)))


def dimension_trends(df: pd.DataFrame, *, title: str, period_label: str) -> go.Figure:
    """Small multiples: mean rating per time bucket for each dimension, with the 95% CI band."""
    dims = list(dict.fromkeys(df["dimension"]))
    cols = 4
    rows = max(1, -(-len(dims) // cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_yaxes=True,
        shared_xaxes=True,
        subplot_titles=[pretty(d) for d in dims],
        vertical_spacing=0.12,
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
            showlegend=False,
            hoverinfo="skip",
            row=r,
            col=c,
        )
        fig.add_scatter(
            x=part["group"],
            y=part["mean"],
            mode="lines+markers",
            showlegend=False,
            line={"color": PALETTE[0], "width": 2},
            marker={"size": 5},
            customdata=part[["n"]].astype("float64"),
            hovertemplate=pretty(dim) + " %{x|%b %Y}: %{y:.2f} (n=%{customdata[0]:,})"
            "<extra></extra>",
            row=r,
            col=c,
        )
    fig.update_yaxes(range=[1, 5], dtick=1)
    fig.update_yaxes(title="Mean (1-5)", col=1)
    hidden = privacy.hidden(df)
    n_total = pd.to_numeric(shown["n"]).groupby(shown["dimension"]).sum().max() if len(shown) else 0
    sub = f"up to {_n_text(n_total, 'ratings')} per dimension · per {period_label} · band = 95% CI"
    if len(hidden):
        sub += f" · {len(hidden)} point(s) with {privacy.label()} left out"
    fig = _layout(fig, title, sub, 230 + 210 * rows)
    fig.update_layout(margin={"t": 120})
    return fig


# ---------------------------------------------------------------- questions


def phrase_bars(df: pd.DataFrame, *, title: str, sample_cap: int = 20_000) -> go.Figure:
    data = df.sort_values("n", ascending=True)
    fig = go.Figure()
    fig.add_bar(
        y=data["phrase"],
        x=data["share"],
        orientation="h",
        marker_color=PALETTE[5],
        text=[f"{s:.0%}" for s in data["share"]],
        textposition="outside",
        cliponaxis=False,
        customdata=data[["n", "responses"]].astype("float64"),
        hovertemplate="'%{y}': %{customdata[0]:,} of %{customdata[1]:,} respondents<extra></extra>",
    )
    responses = data["responses"].iloc[0] if len(data) else 0
    fig.update_xaxes(title="Share of respondents using the phrase", tickformat=".0%")
    fig.update_yaxes(title=None, type="category")
    fig.update_layout(showlegend=False)
    sub = (
        f"{_n_text(responses, 'respondents with questions recorded')} · only phrases used by "
        f"at least {privacy.k()} respondents"
    )
    if len(data) and int(data["texts"].iloc[0]) >= sample_cap:
        sub += f" · from the latest {sample_cap:,} question texts"
    return _layout(fig, title, sub, max(280, 100 + 28 * len(data)))
