"""Erasure and retention for administrators: the Principal-checked doors over etl.erasure
that the admin pages and the `insights erase` / `insights retention` commands use.

    preview_erasure(SYSTEM, "email", "jane@example.com")     # what would go (counts)
    erase(SYSTEM, "email", "jane@example.com")                # tombstones, warehouse, audit
    retention_preview(SYSTEM, months=24)                       # who is due
    apply_retention(SYSTEM, months=24)

Every function requires Permission.ERASURE. An erasure stores the tombstones (keyed
HMACs of the person's identities) in the state before it changes the warehouse, so a load
that starts meanwhile already anonymises the person; the audit entry holds counts and
tombstone key prefixes, never the erased data. `tombstones(db)` is what every load passes
to the ETL.

The recruiters' workspace loses every row about the people anonymised (their places on
shortlists with stage and note, tag edits, pool-status history) and the saved searches
whose query names them (`search_mentions`; insights.workspace.forget_candidates).
It is cleared before the warehouse changes (so a failed run is repeated by running it
again: the warehouse still finds the person) and again after (for anything a recruiter
added meanwhile); then an embedded state file is compacted, so no freed block of it keeps
their bytes. The audit trail keeps its entries: they name people by keyed id only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.parse
from collections.abc import Callable, Iterable

from etl import erasure as core
from etl.identity import EMAIL_PATTERN, KINDS, IdentityError, normalise, tombstone_key
from etl.personal import ERASED_MARK
from insights import workspace
from insights.access import Permission, Principal
from insights.identity_migration import migrate_candidate_ids, migrate_quietly
from insights.state import State, audit, compact_if_due, mark_compact_due, open_state

__all__ = [
    "KINDS",
    "Due",
    "ErasureSummary",
    "IdentityError",
    "apply_retention",
    "cutoff_date",
    "erase",
    "preview_erasure",
    "retention_preview",
    "tombstone_source",
    "tombstones",
]

Due = core.Due
ErasureSummary = core.ErasureSummary
cutoff_date = core.cutoff_date
DEFAULT_MONTHS = 24


def _state(db: str | os.PathLike[str] | None, state: State | None) -> State:
    return state or open_state(db)


def preview_erasure(
    caller: Principal,
    kind: str,
    value: str,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """What erasing the person with this e-mail / phone / LinkedIn would change (counts,
    the workspace's rows included); IdentityError for a value that is not one."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    found = core.preview(db, [(kind, value)], s.secret)
    found.workspace_rows = workspace.rows_about(
        s,
        found.candidate_ids,
        search_mentions=search_mentions(found.tombstones, s.secret, (kind, value)),
    )
    return found


def erase(
    caller: Principal,
    kind: str,
    value: str,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """Erase the person everywhere in the warehouse and the workspace and keep their
    tombstones."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    migrate_candidate_ids(db, s)  # the workspace names people as the warehouse does
    found = core.preview(db, [(kind, value)], s.secret)
    _keep(s, found.tombstones)  # first: a load from now on anonymises them
    mentions = search_mentions(found.tombstones, s.secret, (kind, value))
    cleared = _forget(s, caller, "erasure", found.candidate_ids, mentions)
    try:
        summary = core.erase(db, [(kind, value)], s.secret)
    except Exception as exc:
        found.workspace_rows = cleared
        _audit(s, caller, "erasure.failed", found, error=type(exc).__name__)
        raise
    mentions = search_mentions(summary.tombstones, s.secret, (kind, value))
    summary.workspace_rows = _added(
        cleared, _forget(s, caller, "erasure", summary.candidate_ids, mentions)
    )
    _keep(s, summary.tombstones)
    summary.audit_entries_redacted = _redact(
        s, caller, "erasure", redactor(summary.tombstones, s.secret, (kind, value))
    )
    _audit(s, caller, "erasure", summary)
    _finish(db, s)
    return summary


def retention_preview(
    caller: Principal,
    months: int = DEFAULT_MONTHS,
    today: dt.date | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> list[Due]:
    """Identified candidates with no contact (interview or consent) for `months` months."""
    caller.require(Permission.ERASURE)
    due = core.retention_due(db, months, today)
    s = _state(db, state)
    audit.record(
        s.store,
        s.secret,
        actor=caller.name,
        role=caller.role.value,
        action="retention.preview",
        details={"months": months, "due": len(due)},
    )
    return due


def apply_retention(
    caller: Principal,
    months: int = DEFAULT_MONTHS,
    today: dt.date | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """Anonymise everyone due, in the warehouse and the workspace, and keep tombstones up
    to the cutoff date."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    migrate_candidate_ids(db, s)
    cutoff = core.cutoff_date(months, today)
    due = core.retention_due(db, months, today)
    cleared: dict[str, int] = {}
    if due:
        kept = _due_tombstones(db, due, s.secret, cutoff)
        _keep(s, kept)
        ids = [d.candidate_id for d in due]
        cleared = _forget(s, caller, "retention", ids, search_mentions(kept, s.secret))
    summary = core.apply_retention(db, s.secret, months, today)
    mentions = search_mentions(summary.tombstones, s.secret)
    summary.workspace_rows = _added(
        cleared, _forget(s, caller, "retention", summary.candidate_ids, mentions)
    )
    _keep(s, summary.tombstones)
    summary.audit_entries_redacted = _redact(
        s, caller, "retention", redactor(summary.tombstones, s.secret)
    )
    _audit(s, caller, "retention.apply", summary, months=months)
    _finish(db, s)
    return summary


def search_mentions(
    tombstones: Iterable[tuple[str, str, dt.date | None]],
    secret: bytes,
    given: tuple[str, str] | None = None,
) -> Callable[[str], bool]:
    """Whether a saved search's query (a URL query string) names someone an erasure or a
    retention run anonymises: an e-mail, phone, LinkedIn profile or name of two or more
    words in it whose tombstone key (etl.identity.tombstone_key) is among `tombstones`
    (every identity found on their rows, and their names), or the identity `given` to the
    erasure (kind, value), whose phone also matches in national form. No erased value is
    needed for the first: the keys are compared."""
    keys = {key for _kind, key, _until in tombstones}
    named = _names_identity(*given) if given else None

    def mentions(query: str) -> bool:
        if named is not None and named(query):
            return True
        return any(
            tombstone_key(kind, value, secret) in keys for kind, value in _identities_in(query)
        )

    return mentions


def redactor(
    tombstones: Iterable[tuple[str, str, dt.date | None]],
    secret: bytes,
    given: tuple[str, str] | None = None,
) -> Callable[[str], str]:
    """A function that replaces, in a text, every e-mail, phone, LinkedIn profile or name of
    two or more words whose tombstone key is among `tombstones` (or that is the identity
    `given`) by "[erased]"; a URL query string has each of its values redacted the same
    way. Like search_mentions, it compares keys: it needs no erased value."""
    keys = {key for _kind, key, _until in tombstones}
    wanted = {(given[0], normalise(*given))} if given else set()

    def erased(kind: str, value: str) -> bool:
        try:
            clean = normalise(kind, value)
        except IdentityError:
            return False
        return (kind, clean) in wanted or tombstone_key(kind, clean, secret) in keys

    def text(value: str) -> str:
        lower = value.lower()
        spans = [m.span() for m in EMAIL_PATTERN.finditer(lower) if erased("email", m.group(0))]
        spans += [m.span() for m in _PHONE_IN_TEXT.finditer(value) if erased("phone", m.group(0))]
        words = [m.span() for m in re.finditer(r"\S+", lower)]
        spans += [(a, b) for a, b in words if erased("linkedin", lower[a:b])]
        for n in _NAME_WORDS:
            for i in range(len(words) - n + 1):
                a, b = _trimmed(lower, words[i][0], words[i + n - 1][1])
                if erased("name", lower[a:b]):
                    spans.append((a, b))
        if not spans:
            return value
        out, end = [], 0
        for a, b in sorted(spans):
            if a >= end:
                out.append(value[end:a] + ERASED_MARK)
            elif b > end:
                pass  # overlaps the span just replaced: already covered up to `end`
            end = max(end, b)
        return "".join(out) + value[end:]

    def redact(value: str) -> str:
        if "=" in value and " " not in value:  # a URL query string (pool filters)
            pairs = urllib.parse.parse_qsl(value, keep_blank_values=True)
            if pairs:
                done = [(k, text(v)) for k, v in pairs]
                return urllib.parse.urlencode(done) if done != pairs else value
        return text(value)

    return redact


def _redact(state: State, caller: Principal, reason: str, redact: Callable[[str], str]) -> int:
    """What people typed about the person: the workspace's names and notes, then the audit
    trail (which by then holds the workspace's own redaction entry, counts only)."""
    workspace.redact_text(state, redact, actor=caller.name, role=caller.role.value, reason=reason)
    return redact_audit_trail(state, caller, reason, redact)


def redact_audit_trail(
    state: State, caller: Principal, reason: str, redact: Callable[[str], str]
) -> int:
    """Redact, in every audit entry, the text a user typed that names someone erased (a
    pool search, a saved search's query or name, tags, list names) and recompute the
    chain (audit.rewrite); the rewrite is recorded in an `audit.redacted` entry (how many
    entries, the first, the head hash before). Returns the number of entries changed."""

    def change(stored: str) -> str:
        try:
            data = json.loads(stored)
        except ValueError:  # a target: plain text
            return redact(stored)
        walked = _walk(data, redact)
        return stored if walked == data else json.dumps(walked, sort_keys=True, default=str)

    with state.store.transaction() as tx:
        done = audit.rewrite(tx, state.secret, change, like="%")
        if done.entries:
            audit.append(
                tx,
                state.secret,
                actor=caller.name,
                role=caller.role.value,
                action="audit.redacted",
                details={
                    "reason": reason,
                    "audit_entries": done.entries,
                    "first_rewritten_seq": done.first_seq,
                    "previous_head_hash": done.previous_head,
                },
            )
            mark_compact_due(tx)
    return done.entries


def _walk(data: object, redact: Callable[[str], str]) -> object:
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, list):
        return [_walk(v, redact) for v in data]
    if isinstance(data, dict):
        return {k: _walk(v, redact) for k, v in data.items()}
    return data


_LEADING = re.compile(r"[(\[\"'“‘]+")
_TRAILING = re.compile(r"(?:['’]s)?[)\].,;:!?\"'”’]*$")


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """The span of a name inside words as typed: without quotes or brackets before it,
    and without punctuation or a possessive 's after it ("(Jane Quinlan's," -> the name)."""
    lead = _LEADING.match(text, a, b)
    start = lead.end() if lead else a
    trail = _TRAILING.search(text[start:b])
    return start, start + (trail.start() if trail else b - start)


_PHONE_IN_TEXT = re.compile(r"(?:\+|\b00)\d[\d\s().\-/]{6,}\d")
_NAME_WORDS = range(2, 6)  # a name of one word would match too many searches


def _identities_in(query: str) -> set[tuple[str, str]]:
    """Every (kind, value) a query's values could hold as an identity or a name."""
    found: set[tuple[str, str]] = set()
    for _key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        text = value.lower()
        candidates = [("email", m.group(0)) for m in EMAIL_PATTERN.finditer(text)]
        candidates += [("phone", m.group(0)) for m in _PHONE_IN_TEXT.finditer(text)]
        words = text.split()
        candidates += [("linkedin", word) for word in words]
        candidates += [
            ("name", " ".join(words[i : i + n]))
            for n in _NAME_WORDS
            for i in range(len(words) - n + 1)
        ]
        for kind, candidate in candidates:
            try:
                found.add((kind, normalise(kind, candidate)))
            except IdentityError:
                continue
    return found


def _names_identity(kind: str, value: str) -> Callable[[str], bool]:
    """Whether a query names this identity: the e-mail, the LinkedIn profile's slug, or
    the phone's digits (however spaced, with the country code or a national 0), compared
    case-insensitively after URL-decoding."""
    wanted = normalise(kind, value)
    if kind == "phone":
        digits = wanted.removeprefix("+")

        def names_phone(query: str) -> bool:
            text = re.sub(r"[\s().\-/]", "", urllib.parse.unquote_plus(query))
            for run in re.findall(r"\d{7,}", text):
                national = run.lstrip("0")
                if run == digits or (len(national) >= 7 and digits.endswith(national)):
                    return True
            return False

        return names_phone
    # The whole address or slug: not the tail or the head of a longer one.
    pattern = re.compile(r"(?<![a-z0-9._%+-])" + re.escape(wanted) + r"(?![a-z0-9_%-]|\.[a-z0-9])")
    return lambda query: bool(pattern.search(urllib.parse.unquote_plus(query).lower()))


def _forget(
    state: State,
    caller: Principal,
    reason: str,
    candidate_ids: list[str],
    mentions: Callable[[str], bool] | None = None,
) -> dict[str, int]:
    return workspace.forget_candidates(
        state,
        candidate_ids,
        search_mentions=mentions,
        actor=caller.name,
        role=caller.role.value,
        reason=reason,
    )


def _added(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    return {k: first.get(k, 0) + second.get(k, 0) for k in workspace.FORGOTTEN}


def _finish(db: str | os.PathLike[str] | None, state: State) -> None:
    """After the warehouse changed: the workspace's remaining old ids follow it (the run
    may have migrated the warehouse), and the state is compacted when rows went."""
    migrate_quietly(db, state)
    compact_if_due(state.store)


def _due_tombstones(
    db: str | os.PathLike[str] | None, due: list[Due], secret: bytes, cutoff: dt.date
) -> list[tuple[str, str, dt.date | None]]:
    return core.due_tombstones(db, [d.candidate_id for d in due], secret, cutoff)


def _keep(state: State, tombstones: Iterable[tuple[str, str, dt.date | None]]) -> None:
    """Store tombstones; a key already kept keeps the wider cover (no date beats a date)."""
    rows = list(tombstones)
    if not rows:
        return
    at = audit.now()
    with state.store.transaction() as tx:
        for kind, key, until in rows:
            tx.execute(
                "INSERT INTO tombstones (key, kind, erased_at, covers_until) "
                "VALUES (:key, :kind, :at, :until) ON CONFLICT (key) DO UPDATE SET "
                "covers_until = CASE WHEN tombstones.covers_until IS NULL "
                "OR excluded.covers_until IS NULL THEN NULL "
                "ELSE greatest(tombstones.covers_until, excluded.covers_until) END",
                {"key": key, "kind": kind, "at": at, "until": until},
            )


def _audit(
    state: State,
    caller: Principal,
    action: str,
    summary: ErasureSummary,
    **extra: object,
) -> None:
    details = summary.to_dict()
    details.pop("published", None)
    audit.record(
        state.store,
        state.secret,
        actor=caller.name,
        role=caller.role.value,
        action=action,
        details={**details, **extra},
    )


def tombstones(
    db: str | os.PathLike[str] | None = None, state: State | None = None
) -> dict[str, dt.date | None]:
    """Every tombstone: key -> the last interview date it covers (None: every date)."""
    s = _state(db, state)
    with s.store.transaction() as tx:
        rows = tx.execute("SELECT key, covers_until FROM tombstones")
    return {str(key): until for key, until in rows}


def tombstone_source(
    db: str | os.PathLike[str] | None = None, state: State | None = None
) -> Callable[[], dict[str, dt.date | None]]:
    """For etl.load.run_load(tombstones=...): read under the warehouse's writer lock."""
    return lambda: tombstones(db, state)
