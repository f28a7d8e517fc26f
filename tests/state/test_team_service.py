"""Several servers, one truth: app processes sharing one state (PostgreSQL, and the
embedded file on one machine) edit the same shortlist at once without a lost update, keep
one complete chained audit trail, and see each other's changes; with INSIGHTS_STATE_URL
set, nothing but the warehouse is written beside the warehouse."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from etl.warehouse import open_read_only
from insights import workspace
from insights.access import SYSTEM
from insights.pool import PoolIndex, fetch_pool
from insights.pool_filters import PoolFilters
from insights.state import STATE_URL_ENV, audit, close_stores, open_state
from tests.state.postgres_server import fresh_database

ROOT = Path(__file__).resolve().parents[2]
POOL_CSV = ROOT / "tests" / "pool" / "data" / "pool_interviews.csv"
PASSWORD = "a long enough password"

# One app server: it finds the list the other made, then in each round reads the member,
# waits until the other server has read it too, and saves its note with the version it
# saw: both saw the same version, so exactly one edit lands and the other is refused.
_EDITOR = r"""
import json, sys, time
from pathlib import Path
from insights import workspace

me, other, rounds, sync = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
ws = workspace.workspace_path()
found = workspace.find_shortlist(ws, "Shared")
assert found is not None, "the other server's list is not visible"


def barrier(tag):
    (sync / f"{me}.{tag}").touch()
    deadline = time.monotonic() + 300  # a bound against hanging, not a timing check
    while not (sync / f"{other}.{tag}").exists():
        if time.monotonic() > deadline:
            sys.exit(f"{other} never reached {tag}")
        time.sleep(0.005)


results = []
for r in range(rounds):
    (member,) = [m for m in workspace.shortlist_members(ws, found.shortlist_id) if m.candidate_id == "c0"]
    barrier(f"read-{r}")
    try:
        done = workspace.update_member(
            ws, found.shortlist_id, "c0", note=f"{me} {r}", actor=me, expected_version=member.version
        )
        results.append({"round": r, "landed": True, "seen": member.version, "version": done.version})
    except workspace.StaleEdit:
        results.append({"round": r, "landed": False, "seen": member.version})
    workspace.add_to_shortlist(ws, found.shortlist_id, [f"{me}-{r}"], actor=me)
barrier("done")
members = sorted(m.candidate_id for m in workspace.shortlist_members(ws, found.shortlist_id))
print(json.dumps({"results": results, "members": members, "version": workspace.version(ws)}))
"""


def test_two_servers_edit_one_shortlist_at_once(backend: tuple[str, Path], tmp_path: Path) -> None:
    kind, db = backend
    ws = workspace.workspace_path()
    made = workspace.create_shortlist(ws, "Shared", actor="lead")
    workspace.add_to_shortlist(ws, made.shortlist_id, ["c0"], actor="lead")
    before = workspace.version(ws)
    sync = tmp_path / "sync"
    sync.mkdir()
    rounds = 8
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _EDITOR, me, other, str(rounds), str(sync)],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me, other in (("a", "b"), ("b", "a"))
    ]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        outs.append(json.loads(out))
    a, b = (o["results"] for o in outs)
    # every round: both saw one version, exactly one edit landed, the other was refused
    for r in range(rounds):
        assert a[r]["seen"] == b[r]["seen"] == r + 1
        assert [a[r]["landed"], b[r]["landed"]].count(True) == 1, (a[r], b[r])
    landed = sorted(x["version"] for x in [*a, *b] if x["landed"])
    assert landed == list(range(2, rounds + 2))  # never two edits on one version
    (member,) = [
        m for m in workspace.shortlist_members(ws, made.shortlist_id) if m.candidate_id == "c0"
    ]
    last = max((x for x in [*a, *b] if x["landed"]), key=lambda x: x["version"])
    assert member.version == rounds + 1
    assert member.note == f"{'a' if last in a else 'b'} {rounds - 1}"
    # each server sees the other's changes (and the lead's), and the same version token
    everyone = sorted(["c0", *(f"{s}-{r}" for s in "ab" for r in range(rounds))])
    assert outs[0]["members"] == outs[1]["members"] == everyone
    after = workspace.version(ws)
    assert after != before and outs[0]["version"] == outs[1]["version"] == after
    found = workspace.find_shortlist(ws, "Shared")
    assert found is not None and found.size == 1 + 2 * rounds
    assert found.version == 1 + 1 + 2 * rounds + rounds  # created, c0, every add, every edit
    # the audit trail: complete, gap-free, in commit order, chain intact
    state = open_state()
    trail = audit.entries(state.store)
    assert [e.seq for e in trail] == list(range(1, len(trail) + 1))
    edits = [e for e in trail if e.action == "shortlist_member"]
    assert [e.details["version"] for e in edits] == list(range(2, rounds + 2))
    assert [e.actor for e in edits] == ["a" if a[r]["landed"] else "b" for r in range(rounds)]
    assert len([e for e in trail if e.action == "shortlist_add"]) == 1 + 2 * rounds
    assert audit.verify(state.store, state.secret) == (True, f"{len(trail)} entries, chain intact")
    if kind == "postgresql":
        assert sorted(p.name for p in db.parent.iterdir()) == ["sync"]


# The warehouse and what publishing it keeps beside it: its writer lock and the read links
# of its published versions (etl.warehouse); nothing of the state.
_WAREHOUSE_FILES = re.compile(r"^(warehouse\.duckdb(\.lock)?|\.warehouse\.duckdb\.r\d+)$")


def test_with_the_state_in_postgresql_only_the_warehouse_is_beside_it(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole working day with INSIGHTS_STATE_URL set and no INSIGHTS_SECRET: a load, an
    account, sign-in, the pool and a profile in the app, shortlist work, exports, a report
    and the audit check. The warehouse's folder holds the warehouse only: no
    workspace.duckdb, no .insights-secret (the secret lives in the state database)."""
    from insights.cli import app as cli

    url = fresh_database(postgres_url, f"t_{uuid.uuid4().hex[:12]}")
    shared = tmp_path / "shared"
    shared.mkdir()
    db = shared / "warehouse.duckdb"
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    monkeypatch.setenv(STATE_URL_ENV, url)
    runner = CliRunner()
    try:
        done = runner.invoke(cli, ["load", str(POOL_CSV), "--db", str(db), "--json"])
        assert done.exit_code == 0, done.output
        done = runner.invoke(
            cli,
            ["users", "add", "rita", "--role", "recruiter", "--password-stdin"],
            input=PASSWORD + "\n",
        )
        assert done.exit_code == 0, done.output
        # the pages and the CLI name the workspace by the path beside the warehouse: ignored
        ws = workspace.workspace_path(db)
        made = workspace.create_shortlist(ws, "Q3 analysts", actor="rita")
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
        at.run()
        at.text_input[0].input("rita")
        at.text_input[1].input(PASSWORD)
        at.button[0].click().run()
        at.switch_page("views/talent_pool.py").run()
        assert not at.exception and len(at.dataframe[0].value) > 2
        con = open_read_only(db)
        index = PoolIndex.build(SYSTEM, con)
        page = fetch_pool(SYSTEM, index, PoolFilters(), overlay=workspace.overlay(ws), page_size=2)
        first, second = (str(c) for c in page.rows["candidate_id"])
        index.close()
        con.close()
        workspace.add_to_shortlist(ws, made.shortlist_id, [first, second], actor="rita")
        workspace.update_member(
            ws, made.shortlist_id, first, stage="contacted", note="Call Tue", actor="rita"
        )
        workspace.save_search(ws, "Berlin", "pool_cities=Berlin", actor="rita")
        workspace.set_pool_status(ws, second, "nurture", current_status=None, actor="rita")
        workspace.set_tags(ws, second, ["sql"], current_tags=[], actor="rita")
        at.segmented_control(key="pool_view").set_value("shortlists").run()
        assert not at.exception and "Q3 analysts" in at.selectbox[0].options[0]
        at.query_params["candidate"] = first
        at.switch_page("views/candidate_profile.py").run()
        assert not at.exception
        for args in (
            ["--out", str(out / "q3.csv"), "--shortlist", "Q3 analysts"],
            ["--out", str(out / "pool.xlsx"), "--saved", "Berlin"],
        ):
            done = runner.invoke(cli, ["export", "pool", *args])
            assert done.exit_code == 0, done.output
        done = runner.invoke(cli, ["report", "--out", str(out / "report.html"), "--db", str(db)])
        assert done.exit_code == 0, done.output
        done = runner.invoke(cli, ["audit", "--verify", "--db", str(db)])
        assert done.exit_code == 0, done.output
        state = open_state(db)
        actions = [e.action for e in audit.entries(state.store)]
        for action in ("account.add", "signin.success", "shortlist_member", "profile_view"):
            assert action in actions
        assert actions.count("export") == 2
        # who acted, with their role: the command line as an administrator, rita (signed
        # in) as a recruiter on the pages
        roles = {(e.action, e.actor, e.role) for e in audit.entries(state.store)}
        assert any(a == "account.add" and r == "admin" for a, _who, r in roles)
        assert ("profile_view", "rita", "recruiter") in roles
        assert ("pool_search", "rita", "recruiter") in roles
    finally:
        close_stores()
    beside = sorted(p.name for p in shared.iterdir())
    assert all(_WAREHOUSE_FILES.match(name) for name in beside), beside
    assert "warehouse.duckdb" in beside
