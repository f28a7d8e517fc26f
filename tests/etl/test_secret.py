"""The installation's secret beside the warehouse: created once, owner-only, the same
for every process, never empty."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from etl.secret import SecretError, installation_secret

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_secret_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the file: the run's $INSIGHTS_SECRET (tests/conftest.py) is unset."""
    monkeypatch.delenv("INSIGHTS_SECRET", raising=False)


def test_created_once_owner_only_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    first = installation_secret(db)
    assert len(first) == 32 and installation_secret(db) == first
    found = sorted(p.name for p in tmp_path.iterdir())
    assert found == [".insights-secret"]  # no temporary file left behind
    assert stat.S_IMODE((tmp_path / ".insights-secret").stat().st_mode) == 0o600


def test_a_file_without_a_secret_is_refused_never_used_as_an_empty_key(tmp_path: Path) -> None:
    """What a process starting at the same moment as the creator used to read: an empty
    file (created, not yet written). Such a file is refused, never an empty HMAC key."""
    (tmp_path / ".insights-secret").write_text("")
    with pytest.raises(SecretError):
        installation_secret(tmp_path / "warehouse.duckdb")


_STARTER = """
import sys
from pathlib import Path
go = Path(sys.argv[1])
from etl.secret import installation_secret
print("ready", flush=True)
while not go.exists():  # start together
    pass
print(installation_secret(sys.argv[2]).hex())
"""


def test_processes_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    go, db = tmp_path / "go", tmp_path / "wh" / "warehouse.duckdb"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _STARTER, str(go), str(db)],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    for proc in procs:  # every process imported and waiting: then all at once
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    go.touch()
    seen = set()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        seen.add(out.strip())
    assert len(seen) == 1 and len(seen.pop()) == 64
    assert sorted(p.name for p in db.parent.iterdir()) == [".insights-secret"]
