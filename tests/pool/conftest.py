"""Talent-pool fixtures: a warehouse built by the real ETL from tests/pool/data/.

pool_interviews.csv holds the cases the pool must get right: a non-consenting candidate
(Eve) and one with no consent recorded (Hana) who match every popular filter, a
withdrawn candidate (Finn), hostile spreadsheet values (Dev), referrals, pay in EUR,
an anonymous response.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def pool_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.load import run_load

    db = tmp_path_factory.mktemp("pool") / "warehouse.duckdb"
    summary = run_load([DATA / "pool_interviews.csv"], db=db, loaded_by="tests")
    assert summary.status == "published" and summary.rejected == 0
    return db


@pytest.fixture()
def con(pool_db: Path):  # type: ignore[no-untyped-def]
    c = duckdb.connect(str(pool_db), read_only=True)
    yield c
    c.close()


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return tmp_path / "workspace.duckdb"


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
