"""The move of workspaces and audit entries to keyed candidate ids (warehouse schema 4).

    report = migrate_candidate_ids(db)      # once; afterwards one read and back

Warehouse schema 4 keys candidate ids with the installation's secret (etl.identity): a
warehouse migrates on its next write. The state still names people by the ids of the old
md5 recipe (`c_` + 16 hex) in shortlists, tag edits, pool-status history and audit
entries; anyone who guesses an e-mail can recompute those. Once the warehouse is schema
4, this maps each old id to the keyed id the same person has now (etl.identity.legacy_ids,
from the identities the warehouse stores). An old id that matches nobody (a person erased
or no longer in the warehouse) becomes an opaque id keyed from it, so it still links the
entries about one person but can no longer be confirmed from a guessed e-mail.

Audit entries that hold old ids are rewritten and the hash chain recomputed from the
first of them onward (insights.state.audit.rewrite); an `audit.rekeyed` entry records
the counts, the first rewritten entry and the head hash the chain had before. Everything
happens in one transaction under the workspace writers' lock, and the state remembers it
is done (state_info `candidate_ids` = `keyed`), so servers starting together migrate once.
After a rewrite, an embedded (DuckDB) state file is compacted: no freed block keeps an old
id. Called after every load that publishes, after an erasure or retention run, and once
per app process at its start.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import asdict, dataclass, field, replace

from etl import identity, settings, warehouse
from etl.secret import keyed
from insights import workspace
from insights.state import State, audit, compact_if_due, mark_compact_due, open_state

log = logging.getLogger(__name__)

DONE_KEY = "candidate_ids"  # state_info key; its value once migrated:
KEYED = "keyed"
ORPHAN = "orphan"  # purpose of the keyed digest of an old id that matches nobody
ACTOR = "identity migration"
# A whole old-recipe id in text: `c_` and 16 hex, not the start of a longer (keyed) id.
_LEGACY_TOKEN = re.compile(r"(?<![0-9A-Za-z_])c_[0-9a-f]{16}(?![0-9a-fA-F])")


@dataclass(frozen=True)
class MigrationReport:
    """What a migration did. `status`: 'done' (migrated before), 'no_warehouse',
    'warehouse_not_keyed' (schema < 4: the state's old ids still match it: nothing to do
    yet) or 'migrated' (the counts say what changed; all zero on a state without old ids)."""

    status: str
    rows: dict[str, int] = field(default_factory=dict)  # per workspace table
    audit_entries: int = 0
    matched_ids: int = 0
    orphaned_ids: int = 0
    first_rewritten_seq: int | None = None
    compacted: bool = False

    @property
    def rewrote(self) -> bool:
        return bool(any(self.rows.values()) or self.audit_entries)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def orphan_id(old: str, secret: bytes) -> str:
    """The id an old-recipe id that matches nobody in the warehouse becomes."""
    return "c_" + keyed(old, secret, ORPHAN)[: identity.ID_HEX]


def migrate_candidate_ids(
    db: str | os.PathLike[str] | None = None, state: State | None = None
) -> MigrationReport:
    """Move the state's old candidate ids to the warehouse's keyed ones (see the module's
    docstring); idempotent and cheap once done. Raises StateBusy when the state stays busy
    (nothing changed then)."""
    s = state or open_state(db)
    if _done(s):
        return MigrationReport("done")
    live = settings.db_path(db)
    if not live.exists():
        return MigrationReport("no_warehouse")
    con = warehouse.open_read_only(live)
    try:
        if warehouse.schema_version(con) < warehouse.SCHEMA_VERSION:
            return MigrationReport("warehouse_not_keyed")
        keyed_ids = identity.legacy_ids(con)
    finally:
        con.close()
    report = _migrate(s, keyed_ids)
    if report.rewrote and compact_if_due(s.store):
        report = replace(report, compacted=True)
    return report


def migrate_quietly(
    db: str | os.PathLike[str] | None = None, state: State | None = None
) -> MigrationReport | None:
    """migrate_candidate_ids for a caller whose own work is done (a load that published,
    the app's start): a failure is logged, never raised; the next call tries again."""
    try:
        return migrate_candidate_ids(db, state)
    except Exception:  # noqa: BLE001 - logged for the operator; the caller carries on
        log.warning(
            "The move of saved candidate ids to keyed ids did not run (it is retried at the "
            "next load or start)",
            exc_info=True,
        )
        return None


def _done(state: State) -> bool:
    with state.store.transaction() as tx:
        row = tx.one("SELECT value FROM state_info WHERE key = :key", {"key": DONE_KEY})
    return row is not None and str(row[0]) == KEYED


def _migrate(state: State, keyed_ids: dict[str, str]) -> MigrationReport:
    with workspace.writing(state) as w:
        # Under the writers' lock: another server may have migrated while we waited.
        row = w.tx.one("SELECT value FROM state_info WHERE key = :key", {"key": DONE_KEY})
        if row is not None and str(row[0]) == KEYED:
            return MigrationReport("done")
        old_ids = {c for c in workspace.candidate_ids_in_use(w.tx) if identity.is_legacy_id(c)}
        # Audit entries may name people the workspace no longer holds: every old id found
        # there is mapped too (below, as the text is rewritten).
        new_ids = {old: keyed_ids.get(old) or orphan_id(old, w.secret) for old in old_ids}
        rows = workspace.rekey_candidates(w.tx, new_ids, ACTOR)

        def rekey(text: str) -> str:
            def one(match: re.Match[str]) -> str:
                old = match.group(0)
                if old not in new_ids:
                    new_ids[old] = keyed_ids.get(old) or orphan_id(old, w.secret)
                return new_ids[old]

            return _LEGACY_TOKEN.sub(one, text)

        rewritten = audit.rewrite(w.tx, w.secret, rekey, like="%c!_%")
        report = MigrationReport(
            "migrated",
            rows=rows,
            audit_entries=rewritten.entries,
            matched_ids=sum(1 for old in new_ids if old in keyed_ids),
            orphaned_ids=sum(1 for old in new_ids if old not in keyed_ids),
            first_rewritten_seq=rewritten.first_seq,
        )
        if report.rewrote:
            w.audit(
                ACTOR,
                "audit.rekeyed",
                **rows,
                audit_entries=rewritten.entries,
                matched_ids=report.matched_ids,
                orphaned_ids=report.orphaned_ids,
                first_rewritten_seq=rewritten.first_seq,
                previous_head_hash=rewritten.previous_head,
            )
            mark_compact_due(w.tx)
        w.tx.execute(
            "INSERT INTO state_info (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"key": DONE_KEY, "value": KEYED},
        )
    return report
