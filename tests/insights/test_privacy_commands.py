"""`insights erase`, `insights retention`, `insights rejects` and `insights load` end to end
(real processes): tombstones in the state, audit entries that never hold the erased data,
every byte of every file in the warehouse folder, the reload of the old export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from etl.identity import tombstone_key
from insights.state import audit, open_state
from tests.etl.helpers import write_csv

ROOT = Path(__file__).resolve().parents[2]
NEEDLES = (b"Quinlan", b"quinlan", b"+4915123456789", b"jane-ticket-77")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "insights.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=dict(os.environ),
    )


def _rows() -> list[dict[str, object]]:
    base = {"Role": "Data Analyst", "Interviewer": "Ann", "Country": "DE", "Expected salary": "60k"}
    return [
        {
            **base,
            "Date of interview": "2023-03-01",
            "Name": "Jane Quinlan",
            "E-mail": "jane.quinlan@example.com",
            "Phone": "+49 151 23456789",
            "Ticket": "jane-ticket-77",
        },
        {**base, "Date of interview": "", "Name": "Jane Quinlan", "Phone": "+49 151 23456789"},
        *[
            {
                **base,
                "Date of interview": f"2024-05-{d:02d}",
                "Name": f"P {d}",
                "E-mail": f"p{d}@example.com",
            }
            for d in range(1, 8)
        ],
    ]


def _files_with_her(folder: Path) -> list[str]:
    return sorted(
        f"{p.name}:{n.decode()}"
        for p in folder.iterdir()
        if p.is_file()
        for n in NEEDLES
        if n in p.read_bytes()
    )


def test_erase_from_the_command_line_then_reload_the_old_export(tmp_path: Path) -> None:
    exports, folder = tmp_path / "exports", tmp_path / "wh"
    exports.mkdir()
    folder.mkdir()
    source = write_csv(exports / "march.csv", _rows())
    db = folder / "warehouse.duckdb"
    loaded = cli("load", str(source), "--db", str(db), "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["inserted"] == 8

    # HR-style output of rejected rows is masked by default; --raw shows the record
    masked = cli("rejects", "--db", str(db))
    assert masked.returncode == 0 and "Quinlan" not in masked.stdout and "•••" in masked.stdout
    raw = cli("rejects", "--db", str(db), "--raw")
    assert "Quinlan" in raw.stdout

    bad = cli("erase", "--email", "jane@", "--db", str(db), "--json")
    assert bad.returncode == 2 and json.loads(bad.stdout)["status"] == "failed"
    assert len(bad.stderr.strip().splitlines()) == 1
    both = cli("erase", "--email", "a@b.co", "--phone", "+4930123456", "--db", str(db))
    assert both.returncode == 2

    done = cli("erase", "--phone", "0049 151 23456789", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert (body["status"], body["interviews"], body["candidates"], body["rejected_rows"]) == (
        "erased",
        1,
        1,
        1,
    )
    assert _files_with_her(folder) == []

    state = open_state(db)
    keys = {
        tombstone_key("email", "jane.quinlan@example.com", state.secret),
        tombstone_key("phone", "+4915123456789", state.secret),
        tombstone_key("name", "Jane  Quinlan", state.secret),
    }
    with state.store.transaction() as tx:
        kept = {str(r[0]) for r in tx.execute("SELECT key FROM tombstones")}
    assert kept == keys
    [entry] = audit.entries(state.store, action="erasure")
    text = json.dumps(entry.details)
    assert entry.actor.startswith("command line") and entry.details["interviews"] == 1
    assert "quinlan" not in text.lower() and "23456789" not in text
    assert all(k[:8] in text and k not in text for k in keys)  # key prefixes only
    assert [e.details["masked"] for e in audit.entries(state.store)
            if e.action.startswith("rejected_rows")] == [True, False]  # fmt: skip

    again = cli("load", str(source), "--db", str(db), "--json")
    summary = json.loads(again.stdout)
    assert (summary["inserted"], summary["updated"], summary["duplicates"]) == (0, 0, 8)
    assert summary["rejected"] == 1
    assert summary["rows_read"] == 9
    assert _files_with_her(folder) == []
    loads = audit.entries(state.store, action="load")
    assert [e.target for e in loads] == ["run 1", "run 2"]
    assert loads[-1].details["duplicates"] == 8
    assert audit.verify(state.store, state.secret)[0]


def test_retention_lists_then_applies(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    source = write_csv(tmp_path / "old.csv", _rows())
    assert cli("load", str(source), "--db", str(db)).returncode == 0
    listed = cli("retention", "--months", "18", "--db", str(db), "--json")
    assert listed.returncode == 0, listed.stderr
    body = json.loads(listed.stdout)
    assert body["status"] == "preview" and len(body["due"]) >= 1
    assert all("Quinlan" not in json.dumps(d) for d in body["due"])
    assert b"Quinlan" in db.read_bytes()  # a preview changes nothing
    applied = cli("retention", "--months", "18", "--apply", "--db", str(db), "--json")
    assert applied.returncode == 0, applied.stderr
    result = json.loads(applied.stdout)["applied"]
    assert result["candidates"] == len(body["due"]) and result["cutoff"]
    assert all(t["until"] == result["cutoff"] for t in result["tombstones"])
    assert b"Quinlan" not in db.read_bytes()
    actions = [e.action for e in audit.entries(open_state(db).store)]
    assert "retention.preview" in actions and "retention.apply" in actions
