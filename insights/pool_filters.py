"""Talent-pool filters, declared once: each field of :class:`PoolFilters` carries its filter.

A filter (as Datasette's ``Filter`` objects) knows its label and help text, its URL key,
its CLI option, how to read a value from text, its SQL clause with bound parameters and
its human description. Everything else iterates over :data:`FILTERS`:

- the widgets (``insights.ui.pool.filters``) draw one widget per filter, by its ``widget``;
- the URL: :meth:`PoolFilters.to_query_params` / :meth:`PoolFilters.from_query_params`;
- the SQL: :func:`where_clause`, run by ``insights.pool`` on the pool index;
- the CLI: ``insights.commands.export`` builds one option per filter;
- people: :func:`describe` ("Skills: all of sql, python · Status: New, Pre-screened, ...").

SQL is built from constant fragments only; every user value is a bound parameter. Column
names refer to the pool relation of ``insights.pool.query`` (lower-cased search columns,
the effective status ``eff_status`` and tags ``eff_tags_key``, ``fx`` = the rate from the
base currency into the chosen one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from etl.canonical import POOL_STATUS, SENIORITY, WORK_ARRANGEMENT

PARAM_PREFIX = "pool_"
SEP = "\x1f"  # separates the items of a list key column: "\x1fsql\x1fpython\x1f"

# The statuses a recruiter acts on; the default view. Hired, not a fit and contacted are
# one click away; withdrawn candidates are never listed (not even by a filter).
ACTIONABLE = ("new", "prescreened", "nurture")
LISTABLE_STATUSES = tuple(s for s in POOL_STATUS if s != "withdrawn")
STATUS_LABELS = {
    "new": "New",
    "prescreened": "Pre-screened",
    "nurture": "Nurture",
    "contacted": "Contacted",
    "not_a_fit": "Not a fit",
    "hired": "Hired",
    "withdrawn": "Withdrawn",
}

# sort key -> (label, SQL expression on the pool relation, label of the descending order).
SORTS: dict[str, tuple[str, str, str]] = {
    "fit": ("Fit", "fit_score", "highest first"),
    "interest": ("Interest", "interest_level", "highest first"),
    "pay": ("Expected pay", "pay_floor * fx", "highest first"),
    "available": ("Available from", "available_from", "latest first"),
    "name": ("Name", "name_rank", "Z to A"),  # the index's place in name order
    "last_interview": ("Last interview", "last_interview_date", "latest first"),
}
ASCENDING_LABELS = {"highest first": "lowest first", "latest first": "earliest first"}
DEFAULT_SORT = "fit"


def pretty(value: Any) -> str:
    """A vocabulary value for people: ``on_site`` -> ``On site``, statuses by their label."""
    text = str(value)
    return STATUS_LABELS.get(text) or text.replace("_", " ").capitalize()


def _words(
    values: Iterable[str] | str, case: Callable[[str], str] | None = None
) -> tuple[str, ...]:
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


def search_words(text: str) -> list[str]:
    """The words a search text must contain, as compared: lower-case, each once."""
    return list(dict.fromkeys(text.lower().split()))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass(frozen=True)
class Clause:
    """One SQL condition and its bound parameters, in text order."""

    sql: str
    params: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Codes:
    """How the searched relation encodes values (``insights.pool.index``): a column in
    ``values`` is also stored as ``<column>_code`` (value -> code, 0 = matches nothing);
    a list column in ``bits`` has a bitmask column (``bits_column``) for its common items;
    ``words`` is the word index of ``search_text``: for the search words it gives SQL true
    on the rows whose text may contain them all, its parameters, and the words it does
    not answer alone (compared with the text where that SQL is true)."""

    values: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    bits: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    words: Callable[[list[str]], tuple[str, list[Any], list[str]]] | None = None


PLAIN = Codes()


# --- the filter kinds -----------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilter:
    """How one field narrows the pool. Subclasses say how (``widget`` names the widget)."""

    label: str
    help: str = ""
    cli: str = ""  # the CLI option, e.g. "--skill"; "" = not offered on the CLI
    cli_help: str = ""
    aliases: tuple[str, ...] = ()  # older URL keys still read
    name: str = ""  # the PoolFilters field; set by filter_field
    widget: ClassVar[str] = "text"

    @property
    def url_key(self) -> str:
        return PARAM_PREFIX + self.name

    def parse(self, items: list[str]) -> Any:
        """The value from URL or CLI text (the last one for single values); None = unset."""
        return items[-1] if items else None

    def dump(self, value: Any) -> list[str]:
        return [str(value)]

    def clause(self, value: Any, codes: Codes = PLAIN) -> Clause | None:
        return None

    def human(self, value: Any) -> str:
        return f"{self.label}: {value}"


@dataclass(frozen=True)
class Words(PoolFilter):
    """Every word occurs in the candidate's search text (titles, skills, notes)."""

    widget: ClassVar[str] = "text"

    def parse(self, items: list[str]) -> str:
        return " ".join(" ".join(items).split())

    def clause(self, value: str, codes: Codes = PLAIN) -> Clause | None:
        words = search_words(value)
        if not words:
            return None
        if codes.words is None:
            return Clause(
                "(" + " AND ".join("contains(search_text, ?)" for _ in words) + ")", words
            )
        index, params, rest = codes.words(words)
        if not rest:  # the word index answered every word
            return Clause(f"({index})", params)
        # CASE: the text is compared only where the word index leaves a chance
        tests = " AND ".join("contains(search_text, ?)" for _ in rest)
        return Clause(f"(CASE WHEN {index} THEN {tests} END)", [*params, *rest])

    def human(self, value: str) -> str:
        return "Mentions " + " and ".join(f"“{w}”" for w in dict.fromkeys(value.split()))


@dataclass(frozen=True)
class ListKey(PoolFilter):
    """The candidate's list (``column`` holds it as ``SEP``-joined lower-case items) has
    all (``mode="all"``) or any (``mode="any"``) of the chosen values."""

    column: str = ""
    bits_column: str = ""  # the bitmask of the common items (see Codes)
    mode: str = "all"
    options: str = ""  # the index facet offering values (PoolIndex.options)
    widget: ClassVar[str] = "multi_new"

    def parse(self, items: list[str]) -> tuple[str, ...]:
        return tuple(items)

    def dump(self, value: tuple[str, ...]) -> list[str]:
        return list(value)

    def clause(self, value: tuple[str, ...], codes: Codes = PLAIN) -> Clause | None:
        if not value:
            return None
        bits = codes.bits.get(self.column, {}) if self.bits_column else {}
        mask = sum(bits[v] for v in value if v in bits)
        rest = [v for v in value if v not in bits]
        parts = [f"contains({self.column}, ?)" for _ in rest]
        params: list[Any] = [f"{SEP}{v}{SEP}" for v in rest]
        if mask:
            test = "= ?" if self.mode == "all" else "<> 0"
            parts.insert(0, f"({self.bits_column} & ?::UBIGINT) {test}")
            params[:0] = [mask, mask] if self.mode == "all" else [mask]
        joiner = " AND " if self.mode == "all" else " OR "
        return Clause(f"({joiner.join(parts)})", params)

    def human(self, value: tuple[str, ...]) -> str:
        return f"{self.label} {', '.join(value)}"


@dataclass(frozen=True)
class OneOf(PoolFilter):
    """``column`` is one of the chosen values (``also``: a value that always matches)."""

    column: str = ""
    vocabulary: tuple[str, ...] = ()  # a closed vocabulary; else values come from `options`
    options: str = ""
    also: str = ""
    fold: bool = False  # compare lower-cased (``column`` holds lower-case values)
    group: str = ""  # clauses of one group are combined by the group's rule (see where_clause)
    widget: ClassVar[str] = "multi"

    def parse(self, items: list[str]) -> tuple[str, ...]:
        return tuple(items)

    def dump(self, value: tuple[str, ...]) -> list[str]:
        return list(value) or [""]  # "" = every value (when the default is not empty)

    def clause(self, value: tuple[str, ...], codes: Codes = PLAIN) -> Clause | None:
        if not value:
            return None
        wanted = [v.lower() for v in value] if self.fold else list(value)
        column: str = self.column
        params: list[Any] = wanted
        also: list[Any] = [self.also] if self.also else []
        coded = codes.values.get(self.column)
        if coded is not None:  # compare codes (0 matches nothing)
            column = f"{self.column}_code"
            params = [coded.get(v, 0) for v in wanted]
            also = [coded.get(self.also, 0)] if self.also else []
        marks = ", ".join("?" for _ in params)
        sql = f"{column} IN ({marks})"
        if also:
            sql = f"({sql} OR {column} = ?)"
        return Clause(sql, [*params, *also])

    def human(self, value: tuple[str, ...]) -> str:
        shown = ", ".join(pretty(v) if self.vocabulary else v for v in value)
        return f"{self.label}: {shown}"


@dataclass(frozen=True)
class Flag(PoolFilter):
    """A yes/no condition: ``column`` equals ``equals`` when on (a flag without a column
    modifies its group instead, see :func:`where_clause`)."""

    column: str = ""
    equals: str = ""
    widget: ClassVar[str] = "flag"

    def parse(self, items: list[str]) -> bool:
        return bool(items) and items[-1].strip().lower() in ("1", "true", "yes", "on")

    def dump(self, value: bool) -> list[str]:
        return ["1" if value else "0"]

    def clause(self, value: bool, codes: Codes = PLAIN) -> Clause | None:
        if not value or not self.column:
            return None
        coded = codes.values.get(self.column)
        if coded is not None:
            return Clause(f"{self.column}_code = ?", [coded.get(self.equals, 0)])
        return Clause(f"{self.column} = ?", [self.equals])

    def human(self, value: bool) -> str:
        return self.label


@dataclass(frozen=True)
class Bound(PoolFilter):
    """``expr`` compared with a number (``op`` ``<=`` or ``>=``); ``need``: also required."""

    expr: str = ""
    op: str = ">="
    need: str = ""
    choices: tuple[int, ...] = ()  # offered values (scores 1-5); empty = a number input
    unit: str = ""
    widget: ClassVar[str] = "number"

    def parse(self, items: list[str]) -> float | None:
        if not items:
            return None
        try:
            value = float(items[-1].replace(",", "").strip())
        except ValueError:
            return None
        return value if math.isfinite(value) and value >= 0 else None

    def dump(self, value: float) -> list[str]:
        return [_num(value)]

    def clause(self, value: float | None, codes: Codes = PLAIN) -> Clause | None:
        if value is None:
            return None
        sql = f"{self.expr} {self.op} ?"
        return Clause(f"{self.need} AND {sql}" if self.need else sql, [float(value)])

    def human(self, value: float) -> str:
        shown = f"{value:,.0f}" if float(value).is_integer() else _num(value)
        return f"{self.label} {shown}{self.unit}"


@dataclass(frozen=True)
class OnOrBefore(PoolFilter):
    """``column`` on or before a date (unknown dates are left out)."""

    column: str = ""
    widget: ClassVar[str] = "date"

    def parse(self, items: list[str]) -> dt.date | None:
        try:
            return dt.date.fromisoformat(items[-1].strip()) if items else None
        except ValueError:
            return None

    def dump(self, value: dt.date) -> list[str]:
        return [value.isoformat()]

    def clause(self, value: dt.date | None, codes: Codes = PLAIN) -> Clause | None:
        return None if value is None else Clause(f"{self.column} <= ?", [value])

    def human(self, value: dt.date) -> str:
        return f"{self.label} {value.isoformat()}"


@dataclass(frozen=True)
class ViewOption(PoolFilter):
    """Not a filter: how the list is shown (currency, sort order). In the URL and CLI."""

    widget: ClassVar[str] = "option"

    def parse(self, items: list[str]) -> Any:
        return items[-1] if items else None


@dataclass(frozen=True)
class Order(ViewOption):
    def parse(self, items: list[str]) -> bool:
        return not items or items[-1].strip().lower() not in ("0", "false", "no", "off")

    def dump(self, value: bool) -> list[str]:
        return ["1" if value else "0"]


def filter_field(spec: PoolFilter, default: Any) -> Any:
    """A dataclass field that carries its filter (see :data:`FILTERS`)."""
    return field(default=default, metadata={"filter": spec})


# --- the value object ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilters:
    """Everything a recruiter can narrow the talent pool by; each field declares its filter.

    Empty means "no filter", except ``statuses``, whose default is the actionable ones
    (new, pre-screened, nurture); an empty tuple there means every listable status.
    """

    text: str = filter_field(
        Words(
            "Search",
            help="Every word must appear in a title (current or discussed), a skill, or the "
            "notes of the candidate or any of their interviews.",
            cli="--search",
            cli_help="Words found in titles, skills or notes.",
        ),
        "",
    )
    skills_all: tuple[str, ...] = filter_field(
        ListKey(
            "Skills: all of",
            help="Candidates with every one of these skills.",
            cli="--skill",
            cli_help="Has this skill (all of; repeat).",
            column="skills_key",
            bits_column="skills_bits",
            mode="all",
            options="skills",
        ),
        (),
    )
    skills_any: tuple[str, ...] = filter_field(
        ListKey(
            "Skills: any of",
            help="Candidates with at least one of these skills.",
            cli="--any-skill",
            cli_help="Has at least one of these skills (repeat).",
            column="skills_key",
            bits_column="skills_bits",
            mode="any",
            options="skills",
        ),
        (),
    )
    role_families: tuple[str, ...] = filter_field(
        OneOf(
            "Role family",
            cli="--role-family",
            cli_help="Role family (repeat).",
            column="role_family",
            options="role_family",
        ),
        (),
    )
    seniorities: tuple[str, ...] = filter_field(
        OneOf(
            "Seniority",
            cli="--seniority",
            cli_help="Seniority (repeat).",
            column="seniority",
            vocabulary=SENIORITY,
        ),
        (),
    )
    work_arrangements: tuple[str, ...] = filter_field(
        OneOf(
            "Work arrangement",
            help="Candidates who prefer one of these; candidates who are flexible always match.",
            cli="--work-arrangement",
            cli_help="remote|hybrid|on_site|flexible (repeat).",
            column="work_arrangement",
            vocabulary=WORK_ARRANGEMENT,
            also="flexible",
        ),
        (),
    )
    statuses: tuple[str, ...] = filter_field(
        OneOf(
            "Status",
            help="Pool status. The default shows the statuses to act on: new, pre-screened "
            "and nurture. A candidate without a recorded status counts as new. Withdrawn "
            "candidates are never listed.",
            cli="--status",
            cli_help="Pool status (repeat; default: new, prescreened, nurture; 'any' = all).",
            aliases=(PARAM_PREFIX + "pool_statuses",),
            column="eff_status",
            vocabulary=LISTABLE_STATUSES,
        ),
        ACTIONABLE,
    )
    tags: tuple[str, ...] = filter_field(
        ListKey(
            "Tags: all of",
            cli="--tag",
            cli_help="Has this tag (all of; repeat).",
            column="eff_tags_key",
            bits_column="tags_bits",
            mode="all",
            options="tags",
        ),
        (),
    )
    countries: tuple[str, ...] = filter_field(
        OneOf(
            "Country",
            cli="--country",
            cli_help="ISO country code (repeat).",
            column="country",
            options="country",
            group="place",
        ),
        (),
    )
    cities: tuple[str, ...] = filter_field(
        OneOf(
            "City",
            cli="--city",
            cli_help="City (repeat).",
            column="city_lc",
            fold=True,
            options="city",
            group="place",
        ),
        (),
    )
    willing_to_relocate: bool = filter_field(
        Flag(
            "Or willing to relocate",
            help="With a country or city chosen, also list candidates living elsewhere who "
            "answered yes to relocation.",
            cli="--relocate",
            cli_help="Also candidates elsewhere willing to relocate.",
        ),
        False,
    )
    available_by: dt.date | None = filter_field(
        OnOrBefore(
            "Available by",
            help="Available to start on or before this date (unknown availability is left out).",
            cli="--available-by",
            cli_help="Available on or before this date (YYYY-MM-DD).",
            column="available_from",
        ),
        None,
    )
    min_fit: float | None = filter_field(
        Bound(
            "Fit at least",
            cli="--min-fit",
            cli_help="Fit score at least (1-5).",
            expr="fit_score",
            choices=(1, 2, 3, 4, 5),
            unit=" / 5",
        ),
        None,
    )
    min_interest: float | None = filter_field(
        Bound(
            "Interest at least",
            cli="--min-interest",
            cli_help="Interest at least (1-5).",
            expr="interest_level",
            choices=(1, 2, 3, 4, 5),
            unit=" / 5",
        ),
        None,
    )
    max_pay: float | None = filter_field(
        Bound(
            "Expected pay at most",
            help="A budget per year, in the currency chosen under “Pay per year in”. It is "
            "compared with the bottom of the candidate's expected range, per year: someone "
            "asking 80k-95k fits a budget of 85k. "
            "Candidates who gave no expectation are left out while this is set.",
            cli="--max-pay",
            cli_help="Bottom of the expected range at most this, per year (in --currency).",
            expr="pay_floor * fx",
            op="<=",
            need="pay_floor IS NOT NULL",
            unit=" per year",
        ),
        None,
    )
    credentials_verified: bool = filter_field(
        Flag(
            "Credentials verified",
            cli="--verified",
            cli_help="Credentials verified.",
            column="credentials",
            equals="verified",
        ),
        False,
    )
    pay_currency: str | None = filter_field(
        ViewOption(
            "Currency",
            help="Currency of the budget and of the per-year pay column; converted with the "
            "yearly rate of the year the candidate stated their expectation.",
            cli="--currency",
            cli_help="Currency of --max-pay and of the per-year pay columns.",
        ),
        None,
    )
    sort: str = filter_field(
        ViewOption("Sort by", cli="--sort", cli_help=f"One of: {', '.join(SORTS)}."),
        DEFAULT_SORT,
    )
    descending: bool = filter_field(Order("Order"), True)

    def __post_init__(self) -> None:
        fix = object.__setattr__
        fix(self, "text", " ".join((self.text or "").split()))
        for name, case in (
            ("skills_all", str.lower),
            ("skills_any", str.lower),
            ("role_families", None),
            ("seniorities", str.lower),
            ("work_arrangements", str.lower),
            ("statuses", str.lower),
            ("tags", str.lower),
            ("countries", str.upper),
            ("cities", None),
        ):
            fix(self, name, _words(getattr(self, name), case))
        if "any" in self.statuses:
            fix(self, "statuses", ())
        fix(self, "statuses", tuple(s for s in self.statuses if s in LISTABLE_STATUSES))
        cur = (self.pay_currency or "").strip().upper()
        fix(self, "pay_currency", cur or None)
        if self.sort not in SORTS:
            fix(self, "sort", DEFAULT_SORT)

    def replace(self, **changes: Any) -> PoolFilters:
        return dataclasses.replace(self, **changes)

    def is_empty(self) -> bool:
        """True when no filter narrows the pool beyond the default view (sorting aside)."""
        return all(
            getattr(self, f.name) == getattr(DEFAULTS, f.name)
            for f in FILTERS
            if f.widget != "option"
        )

    # --- URL query params -------------------------------------------------------------

    def to_query_params(self) -> dict[str, str | list[str]]:
        """Only the fields that differ from the defaults, under ``pool_``-prefixed keys."""
        out: dict[str, str | list[str]] = {}
        for spec in FILTERS:
            value = getattr(self, spec.name)
            if value == getattr(DEFAULTS, spec.name):
                continue
            items = spec.dump(value)
            out[spec.url_key] = items if isinstance(value, tuple) else items[0]
        return out

    def to_query_string(self) -> str:
        return urllib.parse.urlencode(self.to_query_params(), doseq=True)

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> PoolFilters:
        """Read the filters back from query params; malformed values are ignored."""
        values: dict[str, Any] = {}
        for spec in FILTERS:
            for key in (spec.url_key, *spec.aliases):
                if key in params:
                    raw = params[key]
                    items = [str(x) for x in raw] if isinstance(raw, list | tuple) else [str(raw)]
                    value = spec.parse(items)
                    if value is not None:
                        values[spec.name] = value
                    break
        return cls(**values)

    @classmethod
    def from_query_string(cls, query: str) -> PoolFilters:
        return cls.from_query_params(
            dict(urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True))
        )


def _filter_specs() -> tuple[PoolFilter, ...]:
    specs = []
    for f in dataclasses.fields(PoolFilters):
        spec = f.metadata["filter"]
        object.__setattr__(spec, "name", f.name)
        specs.append(spec)
    return tuple(specs)


FILTERS: tuple[PoolFilter, ...] = _filter_specs()
BY_NAME: dict[str, PoolFilter] = {spec.name: spec for spec in FILTERS}
DEFAULTS = PoolFilters()


def filters_of(kind: type[PoolFilter]) -> Iterator[PoolFilter]:
    return (spec for spec in FILTERS if isinstance(spec, kind))


# --- SQL and people ---------------------------------------------------------------------


def where_clause(f: PoolFilters, *, codes: Codes = PLAIN, skip: Iterable[str] = ()) -> Clause:
    """Every set filter as one condition on the pool relation, with its parameters.

    ``codes``: how the relation encodes values (the pool index's), else plain columns.
    ``skip`` leaves filters out by name (the status facet counts every status). Clauses of
    the ``place`` group (country, city) hold together and, with ``willing_to_relocate``,
    also match anyone who would relocate.
    """
    skipped = set(skip)
    parts: list[str] = []
    params: list[Any] = []
    groups: dict[str, list[Clause]] = {}
    for spec in FILTERS:
        if spec.name in skipped:
            continue
        clause = spec.clause(getattr(f, spec.name), codes)
        if clause is None:
            continue
        group = getattr(spec, "group", "")
        if group:
            groups.setdefault(group, []).append(clause)
            continue
        parts.append(clause.sql)
        params.extend(clause.params)
    place = groups.get("place")
    if place:
        sql = "(" + " AND ".join(c.sql for c in place) + ")"
        params.extend(p for c in place for p in c.params)
        if f.willing_to_relocate:
            relocation = codes.values.get("relocation")
            if relocation is None:
                sql = f"({sql} OR relocation = 'yes')"
            else:
                sql = f"({sql} OR relocation_code = ?)"
                params.append(relocation.get("yes", 0))
        parts.append(sql)
    return Clause(" AND ".join(parts) if parts else "TRUE", params)


def sort_expression(f: PoolFilters) -> str:
    """The SQL expression of the chosen sort key (on the pool relation)."""
    return SORTS[f.sort][1]


def order_clause(f: PoolFilters, *, key: str | None = None) -> str:
    """ORDER BY body: the chosen key (or a column ``key`` holding it), missing values last,
    then name (``name_rank``: the place in name order, ties by id), so paging is stable."""
    direction = "DESC" if f.descending else "ASC"
    return f"{key or sort_expression(f)} {direction} NULLS LAST, name_rank ASC"


def sort_label(f: PoolFilters) -> str:
    """E.g. "Fit, highest first"."""
    label, _, order = SORTS[f.sort]
    return f"{label}, {order if f.descending else ASCENDING_LABELS.get(order, 'A to Z')}"


def describe(f: PoolFilters, *, currency: str | None = None) -> list[str]:
    """The filters in words, one item per set filter (the default statuses included)."""
    out: list[str] = []
    for spec in FILTERS:
        value = getattr(f, spec.name)
        if spec.widget == "option" or spec.name == "willing_to_relocate":
            continue
        if spec.name == "statuses":
            out.append(spec.human(value) if value else "Status: any (except withdrawn)")
            continue
        if value in (None, "", (), False):
            continue
        text = spec.human(value)
        if spec.name == "max_pay":
            text += f" ({f.pay_currency or currency or 'base currency'})"
        if spec.name in ("countries", "cities") and f.willing_to_relocate:
            text += " (or willing to relocate)"
        out.append(text)
    return out
