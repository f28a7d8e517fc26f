"""Every question the product answers, declared once (insights.catalog.model.Insight) and
laid out as pages; `evaluate` turns them into Answers for the pages, the report writers
and the CLI. Nothing else computes a figure.

    answers = evaluate(reader, compensation.PAGE.insights({"every": "month"}), filters)
"""

from insights.catalog import compensation, culture, facts, overview, questions, work_conditions
from insights.catalog.evaluate import answer, evaluate
from insights.catalog.model import Answer, Block, Column, Insight, Page, Param

PAGES = (
    overview.PAGE,
    compensation.PAGE,
    work_conditions.PAGE,
    culture.PAGE,
    questions.PAGE,
)

__all__ = [
    "PAGES",
    "Answer",
    "Block",
    "Column",
    "Insight",
    "Page",
    "Param",
    "answer",
    "compensation",
    "culture",
    "evaluate",
    "facts",
    "overview",
    "questions",
    "work_conditions",
]
