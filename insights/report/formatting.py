"""Numbers as a reader sees them, identical in every report format and on the pages."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from insights import charts, privacy
from insights.report.model import Item


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


def cell(value: Any, kind: str, currency: str) -> str:
    """One value as text ('' when missing)."""
    if kind in ("text", "label"):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, pd.Timestamp | dt.date):
            return pd.Timestamp(value).strftime("%Y-%m-%d")
        return charts.pretty(value) if kind == "label" else str(value)
    if kind == "date":
        stamp = as_timestamp(value)
        return "" if stamp is None else stamp.strftime("%Y-%m-%d")
    number = _number(value)
    if number is None:
        return ""
    return {
        "count": lambda v: f"{v:,.0f}",
        "money": lambda v: f"{currency} {v:,.0f}",
        "share": lambda v: f"{v:.1%}",
        "pct": lambda v: f"{v:.1f}%",
        "mean": lambda v: f"{v:.2f}",
        "years": lambda v: f"{v:.1f}",
    }[kind](number)


def table(item: Item, currency: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of an item's data as text. A suppressed row keeps its labels and
    ends with one cell reading 'fewer than k responses' (writers span it over the numbers)."""
    header = [c.label for c in item.columns]
    hidden = item.data.get("suppressed")
    labels = [
        c for c in item.columns if c.kind in ("text", "label", "date") and c.key != "category"
    ]
    rows = []
    for i, (_, rec) in enumerate(item.data.iterrows()):
        if hidden is not None and bool(hidden.iloc[i]):
            rows.append(
                [cell(rec.get(c.key), c.kind, currency) for c in labels] + [privacy.label()]
            )
        else:
            rows.append([cell(rec.get(c.key), c.kind, currency) for c in item.columns])
    return header, rows


def is_suppressed(row: list[str], header: list[str]) -> bool:
    return len(row) < len(header)


def split_suppressed(
    header: list[str], rows: list[list[str]], limit: int
) -> tuple[list[list[str]], str]:
    """Rows to tabulate, and (when more than `limit` rows are suppressed) one sentence
    naming the suppressed groups instead of a table row each."""
    hidden = [r for r in rows if is_suppressed(r, header)]
    if len(hidden) <= limit:
        return rows, ""
    names = "; ".join(" · ".join(v for v in r[:-1] if v) for r in hidden)
    return [r for r in rows if not is_suppressed(r, header)], (
        f"{len(hidden)} groups with {privacy.label()}, not shown: {names}."
    )


# Headline tiles: the same formats as the Overview page (value, change).
def headline_formats(
    currency: str,
) -> dict[str, tuple[Callable[[float], str], Callable[[float], str]]]:
    plain = (lambda v: f"{v:,.0f}", lambda v: f"{v:,.0f}")
    return {
        "interviews": plain,
        "candidates": plain,
        "median_pay": (lambda v: f"{currency} {v:,.0f}", lambda v: f"{v:,.0f}"),
        "share_remote": (lambda v: f"{v:.0%}", lambda v: f"{v * 100:.1f} pts"),
        "prescreened": plain,
        "mean_fit": (lambda v: f"{v:.2f} / 5", lambda v: f"{v:.2f}"),
    }


def headline_rows(kpis: pd.DataFrame, currency: str, k: int) -> list[list[str]]:
    """[label, value, previous, change, n] per headline metric, as on the Overview page."""
    formats = headline_formats(currency)
    rows = []
    for rec in kpis.itertuples():
        value_fmt, delta_fmt = formats[str(rec.metric)]
        value = None if rec.suppressed else _number(rec.value)
        previous = _number(rec.previous)
        change = _number(rec.change)
        delta = ""
        if value is not None and change is not None:
            delta = delta_fmt(change)
            delta = delta if delta.startswith("-") else "+" + delta
        rows.append(
            [
                str(rec.label),
                f"< {k}" if value is None else value_fmt(value),
                "" if previous is None else value_fmt(previous),
                delta,
                privacy.label() if value is None else f"{_number(rec.n) or 0:,.0f}",
            ]
        )
    return rows


def headline_note(report: object) -> str:
    """Why the change column may be empty (shared by every format)."""
    kpis = report.headlines  # type: ignore[attr-defined]
    if kpis["previous"].notna().any():
        return (
            f"Change = this period minus {report.previous_text()} "  # type: ignore[attr-defined]
            f"(same length, just before). A blank change: {privacy.label()} in one of the periods."
        )
    return (
        "No change is shown: the period before has no interviews (or too few to compare). "
        "Choose a date range to compare with the period of equal length before it."
    )
