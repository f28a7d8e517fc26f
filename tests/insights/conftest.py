"""Warehouses for the insight tests, built by the real ETL from rows generated here.

`insights_source` is the source table (what a feedback-form export holds) and
`insights_db` the warehouse run_load builds from it as CSV; tests compute their expected
numbers from `insights_source` with pandas/numpy, never through insights.queries.

Every test here runs AppTest with the page navigation of the real server
(tests/apptest_support.py explains why and how other packages can do the same).

`pages_db`: demo_db from tests/conftest.py when etl.generate exists, else (temporarily,
until the generator lands) a 3,000-row warehouse built the same way as insights_db.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.load import run_load
from tests.apptest_support import navigation_like_the_server

__all__ = ["navigation_like_the_server"]

SENIORITY = ["junior", "mid", "senior", "lead"]
COUNTRIES = [("DE", "Berlin"), ("US", "Austin"), ("GB", "London")]
STAGES = ["student", "early_career", "mid_career", "senior", "career_changer"]
ARRANGEMENTS = ["remote", "hybrid", "on_site", "flexible"]
BENEFITS = ["health", "retirement", "equity", "pto", "learning_budget"]
TOPICS = ["career_paths", "compensation", "culture", "skills_needed"]
DIMENSIONS = ["work_life_balance", "growth", "autonomy"]
TITLES = ["Data Analyst", "Software Engineer", "Product Manager"]
SENTENCES = [
    "What does the career path look like?",
    "How is the salary range decided?",
    "Which skills are needed for the data platform?",
    "Is remote work possible here?",
]


def make_source(rows: int, seed: int) -> pd.DataFrame:
    """Clean, canonical-header export rows: all pay in USD per year (no FX involved)."""
    rng = np.random.default_rng(seed)
    start = dt.date(2024, 1, 1)
    place = rng.integers(0, len(COUNTRIES), rows)
    lo = rng.integers(40, 160, rows) * 1000
    df = pd.DataFrame(
        {
            "interview_date": [
                (start + dt.timedelta(days=int(d))).isoformat() for d in rng.integers(0, 540, rows)
            ],
            "role_title": rng.choice(TITLES, rows),
            "seniority": rng.choice(SENIORITY, rows),
            "department": rng.choice(["Data", "Engineering", "Product"], rows),
            "format": rng.choice(["video", "phone"], rows),
            "source": rng.choice(["referral", "linkedin", "alumni"], rows),
            "comp_min": lo,
            "comp_max": lo + rng.integers(0, 40, rows) * 1000,
            "comp_currency": "USD",
            "comp_period": "year",
            "work_arrangement": rng.choice(ARRANGEMENTS, rows),
            "office_days": rng.integers(0, 6, rows),
            "flexible_hours": rng.choice(["yes", "no"], rows),
            "travel": rng.choice(["none", "occasional", "frequent"], rows),
            "relocation": rng.choice(["yes", "no", "maybe"], rows),
            "benefits": [
                "; ".join(rng.choice(BENEFITS, rng.integers(1, 4), replace=False))
                for _ in range(rows)
            ],
            "question_topics": [
                "; ".join(rng.choice(TOPICS, rng.integers(1, 3), replace=False))
                for _ in range(rows)
            ],
            "questions_text": [
                " ".join(rng.choice(SENTENCES, 2, replace=False)) for _ in range(rows)
            ],
            "expected_years_to_promotion": rng.integers(1, 9, rows) / 2,
            "email": [f"person{i}@example.com" for i in rng.integers(0, rows * 2 // 3, rows)],
            "city": [COUNTRIES[p][1] for p in place],
            "country": [COUNTRIES[p][0] for p in place],
            "career_stage": rng.choice(STAGES, rows),
            "fit_score": rng.integers(1, 6, rows),
            "consent_to_contact": rng.choice(["yes", "no"], rows),
            "pool_status": rng.choice(["new", "prescreened", "nurture"], rows),
        }
    )
    for dim in DIMENSIONS:
        df[f"culture_{dim}"] = rng.integers(1, 6, rows)
    return df


def small_groups() -> pd.DataFrame:
    """Rows that form groups under the minimum size (k = 5)."""
    base = make_source(3, seed=99)
    base["country"] = "IS"
    base["city"] = "Reykjavik"
    base["email"] = [f"iceland{i}@example.com" for i in range(3)]
    base["questions_text"] = "Do you offer a sabbatical programme?"
    return base


@pytest.fixture(scope="session")
def insights_source() -> pd.DataFrame:
    """The exact rows behind insights_db (unique emails per interview date/title kept)."""
    df = pd.concat([make_source(400, seed=7), small_groups()], ignore_index=True)
    # One interview per (email, date, role): the ETL would merge repeats into one.
    return df.drop_duplicates(subset=["email", "interview_date", "role_title"]).reset_index(
        drop=True
    )


def _build(df: pd.DataFrame, folder: Path) -> Path:
    csv = folder / "interviews.csv"
    df.to_csv(csv, index=False)
    db = folder / "warehouse.duckdb"
    summary = run_load([csv], db=db, loaded_by="tests")
    assert summary.status == "published", summary.to_dict()
    assert summary.rejected == 0, summary.rejected_sample
    return db


@pytest.fixture(scope="session")
def insights_db(insights_source: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(insights_source, tmp_path_factory.mktemp("insights"))


@pytest.fixture(scope="session")
def pages_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import etl.generate  # noqa: F401
    except ImportError:  # temporary until etl/generate.py lands
        return _build(make_source(3000, seed=3), tmp_path_factory.mktemp("pages"))
    return Path(request.getfixturevalue("demo_db"))


@pytest.fixture(autouse=True)
def _server_navigation(navigation_like_the_server: None) -> None:
    """AppTest reruns keep st.navigation (see tests/apptest_support.py)."""
