"""The report as data: sections of items, each a question, its chart and the numbers behind it.

Writers (html, pdf, xlsx) only lay this out; they never query or compute figures, so
every format shows the same, already privacy-masked numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from insights.filters import Filters

# How a column's values read: text as is; count 1,234; money USD 1,234; share 12.3%;
# pct (already x100) 12.3%; mean 3.45; years 2.5; date 2025-01-01.
KINDS = ("text", "label", "count", "money", "share", "pct", "mean", "years", "date")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"


@dataclass
class Item:
    """One question answered: its chart (None = table only) and the data behind it."""

    key: str
    question: str
    data: pd.DataFrame
    columns: tuple[Column, ...]
    figure: go.Figure | None = None
    n: int | None = None
    unit: str = "responses"
    note: str = ""
    chart: str = "none"  # native Excel chart: none | bar | stacked | line | percentiles


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class Report:
    filters: Filters
    currency: str
    k: int
    generated_at: dt.datetime
    start: dt.date | None
    end: dt.date | None
    previous_start: dt.date | None
    previous_end: dt.date | None
    interviews: int
    headlines: pd.DataFrame  # insights.queries.overview.kpis + display columns
    sections: list[Section] = field(default_factory=list)
    title: str = "Exploratory interview insights: what candidates expect"

    def period_text(self) -> str:
        if self.start is None or self.end is None:
            return "no interviews in the period"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"

    def previous_text(self) -> str:
        if self.previous_start is None or self.previous_end is None:
            return "no previous period"
        return f"{self.previous_start:%d %b %Y} to {self.previous_end:%d %b %Y}"

    def filters_text(self) -> str:
        """The filters other than the period, in words."""
        return self.filters.replace(date_from=None, date_to=None).describe()

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def split_title(figure: go.Figure) -> tuple[go.Figure, str]:
    """A copy of the figure without its title, and the subtitle (n, units, suppressed groups),
    for writers that set the question as a heading of their own."""
    subtitle = figure.layout.title.subtitle.text or ""
    copy = go.Figure(figure)
    margin = copy.layout.margin.t
    copy.update_layout(
        title={"text": "", "subtitle": {"text": ""}},
        margin={"t": 30 if margin is None else min(margin, 40)},
    )
    return copy, str(subtitle)
