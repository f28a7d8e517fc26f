"""Each pool filter against a warehouse built by the real ETL; expected sets computed in Python."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from insights import workspace
from insights.pool import fetch_pool, format_pay, fx_by_year, present
from insights.pool_filters import PoolFilters


def listable(c: pd.Series) -> bool:
    return c["consent_to_contact"] is True and c["pool_status"] != "withdrawn"


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


def got(con, f: PoolFilters) -> set[str]:  # type: ignore[no-untyped-def]
    page = fetch_pool(con, f, page_size=None)
    assert page.total == len(page.rows)
    return set(page.rows["candidate_id"])


def expected(candidates: pd.DataFrame, pred: Callable[[pd.Series], Any]) -> set[str]:
    return {c["candidate_id"] for _, c in candidates.iterrows() if listable(c) and pred(c)}


CASES: list[tuple[str, PoolFilters, Callable[[pd.Series], Any]]] = [
    ("none", PoolFilters(), lambda c: True),
    (
        "skills all",
        PoolFilters(skills_all=("sql", "PYTHON")),
        lambda c: {"sql", "python"} <= skills(c),
    ),
    (
        "skills any",
        PoolFilters(skills_any=("figma", "java")),
        lambda c: bool({"figma", "java"} & skills(c)),
    ),
    (
        "role family",
        PoolFilters(role_families=("Data Analytics",)),
        lambda c: c["role_family"] == "Data Analytics",
    ),
    ("seniority", PoolFilters(seniorities=("senior",)), lambda c: c["seniority"] == "senior"),
    ("country", PoolFilters(countries=("de",)), lambda c: c["country"] == "DE"),
    ("city", PoolFilters(cities=("berlin",)), lambda c: str(c["city"]).lower() == "berlin"),
    (
        "city or relocate",
        PoolFilters(cities=("Berlin",), willing_to_relocate=True),
        lambda c: str(c["city"]).lower() == "berlin" or c["relocation"] == "yes",
    ),
    (
        "max pay USD",
        PoolFilters(max_pay=100_000),
        lambda c: floor(c) is not None and floor(c) <= 100_000,
    ),
    (
        "work arrangement (flexible always matches)",
        PoolFilters(work_arrangements=("hybrid",)),
        lambda c: c["work_arrangement"] in ("hybrid", "flexible"),
    ),
    (
        "available by",
        PoolFilters(available_by=dt.date(2026, 3, 1)),
        lambda c: (
            not pd.isna(c["available_from"]) and c["available_from"].date() <= dt.date(2026, 3, 1)
        ),
    ),
    (
        "min fit",
        PoolFilters(min_fit=4),
        lambda c: not pd.isna(c["fit_score"]) and c["fit_score"] >= 4,
    ),
    (
        "min interest",
        PoolFilters(min_interest=4),
        lambda c: not pd.isna(c["interest_level"]) and c["interest_level"] >= 4,
    ),
    ("verified", PoolFilters(credentials_verified=True), lambda c: c["credentials"] == "verified"),
    (
        "pool status",
        PoolFilters(pool_statuses=("prescreened", "nurture")),
        lambda c: c["pool_status"] in ("prescreened", "nurture"),
    ),
    (
        "tags",
        PoolFilters(tags=("Strong SQL",)),
        lambda c: isinstance(c["tags"], list | np.ndarray) and "strong sql" in list(c["tags"]),
    ),
    (
        "text in notes",
        PoolFilters(text="DASHBOARDS"),
        lambda c: False,
    ),  # only in Ana's first interview's notes
    ("text in title", PoolFilters(text="scientist"), lambda c: "scientist" in text_of(c)),
    (
        "text in skills, two words",
        PoolFilters(text="spark python"),
        lambda c: "spark" in text_of(c) and "python" in text_of(c),
    ),
]


@pytest.mark.parametrize(("name", "f", "pred"), CASES, ids=[c[0] for c in CASES])
def test_each_filter_matches_an_independent_computation(con, candidates, name, f, pred) -> None:  # type: ignore[no-untyped-def]
    want = expected(candidates, pred)
    if name == "text in notes":  # interview notes count too, not just the candidate's latest
        want = set(candidates.loc[candidates["email"] == "ana@example.com", "candidate_id"])
    assert got(con, f) == want
    if name != "none":
        assert want, f"the fixture should exercise {name!r}"


def test_all_filters_together(con, candidates) -> None:  # type: ignore[no-untyped-def]
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
        pool_statuses=("prescreened", "nurture"),
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
            and c["pool_status"] in ("prescreened", "nurture")
        )

    want = expected(candidates, pred)
    assert got(con, f) == want
    assert len(want) == 2  # Ana (Berlin) and Ben (Munich, willing to relocate)


def test_budget_in_another_currency_uses_the_etl_rate_of_that_year(con, candidates) -> None:  # type: ignore[no-untyped-def]
    # Ben said "90.000 EUR" in 2025: shown and compared in EUR he is exactly 90k again.
    page = fetch_pool(con, PoolFilters(pay_currency="EUR", max_pay=90_000), page_size=None)
    shown = present(page).set_index("Name")["Expected pay"].to_dict()
    assert shown["Ben Okafor"] == "€90k"
    fx = fx_by_year(con, "USD", "EUR")
    want = set()
    for _, c in candidates.iterrows():
        if listable(c) and floor(c) is not None:
            year = c[
                "last_interview_date"
            ].year  # each fixture candidate states pay in every interview
            factor = fx[min(max(year, min(fx)), max(fx))]
            if floor(c) * factor <= 90_000 + 1e-6:
                want.add(c["candidate_id"])
    assert set(page.rows["candidate_id"]) == want


def test_paging_and_sorting_happen_in_the_database(con) -> None:  # type: ignore[no-untyped-def]
    every = fetch_pool(con, PoolFilters(sort="name", descending=False), page_size=None)
    names = list(every.rows["full_name"])
    assert names == sorted(names, key=str.lower)
    pages = [
        fetch_pool(con, PoolFilters(sort="name", descending=False), page=p, page_size=2)
        for p in (1, 2, 3)
    ]
    assert [len(p.rows) for p in pages] == [2, 2, 1]
    assert all(p.total == every.total == 5 for p in pages)
    assert sum((list(p.rows["full_name"]) for p in pages), []) == names
    assert fetch_pool(con, PoolFilters(), page=99, page_size=2).page == 3  # clamped


def test_workspace_status_and_tags_override_the_warehouse(con, ws) -> None:  # type: ignore[no-untyped-def]
    from tests.pool.conftest import ids_of

    (ana,) = ids_of(con, "ana@example.com")
    workspace.set_pool_status(ws, ana, "contacted", current_status="prescreened", actor="t")
    workspace.set_tags(
        ws, ana, ["berlin", "lead material"], current_tags=["berlin", "strong sql"], actor="t"
    )
    overlay = workspace.overlay(ws)
    assert ana in got_o(con, PoolFilters(pool_statuses=("contacted",)), overlay)
    assert ana not in got_o(con, PoolFilters(pool_statuses=("prescreened",)), overlay)
    assert ana in got_o(con, PoolFilters(tags=("lead material",)), overlay)
    assert ana not in got_o(con, PoolFilters(tags=("strong sql",)), overlay)
    workspace.set_pool_status(ws, ana, "withdrawn", current_status="contacted", actor="t")
    assert ana not in got_o(con, PoolFilters(), workspace.overlay(ws))
    history = workspace.status_history(ws, ana)
    assert [(h["old_status"], h["new_status"], h["changed_by"]) for h in history] == [
        ("prescreened", "contacted", "t"),
        ("contacted", "withdrawn", "t"),
    ]


def got_o(con, f, overlay) -> set[str]:  # type: ignore[no-untyped-def]
    return set(fetch_pool(con, f, overlay=overlay, page_size=None).rows["candidate_id"])


@pytest.mark.parametrize(
    ("lo", "hi", "cur", "text"),
    [
        (85_000, 95_000, "USD", "$85k-95k"),
        (90_000, 90_000, "EUR", "€90k"),
        (84_500, None, "GBP", "£85k+"),
        (None, 95_000, "CHF", "up to CHF 95k"),
        (1_250_000, 1_500_000, "USD", "$1.25M-1.5M"),
        (None, None, "USD", None),
    ],
)
def test_format_pay(lo, hi, cur, text) -> None:  # type: ignore[no-untyped-def]
    assert format_pay(lo, hi, cur) == text


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
        sort="pay",
        descending=False,
    )
    assert PoolFilters.from_query_string(f.to_query_string()) == f
    assert all(k.startswith("pool_") for k in f.to_query_params())
    assert (
        PoolFilters.from_query_params({"pool_max_pay": "abc", "pool_sort": "x; DROP"})
        == PoolFilters()
    )
