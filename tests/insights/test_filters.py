"""Filters <-> URL query params <-> SQL WHERE: pure, parametrised."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from insights.filters import Filters, previous_period

D = dt.date


@pytest.mark.parametrize(
    ("filters", "params"),
    [
        (Filters(), {}),
        (Filters(date_from=D(2024, 1, 1)), {"from": ["2024-01-01"]}),
        (
            Filters(date_from=D(2024, 1, 1), date_to=D(2024, 3, 31), seniority=("senior", "mid")),
            {"from": ["2024-01-01"], "to": ["2024-03-31"], "seniority": ["mid", "senior"]},
        ),
        (Filters(country=("DE",), city=("Berlin",)), {"country": ["DE"], "city": ["Berlin"]}),
        (Filters(department=("R&D, Europe",)), {"department": ["R&D, Europe"]}),
        (
            Filters(role_family=("Data Analytics",), format=("video",)),
            {"role_family": ["Data Analytics"], "format": ["video"]},
        ),
    ],
)
def test_round_trip_through_query_params(filters: Filters, params: dict[str, list[str]]) -> None:
    assert filters.to_query_params() == params
    parsed, notices = Filters.from_query_params(params)
    assert parsed == filters
    assert notices == []


def test_order_and_duplicates_do_not_change_the_view() -> None:
    assert Filters(seniority=("senior", "mid", "senior")) == Filters(seniority=("mid", "senior"))
    assert Filters(seniority="mid") == Filters(seniority=("mid",))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({"seniority": ["wizard"]}, Filters(), "unknown seniority 'wizard'"),
        ({"seniority": ["Senior", "wizard"]}, Filters(seniority=("senior",)), "wizard"),
        ({"country": ["Germany"]}, Filters(), "two-letter ISO"),
        ({"country": ["de"]}, Filters(country=("DE",)), None),
        ({"from": ["yesterday"]}, Filters(), "YYYY-MM-DD"),
        ({"from": ["2024-05-01"], "to": ["2024-01-01"]}, Filters(), "'from' is after 'to'"),
        ({"format": ["carrier_pigeon"]}, Filters(), "unknown format"),
        ({"city": ["x" * 500]}, Filters(), "over-long"),
        ({"career_stage": [" "]}, Filters(), None),
        ({"page": ["2"], "candidate": ["c_1"]}, Filters(), None),  # not ours: left alone
    ],
)
def test_invalid_parameters_are_ignored_with_a_notice(
    params: dict[str, list[str]], expected: Filters, notice: str | None
) -> None:
    parsed, notices = Filters.from_query_params(params)
    assert parsed == expected
    if notice is None:
        assert notices == []
    else:
        assert any(notice in n for n in notices), notices


def test_single_string_values_are_accepted() -> None:
    parsed, _ = Filters.from_query_params({"seniority": "senior", "to": "2024-02-29"})
    assert parsed == Filters(seniority=("senior",), date_to=D(2024, 2, 29))


@pytest.mark.parametrize(
    ("filters", "sql", "params"),
    [
        (Filters(), "TRUE", {}),
        (Filters(date_from=D(2024, 1, 1)), "interview_date >= $f0", {"f0": D(2024, 1, 1)}),
        (
            Filters(date_to=D(2024, 2, 1), country=("DE", "US")),
            "interview_date <= $f0 AND country IN ($f1, $f2)",
            {"f0": D(2024, 2, 1), "f1": "DE", "f2": "US"},
        ),
    ],
)
def test_where_emits_only_placeholders(
    filters: Filters, sql: str, params: dict[str, object]
) -> None:
    assert filters.where() == (sql, params)


def test_where_prefix_alias_and_skip() -> None:
    sql, params = Filters(seniority=("mid",), country=("DE",)).where(
        alias="i", param_prefix="p", skip=("country",)
    )
    assert sql == "i.seniority IN ($p0)"
    assert params == {"p0": "mid"}


HOSTILE = "x' OR 1=1; DROP TABLE t; --"


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        (Filters(), [1, 2, 3, 4]),
        (Filters(date_from=D(2024, 2, 1)), [2, 3, 4]),
        (Filters(date_from=D(2024, 2, 1), date_to=D(2024, 2, 29)), [2, 3]),
        (Filters(seniority=("mid", "lead")), [1, 4]),
        (Filters(country=("DE",), seniority=("mid",)), [1]),
        (Filters(department=(HOSTILE,)), [4]),
        (Filters(department=("Data",)), [1]),
    ],
)
def test_where_selects_the_right_rows(filters: Filters, expected_ids: list[int]) -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES "
        "(1, DATE '2024-01-15', 'mid', 'DE', 'Data'),"
        "(2, DATE '2024-02-01', 'senior', 'US', 'Sales'),"
        "(3, DATE '2024-02-29', 'senior', 'DE', NULL),"
        "(4, DATE '2024-03-01', 'lead', 'GB', ?)"
        ") v(id, interview_date, seniority, country, department)",
        [HOSTILE],
    )
    where, params = filters.where()
    rows = con.execute(f"SELECT id FROM t WHERE {where} ORDER BY id", params).fetchall()
    assert [r[0] for r in rows] == expected_ids
    assert con.execute("SELECT count(*) FROM t").fetchone() == (4,)


@pytest.mark.parametrize(
    ("start", "end", "prev"),
    [
        (D(2024, 3, 1), D(2024, 3, 1), (D(2024, 2, 29), D(2024, 2, 29))),
        (D(2024, 3, 10), D(2024, 3, 19), (D(2024, 2, 29), D(2024, 3, 9))),
    ],
)
def test_previous_period_has_equal_length(start: D, end: D, prev: tuple[D, D]) -> None:
    assert previous_period(start, end) == prev
    assert (prev[1] - prev[0]) == (end - start)


@pytest.mark.parametrize(
    ("start", "end", "prev"),
    [
        # whole calendar months compare with as many whole months just before
        (D(2024, 4, 1), D(2024, 6, 30), (D(2024, 1, 1), D(2024, 3, 31))),
        (D(2024, 1, 1), D(2024, 12, 31), (D(2023, 1, 1), D(2023, 12, 31))),
        (D(2024, 3, 1), D(2024, 3, 31), (D(2024, 2, 1), D(2024, 2, 29))),
    ],
)
def test_previous_period_of_whole_months(start: D, end: D, prev: tuple[D, D]) -> None:
    assert previous_period(start, end) == prev


def test_named_period_travels_in_the_url_and_resolves_against_the_data() -> None:
    filters, notices = Filters.from_query_params(
        {"period": ["latest_quarter"], "from": ["2020-01-01"]}
    )
    assert notices == [] and filters.period == "latest_quarter" and filters.date_from is None
    resolved = filters.resolve(D(2026, 8, 5))
    assert (resolved.date_from, resolved.date_to) == (D(2026, 7, 1), D(2026, 9, 30))
    assert resolved.to_query_params() == {"period": ["latest_quarter"]}
    assert "Latest quarter (Jul–Sep 2026)" in resolved.describe()
    # after a load of newer rows the same link covers the new data
    later = filters.resolve(D(2026, 11, 2))
    assert (later.date_from, later.date_to) == (D(2026, 10, 1), D(2026, 12, 31))
    _, notices = Filters.from_query_params({"period": ["last_century"]})
    assert "Ignored period" in notices[0]


def test_describe() -> None:
    assert Filters().describe() == "all interviews"
    text = Filters(date_from=D(2024, 1, 1), seniority=("senior",)).describe()
    assert "2024-01-01 to today" in text and "Seniority: Senior" in text
