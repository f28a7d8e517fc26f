"""Talent-pool filters: a value object <-> URL query params <-> SQL WHERE with bound params.

The WHERE clause is built from constant fragments only; every user value is a bound
parameter. It runs against the ``pool`` relation built in :mod:`insights.pool`, whose
list columns are already lower-cased (``skills_lc``, ``eff_tags``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from etl.canonical import POOL_STATUS, SENIORITY, WORK_ARRANGEMENT

PARAM_PREFIX = "pool_"

# sort key -> (label, SQL expression on the pool relation). Constant SQL only.
SORTS: dict[str, tuple[str, str]] = {
    "fit": ("Fit", "fit_score"),
    "interest": ("Interest", "interest_level"),
    "pay": ("Expected pay", "pay_floor"),
    "available": ("Available from", "available_from"),
    "name": ("Name", "lower(full_name)"),
    "last_interview": ("Last interview", "last_interview_date"),
}
DEFAULT_SORT = "fit"


@dataclass(frozen=True)
class PoolFilters:
    """Everything a recruiter can narrow the talent pool by. Empty means "no filter".

    - ``skills_all``: the candidate has every one of these skills; ``skills_any``: at least one.
    - ``countries`` / ``cities``: where the candidate lives; with ``willing_to_relocate``
      candidates living elsewhere whose relocation answer is "yes" are included too.
    - ``max_pay``: the bottom of the candidate's expected range (their minimum) is at most
      this, in ``pay_currency`` (None = the warehouse base currency). Candidates without
      a stated expectation are left out while it is set.
    - ``work_arrangements``: the candidate prefers one of these; "flexible" candidates
      match any arrangement.
    - ``available_by``: available on or before this date (unknown availability is left out).
    - ``min_fit`` / ``min_interest``: scores 1-5, inclusive.
    - ``tags``: the candidate carries every one of these (effective) tags.
    - ``text``: every word appears in a title (current, discussed in any interview), a
      skill or notes (candidate or any interview), case-insensitively.
    """

    skills_all: tuple[str, ...] = ()
    skills_any: tuple[str, ...] = ()
    role_families: tuple[str, ...] = ()
    seniorities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    willing_to_relocate: bool = False
    max_pay: float | None = None
    pay_currency: str | None = None
    work_arrangements: tuple[str, ...] = ()
    available_by: dt.date | None = None
    min_fit: float | None = None
    min_interest: float | None = None
    credentials_verified: bool = False
    pool_statuses: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    text: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = True

    def __post_init__(self) -> None:
        fix = object.__setattr__
        fix(self, "skills_all", _words(self.skills_all, str.lower))
        fix(self, "skills_any", _words(self.skills_any, str.lower))
        fix(self, "role_families", _words(self.role_families))
        fix(self, "seniorities", _words(self.seniorities, str.lower))
        fix(self, "countries", _words(self.countries, str.upper))
        fix(self, "cities", _words(self.cities))
        fix(self, "work_arrangements", _words(self.work_arrangements, str.lower))
        fix(self, "pool_statuses", _words(self.pool_statuses, str.lower))
        fix(self, "tags", _words(self.tags, str.lower))
        fix(self, "text", " ".join((self.text or "").split()))
        cur = (self.pay_currency or "").strip().upper()
        fix(self, "pay_currency", cur or None)
        if self.sort not in SORTS:
            fix(self, "sort", DEFAULT_SORT)

    def is_empty(self) -> bool:
        """True when no filter narrows the pool (sorting aside)."""
        blank = PoolFilters(sort=self.sort, descending=self.descending)
        return dataclasses.replace(self, pay_currency=None) == blank

    # --- URL query params -------------------------------------------------------------

    def to_query_params(self) -> dict[str, str | list[str]]:
        """Only the fields that differ from the defaults, under ``pool_``-prefixed keys."""
        out: dict[str, str | list[str]] = {}
        default = PoolFilters()
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            key = PARAM_PREFIX + f.name
            if isinstance(value, tuple):
                out[key] = list(value)
            elif isinstance(value, bool):
                out[key] = "1" if value else "0"
            elif isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, float):
                out[key] = _num(value)
            else:
                out[key] = str(value)
        return out

    def to_query_string(self) -> str:
        return urllib.parse.urlencode(self.to_query_params(), doseq=True)

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> PoolFilters:
        """Read the filters back from query params; malformed values are ignored."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            key = PARAM_PREFIX + f.name
            if key not in params:
                continue
            raw = params[key]
            items = [str(x) for x in raw] if isinstance(raw, list | tuple) else [str(raw)]
            default = f.default
            if isinstance(default, tuple):
                values[f.name] = tuple(items)
            elif isinstance(default, bool):
                values[f.name] = items[-1].strip().lower() in ("1", "true", "yes", "on")
            elif f.name == "available_by":
                values[f.name] = _date(items[-1])
            elif f.name in ("max_pay", "min_fit", "min_interest"):
                values[f.name] = _float(items[-1])
            else:
                values[f.name] = items[-1]
        return cls(**values)

    @classmethod
    def from_query_string(cls, query: str) -> PoolFilters:
        return cls.from_query_params(
            {k: v for k, v in urllib.parse.parse_qs(query.lstrip("?")).items()}
        )


def _words(values: Iterable[str] | str, case: Any = None) -> tuple[str, ...]:
    """Trim, drop blanks, normalise case and de-duplicate, keeping the first order."""
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for v in values:
        text = " ".join(str(v).split())
        if case is not None:
            text = case(text)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _float(text: str) -> float | None:
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


# --- SQL ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterSQL:
    """The filters as SQL, split by what each part needs, so the pool query can run the
    cheap parts first and the costly ones only over what survives them.

    - ``rows``: cheap conditions on the ``pool`` row itself (candidate columns, workspace
      status, ``pay_floor``), with ``rows_params``;
    - ``lists``: conditions on the list columns ``skills_lc`` and ``eff_tags`` (lambdas:
      best run only over rows that passed ``rows``), with ``lists_params``;
    - ``pay``: the budget condition, which needs the ``fx`` column (the rate of the year of
      the candidate's latest stated expectation), with ``pay_params``; "" when unset;
    - ``words``: the free-text words, lower-cased; each must occur in ``search_text``.
    """

    rows: str
    rows_params: list[Any]
    lists: str
    lists_params: list[Any]
    pay: str
    pay_params: list[Any]
    words: tuple[str, ...]


def filter_sql(f: PoolFilters) -> FilterSQL:
    """The filters as SQL fragments with bound parameters (see :class:`FilterSQL`)."""
    parts: list[str] = []
    params: list[Any] = []
    lists: list[str] = []
    lists_params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        parts.append(sql)
        params.extend(values)

    if f.skills_all:
        lists.append("list_has_all(skills_lc, ?::VARCHAR[])")
        lists_params.append(list(f.skills_all))
    if f.skills_any:
        lists.append("list_has_any(skills_lc, ?::VARCHAR[])")
        lists_params.append(list(f.skills_any))
    if f.role_families:
        add("list_contains(?::VARCHAR[], role_family)", list(f.role_families))
    if f.seniorities:
        add("list_contains(?::VARCHAR[], seniority)", list(f.seniorities))
    if f.countries or f.cities:
        place = []
        place_params: list[Any] = []
        if f.countries:
            place.append("list_contains(?::VARCHAR[], upper(country))")
            place_params.append(list(f.countries))
        if f.cities:
            place.append("list_contains(?::VARCHAR[], lower(trim(city)))")
            place_params.append([c.lower() for c in f.cities])
        sql = "(" + " AND ".join(place) + ")"
        if f.willing_to_relocate:
            sql = f"({sql} OR relocation = 'yes')"
        add(sql, *place_params)
    if f.max_pay is not None:
        # Only candidates with a stated expectation can be within budget: a cheap row-level
        # condition, so the rate lookup runs over fewer candidates.
        add("pay_floor IS NOT NULL")
    if f.work_arrangements:
        add(
            "(list_contains(?::VARCHAR[], work_arrangement) OR work_arrangement = 'flexible')",
            list(f.work_arrangements),
        )
    if f.available_by is not None:
        add("available_from <= ?", f.available_by)
    if f.min_fit is not None:
        add("fit_score >= ?", float(f.min_fit))
    if f.min_interest is not None:
        add("interest_level >= ?", float(f.min_interest))
    if f.credentials_verified:
        add("credentials = 'verified'")
    if f.pool_statuses:
        add("list_contains(?::VARCHAR[], eff_status)", list(f.pool_statuses))
    if f.tags:
        lists.append("list_has_all(eff_tags, ?::VARCHAR[])")
        lists_params.append(list(f.tags))
    pay, pay_params = ("", [])
    if f.max_pay is not None:
        pay, pay_params = "pay_floor * fx <= ?", [float(f.max_pay)]
    words = tuple(dict.fromkeys(f.text.lower().split()))
    return FilterSQL(
        " AND ".join(parts) if parts else "TRUE",
        params,
        " AND ".join(lists) if lists else "TRUE",
        lists_params,
        pay,
        pay_params,
        words,
    )


def where_clause(f: PoolFilters) -> tuple[str, list[Any]]:
    """One SQL condition on the ``pool`` relation (which must carry ``fx`` and, with a text
    filter, ``search_text``) and its parameters, in order.

    ``max_pay`` is in the filters' currency: the relation's ``fx`` column converts the
    base-currency ``pay_floor`` into it.
    """
    sql = filter_sql(f)
    parts = [p for p in (sql.rows, sql.lists) if p != "TRUE"]
    params = [*sql.rows_params, *sql.lists_params]
    if sql.pay:
        parts.append(sql.pay)
        params.extend(sql.pay_params)
    for word in sql.words:
        parts.append("contains(search_text, ?)")
        params.append(word)
    return (" AND ".join(parts) if parts else "TRUE"), params


def order_clause(f: PoolFilters) -> str:
    """ORDER BY body: the chosen key, missing values last, then name and id (stable paging)."""
    expr = SORTS[f.sort][1]
    direction = "DESC" if f.descending else "ASC"
    return f"{expr} {direction} NULLS LAST, lower(full_name) ASC NULLS LAST, candidate_id ASC"


def choices() -> dict[str, Sequence[str]]:
    """Closed vocabularies the page offers as options."""
    return {
        "seniority": SENIORITY,
        "work_arrangement": WORK_ARRANGEMENT,
        "pool_status": tuple(s for s in POOL_STATUS if s != "withdrawn"),
    }
