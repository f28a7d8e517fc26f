"""Files the product keeps are its owner's only, whatever the process's umask: the
warehouse, its staging copy and versions, read links, the lock, the state and its log,
the secret (0600); spill and staging folders (0700)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import load, warehouse
from etl.load import run_load
from insights.state import audit, open_state
from tests.etl.helpers import write_csv

ROWS = [{"Date of interview": "2024-03-01", "Role": "Analyst", "E-mail": "a@example.com"}]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("INSIGHTS_SECRET", raising=False)  # the secret file is created
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_the_warehouse_its_versions_links_lock_and_secret_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, int] = {}
    replace = os.replace

    def checked(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        seen[Path(source).name] = mode(Path(source))  # the version about to be published
        replace(source, target)

    spills: list[Path] = []
    rmtree = load.shutil.rmtree

    def remember(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        spills.append(Path(path))
        seen[f"spill {Path(path).name}"] = mode(Path(path))
        rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(warehouse.os, "replace", checked)
    monkeypatch.setattr(load.shutil, "rmtree", remember)
    db = tmp_path / "w.duckdb"
    run_load([write_csv(tmp_path / "a.csv", ROWS)], db=db)
    run_load([write_csv(tmp_path / "b.csv", ROWS)], db=db)  # a copy of the first version
    assert seen and set(seen.values()) == {0o600, 0o700}
    assert all(v == 0o700 for k, v in seen.items() if k.startswith("spill"))
    assert len(spills) == 2
    for name in ("w.duckdb", "w.duckdb.lock", ".insights-secret"):
        assert mode(tmp_path / name) == 0o600, name
    con = warehouse.open_read_only(db)
    try:
        [link] = tmp_path.glob(".w.duckdb.r*")
        assert mode(link) == 0o600
    finally:
        con.close()
    assert os.umask(0o022) == 0o022  # the process's umask is restored


def test_the_state_and_its_write_ahead_log_are_private(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    state = open_state(db)
    wal_modes = []
    with state.store.transaction() as tx:
        audit.append(tx, state.secret, actor="t", role=None, action="test")
        tx.execute("COMMIT")  # the log is written now, while the connection is open
        wal = tmp_path / "workspace.duckdb.wal"
        assert wal.exists()
        wal_modes.append(mode(wal))
        tx.execute("BEGIN TRANSACTION")
    audit.record(state.store, state.secret, actor="t", role=None, action="again")
    assert mode(tmp_path / "workspace.duckdb") == 0o600
    assert wal_modes == [0o600]
    for path in tmp_path.iterdir():
        assert mode(path) & 0o077 == 0, path.name
