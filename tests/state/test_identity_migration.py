"""Workspaces and audit entries move to keyed candidate ids (issue 10 item 7), on both state
backends: a schema-3 warehouse and a workspace that names people by the old md5 ids; after
the load that re-keys the warehouse, the migration maps every old id onto the keyed one
(or, for someone no longer in the warehouse, onto an opaque id), rewrites the audit
entries that hold old ids with an intact chain, leaves no old id in the state's tables or
in the bytes of the state file, and runs once, however many servers start together."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from etl import identity
from etl.load import run_load
from insights import workspace
from insights.access import SYSTEM
from insights.identity_migration import migrate_candidate_ids, orphan_id
from insights.loads import load_files
from insights.state import State, audit, open_state
from tests.etl.helpers import downgrade_to_schema_3, query, write_csv

ROOT = Path(__file__).resolve().parents[2]
OLD_ID = re.compile(r"c_[0-9a-f]{16}(?![0-9a-f])")

PEOPLE = [
    {
        "Date of interview": "2024-03-01",
        "Role": "Data Analyst",
        "Interviewer": "Ann",
        "Name": "Jane Doe",
        "E-mail": "jane.doe@example.com",
        "Phone": "+49 151 2345678",
        "Consent to contact": "yes",
    },
    {
        "Date of interview": "2024-03-02",
        "Role": "Nurse",
        "Interviewer": "Ann",
        "Name": "Max Phone",
        "Phone": "+49 151 9999999",
        "Consent to contact": "yes",
    },
    {
        "Date of interview": "2024-03-03",
        "Role": "Chef",
        "Interviewer": "Bo",
        "LinkedIn": "https://www.linkedin.com/in/some-one-12/",
    },
    {"Date of interview": "2024-03-04", "Role": "Chef", "Interviewer": "Bo"},
]
GONE = identity.legacy_id("email", "left.long.ago@example.com")  # in no warehouse


def _schema_3_warehouse(folder: Path, db: Path) -> Path:
    """A warehouse as schema 3 left it (md5 ids); returns the export it was loaded from."""
    source = write_csv(folder / "people.csv", PEOPLE)
    run_load([source], db=db)
    downgrade_to_schema_3(db)
    return source


def _ids(db: Path) -> dict[str, str]:
    """Role discussed -> the candidate id the warehouse holds now."""
    rows = query(
        db, "SELECT role_title, candidate_id FROM interviews WHERE candidate_id IS NOT NULL"
    )
    return {r["role_title"]: r["candidate_id"] for r in rows}


def _legacy_workspace(state: State, old: dict[str, str]) -> str:
    """Shortlists, notes, tags, statuses and audit entries under the old ids (what a
    workspace of the schema-3 days holds); returns the shortlist's id."""
    jane, nurse, chef = old["Data Analyst"], old["Nurse"], old["Chef"]
    listed = workspace.create_shortlist(state, "Q3 analysts", actor="rita")
    workspace.add_to_shortlist(state, listed.shortlist_id, [jane, nurse, GONE], actor="rita")
    workspace.update_member(state, listed.shortlist_id, jane, note="call in May", actor="rita")
    workspace.set_tags(state, jane, ["sql"], current_tags=[], actor="rita")
    workspace.set_tags(state, GONE, ["old-hand"], current_tags=[], actor="rita")
    workspace.set_pool_status(state, jane, "contacted", current_status="new", actor="rita")
    workspace.set_pool_status(state, chef, "nurture", current_status=None, actor="rita")
    workspace.log_event(state, "rita", "profile_view", nurse)
    return listed.shortlist_id


def _state_rows(state: State) -> dict[str, list[tuple[Any, ...]]]:
    with state.store.transaction() as tx:
        tables = [
            str(r[0])
            for r in tx.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_catalog = current_database()"
            )
        ]
        return {t: sorted(tx.execute(f"SELECT * FROM {t}"), key=repr) for t in sorted(tables)}


def _old_ids_in(rows: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    return [f"{t}: {m}" for t, rs in rows.items() for r in rs for m in OLD_ID.findall(str(r))]


def _files_holding(folder: Path, needles: list[str]) -> list[str]:
    return sorted(
        f"{p.name}:{n}"
        for p in folder.iterdir()
        if p.is_file()
        for n in needles
        if n.encode() in p.read_bytes()
    )


def test_a_workspace_and_audit_trail_of_old_ids_follow_the_rekeyed_warehouse(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    kind, db = backend
    source = _schema_3_warehouse(tmp_path, db)
    old = _ids(db)
    assert all(identity.is_legacy_id(v) for v in old.values())
    state = open_state()
    shortlist_id = _legacy_workspace(state, old)

    # Schema 3: the workspace's ids still match the warehouse; nothing to do yet.
    assert migrate_candidate_ids(state=state).status == "warehouse_not_keyed"
    assert not audit.entries(state.store, action="audit.rekeyed")

    run_load([source], db=db)  # the next load re-keys the warehouse (schema 4)
    assert query(db, "SELECT value FROM warehouse_info WHERE key = 'schema_version'") == [
        {"value": "4"}
    ]
    new = _ids(db)
    # Someone a recruiter added after the warehouse moved, on the list that has them already.
    workspace.add_to_shortlist(state, shortlist_id, [new["Data Analyst"]], actor="tom")
    workspace.update_member(
        state, shortlist_id, new["Data Analyst"], note="met at fair", actor="tom"
    )
    with state.store.transaction() as tx:
        head_before = tx.one("SELECT hash FROM audit_head WHERE id = 1")
    first_with_old_id = next(
        e.seq
        for e in audit.entries(state.store)
        if OLD_ID.search(json.dumps(e.details)) or OLD_ID.search(e.target or "")
    )

    report = migrate_candidate_ids(state=state)

    assert report.status == "migrated" and report.rewrote
    assert (report.matched_ids, report.orphaned_ids) == (3, 1)
    assert report.first_rewritten_seq == first_with_old_id
    assert report.compacted  # the state file rewritten (DuckDB), the tables vacuumed (PostgreSQL)
    jane, nurse, chef = new["Data Analyst"], new["Nurse"], new["Chef"]
    gone = orphan_id(GONE, state.secret)
    assert gone != GONE and len(gone) == 2 + identity.ID_HEX
    members = workspace.shortlist_members(state, shortlist_id)
    assert sorted(m.candidate_id for m in members) == sorted([jane, nurse, gone])
    # the later row (made under the keyed id) is the one kept, with the old row's note
    kept = next(m for m in members if m.candidate_id == jane)
    assert (kept.added_by, kept.note) == ("tom", "met at fair\ncall in May")
    assert [h["new_status"] for h in workspace.status_history(state, jane)] == ["contacted"]
    assert [h["new_status"] for h in workspace.status_history(state, chef)] == ["nurture"]
    overlay = workspace.overlay(state).tags.to_pylist()
    assert sorted((t["candidate_id"], t["tag"]) for t in overlay) == sorted(
        [(jane, "sql"), (gone, "old-hand")]
    )
    views = audit.entries(state.store, action="profile_view")
    assert [e.target for e in views] == [nurse]

    rows = _state_rows(state)
    assert _old_ids_in(rows) == []
    ok, message = audit.verify(state.store, state.secret)
    assert ok, message
    [rekeyed] = audit.entries(state.store, action="audit.rekeyed")
    assert rekeyed.details["first_rewritten_seq"] == first_with_old_id
    assert rekeyed.details["previous_head_hash"] == head_before[0]
    assert rekeyed.details["orphaned_ids"] == 1 and rekeyed.details["audit_entries"] >= 6
    if kind == "duckdb":  # no old id in a freed block or log of any file beside the warehouse
        assert _files_holding(tmp_path, sorted({*old.values(), GONE})) == []
        assert not list(tmp_path.glob(".state.duckdb.compact-*"))

    # Once done, it is done: one read, nothing written.
    again = migrate_candidate_ids(state=state)
    assert again.status == "done" and not again.rewrote
    assert _state_rows(state) == rows


def test_a_load_through_the_product_moves_the_workspace_along(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    _, db = backend
    source = _schema_3_warehouse(tmp_path, db)
    state = open_state()
    old = _ids(db)
    workspace.set_pool_status(state, old["Nurse"], "contacted", current_status="new", actor="rita")
    load_files(SYSTEM, [source], db=db, state=state)
    assert workspace.status_history(state, _ids(db)["Nurse"])
    assert _old_ids_in(_state_rows(state)) == []
    assert migrate_candidate_ids(state=state).status == "done"


def test_a_state_without_old_ids_is_marked_done_without_a_rewrite(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    _, db = backend
    assert migrate_candidate_ids().status == "no_warehouse"
    run_load([write_csv(tmp_path / "people.csv", PEOPLE)], db=db)
    state = open_state()
    workspace.set_pool_status(state, _ids(db)["Nurse"], "contacted", current_status=None, actor="x")
    report = migrate_candidate_ids(state=state)
    assert report.status == "migrated" and not report.rewrote
    assert not audit.entries(state.store, action="audit.rekeyed")
    assert migrate_candidate_ids(state=state).status == "done"


_SERVER = """
from insights.identity_migration import migrate_quietly
report = migrate_quietly()
print(report.status if report else "failed")
"""


def test_servers_starting_together_migrate_once(backend: tuple[str, Path], tmp_path: Path) -> None:
    _, db = backend
    source = _schema_3_warehouse(tmp_path, db)
    state = open_state()
    _legacy_workspace(state, _ids(db))
    run_load([source], db=db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = [p.communicate(timeout=120) for p in procs]
    statuses = sorted(out.strip() for out, _err in outcomes)
    assert "migrated" in statuses, outcomes
    assert len(audit.entries(state.store, action="audit.rekeyed")) == 1
    assert audit.verify(state.store, state.secret)[0]
    assert _old_ids_in(_state_rows(state)) == []
    assert migrate_candidate_ids(state=state).status == "done"


@pytest.mark.parametrize("text", ["c_0123456789abcdef", "see c_0123456789abcdef."])
def test_only_whole_old_ids_are_rewritten(text: str) -> None:
    from insights.identity_migration import _LEGACY_TOKEN

    assert _LEGACY_TOKEN.findall(text) == ["c_0123456789abcdef"]
    keyed = "c_0123456789abcdef01234567"
    assert _LEGACY_TOKEN.findall(keyed) == []
    assert _LEGACY_TOKEN.findall("abc_0123456789abcdef") == []


def test_the_app_start_migrates_once_and_a_failure_never_stops_it(
    backend: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    from insights import identity_migration
    from insights.ui import startup

    _, db = backend
    source = _schema_3_warehouse(tmp_path, db)
    state = open_state()
    _legacy_workspace(state, _ids(db))
    run_load([source], db=db)
    monkeypatch.setattr(startup, "_done", set())

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the state is unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(identity_migration, "migrate_candidate_ids", broken)
        startup.once()  # logged, not raised
    assert "retried" in caplog.text
    assert not audit.entries(state.store, action="audit.rekeyed")

    monkeypatch.setattr(startup, "_done", set())  # the next process
    startup.once()
    startup.once()  # the same process: nothing more
    assert len(audit.entries(state.store, action="audit.rekeyed")) == 1
    assert _old_ids_in(_state_rows(state)) == []


def test_places_merged_by_the_rekeying_keep_their_notes_within_the_limit(
    backend: tuple[str, Path],
) -> None:
    """Several old ids of one candidate on a list: the kept place gathers their notes,
    each once, and never past the notes' limit."""
    state = open_state()
    listed = workspace.create_shortlist(state, "L", actor="a").shortlist_id
    workspace.add_to_shortlist(state, listed, ["o1", "o2", "o3", "n", "p", "q"], actor="a")
    notes = {"o1": "same", "n": "same", "o2": "two", "o3": "three"}
    notes |= {"p": "x" * workspace.NOTE_MAX, "q": "y" * workspace.NOTE_MAX}
    for cid, note in notes.items():
        workspace.update_member(state, listed, cid, note=note, actor="a")
    with workspace.writing(state) as w:
        workspace.rekey_candidates(w.tx, {"o1": "n", "o2": "n", "o3": "n", "p": "q"})
    members = {m.candidate_id: m for m in workspace.shortlist_members(state, listed)}
    kept = {cid: m.note for cid, m in members.items()}
    assert set(kept) == {"n", "q"}
    assert kept["n"] == "same\ntwo\nthree"
    assert kept["q"] == "y" * workspace.NOTE_MAX  # the kept note whole; no room for more
    # The merged note shows who last changed it: the migration, not the recruiter.
    assert members["n"].updated_by == "identity migration"
    assert members["q"].updated_by == "a"  # nothing merged into it
