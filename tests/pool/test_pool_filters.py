"""Each pool filter against a warehouse built by the real ETL; expected sets computed in Python."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from insights import workspace
from insights.access import Principal, Role  # noqa: E402
from insights.pool import fetch_pool
from insights.pool.money import fx_by_year, pay_range
from insights.pool_filters import ACTIONABLE, BY_NAME, DEFAULTS, FILTERS, PoolFilters, describe
from tests.pool.conftest import got, ids_of

RECRUITER = Principal("tests", Role.RECRUITER)


def listable(RECRUITER, c: pd.Series) -> bool:
    return c["consent_to_contact"] is True and c["pool_status"] != "withdrawn"


def status(c: pd.Series) -> str:
    return c["pool_status"] if isinstance(c["pool_status"], str) else "new"


def skills(c: pd.Series) -> set[str]:
    return {s.lower() for s in (c["skills"] if isinstance(c["skills"], list | np.ndarray) else [])}


def text_of(c: pd.Series) -> str:
    parts = [
        c["current_title"],
        c["role_title"],
        c["notes"],
        *list(c["skills"] if c["skills"] is not None else []),
    ]
    return "\n".join(str(p) for p in parts if isinstance(p, str)).lower()


def floor(c: pd.Series) -> float | None:
    for col in ("comp_min_annual", "comp_mid_annual", "comp_max_annual"):
        v = c[col]
        if v is not None and not (isinstance(v, float) and math.isnan(v)):
            return float(v)
    return None


def expected(candidates: pd.DataFrame, pred: Callable[[pd.Series], Any]) -> set[str]:
    return {
        c["candidate_id"] for _, c in candidates.iterrows() if listable(RECRUITER, c) and pred(c)
    }


ANY = ()  # statuses=(): every listable status
CASES: list[tuple[str, PoolFilters, Callable[[pd.Series], Any]]] = [
    ("default: the actionable statuses", PoolFilters(), lambda c: status(c) in ACTIONABLE),
    ("every status", PoolFilters(statuses=ANY), lambda c: True),
    (
        "skills all",
        PoolFilters(skills_all=("sql", "PYTHON"), statuses=ANY),
        lambda c: {"sql", "python"} <= skills(c),
    ),
    (
        "skills any",
        PoolFilters(skills_any=("figma", "java"), statuses=ANY),
        lambda c: bool({"figma", "java"} & skills(c)),
    ),
    (
        "role family",
        PoolFilters(role_families=("Data Analytics",), statuses=ANY),
        lambda c: c["role_family"] == "Data Analytics",
    ),
    (
        "seniority",
        PoolFilters(seniorities=("senior",), statuses=ANY),
        lambda c: c["seniority"] == "senior",
    ),
    ("country", PoolFilters(countries=("de",), statuses=ANY), lambda c: c["country"] == "DE"),
    (
        "city",
        PoolFilters(cities=("berlin",), statuses=ANY),
        lambda c: str(c["city"]).lower() == "berlin",
    ),
    (
        "city or relocate",
        PoolFilters(cities=("Berlin",), willing_to_relocate=True, statuses=ANY),
        lambda c: str(c["city"]).lower() == "berlin" or c["relocation"] == "yes",
    ),
    (
        "max pay USD",
        PoolFilters(max_pay=100_000, statuses=ANY),
        lambda c: floor(c) is not None and floor(c) <= 100_000,
    ),
    (
        "work arrangement (flexible always matches)",
        PoolFilters(work_arrangements=("hybrid",), statuses=ANY),
        lambda c: c["work_arrangement"] in ("hybrid", "flexible"),
    ),
    (
        "available by",
        PoolFilters(available_by=dt.date(2026, 3, 1), statuses=ANY),
        lambda c: (
            not pd.isna(c["available_from"]) and c["available_from"].date() <= dt.date(2026, 3, 1)
        ),
    ),
    (
        "min fit",
        PoolFilters(min_fit=4, statuses=ANY),
        lambda c: not pd.isna(c["fit_score"]) and c["fit_score"] >= 4,
    ),
    (
        "min interest",
        PoolFilters(min_interest=4, statuses=ANY),
        lambda c: not pd.isna(c["interest_level"]) and c["interest_level"] >= 4,
    ),
    (
        "verified",
        PoolFilters(credentials_verified=True, statuses=ANY),
        lambda c: c["credentials"] == "verified",
    ),
    (
        "status",
        PoolFilters(statuses=("prescreened", "nurture")),
        lambda c: status(c) in ("prescreened", "nurture"),
    ),
    ("hired, behind the filter", PoolFilters(statuses=("hired",)), lambda c: status(c) == "hired"),
    (
        "tags",
        PoolFilters(tags=("Strong SQL",), statuses=ANY),
        lambda c: isinstance(c["tags"], list | np.ndarray) and "strong sql" in list(c["tags"]),
    ),
    ("text in notes", PoolFilters(text="DASHBOARDS", statuses=ANY), lambda c: False),
    (
        "text in title",
        PoolFilters(text="scientist", statuses=ANY),
        lambda c: "scientist" in text_of(c),
    ),
    (
        "text in skills, two words",
        PoolFilters(text="spark python", statuses=ANY),
        lambda c: "spark" in text_of(c) and "python" in text_of(c),
    ),
    (
        "text with markup characters",
        PoolFilters(text="](http://evil", statuses=ANY),
        lambda c: "](http://evil" in text_of(c),
    ),
]


@pytest.mark.parametrize(("name", "f", "pred"), CASES, ids=[c[0] for c in CASES])
def test_each_filter_matches_an_independent_computation(index, candidates, name, f, pred) -> None:  # type: ignore[no-untyped-def]
    want = expected(candidates, pred)
    if name == "text in notes":  # only in Ana's first interview's notes: every interview counts
        want = set(candidates.loc[candidates["email"] == "ana@example.com", "candidate_id"])
    assert got(index, f) == want
    assert want, f"the fixture should exercise {name!r}"


def test_all_filters_together(index, candidates) -> None:  # type: ignore[no-untyped-def]
    f = PoolFilters(
        skills_all=("sql",),
        skills_any=("python", "java"),
        countries=("DE",),
        cities=("berlin",),
        willing_to_relocate=True,
        max_pay=110_000,
        work_arrangements=("hybrid", "remote"),
        available_by=dt.date(2026, 7, 1),
        min_fit=3,
        min_interest=3,
        statuses=("prescreened", "nurture"),
    )

    def pred(c: pd.Series) -> bool:
        return (
            "sql" in skills(c)
            and bool({"python", "java"} & skills(c))
            and (
                c["country"] == "DE"
                and str(c["city"]).lower() == "berlin"
                or c["relocation"] == "yes"
            )
            and floor(c) is not None
            and floor(c) <= 110_000
            and c["work_arrangement"] in ("hybrid", "remote", "flexible")
            and not pd.isna(c["available_from"])
            and c["available_from"].date() <= dt.date(2026, 7, 1)
            and c["fit_score"] >= 3
            and c["interest_level"] >= 3
            and status(c) in ("prescreened", "nurture")
        )

    want = expected(candidates, pred)
    assert got(index, f) == want
    assert len(want) == 2  # Ana (Berlin) and Ben (Munich, willing to relocate)


def test_status_counts_ignore_the_status_filter_and_add_up(index, candidates) -> None:  # type: ignore[no-untyped-def]
    page = fetch_pool(RECRUITER, index, PoolFilters(statuses=("hired",)), page_size=2)
    listed = [c for _, c in candidates.iterrows() if listable(RECRUITER, c)]
    want: dict[str, int] = {}
    for c in listed:
        want[status(c)] = want.get(status(c), 0) + 1
    assert page.status_counts == want
    assert page.total == want["hired"] == 1
    default = fetch_pool(RECRUITER, index, PoolFilters(), page_size=2)
    assert default.total == sum(want.get(s, 0) for s in ACTIONABLE)
    assert default.status_counts == want


def test_budget_in_another_currency_uses_the_etl_rate_of_that_year(index, candidates) -> None:  # type: ignore[no-untyped-def]
    # Ben said "90.000 EUR" in 2025: shown and compared in EUR he is exactly 90k again.
    f = PoolFilters(pay_currency="EUR", max_pay=90_000, statuses=ANY)
    page = fetch_pool(RECRUITER, index, f, page_size=None)
    shown = page.rows.set_index("full_name")
    assert round(shown.loc["Ben Okafor", "pay_min_shown"]) == 90_000
    fx = fx_by_year(index.rates, "USD", "EUR")
    want = set()
    for _, c in candidates.iterrows():
        if listable(RECRUITER, c) and floor(c) is not None:
            year = c["last_interview_date"].year  # the fixture states pay in every interview
            factor = fx[min(max(year, min(fx)), max(fx))]
            if floor(c) * factor <= 90_000 + 1e-6:
                want.add(c["candidate_id"])
    assert set(page.rows["candidate_id"]) == want
    with pytest.raises(ValueError, match="No exchange rate for XYZ"):
        fetch_pool(RECRUITER, index, PoolFilters(pay_currency="XYZ"))


def test_paging_and_sorting_happen_in_the_database(index) -> None:  # type: ignore[no-untyped-def]
    by_name = PoolFilters(sort="name", descending=False, statuses=ANY)
    every = fetch_pool(RECRUITER, index, by_name, page_size=None)
    names = list(every.rows["full_name"])
    assert names == sorted(names, key=lambda n: n.strip().lower())
    assert every.total == 8
    pages = [fetch_pool(RECRUITER, index, by_name, page=p, page_size=3) for p in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [3, 3, 2]
    assert all(p.total == every.total for p in pages)
    assert sum((list(p.rows["full_name"]) for p in pages), []) == names
    assert [p.first for p in pages] == [1, 4, 7] and pages[2].last == 8
    assert fetch_pool(RECRUITER, index, by_name, page=99, page_size=3).page == 3  # clamped
    z_to_a = fetch_pool(RECRUITER, index, by_name.replace(descending=True), page_size=None)
    assert list(z_to_a.rows["full_name"]) == names[::-1]


@pytest.mark.parametrize("key", ["fit", "interest", "pay", "available", "last_interview"])
def test_every_sort_key_puts_missing_values_last(index, key) -> None:  # type: ignore[no-untyped-def]
    column = {
        "fit": "fit_score",
        "interest": "interest_level",
        "pay": "pay_min_shown",
        "available": "available_from",
        "last_interview": "last_interview_date",
    }[key]
    for descending in (True, False):
        rows = fetch_pool(
            RECRUITER,
            index,
            PoolFilters(sort=key, descending=descending, statuses=ANY),
            page_size=None,
        ).rows
        values = [None if pd.isna(v) else v for v in rows[column]]
        known = [v for v in values if v is not None]
        assert values == known + [None] * (len(values) - len(known))
        assert known == sorted(known, reverse=descending)


def test_workspace_status_and_tags_override_the_warehouse(index, con, ws) -> None:  # type: ignore[no-untyped-def]
    (ana,) = ids_of(con, "ana@example.com")
    workspace.set_pool_status(ws, ana, "contacted", current_status="prescreened", actor="t")
    workspace.set_tags(
        ws, ana, ["berlin", "lead material"], current_tags=["berlin", "strong sql"], actor="t"
    )
    overlay = workspace.overlay(ws)
    assert ana in got(index, PoolFilters(statuses=("contacted",)), overlay)
    assert ana not in got(index, PoolFilters(statuses=("prescreened",)), overlay)
    assert ana not in got(index, PoolFilters(), overlay)  # contacted is not in the default view
    assert ana in got(index, PoolFilters(tags=("lead material",), statuses=ANY), overlay)
    assert ana not in got(index, PoolFilters(tags=("strong sql",), statuses=ANY), overlay)
    assert ana in got(index, PoolFilters(tags=("berlin",), statuses=ANY), overlay)
    page = fetch_pool(RECRUITER, index, PoolFilters(statuses=ANY), overlay=overlay, page_size=None)
    row = page.rows.set_index("candidate_id").loc[ana]
    assert row["eff_status"] == "contacted" and list(row["eff_tags"]) == ["berlin", "lead material"]
    workspace.set_pool_status(ws, ana, "withdrawn", current_status="contacted", actor="t")
    assert ana not in got(index, PoolFilters(statuses=ANY), workspace.overlay(ws))
    history = workspace.status_history(ws, ana)
    assert [(h["old_status"], h["new_status"], h["changed_by"]) for h in history] == [
        ("prescreened", "contacted", "t"),
        ("contacted", "withdrawn", "t"),
    ]


@pytest.mark.parametrize(
    ("lo", "hi", "cur", "period", "text"),
    [
        (85_000, 95_000, "USD", "year", "USD 85,000–95,000"),
        (2_230_000, 2_230_000, "inr", "year", "INR 2,230,000"),
        (4_900, 4_900, "EUR", "month", "EUR 4,900/month"),
        (45.5, 45.5, "USD", "hour", "USD 45.50/hour"),
        (84_500, None, "GBP", None, "GBP 84,500+"),
        (None, 95_000, "CHF", "year", "up to CHF 95,000"),
        (None, None, "USD", "year", None),
    ],
)
def test_pay_as_people_read_it(lo, hi, cur, period, text) -> None:  # type: ignore[no-untyped-def]
    assert pay_range(lo, hi, cur, period) == text


def test_filters_round_trip_through_the_url() -> None:
    f = PoolFilters(
        skills_all=("sql", "python"),
        cities=("Berlin",),
        willing_to_relocate=True,
        max_pay=85_000,
        pay_currency="eur",
        available_by=dt.date(2026, 5, 1),
        min_fit=4,
        tags=("a b",),
        text=" data  lead ",
        statuses=("hired", "new"),
        sort="pay",
        descending=False,
    )
    assert PoolFilters.from_query_string(f.to_query_string()) == f
    assert all(k.startswith("pool_") for k in f.to_query_params())
    assert (
        PoolFilters.from_query_params({"pool_max_pay": "abc", "pool_sort": "x; DROP"})
        == PoolFilters()
    )
    # the default statuses stay out of the URL; "every status" is an explicit empty value
    assert "pool_statuses" not in PoolFilters().to_query_params()
    anything = PoolFilters(statuses=ANY)
    assert PoolFilters.from_query_string(anything.to_query_string()).statuses == ()
    # links made before statuses had a default keep working, and the example
    assert PoolFilters.from_query_string("pool_pool_statuses=nurture").statuses == ("nurture",)
    assert PoolFilters.from_query_string("pool_max_pay=90000&pool_text=SQL") == PoolFilters(
        max_pay=90_000, text="SQL"
    )
    assert PoolFilters.from_query_string("pool_statuses=withdrawn").statuses == ()


def test_every_field_declares_its_filter_once() -> None:
    """One declaration drives the widgets, the URL, the SQL and the CLI."""
    from insights.commands.export import _filter_parameters
    from insights.ui.pool.filters import ROWS, TOOLBAR

    names = [f.name for f in dataclasses.fields(PoolFilters)]
    assert [spec.name for spec in FILTERS] == names
    assert set(BY_NAME) == set(names)
    laid_out = [name for row in ROWS for name, _ in row] + list(TOOLBAR)
    assert sorted(laid_out) == sorted(names)  # every filter has exactly one widget
    cli = {p.name for p in _filter_parameters()}
    assert cli == {s.name for s in FILTERS if s.cli}
    assert {s.name for s in FILTERS if not s.cli} == {"descending"}  # the CLI says --ascending
    assert len({s.cli for s in FILTERS if s.cli}) == len(cli)


def test_filters_describe_themselves() -> None:
    f = PoolFilters(
        skills_all=("sql",),
        cities=("Berlin",),
        willing_to_relocate=True,
        max_pay=85_000,
        pay_currency="EUR",
        min_fit=4,
        text="data lead",
    )
    words = describe(f)
    assert "Skills: all of sql" in words
    assert "City: Berlin (or willing to relocate)" in words
    assert "Expected pay at most 85,000 per year (EUR)" in words
    assert "Fit at least 4 / 5" in words
    assert "Mentions “data” and “lead”" in words
    assert "Status: New, Pre-screened, Nurture" in words
    assert describe(DEFAULTS.replace(statuses=())) == ["Status: any (except withdrawn)"]
