"""State tests run against both backends: the embedded DuckDB file and a real PostgreSQL
server started for the session (tests/state/postgres_server.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from insights import state as state_module
from tests.state.postgres_server import fresh_database, running_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with running_postgres() as url:
        yield url


@pytest.fixture(params=["duckdb", "postgresql"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path]]:
    """Settings for one backend; yields (kind, warehouse path). The state store is fresh."""
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    monkeypatch.delenv("INSIGHTS_SECRET", raising=False)
    if request.param == "postgresql":
        url = fresh_database(request.getfixturevalue("postgres_url"), f"t_{uuid.uuid4().hex[:12]}")
        monkeypatch.setenv(state_module.STATE_URL_ENV, url)
    else:
        monkeypatch.delenv(state_module.STATE_URL_ENV, raising=False)
        monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    yield request.param, db
    state_module._stores.clear()
