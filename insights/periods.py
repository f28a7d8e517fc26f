"""Named date ranges ("Latest quarter") resolved against the data on every run.

A preset is stored by name (in the URL as ``period=latest_quarter``), never as the dates
it meant when a session started: after a load of newer or older rows the same preset
covers the new data. Calendar presets end with the month of the latest interview and
compare with the same number of whole months just before ("Jul-Sep 2026 vs Apr-Jun
2026"); other ranges compare with the same number of days just before.
"""

from __future__ import annotations

import datetime as dt

ALL = "all"
PRESETS: dict[str, str] = {
    ALL: "All data",
    "latest_month": "Latest month",
    "latest_quarter": "Latest quarter",
    "latest_12_months": "Latest 12 months",
    "custom": "Custom range",
}
_MONTHS = {"latest_month": 1, "latest_quarter": 3, "latest_12_months": 12}


def resolve(preset: str, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The (start, end) of a named preset whose data ends on `last`; None for all data.

    >>> resolve("latest_quarter", dt.date(2026, 8, 5))
    (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    >>> resolve("latest_12_months", dt.date(2026, 8, 5))
    (datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))
    """
    if preset == "latest_quarter":
        first_month = 3 * ((last.month - 1) // 3) + 1
        start = dt.date(last.year, first_month, 1)
        return start, _month_end(_add_months(start, 2))
    if preset in _MONTHS:
        months = _MONTHS[preset]
        end = _month_end(last)
        return _add_months(last.replace(day=1), 1 - months), end
    return None


def previous(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period just before [start, end]: the same number of whole calendar months when
    the range is whole months, else the same number of days.

    >>> previous(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    >>> previous(dt.date(2026, 7, 10), dt.date(2026, 7, 19))
    (datetime.date(2026, 6, 30), datetime.date(2026, 7, 9))
    """
    if start.day == 1 and end == _month_end(end):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        prev_start = _add_months(start, -months)
        return prev_start, start - dt.timedelta(days=1)
    days = (end - start).days + 1
    prev_end = start - dt.timedelta(days=1)
    return prev_end - dt.timedelta(days=days - 1), prev_end


def span_text(start: dt.date, end: dt.date) -> str:
    """'Jul-Sep 2026' for whole months, else '10 Jul 2026 - 19 Jul 2026'."""
    if start.day == 1 and end == _month_end(end):
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%b %Y}"
        if start.year == end.year:
            return f"{start:%b}–{end:%b %Y}"
        return f"{start:%b %Y}–{end:%b %Y}"
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return _add_months(day.replace(day=1), 1) - dt.timedelta(days=1)


def comparison(
    start: dt.date, end: dt.date, first: dt.date, last: dt.date
) -> tuple[dt.date | None, dt.date | None, str]:
    """The earlier period a period [start, end] is fairly compared with, given data from
    `first` to `last`: (previous start, previous end, note), or (None, None, reason).

    A period still in progress (it ends after the latest data) is compared over the same
    elapsed days at the start of the period before; an earlier period that the data does
    not fully cover is not compared at all (a half-empty period would read as a fall).

    >>> comparison(dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2024, 1, 1), dt.date(2026, 11, 19))
    (datetime.date(2026, 7, 1), datetime.date(2026, 8, 19), 'Oct–Dec 2026 is in progress (data to 19 Nov 2026): compared over the same 50 days.')
    """
    prev_start, prev_end = previous(start, end)
    if prev_start < first:
        return (
            None,
            None,
            (
                f"No comparison: the period before ({span_text(prev_start, prev_end)}) is not "
                f"fully covered by the data, which starts on {first:%d %b %Y}."
            ),
        )
    if end > last >= start:
        elapsed = (last - start).days
        return (
            prev_start,
            prev_start + dt.timedelta(days=elapsed),
            (
                f"{span_text(start, end)} is in progress (data to {last:%d %b %Y}): compared over "
                f"the same {elapsed + 1} days."
            ),
        )
    return prev_start, prev_end, ""
