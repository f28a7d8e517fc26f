"""The global dashboard filters: a value object <-> URL query params <-> SQL WHERE + params.

Pure: no Streamlit, no database. A filter left empty means "everything".

>>> f, notices = Filters.from_query_params({"seniority": ["senior"], "from": ["2024-01-01"]})
>>> f.where()
('interview_date >= $f0 AND seniority IN ($f1)', {'f0': datetime.date(2024, 1, 1), 'f1': 'senior'})
>>> f.to_query_params()
{'from': ['2024-01-01'], 'seniority': ['senior']}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from etl import canonical
from insights import labels, periods

# URL key of each multi-valued filter, in display order, with its column in `interviews`.
LIST_FIELDS: tuple[str, ...] = (
    "role_family",
    "seniority",
    "department",
    "country",
    "city",
    "career_stage",
    "source",
    "format",
)
DATE_KEYS = ("from", "to")
PERIOD_KEY = "period"
FILTER_KEYS: tuple[str, ...] = (PERIOD_KEY, *DATE_KEYS, *LIST_FIELDS)

# Closed vocabularies: a value outside them is ignored with a notice.
ENUM_VALUES: dict[str, tuple[str, ...]] = {
    "seniority": canonical.SENIORITY,
    "career_stage": canonical.CAREER_STAGE,
    "source": canonical.SOURCE,
    "format": canonical.FORMAT,
}
LABELS: dict[str, str] = {
    "role_family": "Role family",
    "seniority": "Seniority",
    "department": "Department",
    "country": "Country",
    "city": "City",
    "career_stage": "Career stage",
    "source": "Source",
    "format": "Interview format",
}
MAX_VALUE_LENGTH = 120
MAX_VALUES = 200
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Filters:
    """The dashboard's global filters; every field empty = no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    role_family: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    department: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    city: tuple[str, ...] = ()
    career_stage: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    # A named date range (insights.periods.PRESETS) that date_from / date_to were resolved
    # from; "" = the dates themselves (or all data). The URL carries the name, not the dates.
    period: str = ""

    def __post_init__(self) -> None:
        # Normalise list fields to sorted, de-duplicated tuples so equal views compare
        # (and cache) equal whatever order the values were picked in.
        for name in LIST_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(sorted(set(value))))

    # ------------------------------------------------------------------ SQL
    def where(
        self, *, alias: str = "", param_prefix: str = "f", skip: Iterable[str] = ()
    ) -> tuple[str, dict[str, object]]:
        """A SQL boolean expression over `interviews` and its named, bound parameters.

        Values are never formatted into the text: only `$name` placeholders are (named, so
        a query can add its own parameters in any order). `param_prefix` keeps two uses in
        one statement apart; `skip` leaves out filters by URL key (e.g. the option list
        of a filter ignores that filter).
        """
        prefix = f"{alias}." if alias else ""
        skipped = set(skip)
        clauses: list[str] = []
        params: dict[str, object] = {}

        def bind(value: object) -> str:
            name = f"{param_prefix}{len(params)}"
            params[name] = value
            return f"${name}"

        if self.date_from is not None and "from" not in skipped:
            clauses.append(f"{prefix}interview_date >= {bind(self.date_from)}")
        if self.date_to is not None and "to" not in skipped:
            clauses.append(f"{prefix}interview_date <= {bind(self.date_to)}")
        for name in LIST_FIELDS:
            values = getattr(self, name)
            if values and name not in skipped:
                marks = ", ".join(bind(v) for v in values)
                clauses.append(f"{prefix}{name} IN ({marks})")
        return (" AND ".join(clauses) or "TRUE"), params

    # ------------------------------------------------------------------ URL
    def to_query_params(self) -> dict[str, list[str]]:
        """URL query parameters reproducing this view (empty filters are omitted)."""
        out: dict[str, list[str]] = {}
        if self.is_preset():
            out[PERIOD_KEY] = [self.period]
        else:
            if self.date_from is not None:
                out["from"] = [self.date_from.isoformat()]
            if self.date_to is not None:
                out["to"] = [self.date_to.isoformat()]
        for name in LIST_FIELDS:
            values = getattr(self, name)
            if values:
                out[name] = list(values)
        return out

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Iterable[str]]
    ) -> tuple[Filters, list[str]]:
        """Parse URL query parameters; invalid values are dropped and described in notices.

        Keys that are not filters are left alone (other pages may use them).
        """
        notices: list[str] = []
        kwargs: dict[str, object] = {}
        preset = (_values(params.get(PERIOD_KEY)) or [""])[-1].strip().lower()
        if preset and preset not in periods.PRESETS:
            notices.append(
                f"Ignored period '{_short(preset)}': use one of {', '.join(periods.PRESETS)}."
            )
        elif preset not in ("", periods.ALL, "custom"):
            kwargs["period"] = preset
        for key in DATE_KEYS:
            if "period" in kwargs:
                break
            raw = _values(params.get(key))
            if not raw:
                continue
            try:
                kwargs["date_from" if key == "from" else "date_to"] = dt.date.fromisoformat(
                    raw[-1].strip()
                )
            except ValueError:
                notices.append(f"Ignored date '{_short(raw[-1])}' for '{key}': use YYYY-MM-DD.")
        for name in LIST_FIELDS:
            raw = _values(params.get(name))
            kept: list[str] = []
            for item in raw:
                value, problem = _clean(name, item)
                if problem:
                    notices.append(problem)
                elif value is not None:
                    kept.append(value)
            if len(kept) > MAX_VALUES:
                notices.append(f"Ignored '{name}': more than {MAX_VALUES} values.")
                kept = []
            if kept:
                kwargs[name] = tuple(kept)
        filters = cls(**kwargs)  # type: ignore[arg-type]
        if (
            filters.date_from is not None
            and filters.date_to is not None
            and filters.date_from > filters.date_to
        ):
            notices.append("Ignored the date range: 'from' is after 'to'.")
            filters = dataclasses.replace(filters, date_from=None, date_to=None)
        return filters, notices

    # ------------------------------------------------------------------ helpers
    def replace(self, **changes: object) -> Filters:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def is_default(self) -> bool:
        return self == Filters()

    def is_preset(self) -> bool:
        """Whether the dates come from a named preset (resolved against the data)."""
        return self.period in periods.PRESETS and self.period not in (periods.ALL, "custom")

    def resolve(self, last: dt.date | None) -> Filters:
        """These filters with a named preset's dates filled in for data ending on `last`."""
        if not self.is_preset():
            return self
        span = periods.resolve(self.period, last) if last is not None else None
        if span is None:
            return self.replace(date_from=None, date_to=None)
        return self.replace(date_from=span[0], date_to=span[1])

    def describe(self) -> str:
        """A short human summary, e.g. for chart captions and exports."""
        parts: list[str] = []
        if self.is_preset() and self.date_from and self.date_to:
            name = periods.PRESETS[self.period]
            parts.append(f"{name} ({periods.span_text(self.date_from, self.date_to)})")
        elif self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "start"
            end = self.date_to.isoformat() if self.date_to else "today"
            parts.append(f"{start} to {end}")
        for name in LIST_FIELDS:
            values = getattr(self, name)
            if values:
                shown = [labels.pretty(v, name) for v in values]
                parts.append(f"{LABELS[name]}: {', '.join(shown)}")
        return "; ".join(parts) or "all interviews"


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period just before [start, end] (same whole months, else same days)."""
    return periods.previous(start, end)


def _values(raw: str | Iterable[str] | None) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def _clean(name: str, item: str) -> tuple[str | None, str | None]:
    """(value, None) when valid, (None, notice) when not, (None, None) when blank."""
    value = item.strip()
    if not value:
        return None, None
    if len(value) > MAX_VALUE_LENGTH:
        return None, f"Ignored an over-long value for '{name}'."
    if name in ENUM_VALUES:
        value = value.lower()
        if value not in ENUM_VALUES[name]:
            allowed = ", ".join(ENUM_VALUES[name])
            return None, f"Ignored unknown {name} '{_short(item)}' (allowed: {allowed})."
    elif name == "country":
        value = value.upper()
        if not _COUNTRY.match(value):
            return None, f"Ignored country '{_short(item)}': use a two-letter ISO code such as DE."
    return value, None
