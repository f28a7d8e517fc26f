"""Real-world strings through the real ETL: one load per module, one case per row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.etl.helpers import load_rows, query

# (comp text, currency column, country) -> (comp_min, comp_max, currency, period)
COMP_CASES = [
    ("$120k-140k", None, "USA", (120_000, 140_000, "USD", "year")),
    ("120.000 EUR", None, "Germany", (120_000, 120_000, "EUR", "year")),
    ("90,000-95,000 GBP", None, "UK", (90_000, 95_000, "GBP", "year")),
    ("45/hr", None, "USA", (45, 45, "USD", "hour")),
    ("6500 per month", None, "Germany", (6_500, 6_500, "EUR", "month")),
    ("€85k", None, None, (85_000, 85_000, "EUR", "year")),
    ("85 000 €", None, "France", (85_000, 85_000, "EUR", "year")),
    ("CHF 120'000", None, "Switzerland", (120_000, 120_000, "CHF", "year")),
    ("120k + 10% bonus", "USD", "USA", (120_000, 120_000, "USD", "year")),
    ("between 90 and 100k", None, "Canada", (90_000, 100_000, "CAD", "year")),
    ("12 lakh INR", None, "India", (1_200_000, 1_200_000, "INR", "year")),
    ("$95,000", None, "Canada", (95_000, 95_000, "CAD", "year")),
    ("85000", "AUD/NZD", "New Zealand", (85_000, 85_000, "NZD", "year")),
    ("1.500,50 EUR/month", None, "Spain", (1_500.5, 1_500.5, "EUR", "month")),
    ("£45,5k", None, "UK", (45_500, 45_500, "GBP", "year")),
    ("70-80k a year", None, "Netherlands", (70_000, 80_000, "EUR", "year")),
    ("400 per day", "GBP", "UK", (400, 400, "GBP", "day")),
    ("1,200/week", "USD", None, (1_200, 1_200, "USD", "week")),
    ("5.5M JPY", None, "Japan", (5_500_000, 5_500_000, "JPY", "year")),
    ("PLN 12 000 monthly", None, "Poland", (12_000, 12_000, "PLN", "month")),
    ("95000", "Indian Rupees", "India", (95_000, 95_000, "INR", "year")),
]

# comp text, currency column, country -> (field warned about, words in the reason, pay still usable)
COMP_WARNINGS = [
    ("ask me", None, "USA", ("comp", "no pay figure", False)),
    ("100", "USD", "USA", ("comp", "outside 1,000-5,000,000", False)),
    ("85000", "AUD/NZD", None, ("comp_currency", "ambiguous", False)),
    ("85000", "XYZ", None, ("comp_currency", "unknown currency", False)),
    ("$95,000", None, "Germany", ("comp_currency", "read as USD", True)),
]


def _row(i: int, **fields: object) -> dict[str, object]:
    return {
        "Date of interview": "2024-03-05",
        "Role": "Data Analyst",
        "Interviewer": f"case-{i}",
        **fields,
    }


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    tmp = tmp_path_factory.mktemp("parsing")
    rows = []
    for i, (comp, currency, country, _) in enumerate(COMP_CASES):
        rows.append(_row(i, **{"Expected salary": comp, "Currency": currency, "Country": country}))
    for i, (comp, currency, country, _) in enumerate(COMP_WARNINGS, start=100):
        rows.append(_row(i, **{"Expected salary": comp, "Currency": currency, "Country": country}))
    rows += [
        _row(200, **{"Expected salary": "negotiable", "Country": "USA"}),
        _row(201, **{"Work arrangement": "WFH", "Culture: growth": "4/5", "Fit score": "8/10"}),
        _row(
            202,
            **{"Work arrangement": "on site", "Culture: growth": "4 of 5", "Fit score": "7 of 5"},
        ),
        _row(
            203,
            **{"Work arrangement": "Fully remote", "Skills": "SQL; Python | Excel\nTableau, SQL"},
        ),
        _row(
            204,
            **{
                "Benefits": "Health insurance, 401k; stock options | gym",
                "Question topics": "promotion, pay",
            },
        ),
        _row(205, **{"Date of interview": "45292"}),
        _row(
            206, **{"Email": " Jane.Doe@Example.COM ", "Phone": "(415) 555-0134", "Country": "u.s."}
        ),
        _row(
            207, **{"Email": "not-an-email", "Phone": "+49 151 2345678", "Country": "Deutschland"}
        ),
        _row(208, **{"Phone": "0044 20 7946 0958", "Country": "England"}),
        _row(
            209, **{"LinkedIn": "linkedin.com/in/Jane-Doe-123/?trk=x", "Country": "United Statws"}
        ),
        _row(
            210,
            **{
                "Seniority": "Sr.",
                "Format": "Zoom",
                "Source": "Job fair",
                "Consent to contact": "Yes",
            },
        ),
        _row(
            211,
            **{
                "Years of experience": "11-20 years",
                "Duration (min)": "1 hour",
                "Office days": "2-3",
            },
        ),
        _row(212, **{"Date of interview": "31/02/2024"}),
        _row(213, **{"Date of interview": "2999-01-01", "Role": ""}),
    ]
    summary, db = load_rows(tmp, rows)
    return db, summary


def _by_interviewer(db: Path, name: str) -> dict:
    rows = query(db, "SELECT * FROM interviews WHERE interviewer = ?", [name])
    assert len(rows) == 1, f"{name}: expected one stored interview, found {len(rows)}"
    return rows[0]


@pytest.mark.parametrize(
    ("index", "case"), list(enumerate(COMP_CASES)), ids=[c[0] for c in COMP_CASES]
)
def test_compensation_text(parsed, index, case) -> None:
    db, _ = parsed
    comp, _currency, _country, (lo, hi, currency, period) = case
    row = _by_interviewer(db, f"case-{index}")
    assert (row["comp_min"], row["comp_max"], row["comp_currency"], row["comp_period"]) == (
        lo,
        hi,
        currency,
        period,
    )
    assert row["comp_raw"] == comp
    assert row["comp_min_annual"] is not None


@pytest.mark.parametrize(
    ("index", "case"), list(enumerate(COMP_WARNINGS, start=100)), ids=[c[0] for c in COMP_WARNINGS]
)
def test_compensation_warnings_name_field_value_and_reason(parsed, index, case) -> None:
    db, _ = parsed
    _comp, _currency, _country, (field, words, usable) = case
    row = _by_interviewer(db, f"case-{index}")
    warnings = query(
        db,
        "SELECT field, value, reason FROM load_warnings WHERE interview_id = ?",
        [row["interview_id"]],
    )
    assert any(w["field"] == field and words in w["reason"] for w in warnings), warnings
    assert (row["comp_mid_annual"] is not None) == usable


def test_annualised_pay_uses_period_and_fx(parsed) -> None:
    db, _ = parsed
    hourly = _by_interviewer(db, "case-3")
    assert hourly["comp_min_annual"] == pytest.approx(45 * 2080)
    monthly = _by_interviewer(db, "case-4")
    rate = query(db, "SELECT units_per_usd FROM fx_rates WHERE currency = 'EUR' AND year = 2024")[
        0
    ]["units_per_usd"]
    assert monthly["comp_min_annual"] == pytest.approx(6500 * 12 / rate)
    assert monthly["comp_mid_annual"] == pytest.approx(monthly["comp_min_annual"])


def test_negotiable_is_empty_without_warning(parsed) -> None:
    db, _ = parsed
    row = _by_interviewer(db, "case-200")
    assert row["comp_min"] is None and row["comp_raw"] == "negotiable"
    assert not query(
        db, "SELECT * FROM load_warnings WHERE interview_id = ?", [row["interview_id"]]
    )


def test_enums_ratings_and_lists(parsed) -> None:
    db, _ = parsed
    a, b, c = (_by_interviewer(db, f"case-{i}") for i in (201, 202, 203))
    assert (a["work_arrangement"], b["work_arrangement"], c["work_arrangement"]) == (
        "remote",
        "on_site",
        "remote",
    )
    assert a["fit_score"] == 4 and b["fit_score"] is None
    ratings = query(
        db,
        "SELECT rating FROM culture_ratings WHERE interview_id IN (?, ?) AND dimension = 'growth'",
        [a["interview_id"], b["interview_id"]],
    )
    assert sorted(r["rating"] for r in ratings) == [4, 4]
    assert sorted(c["skills"]) == ["Excel", "Python", "SQL", "Tableau"]
    benefits = _by_interviewer(db, "case-204")
    assert sorted(benefits["benefits"]) == ["equity", "health", "retirement", "wellness"]
    assert sorted(benefits["question_topics"]) == ["advancement_timeline", "compensation"]
    other = _by_interviewer(db, "case-210")
    assert (other["seniority"], other["format"], other["source"], other["consent_to_contact"]) == (
        "senior",
        "video",
        "career_fair",
        True,
    )
    numbers = _by_interviewer(db, "case-211")
    assert (numbers["years_experience"], numbers["duration_min"], numbers["office_days"]) == (
        15.5,
        60,
        2,
    )


def test_dates_contacts_and_countries(parsed) -> None:
    db, _ = parsed
    assert _by_interviewer(db, "case-205")["interview_date"] == dt.date(2024, 1, 1)
    jane = _by_interviewer(db, "case-206")
    assert (jane["email"], jane["phone"], jane["country"]) == (
        "jane.doe@example.com",
        "+14155550134",
        "US",
    )
    assert jane["candidate_id"].startswith("c_")
    bad = _by_interviewer(db, "case-207")
    assert bad["email"] is None and bad["phone"] == "+491512345678" and bad["country"] == "DE"
    uk = _by_interviewer(db, "case-208")
    assert (uk["phone"], uk["country"]) == ("+442079460958", "GB")
    li = _by_interviewer(db, "case-209")
    assert (
        li["linkedin_url"] == "https://www.linkedin.com/in/jane-doe-123" and li["country"] == "US"
    )


def test_rejected_rows_keep_every_reason(parsed) -> None:
    db, summary = parsed
    rejected = query(db, "SELECT source_row, reasons, raw FROM rejected_rows ORDER BY source_row")
    assert summary.rejected == len(rejected) == 2
    by_interviewer = {
        r["raw"] and __import__("json").loads(r["raw"])["Interviewer"]: r for r in rejected
    }
    assert any("not a date" in x for x in by_interviewer["case-212"]["reasons"])
    reasons = by_interviewer["case-213"]["reasons"]
    assert any("in the future" in x for x in reasons) and any(
        "role_title: missing" in x for x in reasons
    )
