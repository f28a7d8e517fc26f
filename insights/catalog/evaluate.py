"""Insights -> Answers: run the specs (checked by the reader), then shape, order, count
and draw each answer. The only way a figure reaches a page, a report or the CLI."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from insights import labels, privacy
from insights.access import Permission
from insights.catalog.model import Answer, Context, Insight
from insights.catalog.specs import run_specs
from insights.filters import Filters
from insights.queries import meta
from insights.reader import Reader


def context(reader: Reader) -> Context:
    currency = reader.run(Permission.AGGREGATES, meta.base_currency, Filters())
    return Context(currency=str(currency), k=privacy.k())


def evaluate(reader: Reader, insights: Sequence[Insight], filters: Filters) -> list[Answer]:
    """One answer per insight (several for an insight split by a column), in order."""
    if not insights:
        return []
    frames = reader.run(Permission.AGGREGATES, run_specs, filters, tuple(i.spec for i in insights))
    ctx = context(reader)
    out: list[Answer] = []
    for insight, frame in zip(insights, frames, strict=True):
        out.extend(answers_of(insight, frame, ctx))
    return out


def answer(reader: Reader, insight: Insight, filters: Filters) -> Answer:
    """The one answer of an insight that is not split."""
    return evaluate(reader, [insight], filters)[0]


def answers_of(insight: Insight, frame: pd.DataFrame, ctx: Context) -> list[Answer]:
    data = insight.shape(frame, ctx) if insight.shape is not None else frame
    question = insight.question
    for key, value in data.attrs.items():  # e.g. {bucket}: what the query chose
        question = question.replace("{" + str(key) + "}", str(value))
    if insight.split is None or data.empty:
        return [_answer(insight, data, ctx, question.replace("{split}", "").strip())]
    out = []
    for value in dict.fromkeys(data[insight.split].astype(str)):
        part = data[data[insight.split].astype(str) == value].reset_index(drop=True)
        part.attrs.update(data.attrs)
        out.append(_answer(insight, part, ctx, question.replace("{split}", value)))
    shown = [a for a in out if not a.empty and a.n.value != 0]
    if shown:
        return shown  # a value with nothing to show gets no chart of its own
    title = question.replace("{split} ", "salary ").replace("{split}", "").strip()
    return [_answer(insight, data.iloc[0:0], ctx, title)]


def _answer(insight: Insight, data: pd.DataFrame, ctx: Context, title: str) -> Answer:
    if insight.sort is not None and len(data):
        attrs = dict(data.attrs)
        data = insight.sort(data).reset_index(drop=True)
        data.attrs.update(attrs)
    n = privacy.Count.of(_n(insight.count, data))
    empty = _empty(insight, data, n)
    figure = None
    if not empty and insight.draw is not None:
        figure = insight.draw(data, ctx)
        figure.update_layout(title_text=title)
    return Answer(insight=insight, data=data, n=n, figure=figure, empty=empty, title=title)


def _n(rule: str, data: pd.DataFrame) -> float:
    """The responses behind what is shown (hidden groups never count)."""
    if rule.startswith("attr:"):
        return float(data.attrs.get(rule[5:], 0) or 0)
    if data.empty:
        return 0.0
    if rule == "changes":
        return float(len(data))
    if rule.startswith("metric:"):
        row = data[data["metric"] == rule[7:]]
        return float(pd.to_numeric(row["n"], errors="coerce").fillna(0).sum())
    shown = privacy.shown(data)
    if shown.empty or "n" not in shown:
        return 0.0
    n = pd.to_numeric(shown["n"], errors="coerce").fillna(0)
    if rule == "max":
        return float(n.max())
    if rule == "changes":
        return float(len(data))
    if rule == "rows":
        return float(n.sum())
    if rule == "group_max":
        return float(n.groupby(shown["group"]).max().sum())
    if rule == "dimension_sum_max":
        return float(n.groupby(shown["dimension"]).sum().max())
    # "groups": each group's n once (long frames repeat it on every row)
    return float(n.groupby(shown["group"]).first().sum()) if "group" in shown else float(n.sum())


def _empty(insight: Insight, data: pd.DataFrame, n: privacy.Count) -> str:
    """Why nothing can be shown ('' when something can)."""
    custom = (
        insight.empty_text.replace("{k}", str(privacy.k()))
        .replace("{n}", str(n))
        .replace("{window}", str(data.attrs.get("window", "")))
    )
    hidden = privacy.SUPPRESSED in data and bool(data[privacy.SUPPRESSED].any())
    if data.empty:
        return custom or f"No answers about {insight.about} among the matching interviews."
    if insight.reference:
        return ""
    if n.value == 0 and "n" in data and not hidden:
        return custom or f"No answers about {insight.about} among the matching interviews."
    if "group" in data and len(privacy.shown(data)):
        stated = set(privacy.shown(data)["group"].astype(str)) - {labels.NOT_STATED}
        if not stated:
            return (
                f"No answers about {insight.about} in this breakdown: every response is "
                "'not stated'."
            )
    if not hidden or len(privacy.shown(data)):
        return ""
    return custom or (
        f"Every group answering about {insight.about} has {privacy.label()} (or is hidden so "
        "that a smaller one cannot be worked out), so nothing can be shown. Widen the filters "
        "to see it."
    )
