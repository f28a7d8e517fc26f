"""Shortlists as working lists in the workspace: lifecycle, owners, stages and notes, stale
edits refused, and the migration of a version-1 workspace file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from insights import workspace
from insights.workspace import StaleEdit, WorkspaceError


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
    actions = [e["action"] for e in workspace.audit_events(ws)][::-1]
    assert actions == [
        "shortlist_create",
        "shortlist_add",
        "shortlist_add",
        "shortlist_rename",
        "shortlist_remove",
        "shortlist_delete",
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
"""


def test_a_version_1_workspace_is_migrated_on_first_open(ws: Path) -> None:
    con = duckdb.connect(str(ws))
    con.execute(V1)
    con.close()
    lists = workspace.list_shortlists(ws)
    assert [(s.name, s.owner, s.size, s.version) for s in lists] == [
        ("Empty one", None, 0, 1),
        ("Q3 analysts", "rita", 2, 1),
    ]
    q3 = lists[1]
    assert q3.created_at == dt.datetime(2026, 1, 2, 10, 0)
    members = workspace.shortlist_members(ws, q3.shortlist_id)
    assert [(m.candidate_id, m.stage, m.note, m.added_by) for m in members] == [
        ("c1", "to_contact", None, "rita"),
        ("c2", "to_contact", None, "sam"),
    ]
    assert workspace.saved_searches(ws) == {"Berlin": "pool_cities=Berlin"}
    assert workspace.status_history(ws, "c1")[0]["new_status"] == "contacted"
    con = duckdb.connect(str(ws), read_only=True)
    version = con.execute(
        "SELECT value FROM workspace_info WHERE key = 'schema_version'"
    ).fetchall()
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.close()
    assert version == [("2",)]
    assert "shortlists_v1" not in tables and "shortlist_members_v1" not in tables
    # the migrated lists work as new ones do; opening again changes nothing
    workspace.update_member(
        ws, q3.shortlist_id, "c2", stage="replied", actor="sam", expected_version=1
    )
    assert [s.size for s in workspace.list_shortlists(ws)] == [0, 2]


def test_a_newer_workspace_is_refused_not_damaged(ws: Path) -> None:
    workspace.create_shortlist(ws, "Q3", actor="rita")
    con = duckdb.connect(str(ws))
    con.execute("UPDATE workspace_info SET value = '9' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(WorkspaceError, match="schema version 9"):
        workspace.list_shortlists(ws)
