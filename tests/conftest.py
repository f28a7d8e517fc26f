"""Shared fixtures: warehouses built by the real ETL from files under tests/data/."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import warehouse

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURE_DIR = TESTS / "data" / "fixture"
REALDATA = ROOT.parent / "shared" / "realdata" / "ask-a-manager-salary-survey-2023.csv"


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch data/warehouse.duckdb or a developer's environment settings."""
    for name in (
        "INSIGHTS_DB",
        "INSIGHTS_BASE_CURRENCY",
        "INSIGHTS_MIN_GROUP",
        "INSIGHTS_CULTURE_DIMENSIONS",
        "INSIGHTS_WORKSPACE",
        "INSIGHTS_USERS_FILE",
        "INSIGHTS_STATE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _default_warehouse_untouched() -> Iterator[None]:
    """A test that reaches the default warehouse (data/warehouse.duckdb: no --db and no
    INSIGHTS_DB) fails the run: `make run` after `make test` would serve what it left."""
    default = ROOT / "data" / "warehouse.duckdb"
    existed = default.exists()
    yield
    if not existed and default.exists():
        pytest.fail(f"a test created {default}: give it a warehouse of its own", pytrace=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (tests/state/postgres_server.py)."""
    from tests.state.postgres_server import running_postgres

    with running_postgres() as url:
        yield url


@pytest.fixture(params=["duckdb", "postgresql"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path]]:
    """Settings for one state backend; yields (kind, warehouse path). The state is fresh:
    the embedded file tmp_path/state.duckdb, or a new database on the test PostgreSQL."""
    from insights import state as state_module
    from tests.state.postgres_server import fresh_database

    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    if request.param == "postgresql":
        url = fresh_database(request.getfixturevalue("postgres_url"), f"t_{uuid.uuid4().hex[:12]}")
        monkeypatch.setenv(state_module.STATE_URL_ENV, url)
    else:
        monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    yield request.param, db
    state_module.close_stores()


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by the real ETL from tests/data/fixture/interviews.csv."""
    from etl.load import run_load

    db = tmp_path_factory.mktemp("fixture") / "warehouse.duckdb"
    run_load([FIXTURE_DIR / "interviews.csv"], db=db, loaded_by="tests")
    return db


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A schema-complete warehouse with no interviews."""
    db = tmp_path_factory.mktemp("empty") / "warehouse.duckdb"
    warehouse.ensure_exists(db)
    return db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse (about 5,000 generated interviews from CSV, XLSX and JSON)."""
    from etl.demo import build_demo

    db = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    build_demo(db)
    return db


@pytest.fixture()
def realdata() -> Path:
    if not REALDATA.exists():
        pytest.skip(f"real export not found at {REALDATA} (the shared/realdata folder is absent)")
    return REALDATA


# One installation secret for the whole run (warehouses built once per session are copied
# and loaded into by many tests; a copy without its .insights-secret would be another
# installation). Tests of the secret file itself unset it.
TEST_SECRET = "tests-installation-secret-0123456789abcdef"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    os.environ["INSIGHTS_SECRET"] = TEST_SECRET


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A real browser on a shared 2-core machine can miss a rerun by a few seconds: browser
    tests get two more tries (pytest-rerunfailures); every other test must pass first time."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("flaky"):
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=2))
