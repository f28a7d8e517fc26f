"""Culture: which traits matter most to candidates, to whom, and how that changes."""

from __future__ import annotations

import pandas as pd

from etl import settings
from insights import charts, labels
from insights.catalog.compensation import PERIOD
from insights.catalog.model import Block, Column, Insight, Page, Param
from insights.catalog.specs import Means

SEGMENTS = ("career_stage", "role_family", "seniority", "country")
SEGMENT = Param(
    "segment",
    "Segment",
    SEGMENTS,
    "career_stage",
    {s: labels.heading(s) for s in SEGMENTS},
    block="By segment",
)
INTRO = "Candidates rate how much each trait matters to them, from 1 (low) to 5 (high)."


def _by_dimension(df: pd.DataFrame) -> pd.DataFrame:
    order = {d: i for i, d in enumerate(settings.culture_dimensions())}
    return (
        df.assign(_o=df["dimension"].map(lambda d: order.get(d, len(order))))
        .sort_values(["_o"], kind="stable")
        .drop(columns="_o")
    )


MEANS = Insight(
    key="culture_means",
    question="Which culture traits matter most to candidates?",
    spec=Means(),
    columns=(
        Column("dimension", "Trait", "label", "dimension"),
        Column("n", "Ratings", "count"),
        Column("mean", "Mean (1-5)", "mean"),
        Column("ci_low", "95% CI low", "mean"),
        Column("ci_high", "95% CI high", "mean"),
    ),
    draw=lambda df, ctx: charts.mean_with_ci(df),
    about="culture",
    unit="ratings per trait (at most)",
    count="max",
    sort=lambda df: df.sort_values("mean", ascending=False, kind="stable", na_position="last"),
    excel="bar",
)


def by_segment(segment: str) -> Insight:
    heading = labels.heading(segment)
    return Insight(
        key=f"culture_by_{segment}",
        question=f"Which traits matter to each {heading.lower()}?",
        spec=Means(by=segment),
        columns=(
            Column("group", heading, "label", segment),
            Column("dimension", "Trait", "label", "dimension"),
            Column("n", "Ratings", "count"),
            Column("mean", "Mean (1-5)", "mean"),
        ),
        draw=lambda df, ctx: charts.share_heatmap(
            df.rename(columns={"dimension": "dim"}),
            row_field=segment,
            col="dim",
            col_field="dimension",
            value="mean",
            value_format=".2f",
            colorbar="Mean (1-5)",
            unit="ratings",
            zrange=(1, 5),
        ),
        about="culture",
        unit="ratings (largest per group, summed)",
        count="group_max",
        pick=segment if segment in labels.OPEN_FIELDS else None,
        sort=lambda df: charts.ordered(_by_dimension(df), segment),
    )


def trend(every: str) -> Insight:
    return Insight(
        key="culture_trend",
        question=f"Is what candidates value changing? Mean rating per {every}",
        spec=Means(every=every),
        columns=(
            Column("group", every.capitalize(), "date", field=every),
            Column("dimension", "Trait", "label", "dimension"),
            Column("n", "Ratings", "count"),
            Column("mean", "Mean (1-5)", "mean"),
            Column("ci_low", "95% CI low", "mean"),
            Column("ci_high", "95% CI high", "mean"),
        ),
        draw=lambda df, ctx: charts.dimension_trends(df, period_label=every),
        about="culture",
        unit="ratings per trait (at most)",
        count="dimension_sum_max",
    )


def _layout(params: dict[str, str]) -> list[Block]:
    return [
        Block("What matters most", (MEANS,), INTRO),
        Block("By segment", (by_segment(params["segment"]),)),
        Block("Over time", (trend(params["every"]),)),
    ]


PAGE = Page(
    key="culture",
    title="Culture",
    path="views/culture.py",
    intro=INTRO,
    params=(SEGMENT, PERIOD),
    layout=_layout,
)
