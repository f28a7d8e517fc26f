"""The audit trail: append-only, each entry chained to the one before by an HMAC, so an
edited, removed or reordered entry breaks the chain at that point (`verify`).

What is recorded: sign-ins (success and failure), every view of a person and every
export or download (what, filters, rows, format), pool searches, loads, erasures,
retention runs, account and role changes. An entry names people only by keyed id or
account name; an erasure's entry never holds the erased data. Text a user typed (a pool
search's query, a tag, a shortlist's name) is kept as typed until an erasure or retention
run redacts what names the person (insights.erasure.redact_audit_trail, through
`rewrite`, recorded in an `audit.redacted` entry).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from insights.mentions import redact_values, redactor
from insights.state.store import Store, Transaction


@dataclass(frozen=True)
class Entry:
    seq: int
    at: dt.datetime
    actor: str | None
    role: str | None
    action: str
    target: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


def now() -> dt.datetime:
    """UTC without tzinfo: how the state stores every timestamp."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _digest(secret: bytes, prev: str, fields: Mapping[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, default=str, separators=(",", ":"))
    return hmac.new(secret, f"{prev}\x1e{body}".encode(), hashlib.sha256).hexdigest()


def append(
    tx: Transaction,
    secret: bytes,
    *,
    actor: str | None,
    role: str | None,
    action: str,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Add one entry inside the caller's transaction; returns its sequence number. The
    chain head row serialises writers (a row lock on PostgreSQL, a write conflict on
    DuckDB), so entries are numbered without gaps in the order they commit. `at` (UTC,
    without tzinfo) is now, unless an entry is imported with the time it happened."""
    head = tx.one("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
    if head is None:  # pragma: no cover - created by the schema
        raise RuntimeError("audit chain head is missing")
    seq, prev = int(head[0]), str(head[1])
    details = _without_the_erased(tx, secret, dict(details or {}))
    fields = {
        "seq": seq,
        "at": (at or now()).isoformat(timespec="microseconds"),
        "actor": actor,
        "role": role,
        "action": action,
        "target": target,
        "details": details,
    }
    digest = _digest(secret, prev, fields)
    tx.execute(
        "INSERT INTO audit_trail (seq, event_at, actor, role, action, target, details, prev_hash, hash) "
        "VALUES (:seq, :at, :actor, :role, :action, :target, :details, :prev, :hash)",
        {
            **fields,
            "at": dt.datetime.fromisoformat(str(fields["at"])),
            "details": json.dumps(fields["details"], sort_keys=True, default=str),
            "prev": prev,
            "hash": digest,
        },
    )
    tx.execute("UPDATE audit_head SET hash = :hash WHERE id = 1", {"hash": digest})
    return seq


def _without_the_erased(tx: Transaction, secret: bytes, details: dict[str, Any]) -> dict[str, Any]:
    """What a user types that names someone already erased (a later pool search for their
    name or e-mail) is not stored again: redacted against the kept tombstones, as an
    erasure redacted the entries before it (insights.mentions)."""
    if not any(isinstance(v, str | list | dict) for v in details.values()):
        return details
    kept = tx.execute("SELECT kind, key FROM tombstones")
    if not kept:
        return details
    redact = redactor([(str(kind), str(key), None) for kind, key in kept], secret)
    redacted = redact_values(details, redact)
    return redacted if isinstance(redacted, dict) else details


def record(
    store: Store,
    secret: bytes,
    *,
    actor: str | None,
    role: str | None,
    action: str,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> int:
    """`append` in a transaction of its own."""
    with store.transaction() as tx:
        return append(
            tx, secret, actor=actor, role=role, action=action, target=target, details=details
        )


def entries(
    store: Store,
    *,
    since: dt.datetime | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Entries in order (oldest first), optionally since a time and of one action; with
    `limit`, the latest `limit` of them."""
    sql = (
        "SELECT seq, event_at, actor, role, action, target, details, prev_hash, hash "
        "FROM audit_trail "
        "WHERE (CAST(:since AS TIMESTAMP) IS NULL OR event_at >= CAST(:since AS TIMESTAMP)) "
        "AND (CAST(:action AS VARCHAR) IS NULL OR action = CAST(:action AS VARCHAR)) "
        "ORDER BY seq DESC" + (" LIMIT :limit" if limit else "")
    )
    with store.transaction() as tx:
        rows = tx.execute(sql, {"since": since, "action": action, "limit": limit})
    return [
        Entry(int(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8])
        for r in reversed(rows)
    ]


def _stored_fields(row: Sequence[Any]) -> dict[str, Any]:
    """What an entry's hash covers, from a stored row (seq, event_at, actor, role, action,
    target, details, ...): the same values `append` hashed."""
    seq, at, actor, role, action, target, details = row[:7]
    return {
        "seq": int(seq),
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "role": role,
        "action": action,
        "target": target,
        "details": json.loads(details),
    }


def verify(store: Store, secret: bytes) -> tuple[bool, str]:
    """(intact, message): recompute the chain; the message names the first broken entry."""
    with store.transaction() as tx:
        rows = tx.execute(
            "SELECT seq, event_at, actor, role, action, target, details, prev_hash, hash "
            "FROM audit_trail ORDER BY seq"
        )
        head = tx.one("SELECT seq, hash FROM audit_head WHERE id = 1")
    prev, expected_seq = "genesis", 1
    for row in rows:
        seq, prev_hash, digest = row[0], row[7], row[8]
        if int(seq) != expected_seq:
            return False, f"entry {expected_seq} is missing (found {seq} next)"
        if prev_hash != prev or _digest(secret, prev, _stored_fields(row)) != digest:
            return False, f"entry {seq} was changed (its hash does not match)"
        prev, expected_seq = digest, expected_seq + 1
    if head is not None and (int(head[0]) != expected_seq - 1 or str(head[1]) != prev):
        return False, f"the trail ends at entry {expected_seq - 1} but {head[0]} were written"
    return True, f"{expected_seq - 1} entries, chain intact"


@dataclass(frozen=True)
class Rewritten:
    """What `rewrite` changed: how many entries, the first of them (None: none) and the
    head hash the chain had before (the end of the trail as it was)."""

    entries: int
    first_seq: int | None
    previous_head: str


# A rewrite of an entry's target or details text; returns the text unchanged when there
# is nothing to rewrite in it.
Change = Callable[[str], str]


def rewrite(
    tx: Transaction,
    secret: bytes,
    change: Change,
    *,
    like: str,
    only: tuple[Collection[int], int] | None = None,
) -> Rewritten:
    """Rewrite, inside the caller's transaction, the entries whose target or details text
    (JSON) `change` alters, and recompute the chain from the first of them onward with the
    digest `append` uses, so `verify` holds. Only entries whose target or details match
    the SQL LIKE pattern `like` (escape character `!`) are looked at; with `only` =
    (seqs, last), only those entries and any added after `last` (a caller that found what
    changes in a read pass keeps the chain's lock for the rewrite alone).

    Only for what must not stay in the trail (ids of a recipe anyone can recompute), and
    never silently: the caller appends an entry saying what was rewritten, with the head
    hash returned, so the rewrite itself is on the record."""
    # Taken first, as append does: no entry is added while the chain is recomputed.
    head = tx.one("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
    if head is None:  # pragma: no cover - created by the schema
        raise RuntimeError("audit chain head is missing")
    previous_head = str(head[1])
    if only is None:
        found = tx.execute(
            "SELECT seq, target, details FROM audit_trail "
            "WHERE target LIKE :like ESCAPE '!' OR details LIKE :like ESCAPE '!' ORDER BY seq",
            {"like": like},
        )
    else:
        found = tx.execute(
            "SELECT seq, target, details FROM audit_trail "
            "WHERE (seq IN (SELECT unnest(CAST(:seqs AS BIGINT[]))) OR seq > :last) "
            "AND (target LIKE :like ESCAPE '!' OR details LIKE :like ESCAPE '!') ORDER BY seq",
            {"like": like, "seqs": sorted(only[0]), "last": only[1]},
        )
    changed: dict[int, tuple[str | None, str]] = {}
    for seq, target, details in found:
        new_target = None if target is None else change(str(target))
        new_details = change(str(details))
        if new_target != target or new_details != details:
            changed[int(seq)] = (new_target, new_details)
    if not changed:
        return Rewritten(0, None, previous_head)
    first = min(changed)
    before = tx.one("SELECT hash FROM audit_trail WHERE seq = :seq", {"seq": first - 1})
    prev = str(before[0]) if before else "genesis"
    rows = tx.execute(
        "SELECT seq, event_at, actor, role, action, target, details FROM audit_trail "
        "WHERE seq >= :first ORDER BY seq",
        {"first": first},
    )
    for row in rows:
        seq = int(row[0])
        target, details = changed.get(seq, (row[5], row[6]))
        digest = _digest(secret, prev, _stored_fields((*row[:5], target, details)))
        tx.execute(
            "UPDATE audit_trail SET target = :target, details = :details, prev_hash = :prev, "
            "hash = :hash WHERE seq = :seq",
            {"target": target, "details": details, "prev": prev, "hash": digest, "seq": seq},
        )
        prev = digest
    tx.execute("UPDATE audit_head SET hash = :hash WHERE id = 1", {"hash": prev})
    return Rewritten(len(changed), first, previous_head)
