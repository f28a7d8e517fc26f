"""Work conditions: where, when and how candidates want to work, and the benefits they name."""

from __future__ import annotations

import pandas as pd

from insights import charts, labels
from insights.catalog.compensation import PERIOD
from insights.catalog.model import Block, Column, Context, Insight, Page
from insights.catalog.specs import ListShares, Shares

SHARE_COLUMNS = (
    Column("count", "Count", "count"),
    Column("n", "Answered", "count"),
    Column("share", "Share", "share"),
)
CONDITIONS = (
    ("office_days", "How many office days a week do candidates want?", "Days per week"),
    ("flexible_hours", "Do candidates want flexible hours?", "Flexible hours"),
    ("travel", "How much travel will candidates accept?", "Travel"),
    ("relocation", "Would candidates relocate?", "Relocation"),
)


def _groups_then_answers(by: str | None, field: str):  # type: ignore[no-untyped-def]
    """Table order = chart order: groups as drawn, each group's answers in domain order
    (remote, hybrid, on-site, flexible)."""

    def sort(df: pd.DataFrame) -> pd.DataFrame:
        if by is None:
            groups = sorted(df["group"].dropna().unique())
        elif by in labels.ORDERS:
            groups = labels.order(by, df["group"].astype(str))
        else:
            sizes = df.groupby("group", sort=False)["n"].first().fillna(-1)
            groups = [
                g
                for g in sizes.sort_values(ascending=False, kind="stable").index
                if str(g) not in (labels.NOT_STATED, labels.OTHERS)
            ] + [g for g in (labels.NOT_STATED, labels.OTHERS) if g in set(df["group"])]
        group_rank = {str(g): i for i, g in enumerate(groups)}
        answer_rank = {
            a: i for i, a in enumerate(labels.order(field, df["category"].dropna().astype(str)))
        }
        return (
            df.assign(
                _g=df["group"].astype(str).map(group_rank),
                _a=df["category"].astype(str).map(answer_rank).fillna(-1),
            )
            .sort_values(["_g", "_a"], kind="stable")
            .drop(columns=["_g", "_a"])
        )

    return sort


def _sort_category(field: str):  # type: ignore[no-untyped-def]
    def sort(df: pd.DataFrame) -> pd.DataFrame:
        return charts.ordered(df, field, "category")

    return sort


def arrangement_trend(every: str) -> Insight:
    return Insight(
        key="arrangement_trend",
        question=f"Is the preference for remote work changing? Arrangement wanted per {every}",
        spec=Shares(every=every, column="work_arrangement"),
        columns=(
            Column("group", every.capitalize(), "date", field=every),
            Column("category", "Arrangement", "label", "work_arrangement"),
            *SHARE_COLUMNS,
        ),
        draw=lambda df, ctx: charts.stacked_shares(
            df,
            field="work_arrangement",
            time_axis=True,
            group_label=every.capitalize(),
            period_label=every,
        ),
        about="work arrangement",
        sort=_groups_then_answers(None, "work_arrangement"),
        pivot="work_arrangement",
    )


def arrangement_by(by: str) -> Insight:
    heading = labels.heading(by)
    return Insight(
        key=f"arrangement_by_{by}",
        question=f"Which work arrangement does each {heading.lower()} want?",
        spec=Shares(by=by, column="work_arrangement"),
        columns=(
            Column("group", heading, "label", by),
            Column("category", "Arrangement", "label", "work_arrangement"),
            *SHARE_COLUMNS,
        ),
        draw=lambda df, ctx: charts.stacked_shares(
            df, field="work_arrangement", group_label=heading.lower(), group_field=by
        ),
        about="work arrangement",
        pick=by if by in labels.OPEN_FIELDS else None,
        sort=_groups_then_answers(by, "work_arrangement"),
        pivot="work_arrangement",
    )


def condition(column: str, question: str, label: str) -> Insight:
    return Insight(
        key=column,
        question=question,
        spec=Shares(column=column),
        columns=(Column("category", label, "label", column), *SHARE_COLUMNS),
        draw=lambda df, ctx: charts.share_bars(df, field=column, category_label=label),
        about=label.lower(),
        sort=_sort_category(column),
        excel="bar",
    )


def _benefits_chart(df: pd.DataFrame, ctx: Context):  # type: ignore[no-untyped-def]
    return charts.share_bars(
        df.rename(columns={"benefit": "category"}),
        field="benefit",
        category_label="Benefit",
        sort=True,
    )


BENEFITS = Insight(
    key="benefits",
    question="Which benefits do candidates name most often?",
    spec=ListShares(column="benefits", item="benefit", rank=True),
    columns=(
        Column("benefit", "Benefit", "label", "benefit"),
        Column("count", "Named by", "count"),
        Column("n", "Answered", "count"),
        Column("share", "Share", "share"),
    ),
    draw=_benefits_chart,
    about="benefits",
    sort=lambda df: df.sort_values("share", ascending=False, kind="stable"),
    excel="bar",
)


def benefits_rank(every: str) -> Insight:
    return Insight(
        key="benefits_rank",
        question=f"How does the benefits ranking move per {every}?",
        spec=ListShares(every=every, column="benefits", item="benefit", rank=True),
        columns=(
            Column("group", every.capitalize(), "date", field=every),
            Column("benefit", "Benefit", "label", "benefit"),
            Column("rank", "Rank", "count"),
            Column("share", "Share", "share"),
            Column("n", "Answered", "count"),
        ),
        draw=lambda df, ctx: charts.rank_trend(
            df, field="benefit", item="benefit", period_label=every
        ),
        about="benefits",
    )


def _layout(params: dict[str, str]) -> list[Block]:
    every = params["every"]
    return [
        Block(
            "Work arrangement",
            (
                arrangement_trend(every),
                arrangement_by("role_family"),
                arrangement_by("career_stage"),
            ),
        ),
        Block(
            "Office days, hours, travel, relocation",
            tuple(condition(*c) for c in CONDITIONS),
            "Share of those who answered each question.",
        ),
        Block("Benefits", (BENEFITS, benefits_rank(every))),
    ]


PAGE = Page(
    key="work_conditions",
    title="Work conditions",
    path="views/work_conditions.py",
    intro="Where, when and how candidates want to work, and the benefits they name.",
    params=(PERIOD,),
    layout=_layout,
)
