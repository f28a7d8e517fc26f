"""Numbers as a reader sees them, identical in every report format and on the pages."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from typing import Any

import pandas as pd

from insights import labels, privacy
from insights.catalog import Answer


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def as_timestamp(value: Any) -> pd.Timestamp | None:
    """A date-like value as a Timestamp (None when missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return pd.Timestamp(value)


def cell(value: Any, kind: str, currency: str, field: str | None = None) -> str:
    """One value as text ('' when missing)."""
    if kind in ("text", "label"):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, pd.Timestamp | dt.date):
            return pd.Timestamp(value).strftime("%Y-%m-%d")
        return labels.pretty(value, field) if kind == "label" else str(value)
    if kind == "date":
        stamp = as_timestamp(value)
        if stamp is None:
            return ""
        if field == "quarter":
            return f"Q{(stamp.month - 1) // 3 + 1} {stamp.year}"
        if field == "month":
            return stamp.strftime("%b %Y")
        return stamp.strftime("%Y-%m-%d")
    number = _number(value)
    if number is None:
        return ""
    if kind == "count" and 0 < number < privacy.k():
        # A cell of a shown group (e.g. 3 of 40 asked about equity): its share is shown,
        # never a count of fewer than k people.
        return f"< {privacy.k()}"
    return {
        "count": lambda v: f"{v:,.0f}",
        "money": lambda v: f"{currency} {v:,.0f}",
        "share": lambda v: f"{v:.1%}",
        "pct": lambda v: f"{v:.1f}%",
        "mean": lambda v: f"{v:.2f}",
        "ratio": lambda v: f"{v:.2f}",
        "years": lambda v: f"{v:.1f}",
    }[kind](number)


LABEL_KINDS = ("text", "label", "date")


def is_label(column: Any, answer: Answer) -> bool:
    """Columns kept on a hidden row: those that name it, and our own reference figures."""
    if column.reference:
        return True
    if column.kind not in LABEL_KINDS:
        return False
    # a long frame's category (e.g. the answer within a group) belongs to the figures
    return not (column.key in ("category", "benefit", "topic") and "group" in answer.data)


def table(answer: Answer, currency: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of an answer's data as text. A hidden row keeps its labels and ends
    with one cell saying why it is hidden (writers span it over the figures)."""
    if answer.insight.pivot is not None:
        return _pivoted(answer, currency)
    header = [c.label for c in answer.columns]
    data = answer.data
    hidden = data.get(privacy.SUPPRESSED)
    reasons = data.get(privacy.REASON)
    label_columns = [c for c in answer.columns if is_label(c, answer)]
    rows = []
    for i, (_, rec) in enumerate(data.iterrows()):
        if hidden is not None and bool(hidden.iloc[i]):
            reason = reasons.iloc[i] if reasons is not None else privacy.SMALL
            rows.append(
                [cell(rec.get(c.key), c.kind, currency, c.field) for c in label_columns]
                + [privacy.row_label(reason)]
            )
        else:
            rows.append([cell(rec.get(c.key), c.kind, currency, c.field) for c in answer.columns])
    return header, rows


def _pivoted(answer: Answer, currency: str) -> tuple[list[str], list[list[str]]]:
    """One row per group: its label, its n, and the share of each answer (domain order)."""
    field = str(answer.insight.pivot)
    data = answer.data
    group = next(c for c in answer.columns if c.key == "group")
    answers = labels.order(field, data["category"].dropna().astype(str))
    header = [group.label, "Answered", *(labels.pretty(a, field) for a in answers)]
    rows = []
    for key, part in data.groupby("group", sort=False):
        name = cell(key, group.kind, currency, group.field)
        first = part.iloc[0]
        if privacy.SUPPRESSED in part and bool(first[privacy.SUPPRESSED]):
            rows.append([name, privacy.row_label(first.get(privacy.REASON, privacy.SMALL))])
            continue
        shares = dict(zip(part["category"].astype(str), part["share"], strict=False))
        rows.append(
            [name, cell(first["n"], "count", currency)]
            + [cell(shares.get(a), "share", currency) for a in answers]
        )
    return header, rows


def alignments(answer: Answer, header: list[str]) -> list[str]:
    """'left' for a column of names and dates, 'right' for figures, per table column."""
    if answer.insight.pivot is not None:
        return ["left"] + ["right"] * (len(header) - 1)
    return ["left" if c.kind in LABEL_KINDS else "right" for c in answer.columns]


def is_suppressed(row: list[str], header: list[str]) -> bool:
    return len(row) < len(header)


def split_suppressed(
    header: list[str], rows: list[list[str]], limit: int
) -> tuple[list[list[str]], str]:
    """Rows to tabulate, and (when more than `limit` rows are hidden) one short sentence
    instead of a table row each."""
    hidden = [r for r in rows if is_suppressed(r, header)]
    if len(hidden) <= limit:
        return rows, ""
    names = [" · ".join(v for v in r[:-1] if v) for r in hidden]
    listed = "; ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return [r for r in rows if not is_suppressed(r, header)], (
        f"{len(hidden)} groups hidden ({privacy.label()}, or to protect a smaller one): {listed}."
    )


def subtitle(answer: Answer) -> str:
    """The line under a question: the chart's subtitle, else its n."""
    if answer.figure is not None:
        text = answer.figure.layout.title.subtitle.text
        if text:
            return plain(str(text))
    return answer.n_text()


def plain(text: str) -> str:
    """A chart subtitle (plotly's HTML subset) as plain text."""
    return html.unescape(re.sub(r"<br\s*/?>", " ", re.sub(r"</?(b|i|span)[^>]*>", "", text)))


def note(answer: Answer) -> str:
    return answer.note.replace("{k}", str(privacy.k()))
