"""What an insight is: a question, the query that answers it, its columns, chart and note.

An `Insight` is a declaration (no data); `evaluate` turns it into an `Answer` (its
protected data, figure and n) for some filters. Pages, the three report writers and the
CLI all render Answers: a figure exists once, and every renderer shows the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from insights import privacy

# How a column's values read: text as is; label a stored value shown for people (by its
# field: 'DE' -> 'Germany'); count 1,234; money USD 1,234; share 12.3%; pct (already x100)
# 12.3%; mean 3.45; ratio 1.05; years 2.5; date 2025-01-01.
KINDS = ("text", "label", "count", "money", "share", "pct", "mean", "ratio", "years", "date")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    field: str | None = None  # the stored field a label column holds (for display)
    # Our own reference figures (salary bands): shown on a row whose respondents' figures
    # are hidden. Such columns follow the row's labels.
    reference: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Context:
    """What a chart needs beside its data."""

    currency: str
    k: int


@dataclass(frozen=True)
class Insight:
    """One question the product answers, declared once.

    spec: the query (a hashable value from insights.catalog.specs).
    draw: data -> figure (None: a table only), with the question as its title.
    count: how the answer's n is counted from its data: "groups" (the n of every shown
        group, once per group), "max" (the largest shown n), or a column name whose
        first value is the n.
    pick: a field whose groups a reader may choose (top N by responses otherwise).
    split: a column whose values each get an answer of their own (one chart per value);
        the question names the value where it says {split}.
    excel: the native Excel chart of the XLSX report (none | bar | line | percentiles).
    shape: turns the query's frame into the rows shown (e.g. headline figures as text).
    sort: the order of the rows in tables (charts order their rows the same way).
    """

    key: str
    question: str
    spec: Any
    columns: tuple[Column, ...]
    draw: Callable[[pd.DataFrame, Context], go.Figure] | None = None
    about: str = "this question"
    unit: str = "responses"
    count: str = "groups"
    note: str = ""
    pick: str | None = None
    split: str | None = None
    excel: str = "none"
    shape: Callable[[pd.DataFrame, Context], pd.DataFrame] | None = None
    sort: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    empty_text: str = ""  # replaces the default explanation; may use {n} and {k}
    # Rows are our own reference figures (salary bands): drawn even when no respondent
    # matches them.
    reference: bool = False
    # Tables show one row per group with a column per answer of this field (the long data,
    # one row per group and answer, stays in the Excel report).
    pivot: str | None = None

    def replace(self, **changes: Any) -> Insight:
        return dataclasses.replace(self, **changes)

    def with_spec(self, **changes: Any) -> Insight:
        return dataclasses.replace(self, spec=dataclasses.replace(self.spec, **changes))


@dataclass
class Answer:
    """An insight evaluated for some filters: protected data, its figure and its n."""

    insight: Insight
    data: pd.DataFrame
    n: privacy.Count
    figure: go.Figure | None = None
    empty: str = ""  # why nothing is shown ("" when something is)
    title: str = ""  # the question, with the split value when there is one

    @property
    def key(self) -> str:
        return self.insight.key

    @property
    def question(self) -> str:
        return self.title or self.insight.question

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.insight.columns

    @property
    def note(self) -> str:
        return self.insight.note

    @property
    def unit(self) -> str:
        return self.insight.unit

    @property
    def shown(self) -> bool:
        return not self.empty

    def n_text(self) -> str:
        """'n = 1,234 responses' (or 'n = fewer than 5 responses'); for a list of changes,
        the periods compared (each change states its own n)."""
        if self.insight.count == "changes":
            window = str(self.data.attrs.get("window", ""))
            return f"{window} · each change with its own n"
        return f"n = {self.n.text(self.unit)}"


@dataclass(frozen=True)
class Block:
    """A run of insights under a heading of their own (a page's subheader)."""

    title: str
    insights: tuple[Insight, ...]
    intro: str = ""


@dataclass(frozen=True)
class Param:
    """A page-wide choice (e.g. the trend period), drawn as a widget on the page and fixed
    to its default (or the report's choice) in a report."""

    key: str
    label: str
    options: tuple[str, ...]
    default: str
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    block: str = ""  # the title of the block the widget is drawn in ("" = the page's top)


@dataclass(frozen=True)
class Page:
    """An insight page: a layout of insights. The report prints the same layouts."""

    key: str
    title: str
    path: str  # the view file, for links
    intro: str
    params: tuple[Param, ...]
    layout: Callable[[dict[str, str]], list[Block]]

    def blocks(self, choices: dict[str, str] | None = None) -> list[Block]:
        values = {p.key: p.default for p in self.params}
        values.update({k: v for k, v in (choices or {}).items() if v})
        return self.layout(values)

    def insights(self, choices: dict[str, str] | None = None) -> list[Insight]:
        return [i for block in self.blocks(choices) for i in block.insights]
