"""An erasure clears the recruiters' workspace too (issue 10 item 6), on both state
backends: the person's shortlist places (with their notes), tag edits, pool-status history
and the saved searches that name them go, everyone else's stay, the counts reach the
summary and the audit trail (never a value), and with an embedded state no byte of
theirs stays in the state file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.load import run_load
from insights import erasure, workspace
from insights.access import SYSTEM
from insights.identity_migration import migrate_candidate_ids
from insights.state import State, StateBusy, audit, open_state
from tests.etl.helpers import downgrade_to_schema_3, query, write_csv

ROWS = [
    {
        "Date of interview": "2024-03-01",
        "Role": "Data Analyst",
        "Interviewer": "Ann",
        "Name": "Ida Zwicky",
        "E-mail": "ida.zwicky@example.com",
        "Phone": "+49 151 7654321",
        "Consent to contact": "yes",
    },
    {
        "Date of interview": "2024-03-02",
        "Role": "Nurse",
        "Interviewer": "Ann",
        "Name": "Ole Other",
        "E-mail": "ole@example.com",
        "Consent to contact": "yes",
    },
]
NEEDLES = ("Zwicky", "zwicky", "7654321")


def _load(folder: Path, db: Path) -> Path:
    exports = folder / "exports"
    exports.mkdir()
    source = write_csv(exports / "people.csv", ROWS)
    run_load([source], db=db)
    return source


def _id(db: Path, email: str) -> str:
    [row] = query(db, "SELECT candidate_id FROM interviews WHERE email = ?", [email])
    return str(row["candidate_id"])


def _workspace(state: State, ida: str, ole: str) -> str:
    listed = workspace.create_shortlist(state, "Nurses and analysts", actor="rita")
    workspace.add_to_shortlist(state, listed.shortlist_id, [ida, ole], actor="rita")
    workspace.update_member(state, listed.shortlist_id, ida, note="Ida Zwicky, evenings", actor="r")
    workspace.update_member(state, listed.shortlist_id, ole, note="Ole: mornings", actor="r")
    for cid in (ida, ole):
        workspace.set_tags(state, cid, ["python"], current_tags=[], actor="rita")
        workspace.set_pool_status(state, cid, "contacted", current_status="new", actor="rita")
    return listed.shortlist_id


def _files_naming_her(folder: Path) -> list[str]:
    """Every file of the folder whose raw bytes still hold one of her values."""
    return [
        f"{p.name}:{n}"
        for p in folder.iterdir()
        if p.is_file()
        for n in NEEDLES
        if n.encode() in p.read_bytes()
    ]


def _rows(state: State, table: str) -> set[str]:
    with state.store.transaction() as tx:
        return {str(r[0]) for r in tx.execute(f"SELECT candidate_id FROM {table}")}


def test_an_erasure_clears_the_workspace(backend: tuple[str, Path], tmp_path: Path) -> None:
    kind, db = backend
    _load(tmp_path, db)
    state = open_state()
    ida, ole = _id(db, "ida.zwicky@example.com"), _id(db, "ole@example.com")
    shortlist_id = _workspace(state, ida, ole)

    preview = erasure.preview_erasure(SYSTEM, "phone", "+49 151 7654321", state=state)
    expected = {
        "shortlist_members": 1,
        "candidate_tags": 1,
        "pool_status_changes": 1,
        "saved_searches": 0,
    }
    assert preview.workspace_rows == expected
    assert _rows(state, "shortlist_members") == {ida, ole}  # a preview changes nothing

    summary = erasure.erase(SYSTEM, "phone", "+49 151 7654321", state=state)

    assert summary.workspace_rows == expected
    assert summary.to_dict()["workspace_rows"] == expected
    for table in ("shortlist_members", "candidate_tags", "pool_status_changes"):
        assert _rows(state, table) == {ole}, table
    [member] = workspace.shortlist_members(state, shortlist_id)
    assert member.note == "Ole: mornings"
    [entry] = audit.entries(state.store, action="erasure")
    assert entry.details["workspace_rows"] == expected
    assert "zwicky" not in str(entry.details).lower()
    assert audit.verify(state.store, state.secret)[0]
    if kind == "duckdb":
        assert _files_naming_her(tmp_path) == []


def test_an_erasure_on_a_workspace_of_old_ids_migrates_it_first(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    """The warehouse moved to keyed ids, the workspace has not yet (its migration did not
    run): the erasure moves it first, so the person's rows under the old id go too."""
    _, db = backend
    source = _load(tmp_path, db)
    downgrade_to_schema_3(db)
    state = open_state()
    old_ida, old_ole = _id(db, "ida.zwicky@example.com"), _id(db, "ole@example.com")
    _workspace(state, old_ida, old_ole)
    run_load([source], db=db)  # schema 4; the workspace still holds the old ids
    ole = _id(db, "ole@example.com")

    summary = erasure.erase(SYSTEM, "email", "IDA.zwicky@example.com", state=state)

    assert summary.workspace_rows["shortlist_members"] == 1
    for table in ("shortlist_members", "candidate_tags", "pool_status_changes"):
        assert _rows(state, table) == {ole}, table
    assert migrate_candidate_ids(state=state).status == "done"
    assert audit.verify(state.store, state.secret)[0]


def test_saved_searches_naming_the_person_go(backend: tuple[str, Path], tmp_path: Path) -> None:
    _, db = backend
    _load(tmp_path, db)
    state = open_state()
    searches = {
        "by mail": "pool_text=ida.zwicky%40example.com",
        "by phone": "pool_text=%2B49+151+765+4321",  # national form: only when given
        "by name": "pool_text=Ida+Zwicky&pool_max_pay=90000",
        "someone else": "pool_text=ole%40example.com",
        "skills": "pool_text=python+sql",
    }
    for name, query_string in searches.items():
        workspace.save_search(state, name, query_string, actor="rita")
    summary = erasure.erase(SYSTEM, "email", "ida.zwicky@example.com", state=state)
    assert summary.workspace_rows["saved_searches"] == 2
    assert workspace.saved_searches(state) == {  # a name is shared by many: redacted
        "by name": "pool_text=%5Berased%5D&pool_max_pay=90000",
        "skills": "pool_text=python+sql",
        "someone else": "pool_text=ole%40example.com",
    }


def test_an_erasure_stopped_after_the_warehouse_is_finished_by_running_it_again(
    backend: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind, db = backend
    _load(tmp_path, db)
    state = open_state()
    ida, ole = _id(db, "ida.zwicky@example.com"), _id(db, "ole@example.com")
    shortlist_id = _workspace(state, ida, ole)
    workspace.update_member(
        state, shortlist_id, ole, note="Ole knows Ida Zwicky (+49 151 7654321)", actor="r"
    )
    workspace.log_event(state, "rita", "pool_search", query="pool_text=Ida+Zwicky", count=1)

    def busy(*args: object, **kwargs: object) -> int:
        raise StateBusy()

    with monkeypatch.context() as patched:  # only this: the backend's settings stay
        patched.setattr(erasure, "redact_audit_trail", busy)
        with pytest.raises(erasure.ErasureIncomplete, match="run it again"):
            erasure.erase(SYSTEM, "email", "ida.zwicky@example.com", state=state)
    [partial] = audit.entries(state.store, action="erasure.partial")
    assert partial.details["interviews"] == 1 and "zwicky" not in str(partial.details).lower()

    again = erasure.erase(SYSTEM, "email", "ida.zwicky@example.com", state=state)
    assert again.interviews == 0 and again.audit_entries_redacted == 1
    [member] = workspace.shortlist_members(state, shortlist_id)
    assert member.note == "Ole knows [erased] ([erased])"
    [search] = audit.entries(state.store, action="pool_search")
    assert search.details["query"] == "pool_text=%5Berased%5D"
    assert audit.verify(state.store, state.secret)[0]
    if kind == "duckdb":
        assert _files_naming_her(tmp_path) == []


def test_a_compaction_that_could_not_run_stays_due(tmp_path: Path) -> None:
    from insights.state import compact_if_due, mark_compact_due
    from insights.state.store import DuckDBStore

    class Refusing(DuckDBStore):
        def compact(self) -> bool:
            return False

    store = Refusing(tmp_path / "state.duckdb")
    state = open_state(tmp_path / "warehouse.duckdb", path=store.path)
    with state.store.transaction() as tx:
        mark_compact_due(tx)
    assert compact_if_due(store) is False
    assert compact_if_due(state.store) is True  # still due: the real store does it
    assert compact_if_due(state.store) is False


def test_retention_clears_the_workspace_of_those_it_anonymises(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    _, db = backend
    _load(tmp_path, db)
    state = open_state()
    ida, ole = _id(db, "ida.zwicky@example.com"), _id(db, "ole@example.com")
    _workspace(state, ida, ole)
    workspace.save_search(state, "Ida", "pool_text=ida.zwicky%40example.com", actor="rita")
    workspace.save_search(state, "Ole", "pool_text=Ole+Other", actor="rita")
    # 2024-03-02 is the cutoff: Ida (interviewed the day before) is due, Ole is not.
    today = dt.date(2026, 3, 2)
    summary = erasure.apply_retention(SYSTEM, months=24, today=today, state=state)
    assert summary.candidate_ids == [ida]
    assert summary.workspace_rows == {
        "shortlist_members": 1,
        "candidate_tags": 1,
        "pool_status_changes": 1,
        "saved_searches": 1,
    }
    for table in ("shortlist_members", "candidate_tags", "pool_status_changes"):
        assert _rows(state, table) == {ole}, table
    assert workspace.saved_searches(state) == {"Ole": "pool_text=Ole+Other"}


def test_names_an_erasure_renames_stay_within_the_length_limit(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    """A redacted name that another list or search already has gets a suffix; with it the
    name still fits the 80 characters every name is held to."""
    _kind, db = backend
    _load(tmp_path, db)
    state = open_state()
    tail = "x" * (workspace.MAX_NAME - len("Ida Zwicky "))
    workspace.create_shortlist(state, f"[erased] {tail}", actor="rita")
    named = workspace.create_shortlist(state, f"Ida Zwicky {tail}", actor="rita")
    workspace.save_search(state, f"[erased] {tail}", "text=sql", actor="rita")
    workspace.save_search(state, f"Ida Zwicky {tail}", "text=python", actor="rita")

    erasure.erase(SYSTEM, "phone", "+49 151 7654321", state=state)

    lists = {s.shortlist_id: s.name for s in workspace.list_shortlists(state)}
    searches = list(workspace.saved_searches(state))
    assert lists[named.shortlist_id].endswith(f" ({named.shortlist_id})")
    assert any(n.endswith(" (2)") for n in searches)
    for name in [*lists.values(), *searches]:
        assert "zwicky" not in name.lower()
        assert workspace.clean_name(name) == name  # within the limit, as typed names are
