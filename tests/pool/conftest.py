"""Talent-pool fixtures: a warehouse built by the real ETL from tests/pool/data/.

pool_interviews.csv holds the cases the pool must get right: a non-consenting candidate
(Eve) and one with no consent recorded (Hana) who match every popular filter, a
withdrawn candidate (Finn), a hired one (Hal), hostile spreadsheet values (Dev), hostile
Markdown in every text field (Mallory: name, title, employer, skills, tags, notes), pay in
EUR per month (Mallory), in INR (Ivan, one interview), referrals both ways (Ana -> Ben,
Gia -> Ivan, Eve -> Gia), an anonymous response.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from insights.access import Principal, Role  # noqa: E402
from insights.pool import PoolIndex, fetch_pool
from insights.pool_filters import PoolFilters
from insights.workspace import Overlay

RECRUITER = Principal("tests", Role.RECRUITER)

DATA = Path(__file__).resolve().parent / "data"
EVERY_STATUS = ()  # PoolFilters(statuses=()) lists every listable status


@pytest.fixture(scope="session")
def pool_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.load import run_load

    db = tmp_path_factory.mktemp("pool") / "warehouse.duckdb"
    summary = run_load([DATA / "pool_interviews.csv"], db=db, loaded_by="tests")
    assert summary.status == "published" and summary.rejected == 0
    return db


@pytest.fixture()
def con(pool_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(str(pool_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="session")
def index(pool_db: Path) -> Iterator[PoolIndex]:
    c = duckdb.connect(str(pool_db), read_only=True)
    built = PoolIndex.build(RECRUITER, c)
    yield built
    built.close()
    c.close()


def workspace_location(kind: str, tmp_path: Path) -> Path:
    """The workspace as the pages and the CLI name it: the embedded state file's path
    ($INSIGHTS_WORKSPACE of the `backend` fixture); with PostgreSQL, a path that is ignored."""
    if kind == "duckdb":
        return Path(os.environ["INSIGHTS_WORKSPACE"])
    return tmp_path / "workspace.duckdb"


@pytest.fixture()
def ws(backend: tuple[str, Path], tmp_path: Path) -> Iterator[Path]:
    """The workspace on each state backend (tests using it run twice). With PostgreSQL
    the path is never created: the workspace lives in the database."""
    kind, _ = backend
    path = workspace_location(kind, tmp_path)
    yield path
    if kind == "postgresql":
        assert not path.exists(), "a workspace file was written although the state is PostgreSQL"


@pytest.fixture()
def candidates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every candidate row, for computing expected results in Python."""
    return con.execute("SELECT * FROM candidates").df()


def ids_of(con: duckdb.DuckDBPyConnection, *emails: str) -> list[str]:
    rows = con.execute(
        "SELECT email, candidate_id FROM candidates WHERE list_contains(?, email)", [list(emails)]
    ).fetchall()
    found = dict(rows)
    return [found[e] for e in emails]


def every(index: PoolIndex, f: PoolFilters, overlay: Overlay | None = None) -> pd.DataFrame:
    """Every matching row (one page holding all), checking the total agrees."""
    page = fetch_pool(RECRUITER, index, f, overlay=overlay, page_size=None)
    assert page.total == len(page.rows)
    return page.rows


def got(index: PoolIndex, f: PoolFilters, overlay: Overlay | None = None) -> set[str]:
    return set(every(index, f, overlay)["candidate_id"])
