"""The report as data: the insight pages, printed.

Each section is a page of insights.catalog with its blocks of Answers; writers (html,
pdf, xlsx) only lay the answers out, they never query or compute a figure, so every
format shows the same, already protected numbers as the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import plotly.graph_objects as go

from insights import privacy
from insights.catalog import Answer
from insights.filters import Filters


@dataclass
class ReportBlock:
    title: str
    intro: str
    answers: list[Answer]


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    blocks: list[ReportBlock] = field(default_factory=list)

    @property
    def answers(self) -> list[Answer]:
        return [a for block in self.blocks for a in block.answers]


@dataclass
class Report:
    filters: Filters
    currency: str
    k: int
    generated_at: dt.datetime
    start: dt.date | None
    end: dt.date | None
    interviews: privacy.Count
    comparison: str  # what the headline changes compare, or why there are none
    headlines: Answer | None
    sections: list[Section] = field(default_factory=list)
    title: str = "Exploratory interview insights: what candidates expect"

    def period_text(self) -> str:
        if self.start is None or self.end is None:
            return "no interviews in the period"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"

    def filters_text(self) -> str:
        """The filters other than the period, in words."""
        return self.filters.replace(date_from=None, date_to=None, period="").describe()

    def answers(self) -> list[Answer]:
        return [a for section in self.sections for a in section.answers]


def split_title(figure: go.Figure) -> tuple[go.Figure, str]:
    """A copy of the figure without its title, and the subtitle (n, units, hidden groups),
    for writers that set the question as a heading of their own."""
    subtitle = figure.layout.title.subtitle.text or ""
    copy = go.Figure(figure)
    margin = copy.layout.margin.t
    copy.update_layout(
        title={"text": "", "subtitle": {"text": ""}},
        margin={"t": 30 if margin is None else min(margin, 40)},
    )
    return copy, str(subtitle)
