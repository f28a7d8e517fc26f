"""Publishing: readers never block a load or see half of one; kill -9 loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import warehouse
from etl.load import run_load
from tests.etl.helpers import query, write_csv

ROOT = Path(__file__).resolve().parents[2]


def _rows(n: int, offset: int = 0) -> list[dict[str, object]]:
    return [
        {
            "Date of interview": f"2024-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}",
            "Role": "Data Analyst",
            "Interviewer": f"iv{i % 17}",
            "E-mail": f"p{i + offset}@example.com",
            "Expected salary": f"{50 + i % 60}k EUR",
            "Country": "DE",
            "Notes": "x" * 40,
        }
        for i in range(n)
    ]


def test_reader_keeps_its_version_while_a_load_publishes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_load([write_csv(tmp_path / "a.csv", _rows(50))], db=db)
    reader = duckdb.connect(str(db), read_only=True)
    try:
        run_load([write_csv(tmp_path / "b.csv", _rows(30, offset=1000))], db=db)
        assert reader.execute("SELECT count(*) FROM interviews").fetchone() == (50,)
    finally:
        reader.close()
    assert query(db, "SELECT count(*) AS n FROM interviews")[0]["n"] == 80


def test_same_process_sees_a_new_version_while_holding_the_old_one(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_load([write_csv(tmp_path / "a.csv", _rows(10))], db=db)
    old = warehouse.open_read_only(db)
    run_load([write_csv(tmp_path / "b.csv", _rows(5, offset=500))], db=db)
    new = warehouse.open_read_only(db)
    try:
        assert old.execute("SELECT count(*) FROM interviews").fetchall() == [(10,)]
        assert new.execute("SELECT count(*) FROM interviews").fetchall() == [(15,)]
        assert new.cursor().execute("SELECT count(*) FROM interviews").fetchall() == [(15,)]
    finally:
        old.close()
        new.close()
    assert len(list(tmp_path.glob(".w.duckdb.r*"))) == 1


@pytest.mark.slow
def test_kill_9_mid_load_leaves_the_previous_version_and_the_next_load_succeeds(
    tmp_path: Path,
) -> None:
    db = tmp_path / "w.duckdb"
    run_load([write_csv(tmp_path / "first.csv", _rows(100))], db=db)
    before = query(db, "SELECT interview_id, content_hash FROM interviews ORDER BY 1")
    big = write_csv(tmp_path / "big.csv", _rows(150_000, offset=10_000))
    staging = db.with_name(f".{db.name}.next-")
    proc = subprocess.Popen(
        [sys.executable, "-m", "insights.cli", "load", str(big), "--db", str(db), "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.name.startswith(staging.name) for p in tmp_path.iterdir()):
            break
        time.sleep(0.02)
    else:
        proc.kill()
        pytest.fail("the load never started writing its next version")
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert query(db, "SELECT interview_id, content_hash FROM interviews ORDER BY 1") == before
    summary = run_load([big], db=db)
    assert summary.inserted == 150_000
    assert query(db, "SELECT count(*) AS n FROM interviews")[0]["n"] == 150_100
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(staging.name)]
    assert leftovers == []
