"""What the pool table shows and what exports write: one declaration per column.

Each :class:`Column` has its on-screen cell (text, a date or a number, for people) and
its export cells (typed values an ATS or a spreadsheet can take: numbers as numbers,
dates as dates, E.164 phones as text, pay as min / max / currency / period). The table
shows :data:`DEFAULT_COLUMNS` plus the extras a recruiter picks; an export writes the
same columns, expanded into their export cells.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from insights.pool.money import missing, pay_range, short_range
from insights.pool_filters import pretty
from insights.workspace import STAGE_LABELS

Row = dict[Any, Any]


@dataclass(frozen=True)
class Context:
    """What a cell needs beyond its row: the currency per-year pay is shown in."""

    currency: str
    base: str


Cell = Callable[[Row, Context], Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the screen header ("{currency}" is replaced by the shown currency)
    kind: str  # text | date | score | count | number | email | url
    screen: Cell
    export: tuple[tuple[str, Cell], ...]
    help: str = ""
    sort: str | None = None  # the sort key this column shows
    width: int | None = None  # pixels on screen: the default columns fit a 1440px window

    def header(self, ctx: Context) -> str:
        return self.label.replace("{currency}", ctx.currency)

    def tip(self, ctx: Context) -> str:
        return self.help.replace("{currency}", ctx.currency)


def _get(name: str) -> Cell:
    def cell(row: Row, ctx: Context) -> Any:
        value = row.get(name)
        return None if missing(value) else value

    return cell


def text(value: Any) -> str | None:
    if missing(value):
        return None
    out = str(value).strip()
    return out or None


def as_date(value: Any) -> dt.date | None:
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def number(value: Any) -> int | float | None:
    """A number as a spreadsheet should hold it: 4 not 4.0; None for missing."""
    if missing(value):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() else f


def whole(value: Any) -> int | None:
    """A converted amount, to the unit (conversions carry meaningless decimals)."""
    n = number(value)
    return None if n is None else int(math.floor(float(n) + 0.5))


def items(value: Any) -> list[str]:
    if value is None or isinstance(value, str) or not hasattr(value, "__iter__"):
        return [] if missing(value) or not value else [str(value)]
    return [str(v) for v in value if not missing(v) and str(v).strip()]


def joined(value: Any) -> str | None:
    out = items(value)
    return ", ".join(out) if out else None


def _role(row: Row, ctx: Context) -> str | None:
    parts = [p for p in (text(row.get("current_title")), text(row.get("current_employer"))) if p]
    return " · ".join(parts) or None


def _place(row: Row, ctx: Context) -> str | None:
    parts = [p for p in (text(row.get("city")), text(row.get("country"))) if p]
    return ", ".join(parts) or None


def _stated(row: Row, ctx: Context) -> str | None:
    return pay_range(
        row.get("pay_min"), row.get("pay_max"), row.get("pay_currency"), row.get("pay_period")
    )


def _per_year(row: Row, ctx: Context) -> str | None:
    return short_range(row.get("pay_min_shown"), row.get("pay_max_shown"))


def _label(name: str) -> Cell:
    def cell(row: Row, ctx: Context) -> str | None:
        value = text(row.get(name))
        return pretty(value) if value else None

    return cell


def _date(name: str) -> Cell:
    return lambda row, ctx: as_date(row.get(name))


def _number(name: str) -> Cell:
    return lambda row, ctx: number(row.get(name))


def _text(name: str) -> Cell:
    return lambda row, ctx: text(row.get(name))


def _status(row: Row, ctx: Context) -> str | None:
    value = text(row.get("eff_status"))
    return pretty(value) if value else None


def _tags(row: Row, ctx: Context) -> str | None:
    return joined(row.get("eff_tags"))


def _stage(row: Row, ctx: Context) -> str | None:
    value = text(row.get("stage"))
    return STAGE_LABELS.get(value, value) if value else None


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "Name",
        "text",
        _text("full_name"),
        (("Name", _text("full_name")),),
        sort="name",
        width=120,
    ),
    Column(
        "role",
        "Current role",
        "text",
        _role,
        (
            ("Current title", _text("current_title")),
            ("Current employer", _text("current_employer")),
        ),
        help="Current title · employer.",
        width=130,
    ),
    Column(
        "location",
        "Location",
        "text",
        _place,
        (("City", _text("city")), ("Region", _text("region")), ("Country", _text("country"))),
        help="City and ISO country code.",
        width=100,
    ),
    Column(
        "pay",
        "Expected pay",
        "text",
        _stated,
        (
            ("Expected pay min", _number("pay_min")),
            ("Expected pay max", _number("pay_max")),
            ("Expected pay currency", _text("pay_currency")),
            ("Expected pay period", _text("pay_period")),
        ),
        help="As the candidate stated it, in their own currency (latest interview that "
        "gave an expectation).",
        width=130,
    ),
    Column(
        "pay_year",
        "{currency}/yr",
        "text",
        _per_year,
        (
            ("Expected pay min per year", lambda r, c: whole(r.get("pay_min_shown"))),
            ("Expected pay max per year", lambda r, c: whole(r.get("pay_max_shown"))),
            (
                "Expected pay per year currency",
                lambda r, c: c.currency if not missing(r.get("pay_min_shown")) else None,
            ),
        ),
        help="The expectation per year in {currency}, converted with the exchange rate of "
        "the year it was stated (k = thousand). Sorting by pay uses the bottom of this range.",
        sort="pay",
        width=85,
    ),
    Column(
        "available",
        "Available",
        "date",
        _date("available_from"),
        (("Available from", _date("available_from")),),
        help="Available to start from this date.",
        sort="available",
        width=85,
    ),
    Column(
        "fit",
        "Fit",
        "score",
        _number("fit_score"),
        (("Fit", _number("fit_score")),),
        help="Pre-screen fit, 1-5.",
        sort="fit",
        width=48,
    ),
    Column(
        "interest",
        "Interest",
        "score",
        _number("interest_level"),
        (("Interest", _number("interest_level")),),
        help="Interest level, 1-5.",
        sort="interest",
        width=64,
    ),
    Column(
        "status",
        "Status",
        "text",
        _status,
        (("Status", _status),),
        help="Pool status: a recruiter's change here, else the latest interview's.",
        width=88,
    ),
    Column(
        "last_interview",
        "Last interview",
        "date",
        _date("last_interview_date"),
        (("Last interview", _date("last_interview_date")),),
        sort="last_interview",
        width=95,
    ),
    # extras (the column chooser)
    Column("email", "E-mail", "email", _text("email"), (("E-mail", _text("email")),)),
    Column("phone", "Phone", "text", _text("phone"), (("Phone", _text("phone")),)),
    Column(
        "linkedin", "LinkedIn", "url", _text("linkedin_url"), (("LinkedIn", _text("linkedin_url")),)
    ),
    Column(
        "skills",
        "Skills",
        "text",
        lambda r, c: joined(r.get("skills")),
        (("Skills", lambda r, c: joined(r.get("skills"))),),
    ),
    Column("tags", "Tags", "text", _tags, (("Tags", _tags),)),
    Column(
        "role_family",
        "Role family",
        "text",
        _text("role_family"),
        (("Role family", _text("role_family")),),
    ),
    Column(
        "seniority", "Seniority", "text", _label("seniority"), (("Seniority", _label("seniority")),)
    ),
    Column(
        "work_arrangement",
        "Work arrangement",
        "text",
        _label("work_arrangement"),
        (("Work arrangement", _label("work_arrangement")),),
    ),
    Column(
        "relocation",
        "Relocation",
        "text",
        _label("relocation"),
        (("Relocation", _label("relocation")),),
    ),
    Column(
        "credentials",
        "Credentials",
        "text",
        _label("credentials"),
        (("Credentials", _label("credentials")),),
    ),
    Column(
        "career_stage",
        "Career stage",
        "text",
        _label("career_stage"),
        (("Career stage", _label("career_stage")),),
    ),
    Column(
        "years_experience",
        "Years of experience",
        "number",
        _number("years_experience"),
        (("Years of experience", _number("years_experience")),),
    ),
    Column(
        "interviews",
        "Interviews",
        "count",
        _number("interview_count"),
        (("Interviews", _number("interview_count")),),
    ),
    Column(
        "first_interview",
        "First interview",
        "date",
        _date("first_interview_date"),
        (("First interview", _date("first_interview_date")),),
    ),
    Column(
        "consent_date",
        "Consent date",
        "date",
        _date("consent_date"),
        (("Consent date", _date("consent_date")),),
    ),
    Column(
        "candidate_id",
        "Candidate ID",
        "text",
        _text("candidate_id"),
        (("Candidate ID", _text("candidate_id")),),
        help="This product's id of the candidate (stable across loads).",
    ),
)
# A shortlist's own columns (its view and its export).
MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("stage", "Stage", "text", _stage, (("Stage", _stage),)),
    Column("note", "Note", "text", _text("note"), (("Note", _text("note")),)),
    Column("added_by", "Added by", "text", _text("added_by"), (("Added by", _text("added_by")),)),
    Column("added_at", "Added on", "date", _date("added_at"), (("Added on", _date("added_at")),)),
)
BY_KEY = {c.key: c for c in (*COLUMNS, *MEMBER_COLUMNS)}
DEFAULT_COLUMNS = (
    "name",
    "role",
    "location",
    "pay",
    "pay_year",
    "available",
    "fit",
    "interest",
    "status",
    "last_interview",
)
EXTRA_COLUMNS = tuple(c.key for c in COLUMNS if c.key not in DEFAULT_COLUMNS)
# Exports always carry the contact details (an ATS import needs them), unless unticked.
EXPORT_EXTRAS = ("email", "phone", "linkedin")


def chosen(extras: Iterable[str], *, member: bool = False) -> list[Column]:
    """The default columns, the chosen extras (in catalogue order), the member columns."""
    wanted = set(extras)
    out = [BY_KEY[k] for k in DEFAULT_COLUMNS]
    out += [c for c in COLUMNS if c.key in wanted and c.key not in DEFAULT_COLUMNS]
    if member:
        out += list(MEMBER_COLUMNS)
    return out


def screen_frame(rows: pd.DataFrame, columns: Sequence[Column], ctx: Context) -> pd.DataFrame:
    """The table as people read it, one column per :class:`Column`, indexed by candidate id."""
    records = rows.to_dict("records")
    data = {c.header(ctx): [c.screen(r, ctx) for r in records] for c in columns}
    index = pd.Index([str(r["candidate_id"]) for r in records], name="candidate_id", dtype=object)
    frame = pd.DataFrame(data, index=index)
    for c in columns:
        if c.kind in ("score", "count", "number"):
            frame[c.header(ctx)] = pd.array(
                [None if v is None else float(v) for v in frame[c.header(ctx)]], dtype="Float64"
            )
    return frame


def export_frame(
    rows: pd.DataFrame, columns: Sequence[Column], ctx: Context, *, shortlist: str | None = None
) -> pd.DataFrame:
    """Typed export cells (object columns: str, int, float, date or None), headers unique."""
    records = rows.to_dict("records")
    cells: list[tuple[str, Cell]] = []
    if shortlist is not None:
        cells.append(("Shortlist", lambda r, c: shortlist))
    for column in columns:
        cells += list(column.export)
    data = {header: [cell(r, ctx) for r in records] for header, cell in cells}
    return pd.DataFrame(data, dtype=object)
