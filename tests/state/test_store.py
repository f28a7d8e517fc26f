"""The state interface on both backends: migrations, accounts, lockout, the audit chain,
and several processes writing at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from insights.state import accounts, audit, open_state, schema

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"


def test_schema_is_migrated_once(backend: tuple[str, Path]) -> None:
    state = open_state()
    assert schema.migrate(state.store) == schema.VERSION  # already current: nothing to do
    with state.store.transaction() as tx:
        assert tx.one("SELECT value FROM state_info WHERE key = 'schema_version'") == (
            str(schema.VERSION),
        )


def test_accounts_and_sign_in(backend: tuple[str, Path]) -> None:
    state = open_state()
    accounts.add(state.store, state.secret, "ana", "admin", PASSWORD)
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add(state.store, state.secret, "ANA", "hr", PASSWORD)
    assert accounts.sign_in(state.store, state.secret, "ana", PASSWORD, "c").account
    assert accounts.sign_in(state.store, state.secret, "ana", "nope nope", "c").account is None
    accounts.set_role(state.store, state.secret, "ana", "viewer")
    assert [a.role.value for a in accounts.list_accounts(state.store)] == ["viewer"]
    accounts.remove(state.store, state.secret, "ana")
    assert not accounts.any_account(state.store)


def test_the_audit_chain_shows_tampering(backend: tuple[str, Path]) -> None:
    state = open_state()
    for i in range(3):
        audit.record(state.store, state.secret, actor="t", role="admin", action=f"a{i}")
    assert audit.verify(state.store, state.secret) == (True, "3 entries, chain intact")
    with state.store.transaction() as tx:
        tx.execute("UPDATE audit_trail SET actor = 'someone else' WHERE seq = 2")
    ok, message = audit.verify(state.store, state.secret)
    assert not ok and "entry 2" in message
    with state.store.transaction() as tx:
        tx.execute("UPDATE audit_trail SET actor = 't' WHERE seq = 2")
        tx.execute("DELETE FROM audit_trail WHERE seq = 3")
    ok, message = audit.verify(state.store, state.secret)
    assert not ok and "3" in message


_WRITER = """
import sys
from insights.state import accounts, audit, open_state
state = open_state()
for i in range(int(sys.argv[2])):
    audit.record(state.store, state.secret, actor=sys.argv[1], role="admin", action=f"write.{i}")
    accounts.sign_in(state.store, state.secret, "target", "wrong password!", sys.argv[1])
"""


def test_processes_writing_at_once_lose_nothing(backend: tuple[str, Path]) -> None:
    """Two processes append to the audit trail and fail sign-ins at once: every entry is
    kept, numbered without gaps in commit order, the chain intact, and the lockout counts
    the failures of both (it holds across servers)."""
    kind, _ = backend
    state = open_state()
    accounts.add(state.store, state.secret, "target", "hr", PASSWORD)
    n = 6
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, name, str(n)],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in ("server-a", "server-b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err.decode()[-2000:]
    entries = audit.entries(state.store)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    writes = [e for e in entries if e.action.startswith("write.")]
    assert len(writes) == 2 * n
    assert audit.verify(state.store, state.secret)[0]
    # every failure on either server was counted once against the name (no lost update)
    failures = [e for e in entries if e.action == "signin.failure" and e.actor == "target"]
    refused = [e for e in entries if e.action == "signin.refused" and e.actor == "target"]
    assert len(failures) + len(refused) == 2 * n
    with state.store.transaction() as tx:
        counted = tx.one("SELECT failures FROM signin_failures WHERE key = 'user:target'")
    assert counted == (len(failures),), kind
    assert len(failures) >= accounts.BACKOFF_FROM
    assert json.dumps([e.details for e in entries])  # details are JSON


def test_a_postgresql_server_out_of_connections_is_busy_not_a_traceback(
    postgres_url: str,
) -> None:
    """Every pooled connection of this server in use past the wait: one line, try again."""
    from insights.state.postgres import PostgresStore
    from insights.state.store import StateBusy

    store = PostgresStore(postgres_url, min_size=1, max_size=1, timeout=0.2)
    try:
        with store.transaction() as tx:
            tx.execute("SELECT 1")
            with pytest.raises(StateBusy, match="try again"), store.transaction():
                pass
    finally:
        store.close()


_STARTER = """
import sys, time
from pathlib import Path
go = Path(sys.argv[1])
print("ready", flush=True)
while not go.exists():  # start together
    time.sleep(0.001)
from insights.state import open_state
print(open_state().secret.hex())
"""


def test_servers_starting_together_on_a_fresh_state_all_start(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    """Four app processes open a state nobody has created yet at the same moment: each
    starts (no race on creating the tables), the schema is migrated once, and all of
    them share one secret."""
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", "import insights.state.postgres\n" + _STARTER, str(go)],
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for proc in procs:  # every process imported and waiting: then all at once
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    go.touch()
    secrets = set()
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-2000:]
        secrets.add(out.strip())
    assert len(secrets) == 1
    state = open_state()
    assert secrets == {state.secret.hex()}
    with state.store.transaction() as tx:
        assert tx.one("SELECT value FROM state_info WHERE key = 'schema_version'") == (
            str(schema.VERSION),
        )
        assert tx.one("SELECT count(*) FROM audit_head") == (1,)
