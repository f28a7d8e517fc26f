"""Shortlists as working lists in the workspace, on both state backends (the `ws` fixture:
the embedded file, or PostgreSQL): lifecycle, owners, stages and notes, stale edits
refused, every change in the chained audit trail, a busy store refused in one line; and
the migration of an embedded workspace file of schema 1 or 2 into the state."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import psycopg
import pytest

from insights import workspace
from insights.access import Principal, Role
from insights.state import NewerSchema, State, StateBusy, audit, close_stores, open_state, schema
from insights.state.store import DuckDBStore
from insights.workspace import StaleEdit, WorkspaceBusy, WorkspaceError


def test_shortlist_lifecycle(ws: Path) -> None:
    made = workspace.create_shortlist(ws, "  Berlin   analysts ", actor="rita")
    assert (made.name, made.owner, made.size, made.version) == ("Berlin analysts", "rita", 0, 1)
    with pytest.raises(WorkspaceError, match="already exists"):
        workspace.create_shortlist(ws, "BERLIN ANALYSTS", actor="sam")
    assert (
        workspace.add_to_shortlist(ws, made.shortlist_id, ["c1", "c2", "c2", ""], actor="rita") == 2
    )
    assert workspace.add_to_shortlist(ws, made.shortlist_id, ["c2", "c3"], actor="sam") == 1
    members = workspace.shortlist_members(ws, made.shortlist_id)
    assert [(m.candidate_id, m.stage, m.added_by) for m in members] == [
        ("c1", "to_contact", "rita"),
        ("c2", "to_contact", "rita"),
        ("c3", "to_contact", "sam"),
    ]
    renamed = workspace.rename_shortlist(ws, made.shortlist_id, "Berlin Q3", actor="sam")
    assert renamed.name == "Berlin Q3" and renamed.owner == "rita" and renamed.updated_by == "sam"
    assert workspace.find_shortlist(ws, "berlin q3") == renamed
    assert workspace.find_shortlist(ws, made.shortlist_id) == renamed
    assert workspace.remove_from_shortlist(ws, made.shortlist_id, ["c1", "zz"], actor="rita") == 1
    gone = workspace.delete_shortlist(ws, made.shortlist_id, actor="rita")
    assert gone.size == 2 and workspace.list_shortlists(ws) == []
    with pytest.raises(WorkspaceError, match="no longer exists"):
        workspace.add_to_shortlist(ws, made.shortlist_id, ["c1"], actor="rita")
    events = workspace.audit_events(ws)[::-1]
    assert [e["action"] for e in events] == [
        "shortlist_create",
        "shortlist_add",
        "shortlist_add",
        "shortlist_rename",
        "shortlist_remove",
        "shortlist_delete",
    ]
    assert [e["actor"] for e in events] == ["rita", "rita", "sam", "sam", "rita", "rita"]
    assert events[1]["detail"] == {
        "shortlist_id": made.shortlist_id,
        "candidates": ["c1", "c2"],
        "added": 2,
    }
    # one chain: the workspace's changes are entries of the state's audit trail
    state = open_state(path=ws)
    assert [e.seq for e in audit.entries(state.store)] == [e["event_id"] for e in events]
    assert audit.verify(state.store, state.secret) == (True, "6 entries, chain intact")


def test_a_callers_changes_are_audited_with_their_role(ws: Path) -> None:
    rita = Principal("rita", Role.RECRUITER)
    made = workspace.create_shortlist(ws, "Q3", actor=rita)
    workspace.add_to_shortlist(ws, made.shortlist_id, ["c1"], actor=rita)
    workspace.set_pool_status(ws, "c1", "nurture", current_status="new", actor=rita)
    workspace.log_event(ws, rita, "profile_view", "c1")
    workspace.save_search(ws, "analysts", "text=analyst", actor=rita)
    workspace.log_event(ws, "importer", "export")  # a bare name: no role to record
    assert made.owner == "rita"
    assert workspace.shortlist_members(ws, made.shortlist_id)[0].added_by == "rita"
    events = workspace.audit_events(ws)[::-1]
    assert [(e["actor"], e["role"], e["action"]) for e in events] == [
        ("rita", "recruiter", "shortlist_create"),
        ("rita", "recruiter", "shortlist_add"),
        ("rita", "recruiter", "pool_status"),
        ("rita", "recruiter", "profile_view"),
        ("rita", "recruiter", "search_save"),
        ("importer", None, "export"),
    ]


def test_member_stage_and_note_with_optimistic_concurrency(ws: Path) -> None:
    made = workspace.create_shortlist(ws, "Q3", actor="rita")
    workspace.add_to_shortlist(ws, made.shortlist_id, ["c1"], actor="rita")
    (m,) = workspace.shortlist_members(ws, made.shortlist_id)
    seen_by_sam = m.version
    done = workspace.update_member(
        ws,
        made.shortlist_id,
        "c1",
        stage="contacted",
        note=" Called Mon ",
        actor="rita",
        expected_version=m.version,
    )
    assert (done.stage, done.note, done.updated_by, done.version) == (
        "contacted",
        "Called Mon",
        "rita",
        2,
    )
    with pytest.raises(StaleEdit, match="changed by rita"):
        workspace.update_member(
            ws,
            made.shortlist_id,
            "c1",
            note="Sam's note",
            actor="sam",
            expected_version=seen_by_sam,
        )
    (now,) = workspace.shortlist_members(ws, made.shortlist_id)
    assert now.note == "Called Mon"  # nothing overwritten
    same = workspace.update_member(
        ws, made.shortlist_id, "c1", stage="contacted", actor="x", expected_version=2
    )
    assert same.version == 2  # no change, no new version
    with pytest.raises(WorkspaceError, match="Unknown stage"):
        workspace.update_member(ws, made.shortlist_id, "c1", stage="hired!!", actor="x")
    with pytest.raises(WorkspaceError, match="at most"):
        workspace.update_member(ws, made.shortlist_id, "c1", note="x" * 5000, actor="x")
    with pytest.raises(WorkspaceError, match="no longer on"):
        workspace.update_member(ws, made.shortlist_id, "c9", note="x", actor="x")
    cleared = workspace.update_member(ws, made.shortlist_id, "c1", note="   ", actor="x")
    assert cleared.note is None
    edits = [e for e in workspace.audit_events(ws) if e["action"] == "shortlist_member"]
    assert [(e["candidate_id"], e["detail"]["version"]) for e in edits] == [("c1", 3), ("c1", 2)]


def test_list_edits_check_the_version_the_editor_saw(ws: Path) -> None:
    made = workspace.create_shortlist(ws, "Q3", actor="rita")
    workspace.add_to_shortlist(ws, made.shortlist_id, ["c1"], actor="sam")  # version 2
    with pytest.raises(StaleEdit, match="changed by sam"):
        workspace.rename_shortlist(ws, made.shortlist_id, "Q4", actor="rita", expected_version=1)
    with pytest.raises(StaleEdit):
        workspace.delete_shortlist(ws, made.shortlist_id, actor="rita", expected_version=1)
    assert workspace.find_shortlist(ws, "Q3") is not None
    current = workspace.find_shortlist(ws, "Q3")
    assert current is not None and current.version == 2
    workspace.rename_shortlist(ws, made.shortlist_id, "Q4", actor="rita", expected_version=2)
    assert workspace.find_shortlist(ws, "Q4") is not None


def test_bulk_status_change_records_each_old_status(ws: Path) -> None:
    changed = workspace.set_pool_statuses(
        ws, {"c1": "new", "c2": "nurture", "c3": "contacted"}, "contacted", actor="rita"
    )
    assert changed == 2
    assert [(h["old_status"], h["new_status"]) for h in workspace.status_history(ws, "c2")] == [
        ("nurture", "contacted")
    ]
    assert workspace.status_history(ws, "c3") == []
    with pytest.raises(WorkspaceError):
        workspace.set_pool_statuses(ws, {"c1": "new"}, "famous", actor="rita")


def test_saved_searches_tags_and_the_overlay(ws: Path) -> None:
    workspace.save_search(ws, " Berlin  ", "pool_cities=Berlin", actor="rita")
    workspace.save_search(ws, "Berlin", "pool_cities=Berlin&pool_min_fit=4", actor="sam")
    workspace.save_search(ws, "alpha", "pool_text=sql", actor="sam")
    assert workspace.saved_searches(ws) == {
        "alpha": "pool_text=sql",
        "Berlin": "pool_cities=Berlin&pool_min_fit=4",
    }
    workspace.delete_search(ws, "alpha", actor="sam")
    assert list(workspace.saved_searches(ws)) == ["Berlin"]
    assert workspace.set_tags(ws, "c1", ["SQL ", "python"], current_tags=["sql"], actor="r") == (
        ["python"],
        [],
    )
    assert workspace.set_tags(ws, "c1", [], current_tags=["sql", "python"], actor="r") == (
        [],
        ["python", "sql"],
    )
    workspace.set_pool_status(ws, "c1", "contacted", current_status="new", actor="r")
    workspace.set_pool_status(ws, "c1", "nurture", current_status="contacted", actor="r")
    workspace.set_pool_status(ws, "c2", "withdrawn", current_status=None, actor="r")
    made = workspace.create_shortlist(ws, "Q3", actor="rita")
    workspace.add_to_shortlist(ws, made.shortlist_id, ["c2", "c1"], actor="rita")
    workspace.update_member(ws, made.shortlist_id, "c2", note="call", actor="rita")
    got = workspace.overlay(ws, made.shortlist_id)
    assert sorted(got.status.to_pylist(), key=str) == [
        {"candidate_id": "c1", "pool_status": "nurture"},  # the latest change wins
        {"candidate_id": "c2", "pool_status": "withdrawn"},
    ]
    assert sorted((r["tag"], r["state"]) for r in got.tags.to_pylist()) == [
        ("python", "removed"),
        ("sql", "removed"),
    ]
    members = sorted(got.members.to_pylist(), key=lambda r: r["candidate_id"])
    assert [(m["candidate_id"], m["note"], m["member_version"]) for m in members] == [
        ("c1", None, 1),
        ("c2", "call", 2),
    ]
    assert workspace.overlay(ws).members.num_rows == 0
    con = duckdb.connect()
    got.register(con)  # the pool query joins these inside DuckDB
    joined = "SELECT count(*) FROM ws_members JOIN ws_status USING (candidate_id)"
    assert con.execute(joined).fetchall() == [(2,)]
    con.close()
    assert workspace.shortlists_of(ws, "c2")[0]["note"] == "call"


def test_the_version_token_changes_with_every_change_only(ws: Path) -> None:
    """Pages cache the pool by the workspace's version: any change, by any server, moves
    it; a read or an audited view does not."""
    first = workspace.version(ws)
    workspace.list_shortlists(ws)
    workspace.log_event(ws, "rita", "profile_view", "c1")
    assert workspace.version(ws) == first
    made = workspace.create_shortlist(ws, "Q3", actor="rita")
    second = workspace.version(ws)
    assert second != first
    with pytest.raises(WorkspaceError):
        workspace.create_shortlist(ws, "q3", actor="sam")  # refused: rolled back, no change
    assert workspace.version(ws) == second
    workspace.add_to_shortlist(ws, made.shortlist_id, ["c1"], actor="rita")
    assert workspace.version(ws) not in (first, second)


_HOLD_FILE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_busy_store_is_refused_in_one_line(
    ws: Path, backend: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another server or command holds the state past the timeout: the workspace says
    "busy, try again" in one line (no path, no traceback), as a StateBusy that the pages'
    WorkspaceError handlers show too; nothing was saved."""
    import subprocess
    import sys

    kind, _ = backend
    if kind == "postgresql":
        monkeypatch.setattr("insights.state.postgres.LOCK_TIMEOUT_MS", 200)
    made = workspace.create_shortlist(ws, "Q3", actor="rita")
    state = open_state(path=ws)
    if kind == "duckdb":
        close_stores()
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_FILE, str(ws)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        where: workspace.Where = State(DuckDBStore(ws, timeout=0.2), state.secret)
        release = holder.communicate
    else:  # a writer on another server holds the workspace's row lock
        other = psycopg.connect(os.environ["INSIGHTS_STATE_URL"], autocommit=False)
        other.execute("UPDATE state_info SET value = value WHERE key = 'workspace_version'")
        where = ws
        release = other.rollback
    try:
        with pytest.raises(WorkspaceBusy) as refused:
            workspace.rename_shortlist(where, made.shortlist_id, "Q4", actor="sam")
        assert isinstance(refused.value, StateBusy) and isinstance(refused.value, WorkspaceError)
        message = str(refused.value)
        assert "\n" not in message and "try again" in message and str(ws) not in message
        if kind == "duckdb":  # the file itself is locked: reads wait too
            with pytest.raises(WorkspaceBusy):
                workspace.list_shortlists(where)
        else:  # readers never wait for a writer on PostgreSQL
            assert [s.name for s in workspace.list_shortlists(where)] == ["Q3"]
    finally:
        release()
    assert [s.name for s in workspace.list_shortlists(ws)] == ["Q3"]  # nothing was saved


def test_a_newer_state_is_refused(ws: Path) -> None:
    workspace.create_shortlist(ws, "Q3", actor="rita")
    with open_state(path=ws).store.transaction() as tx:
        tx.execute(
            "UPDATE state_info SET value = :v WHERE key = 'schema_version'",
            {"v": str(schema.VERSION + 1)},
        )
    close_stores()
    with pytest.raises(NewerSchema, match=f"schema version {schema.VERSION + 1}"):
        workspace.list_shortlists(ws)


# --- an embedded workspace file of workspace schema 1 or 2 joins the state --------------------

SECRET = "an installation secret of at least 32 characters"

# What insights/workspace.py kept before it moved onto insights.state (workspace schema 1).
V1 = """
CREATE SEQUENCE status_change_seq; CREATE SEQUENCE audit_seq;
CREATE TABLE workspace_info (key VARCHAR PRIMARY KEY, value VARCHAR);
INSERT INTO workspace_info VALUES ('schema_version', '1');
CREATE TABLE shortlists (name VARCHAR PRIMARY KEY, created_by VARCHAR, created_at TIMESTAMP NOT NULL);
CREATE TABLE shortlist_members (shortlist VARCHAR NOT NULL, candidate_id VARCHAR NOT NULL,
    added_by VARCHAR, added_at TIMESTAMP NOT NULL, PRIMARY KEY (shortlist, candidate_id));
CREATE TABLE saved_searches (name VARCHAR PRIMARY KEY, query VARCHAR NOT NULL, created_by VARCHAR,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE pool_status_changes (change_id BIGINT PRIMARY KEY DEFAULT nextval('status_change_seq'),
    candidate_id VARCHAR NOT NULL, old_status VARCHAR, new_status VARCHAR NOT NULL,
    changed_by VARCHAR, changed_at TIMESTAMP NOT NULL);
CREATE TABLE candidate_tags (candidate_id VARCHAR NOT NULL, tag VARCHAR NOT NULL,
    state VARCHAR NOT NULL CHECK (state IN ('added', 'removed')), changed_by VARCHAR,
    changed_at TIMESTAMP NOT NULL, PRIMARY KEY (candidate_id, tag));
CREATE TABLE audit_log (event_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    event_at TIMESTAMP NOT NULL, actor VARCHAR, action VARCHAR NOT NULL, candidate_id VARCHAR, detail JSON);
INSERT INTO shortlists VALUES ('Q3 analysts', 'rita', TIMESTAMP '2026-01-02 10:00:00'),
                              ('Empty one', NULL, TIMESTAMP '2026-01-03 10:00:00');
INSERT INTO shortlist_members VALUES ('Q3 analysts', 'c1', 'rita', TIMESTAMP '2026-01-02 10:01:00'),
                                     ('Q3 analysts', 'c2', 'sam', TIMESTAMP '2026-01-04 09:00:00');
INSERT INTO saved_searches VALUES ('Berlin', 'pool_cities=Berlin', 'rita', now(), now());
INSERT INTO pool_status_changes (candidate_id, old_status, new_status, changed_by, changed_at)
    VALUES ('c1', 'new', 'contacted', 'rita', now());
INSERT INTO audit_log (event_at, actor, action, candidate_id, detail) VALUES
    (TIMESTAMP '2026-01-02 10:00:00.123456', 'rita', 'shortlist_create', NULL, '{"name": "Q3 analysts"}'),
    (TIMESTAMP '2026-01-02 10:05:00', 'rita', 'profile_view', 'c1', '{}'),
    (TIMESTAMP '2026-01-02 10:06:00', 'rita', 'pool_status', 'c1', '{"new": "contacted", "old": "new"}');
"""

# Workspace schema 2 (shortlists with ids, owners, stages and notes), in the same file as
# the state's schema 1 (accounts and the chained trail, which holds one entry already).
V2 = """
CREATE SEQUENCE status_change_seq; CREATE SEQUENCE audit_seq;
CREATE TABLE workspace_info (key VARCHAR PRIMARY KEY, value VARCHAR);
INSERT INTO workspace_info VALUES ('schema_version', '2');
CREATE TABLE saved_searches (name VARCHAR PRIMARY KEY, query VARCHAR NOT NULL, created_by VARCHAR,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE pool_status_changes (change_id BIGINT PRIMARY KEY DEFAULT nextval('status_change_seq'),
    candidate_id VARCHAR NOT NULL, old_status VARCHAR, new_status VARCHAR NOT NULL,
    changed_by VARCHAR, changed_at TIMESTAMP NOT NULL);
CREATE TABLE candidate_tags (candidate_id VARCHAR NOT NULL, tag VARCHAR NOT NULL,
    state VARCHAR NOT NULL CHECK (state IN ('added', 'removed')), changed_by VARCHAR,
    changed_at TIMESTAMP NOT NULL, PRIMARY KEY (candidate_id, tag));
CREATE TABLE audit_log (event_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    event_at TIMESTAMP NOT NULL, actor VARCHAR, action VARCHAR NOT NULL, candidate_id VARCHAR, detail JSON);
CREATE TABLE shortlists (shortlist_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, owner VARCHAR,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, updated_by VARCHAR,
    version INTEGER NOT NULL);
CREATE TABLE shortlist_members (shortlist_id VARCHAR NOT NULL, candidate_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL, note VARCHAR, added_by VARCHAR, added_at TIMESTAMP NOT NULL,
    updated_by VARCHAR, updated_at TIMESTAMP NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (shortlist_id, candidate_id));
INSERT INTO shortlists VALUES ('sl_0123456789ab', 'Q3 analysts', 'rita',
    TIMESTAMP '2026-01-02 10:00:00', TIMESTAMP '2026-01-02 11:00:00', 'sam', 3);
INSERT INTO shortlist_members VALUES
    ('sl_0123456789ab', 'c1', 'replied', 'Call Tue', 'rita', TIMESTAMP '2026-01-02 10:01:00',
     'sam', TIMESTAMP '2026-01-02 11:00:00', 2);
INSERT INTO audit_log (event_at, actor, action, candidate_id, detail) VALUES
    (TIMESTAMP '2026-01-02 10:00:00', 'rita', 'shortlist_create', NULL,
     '{"name": "Q3 analysts", "shortlist_id": "sl_0123456789ab"}'),
    (TIMESTAMP '2026-01-02 10:01:00', 'rita', 'shortlist_add', NULL,
     '{"added": 1, "candidates": ["c1"], "shortlist_id": "sl_0123456789ab"}'),
    (TIMESTAMP '2026-01-02 11:00:00', 'sam', 'shortlist_member', 'c1',
     '{"fields": ["note", "stage"], "shortlist_id": "sl_0123456789ab", "stage": "replied"}');
"""


@pytest.fixture()
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where an embedded workspace file of an older app lies (beside its warehouse)."""
    monkeypatch.setenv("INSIGHTS_SECRET", SECRET)
    return tmp_path / "workspace.duckdb"


def _write(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


def _tables(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()


def test_a_version_1_workspace_is_migrated_on_first_open(legacy: Path) -> None:
    _write(legacy, V1)
    lists = workspace.list_shortlists(legacy)
    assert [(s.name, s.owner, s.size, s.version) for s in lists] == [
        ("Empty one", None, 0, 1),
        ("Q3 analysts", "rita", 2, 1),
    ]
    q3 = lists[1]
    assert q3.created_at == dt.datetime(2026, 1, 2, 10, 0)
    members = workspace.shortlist_members(legacy, q3.shortlist_id)
    assert [(m.candidate_id, m.stage, m.note, m.added_by) for m in members] == [
        ("c1", "to_contact", None, "rita"),
        ("c2", "to_contact", None, "sam"),
    ]
    assert workspace.saved_searches(legacy) == {"Berlin": "pool_cities=Berlin"}
    assert workspace.status_history(legacy, "c1")[0]["new_status"] == "contacted"
    tables = _tables(legacy)
    assert not tables & {"shortlists_v1", "shortlist_members_v1", "workspace_info", "audit_log"}
    state = open_state(path=legacy)
    with state.store.transaction() as tx:
        assert tx.one("SELECT value FROM state_info WHERE key = 'schema_version'") == (
            str(schema.VERSION),
        )
    trail = audit.entries(state.store)
    assert [(e.seq, e.at, e.actor, e.action, e.target) for e in trail] == [
        (1, dt.datetime(2026, 1, 2, 10, 0, 0, 123456), "rita", "shortlist_create", None),
        (2, dt.datetime(2026, 1, 2, 10, 5), "rita", "profile_view", "c1"),
        (3, dt.datetime(2026, 1, 2, 10, 6), "rita", "pool_status", "c1"),
    ]
    assert trail[2].details == {
        "new": "contacted",
        "old": "new",
        "imported_from": "workspace audit_log",
        "imported_event_id": 3,
    }
    assert audit.verify(state.store, state.secret) == (True, "3 entries, chain intact")
    # the migrated lists work as new ones do; opening again changes nothing
    workspace.update_member(
        legacy, q3.shortlist_id, "c2", stage="replied", actor="sam", expected_version=1
    )
    close_stores()
    assert [s.size for s in workspace.list_shortlists(legacy)] == [0, 2]
    assert len(audit.entries(open_state(path=legacy).store)) == 4


def _state_v1(path: Path) -> None:
    """The state's schema 1 in the same file, with one entry in the chain already."""
    store = DuckDBStore(path)
    with store.transaction() as tx:
        tx.execute("CREATE TABLE state_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for statement in schema.MIGRATIONS[0]:
            assert isinstance(statement, str)
            tx.execute(statement)
        tx.execute("INSERT INTO state_info VALUES ('schema_version', '1')")
        audit.append(
            tx, SECRET.encode(), actor="command line", role=None, action="account.add", target="ana"
        )


def test_a_version_2_workspace_joins_the_chain_once(legacy: Path) -> None:
    _write(legacy, V2)
    _state_v1(legacy)
    (q3,) = workspace.list_shortlists(legacy)
    assert (q3.shortlist_id, q3.name, q3.owner, q3.version, q3.size) == (
        "sl_0123456789ab",
        "Q3 analysts",
        "rita",
        3,
        1,
    )
    (member,) = workspace.shortlist_members(legacy, q3.shortlist_id)
    assert (member.stage, member.note, member.version) == ("replied", "Call Tue", 2)
    state = open_state(path=legacy)
    trail = audit.entries(state.store)
    assert [(e.seq, e.action) for e in trail] == [
        (1, "account.add"),  # the chain as it was, then the workspace's log in its order
        (2, "shortlist_create"),
        (3, "shortlist_add"),
        (4, "shortlist_member"),
    ]
    assert [e.details.get("imported_event_id") for e in trail] == [None, 1, 2, 3]
    assert all(e.details["imported_from"] == "workspace audit_log" for e in trail[1:])
    assert trail[3].at == dt.datetime(2026, 1, 2, 11, 0) and trail[3].target == "c1"
    assert audit.verify(state.store, state.secret) == (True, "4 entries, chain intact")
    assert "audit_log" not in _tables(legacy) and "workspace_info" not in _tables(legacy)
    # a stale edit of a migrated member is refused as before
    with pytest.raises(StaleEdit, match="changed by sam"):
        workspace.update_member(
            legacy, q3.shortlist_id, "c1", note="x", actor="rita", expected_version=1
        )
    close_stores()
    assert len(audit.entries(open_state(path=legacy).store)) == 4  # imported once


def test_a_failed_import_changes_nothing(legacy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each migration step is one transaction: an import that fails half-way leaves the
    old log and the chain as they were, and the next open imports everything once."""
    _write(legacy, V2)
    _state_v1(legacy)
    calls = []
    real = audit.append

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["action"])
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(audit, "append", failing)
    with pytest.raises(OSError, match="disk full"):
        workspace.list_shortlists(legacy)
    monkeypatch.setattr(audit, "append", real)
    con = duckdb.connect(str(legacy), read_only=True)
    version = con.execute("SELECT value FROM state_info WHERE key = 'schema_version'").fetchall()
    logged = con.execute("SELECT count(*) FROM audit_log").fetchall()
    chained = con.execute("SELECT count(*), max(seq) FROM audit_trail").fetchall()
    head = con.execute("SELECT seq FROM audit_head").fetchall()
    con.close()
    assert version == [("2",)]  # step 2 (the workspace's tables) done, step 3 not
    assert logged == [(3,)] and chained == [(1, 1)] and head == [(1,)]
    close_stores()
    assert [s.name for s in workspace.list_shortlists(legacy)] == ["Q3 analysts"]
    state = open_state(path=legacy)
    assert [e.seq for e in audit.entries(state.store)] == [1, 2, 3, 4]
    assert audit.verify(state.store, state.secret)[0]


def test_a_newer_workspace_is_refused_not_damaged(legacy: Path) -> None:
    _write(legacy, V2.replace("('schema_version', '2')", "('schema_version', '9')"))
    with pytest.raises(NewerSchema, match="schema version 9"):
        workspace.list_shortlists(legacy)
    con = duckdb.connect(str(legacy), read_only=True)
    assert con.execute("SELECT value FROM workspace_info").fetchall() == [("9",)]
    assert con.execute("SELECT count(*) FROM audit_log").fetchall() == [(3,)]
    con.close()


def test_details_are_json(ws: Path) -> None:
    workspace.log_event(ws, "rita", "export", None, rows=3, when=dt.date(2026, 1, 2))
    (event,) = workspace.audit_events(ws)
    assert event["detail"] == {"rows": 3, "when": "2026-01-02"}
    assert json.dumps(event["detail"])
