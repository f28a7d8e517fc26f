"""Shares: answers of one question within each group, over time, or ranked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from insights import labels, privacy
from insights.charts.base import (
    COLOURED_FIELDS,
    PALETTE,
    by_size,
    color_map,
    count,
    hidden_note,
    layout,
    n_text,
    ordered,
    period_axis,
    pretty,
    rows_height,
)
from insights.charts.distributions import add_hidden_periods


def stacked_shares(
    df: pd.DataFrame,
    *,
    field: str,
    group_label: str,
    time_axis: bool = False,
    group_field: str | None = None,
    period_label: str = "quarter",
) -> go.Figure:
    """100% stacked bars of `category` within each `group` (time on x, else groups on y)."""
    shown = privacy.shown(df)
    if group_field in labels.ORDERS or time_axis:
        shown = ordered(shown, group_field)
    else:
        sizes = shown.groupby("group", sort=False)["n"].first().rename("_size")
        shown = by_size(shown.join(sizes, on="group"), "_size").drop(columns="_size")
    colors = color_map(field, shown["category"].dropna().astype(str))
    groups = list(dict.fromkeys(shown["group"]))
    n_by_group = shown.groupby("group", sort=False)["n"].first()
    row_label = {g: f"{pretty(g, group_field)} (n={count(n_by_group[g])})" for g in groups}
    fig = go.Figure()
    for cat in colors:
        part = shown[shown["category"].astype(str) == cat]
        if part.empty:
            continue
        custom = part[["count", "n"]].astype("float64")
        if time_axis:
            fig.add_bar(
                x=part["group"],
                y=part["share"],
                name=pretty(cat, field),
                marker_color=colors[cat],
                customdata=custom,
                hovertemplate=pretty(cat, field) + " %{x|%b %Y}: %{y:.0%} of %{customdata[1]:,}"
                "<extra></extra>",
            )
        else:
            fig.add_bar(
                y=[row_label[g] for g in part["group"]],
                x=part["share"],
                name=pretty(cat, field),
                marker_color=colors[cat],
                orientation="h",
                customdata=custom,
                hovertemplate=pretty(cat, field) + ": %{x:.0%} of %{customdata[1]:,}"
                "<extra></extra>",
            )
    sub = f"{n_text(pd.to_numeric(n_by_group).sum())} · share of those who answered"
    fig.update_layout(barmode="stack")
    if time_axis:
        hidden = privacy.hidden(df)
        add_hidden_periods(fig, hidden["group"], period_label)
        if len(hidden):
            sub += f" · {len(hidden)} {period_label}(s) hidden ({privacy.label()})"
        fig.update_yaxes(title="Share of answers", tickformat=".0%", range=[0, 1])
        fig.update_xaxes(title=group_label)
        period_axis(fig, period_label, int(shown["group"].nunique()))
        height = 440
    else:
        sub += hidden_note(df, group_field)
        order = [row_label[g] for g in groups]
        fig.update_xaxes(title="Share of answers", tickformat=".0%", range=[0, 1])
        fig.update_yaxes(
            title=None, categoryorder="array", categoryarray=order[::-1], type="category"
        )
        height = rows_height(len(groups), base=200)
    return layout(fig, sub, height)


def share_bars(
    df: pd.DataFrame, *, field: str, category_label: str, sort: bool = False
) -> go.Figure:
    """Horizontal bars: share of each answer within one group (the `n` of the whole set)."""
    shown = privacy.shown(df)
    if not sort:
        shown = ordered(shown, field, "category")
    else:
        shown = shown.sort_values("share", ascending=False, kind="stable")
    colors = color_map(field, shown["category"].dropna().astype(str))
    names = [pretty(c, field) for c in shown["category"]]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=shown["share"],
        orientation="h",
        marker_color=[
            colors.get(str(c), PALETTE[0]) if field in COLOURED_FIELDS else PALETTE[0]
            for c in shown["category"]
        ],
        text=[f"{s:.0%}" for s in shown["share"]],
        textposition="outside",
        cliponaxis=False,
        customdata=shown[["n"]].astype("float64"),
        hovertemplate="%{y}: %{x:.1%} of %{customdata[0]:,}<extra></extra>",
    )
    n = shown["n"].iloc[0] if len(shown) else 0
    fig.update_xaxes(title="Share of those who answered", tickformat=".0%", rangemode="tozero")
    fig.update_yaxes(
        title=category_label, categoryorder="array", categoryarray=names[::-1], type="category"
    )
    fig.update_layout(showlegend=False)
    return layout(fig, n_text(n), rows_height(len(names), base=130, minimum=220))


def rank_trend(df: pd.DataFrame, *, field: str, item: str, period_label: str) -> go.Figure:
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
            name=pretty(value, field),
            line={"color": color, "width": 2},
            marker={"size": 8},
            customdata=part[["share", "n"]].astype("float64"),
            hovertemplate=pretty(value, field) + " %{x|%b %Y}: rank %{y} (%{customdata[0]:.0%}"
            " of %{customdata[1]:,})<extra></extra>",
        )
    periods = shown.groupby("group")["n"].first()
    sub = f"{n_text(pd.to_numeric(periods).sum())} · rank 1 = named most often"
    hidden = privacy.hidden(df)
    add_hidden_periods(fig, hidden["group"], period_label)
    if len(hidden):
        sub += f" · {len(hidden)} {period_label}(s) hidden ({privacy.label()})"
    fig.update_yaxes(title="Rank", autorange="reversed", dtick=1)
    fig.update_xaxes(title=period_label.capitalize())
    period_axis(fig, period_label, int(shown["group"].nunique()))
    return layout(fig, sub, 460)


def share_lines(df: pd.DataFrame, *, field: str, item: str, period_label: str) -> go.Figure:
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
            name=pretty(value, field),
            line={"color": color, "width": 2},
            customdata=part[["count", "n"]].astype("float64"),
            hovertemplate=pretty(value, field) + " %{x|%b %Y}: %{y:.0%} of %{customdata[1]:,}"
            "<extra></extra>",
        )
    periods = shown.groupby("group")["n"].first()
    sub = f"{n_text(pd.to_numeric(periods).sum())} · share of respondents per {period_label}"
    hidden = privacy.hidden(df)
    add_hidden_periods(fig, hidden["group"], period_label)
    if len(hidden):
        sub += f" · {len(hidden)} {period_label}(s) hidden ({privacy.label()})"
    fig.update_yaxes(title="Share of respondents", tickformat=".0%", rangemode="tozero")
    fig.update_xaxes(title=period_label.capitalize())
    period_axis(fig, period_label, int(shown["group"].nunique()))
    return layout(fig, sub, 460)


def share_heatmap(
    df: pd.DataFrame,
    *,
    row_field: str,
    col: str,
    col_field: str,
    value: str,
    value_format: str,
    colorbar: str,
    unit: str = "responses",
    zrange: tuple[float, float] | None = None,
) -> go.Figure:
    """Rows = segments (`group`), columns = `col`; hidden rows read as such in every cell."""
    data = df.copy()
    row_sizes = data.groupby("group", sort=False)["n"].max()
    if row_field in labels.ORDERS:
        rows = labels.order(row_field, data["group"].dropna().astype(str))
    else:
        sized = pd.DataFrame({"group": row_sizes.index.astype(str), "n": row_sizes.to_numpy()})
        rows = list(by_size(sized, "n")["group"])
    cols = labels.order(col_field, data[col].dropna().astype(str))
    lookup = {(str(r.group), str(getattr(r, col))): r for r in data.itertuples()}
    hidden_groups = {str(g) for g in privacy.hidden(data)["group"]}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for g in rows:
        zr: list[float | None] = []
        tr: list[str] = []
        hr: list[str] = []
        for c in cols:
            rec = lookup.get((g, c))
            if g in hidden_groups and (rec is None or bool(rec.suppressed)):
                zr.append(None)
                tr.append("–")
                hr.append(privacy.label())
            elif rec is None or bool(rec.suppressed) or pd.isna(getattr(rec, value)):
                zr.append(None)
                tr.append("")
                hr.append("no answers" if rec is None else privacy.label())
            else:
                v = float(getattr(rec, value))
                zr.append(v)
                tr.append(format(v, value_format))
                hr.append(f"{format(v, value_format)} (n={count(rec.n)})")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    shown_sizes = privacy.shown(data).groupby("group")["n"].max()
    ylabels = [
        f"{pretty(g, row_field)} (n={count(shown_sizes.get(g))})"
        if g in shown_sizes
        else f"{pretty(g, row_field)} (hidden)"
        for g in rows
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[pretty(c, col_field) for c in cols],
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
    fig.update_yaxes(autorange="reversed", title=None, type="category")
    fig.update_xaxes(title=None, side="bottom", type="category", tickangle=-30)
    sub = n_text(pd.to_numeric(shown_sizes).sum() if len(shown_sizes) else 0, unit)
    if hidden_groups:
        sub += f" · rows marked hidden: {privacy.label()} (or hidden to protect one)"
    return layout(fig, sub, rows_height(len(rows), base=230, minimum=320))


def phrase_bars(df: pd.DataFrame, *, sample_cap: int = 20_000) -> go.Figure:
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
        f"{n_text(responses, 'respondents with questions recorded')} · only phrases used by "
        f"at least {privacy.k()} respondents"
    )
    if len(data) and int(data["texts"].iloc[0]) >= sample_cap:
        sub += f" · from the latest {sample_cap:,} question texts"
    return layout(fig, sub, rows_height(len(data), base=130, minimum=260))
