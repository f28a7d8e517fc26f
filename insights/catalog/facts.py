"""Facts about the warehouse that pages and commands need beside the insights: filter
options, the data's date range, whether anything matches, the last load. Each goes
through the reader (permission checked, cached), like every insight."""

from __future__ import annotations

import datetime as dt

from insights.access import Permission
from insights.filters import Filters
from insights.queries import compensation, meta
from insights.reader import Reader


def base_currency(reader: Reader) -> str:
    return str(reader.run(Permission.AGGREGATES, meta.base_currency, Filters()))


def interview_count(reader: Reader, filters: Filters) -> int:
    """How many interviews match (to choose an empty state; never shown as a figure)."""
    return int(reader.run(Permission.AGGREGATES, meta.interview_count, filters))


def date_range(reader: Reader, filters: Filters | None = None) -> tuple[dt.date, dt.date] | None:
    result = reader.run(Permission.AGGREGATES, meta.date_range, filters or Filters())
    return None if result is None else (result[0], result[1])


def filter_options(reader: Reader) -> dict[str, list[str]]:
    return dict(reader.run(Permission.AGGREGATES, meta.filter_options, Filters()))


def city_options(reader: Reader, countries: tuple[str, ...]) -> list[str]:
    return list(reader.run(Permission.AGGREGATES, meta.city_options, Filters(), countries))


def group_options(reader: Reader, filters: Filters, by: str) -> list[str]:
    """Every group of `by` among the matching interviews, largest first (for pickers)."""
    tops = reader.run(Permission.AGGREGATES, meta.top_groups, filters, (by,), 10_000)
    return list(tops.get(by, []))


def band_families(reader: Reader, filters: Filters) -> list[str]:
    return list(reader.run(Permission.AGGREGATES, compensation.band_families, filters))


def freshness(reader: Reader) -> dict[str, object]:
    return dict(reader.run(Permission.AGGREGATES, meta.freshness, Filters()))


def resolve(reader: Reader, filters: Filters) -> Filters:
    """A named period's dates for the data as it is now (see insights.periods)."""
    if not filters.is_preset():
        return filters
    span = date_range(reader)
    return filters.resolve(span[1] if span else None)
