"""Overview: headline figures with honest comparisons, what changed, interviews per week."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from insights import charts, periods, privacy, stats
from insights.catalog.model import Block, Column, Insight, Page
from insights.catalog.specs import Changes, Headlines, Weekly

# metric -> (value format, change format, test); a count has no test: it is not a sample.
FORMATS = {
    "interviews": ("count", None),
    "candidates": ("count", None),
    "median_pay": ("money", stats.medians),
    "share_remote": ("share", stats.shares),
    "prescreened": ("count", None),
    "mean_fit": ("mean", stats.means),
}
HELP = {
    "interviews": "Exploratory interviews held in the period.",
    "candidates": "Distinct identified candidates interviewed (anonymous responses are not "
    "counted here).",
    "median_pay": "Median of expected pay (the midpoint of the range each candidate gave), "
    "{currency} per year.",
    "share_remote": "Share of respondents who stated a work arrangement and prefer fully remote.",
    "prescreened": "Candidates interviewed in the period whose pool status is 'prescreened' "
    "and who consent to be contacted (the talent pool's 'Pre-screened' view counts the same).",
    "mean_fit": "Mean pre-screen fit score (1-5) of interviews that have one.",
}

HEADLINES = Insight(
    key="headlines",
    question="How does this period compare with the one before?",
    spec=Headlines(),
    columns=(
        Column("label", "Headline"),
        Column("value_text", "Value"),
        Column("previous_text", "Previous period"),
        Column("change_text", "Change"),
        Column("interval_text", "95% interval of the change"),
        Column("n_text", "n"),
    ),
    about="the headline figures",
    count="metric:interviews",
    shape=lambda df, ctx: headline_rows(df, ctx.currency),
    note="A change is marked significant when its 95% interval excludes zero (medians: "
    "robust normal approximation; shares: two-proportion z-test; means: Welch's t-test). "
    "Counts are facts, not samples: they have no test.",
)

CHANGES = Insight(
    key="notable_changes",
    question="What changed most, across the insight pages?",
    spec=Changes(),
    columns=(
        Column("statement", "Change"),
        Column("interval", "95% interval"),
        Column("n", "n (now)", "count"),
        Column("n_previous", "n (before)", "count"),
        Column("test", "Test"),
    ),
    about="changes",
    count="changes",
    empty_text="No change between {window} is significant at 95% in a group of at least 30 "
    "responses in both periods.",
    note="Only changes significant at 95% in groups of at least 30 responses in both "
    "periods; the strongest first.",
)

WEEKLY = Insight(
    key="interviews_per_week",
    question="How many exploratory interviews do we hold each {bucket}?",
    spec=Weekly(),
    columns=(Column("week", "Starting", "date"), Column("n", "Interviews", "count")),
    draw=lambda df, ctx: charts.weekly_interviews(df, df.attrs.get("bucket", "week")),
    about="interview dates",
    unit="interviews",
    count="rows",
    excel="bar",
)


def _layout(params: dict[str, str]) -> list[Block]:
    return [
        Block("Headline figures", (HEADLINES,)),
        Block("What changed", (CHANGES,)),
        Block("Interviews", (WEEKLY,)),
    ]


PAGE = Page(
    key="overview",
    title="Overview",
    path="views/overview.py",
    intro="Headline figures for the period, the most notable changes across the insight "
    "pages, and how many interviews we hold.",
    params=(),
    layout=_layout,
)


MIN_TEST_N = 30  # a test on fewer responses per period says little; the change is shown plain


def headline_rows(kpis: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The kpis query's rows with their figures as text, the change's test and interval."""
    rows = []
    for rec in kpis.to_dict("records"):
        metric = str(rec["metric"])
        kind, test = FORMATS[metric]
        hidden = bool(rec["suppressed"])
        value = None if hidden else _number(rec["value"])
        n = 0.0 if hidden else (_number(rec["n"]) or 0.0)
        previous = _number(rec["previous"])
        change = None
        tested = test is not None and previous is not None and value is not None
        if tested and min(n, _number(rec["n_previous"]) or 0) >= MIN_TEST_N:
            change = _test(test, rec)
        difference = None if value is None or previous is None else value - previous
        if hidden:
            value_text = f"< {privacy.k()}"
        elif value is None:
            value_text = "no answers"
        else:
            value_text = fmt(value, kind, currency)
        verdict = ""
        if difference is not None and test is None:
            verdict = "A count: no test applies."
        elif difference is not None and change is None:
            verdict = f"Too few responses to test (fewer than {MIN_TEST_N} in a period)."
        elif change is not None:
            interval = f"{delta(change.low, kind)} to {delta(change.high, kind)}"
            verdict = (
                f"Significant at 95% ({change.test}): interval {interval}."
                if change.significant
                else f"Not significant at 95% ({change.test}): the interval {interval} "
                "includes no change."
            )
        rows.append(
            {
                "metric": metric,
                "label": rec["label"],
                "value": value,
                "value_text": value_text,
                "previous_text": "" if previous is None else fmt(previous, kind, currency),
                "change": difference,
                "change_text": "" if difference is None else delta(difference, kind),
                "interval_text": ""
                if change is None
                else f"{delta(change.low, kind)} to {delta(change.high, kind)}",
                "significant": bool(change is not None and change.significant),
                "tested": test is not None,
                "test": "" if change is None else change.test,
                "verdict": verdict,
                "n": None if hidden else rec["n"],
                "n_text": privacy.label() if hidden else str(privacy.Count.of(rec["n"])),
                "help": HELP[metric].format(currency=currency),
                "start": rec["start"],
                "end": rec["end"],
                "previous_start": rec["previous_start"],
                "previous_end": rec["previous_end"],
                "note": rec.get("note", ""),
            }
        )
    return pd.DataFrame(rows)


def comparison_text(rows: pd.DataFrame) -> str:
    """What the change column compares, or why there is none (in any medium)."""
    if rows.empty:
        return ""
    first = rows.iloc[0]
    start, end = _date(first["start"]), _date(first["end"])
    prev_start, prev_end = _date(first["previous_start"]), _date(first["previous_end"])
    note = str(first.get("note") or "")
    if start is None or end is None:
        return "No interviews in the period."
    if prev_start is None or prev_end is None:
        return note or (
            f"All data ({periods.span_text(start, end)}): no earlier period to compare with. "
            "Choose a period (e.g. Latest quarter) to compare it with the one before."
        )
    span = (
        f"{periods.span_text(start, end)} compared with {periods.span_text(prev_start, prev_end)}"
    )
    if rows["previous_text"].eq("").all():
        return f"{span}: the earlier period has too few interviews to compare ({privacy.label()})."
    return f"{span}. {note}".strip()


def fmt(value: float, kind: str, currency: str) -> str:
    if kind == "money":
        return f"{currency} {value:,.0f}"
    if kind == "share":
        return f"{value:.0%}"
    if kind == "mean":
        return f"{value:.2f} / 5"
    return f"{value:,.0f}"


def delta(value: float, kind: str) -> str:
    text = {
        "money": f"{value:,.0f}",
        "share": f"{value * 100:.1f} pts",
        "mean": f"{value:.2f}",
    }.get(kind, f"{value:,.0f}")
    return text if text.startswith("-") else "+" + text


def _test(test: object, rec: dict[Any, Any]) -> stats.Change | None:
    if test is stats.shares:
        return stats.shares(rec["value"], rec["n"], rec["previous"], rec["n_previous"])  # type: ignore[arg-type]
    return test(  # type: ignore[operator]
        rec["value"],
        rec["spread"],
        rec["n"],
        rec["previous"],
        rec["spread_previous"],
        rec["n_previous"],
    )


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]
