"""How stored values read to people, identically on pages, in reports and in the CLI.

Stored values are canonical codes ("on_site", "DE", "career_changer"); readers see
"On-site", "Germany", "Career changer". Enumerated fields keep their domain's order
(intern -> executive), so a table or chart of seniority never reads alphabetically.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pycountry

from etl import canonical

# The group that collects every group outside the top N (or outside a user's pick), and
# the group of responses without a value. Both are produced by the queries.
OTHERS = "(all others)"
NOT_STATED = "not stated"

# Fixed orders (and with them colours) for every enumerated field.
ORDERS: dict[str, tuple[str, ...]] = {
    "work_arrangement": canonical.WORK_ARRANGEMENT,
    "seniority": canonical.SENIORITY,
    "career_stage": canonical.CAREER_STAGE,
    "source": canonical.SOURCE,
    "format": canonical.FORMAT,
    "travel": canonical.TRAVEL,
    "relocation": canonical.RELOCATION,
    "benefit": canonical.BENEFITS,
    "topic": canonical.QUESTION_TOPICS,
    "flexible_hours": ("true", "false"),
    "office_days": ("0", "1", "2", "3", "4", "5"),
}
# Fields whose values are open text (role families, departments, places): ordered by size.
OPEN_FIELDS = ("role_family", "department", "country", "city")

_SPECIAL = {
    "on_site": "On-site",
    "pto": "PTO",
    "true": "Yes",
    "false": "No",
    "in_person": "In person",
    "interviewer_path": "Interviewer's path",
    OTHERS: "All others",
    NOT_STATED: "Not stated",
}
_ENUM_VALUES = frozenset(v for values in ORDERS.values() for v in values)


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """'DE' -> 'Germany'; an unknown code reads as itself."""
    text = str(code).strip()
    if len(text) != 2:
        return text
    found = pycountry.countries.get(alpha_2=text.upper())
    if found is None:
        return text
    return str(getattr(found, "common_name", None) or found.name)


def pretty(value: object, field: str | None = None) -> str:
    """A stored value as a reader sees it: 'on_site' -> 'On-site', 'DE' -> 'Germany'
    (for field country), 'work_life_balance' -> 'Work life balance'; free text as stored."""
    text = str(value)
    if text in _SPECIAL:
        return _SPECIAL[text]
    if field == "country":
        return country_name(text)
    if field == "city":
        return city_label(text)
    if field in OPEN_FIELDS:
        return text
    simple = " " not in text and "(" not in text
    if simple and (text in _ENUM_VALUES or field is not None or text.islower()):
        return text.replace("_", " ").capitalize()
    return text


def city_label(label: str) -> str:
    """'Berlin (DE)' -> 'Berlin (Germany)': the queries label a city with its country code."""
    if label.endswith(")") and " (" in label:
        city, _, code = label[:-1].rpartition(" (")
        if len(code) == 2 and code.isalpha():
            return f"{city} ({country_name(code)})"
    return label


def order(field: str | None, values: Iterable[str]) -> list[str]:
    """Values in the field's domain order, any other value after (alphabetically), with
    'not stated' and 'all others' last."""
    present = list(dict.fromkeys(str(v) for v in values))
    domain = [v for v in ORDERS.get(field or "", ()) if v in present]
    tail = [v for v in (NOT_STATED, OTHERS) if v in present]
    rest = sorted(v for v in present if v not in domain and v not in tail)
    return domain + rest + tail


def heading(field: str) -> str:
    """A field name as a column heading: 'role_family' -> 'Role family'."""
    return {
        "format": "Interview format",
        "comp_mid_annual": "Expected pay",
        "expected_years_to_promotion": "Expected years to promotion",
    }.get(field, field.replace("_", " ").capitalize())
