"""Gather a report: every insight page's answers for the filters, plus the cover facts.

The answers come from insights.catalog.evaluate, exactly as the pages draw them (the same
declarations, the same privacy rule), so a report and the page for the same filters agree
to the digit. No individual ever appears: only aggregates.
"""

from __future__ import annotations

import datetime as dt

from insights import catalog, privacy
from insights.access import Permission
from insights.catalog import overview
from insights.catalog.model import Page
from insights.filters import Filters
from insights.reader import Reader
from insights.report.model import Report, ReportBlock, Section


def gather(reader: Reader, filters: Filters, every: str | None = None) -> Report:
    """The whole report for `filters`; trends per `every` (month or quarter; default:
    month for a period up to six months, else quarter)."""
    reader.require(Permission.REPORTS)
    filters = catalog.facts.resolve(reader, filters)
    currency = catalog.facts.base_currency(reader)
    span = catalog.facts.date_range(reader)  # the warehouse's, never the matching rows' own
    start = filters.date_from or (span[0] if span else None)
    end = filters.date_to or (span[1] if span else None)
    if every is None:
        short = start is not None and end is not None and (end - start).days <= 190
        every = "month" if short else "quarter"
    interviews = privacy.Count.of(catalog.facts.interview_count(reader, filters))
    headlines = catalog.answer(reader, overview.HEADLINES, filters)
    report = Report(
        filters=filters,
        currency=currency,
        k=privacy.k(),
        generated_at=dt.datetime.now().replace(microsecond=0),
        start=start if span else None,
        end=end if span else None,
        interviews=interviews,
        comparison=overview.comparison_text(headlines.data),
        headlines=headlines,
    )
    if span is None:
        return report
    report.sections = [_section(reader, page, filters, every) for page in catalog.PAGES]
    return report


def _section(reader: Reader, page: Page, filters: Filters, every: str) -> Section:
    """A page as printed: its blocks at the report's choices (bands: one per family)."""
    blocks = [b for b in page.blocks({"every": every}) if overview.HEADLINES not in b.insights]
    answers = catalog.evaluate(reader, [i for b in blocks for i in b.insights], filters)
    section = Section(page.key, page.title, page.intro)
    for block in blocks:
        mine = [a for a in answers if any(a.insight is i for i in block.insights)]
        section.blocks.append(ReportBlock(block.title, block.intro, mine))
    return section
