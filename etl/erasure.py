"""Erasure and retention: a person's personal data leaves the warehouse; their interviews
stay as anonymous responses, so every aggregate is unchanged.

    summary = erase(db, [("email", "jane@example.com")], secret)   # every copy, every table
    due = retention_due(db, months=24)                              # identified, no contact since
    summary = apply_retention(db, secret, months=24)

What a row keeps and loses is etl.personal's rule. Every row carrying one of the person's
identities (their e-mail, phone or LinkedIn, and every other identity those rows carry)
is anonymised: its interview keeps its responses under an id keyed from its former one
(etl.identity.erased_interview_id), its versions likewise, so a load of an old export
given the tombstones (`summary.tombstones`, HMACs of the identities) computes the same
ids and counts those rows as duplicates. Their load warnings keep field and reason, not
the value; rejected rows that carry them lose their raw record; referrals by others that
name them are emptied; their candidate record goes.

The new version is published `fresh` (etl.warehouse): rewritten into a new file, with
every read link of older versions removed, so no old version, write-ahead log or freed
block of a file the product keeps still holds the person's bytes.

Retention anonymises the same way the identified candidates whose last contact (latest
interview or consent date) is older than the cutoff, with tombstones that cover rows up
to the cutoff only (a later interview, with new consent, loads as usual), and drops the
raw records of rejected rows loaded before the cutoff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import duckdb

from etl import identity, personal, settings, warehouse
from etl.load import rebuild_candidates

KIND_COLUMNS = {"email": "email", "phone": "phone", "linkedin": "linkedin_url"}
_QUOTED = re.compile(r"'(?:[^']|'')*'")
MAX_ROUNDS = 20


@dataclass
class ErasureSummary:
    """What an erasure (or a retention run) changed, in counts, and the tombstones to keep
    (kind, key, until): never the erased values themselves."""

    candidates: int = 0
    interviews: int = 0
    versions: int = 0
    warnings: int = 0
    rejected_rows: int = 0
    referrals: int = 0
    tombstones: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    cutoff: dt.date | None = None
    expired_rejected_rows: int = 0
    published: bool = False
    # The erased candidate records' ids, for the caller to clear what its own stores key
    # by them (workspace shortlists, tags, notes); not in to_dict (nor the audit entry).
    candidate_ids: list[str] = field(default_factory=list)
    # Rows the caller deleted from its own stores (the workspace), per table: counts only.
    workspace_rows: dict[str, int] = field(default_factory=dict)
    # Audit entries whose typed text named the person, redacted (insights.erasure).
    audit_entries_redacted: int = 0

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.pop("candidate_ids")
        out["tombstones"] = [
            {"kind": k, "key_prefix": key[:8], "until": until.isoformat() if until else None}
            for k, key, until in self.tombstones
        ]
        out["cutoff"] = self.cutoff.isoformat() if self.cutoff else None
        return out


@dataclass(frozen=True)
class Due:
    """An identified candidate due for retention: no contact since `last_contact`."""

    candidate_id: str
    last_contact: dt.date
    interviews: int
    consent_date: dt.date | None
    consent_source: str | None


def identities_of(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(kind, value) pairs as the warehouse stores them; IdentityError for a bad one."""
    return sorted({(kind, identity.stored_value(kind, value)) for kind, value in pairs})


# ---------------------------------------------------------------- erasure


def preview(
    db: str | os.PathLike[str] | None,
    pairs: Sequence[tuple[str, str]],
    secret: bytes,
) -> ErasureSummary:
    """What `erase` would change (counts only); changes nothing."""
    wanted = identities_of(pairs)
    live = settings.db_path(db)
    if not live.exists():
        return _summary_of_tombstones(wanted, secret, None)
    con = warehouse.open_read_only(live)
    try:
        identity.install(con, secret)
        found = _closure(con, wanted)
        _mark(con, found, None)
        summary = _counts(con, found, secret, None)
    finally:
        con.close()
    return summary


def erase(
    db: str | os.PathLike[str] | None,
    pairs: Sequence[tuple[str, str]],
    secret: bytes,
) -> ErasureSummary:
    """Remove the person with these identities from every table of the warehouse and
    publish a fresh version. Returns the counts and the tombstones to keep (store them
    before calling, with `tombstones_for`, so a load that runs meanwhile cannot miss them;
    the ones returned also cover identities found on the person's rows)."""
    wanted = identities_of(pairs)
    live = settings.db_path(db)
    with warehouse.next_version(live, fresh=True, secret=secret) as con:
        found = _closure(con, wanted)
        summary = _anonymise(con, found, secret, None)
    summary.published = True
    return summary


def tombstones_for(
    pairs: Sequence[tuple[str, str]], secret: bytes, until: dt.date | None = None
) -> list[tuple[str, str, dt.date | None]]:
    """(kind, key, until) of each identity: what the state keeps for a load to use."""
    return [
        (kind, identity.tombstone_key(kind, value, secret), until)
        for kind, value in identities_of(pairs)
    ]


# ---------------------------------------------------------------- retention


def cutoff_date(months: int, today: dt.date | None = None) -> dt.date:
    """`today` minus `months` calendar months (the day clamped to the month's end)."""
    if months < 1:
        raise ValueError("retention needs at least 1 month")
    day = today or dt.date.today()
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


_DUE_SQL = """
SELECT candidate_id, greatest(last_interview_date, consent_date) AS last_contact,
       interview_count, consent_date, consent_source
FROM candidates
WHERE greatest(last_interview_date, consent_date) < ?
ORDER BY last_contact, candidate_id
"""


def retention_due(
    db: str | os.PathLike[str] | None, months: int = 24, today: dt.date | None = None
) -> list[Due]:
    """Identified candidates whose last contact (latest interview or consent date) is
    older than `months` months before `today`, oldest first."""
    live = settings.db_path(db)
    if not live.exists():
        return []
    con = warehouse.open_read_only(live)
    try:
        return _due(con, cutoff_date(months, today))
    finally:
        con.close()


def _due(con: duckdb.DuckDBPyConnection, cutoff: dt.date) -> list[Due]:
    return [
        Due(str(r[0]), r[1], int(r[2] or 0), r[3], r[4])
        for r in con.execute(_DUE_SQL, [cutoff]).fetchall()
    ]


def apply_retention(
    db: str | os.PathLike[str] | None,
    secret: bytes,
    months: int = 24,
    today: dt.date | None = None,
) -> ErasureSummary:
    """Anonymise every candidate due (see retention_due) and the raw records of rejected
    rows loaded before the cutoff; publish a fresh version. The tombstones returned cover
    interviews up to the cutoff."""
    cutoff = cutoff_date(months, today)
    live = settings.db_path(db)
    if not live.exists():
        return ErasureSummary(cutoff=cutoff)
    with warehouse.next_version(live, fresh=True, secret=secret) as con:
        due = [d.candidate_id for d in _due(con, cutoff)]
        found = _identities_of_candidates(con, due)
        summary = _anonymise(con, found, secret, cutoff)
        summary.expired_rejected_rows = _expire_rejected(con, cutoff)
    summary.cutoff = cutoff
    summary.published = True
    return summary


def due_tombstones(
    db: str | os.PathLike[str] | None,
    candidate_ids: list[str],
    secret: bytes,
    cutoff: dt.date,
) -> list[tuple[str, str, dt.date | None]]:
    """The tombstones a retention run of these candidates keeps (read-only), so they can
    be stored before the warehouse changes."""
    live = settings.db_path(db)
    if not live.exists() or not candidate_ids:
        return []
    con = warehouse.open_read_only(live)
    try:
        found = _identities_of_candidates(con, candidate_ids)
    finally:
        con.close()
    return [(kind, identity.tombstone_key(kind, value, secret), cutoff) for kind, value in found]


def _identities_of_candidates(
    con: duckdb.DuckDBPyConnection, candidate_ids: list[str]
) -> list[tuple[str, str]]:
    rows = con.execute(
        """SELECT DISTINCT email, phone, linkedin_url FROM interviews
           WHERE candidate_id IN (SELECT unnest(?::VARCHAR[]))""",
        [candidate_ids],
    ).fetchall()
    return _pairs(rows)


def _expire_rejected(con: duckdb.DuckDBPyConnection, cutoff: dt.date) -> int:
    ids = [
        int(r[0])
        for r in con.execute(
            """SELECT rowid FROM rejected_rows WHERE raw IS NOT NULL AND run_id IN (
                   SELECT run_id FROM load_runs WHERE CAST(started_at AS DATE) < ?)""",
            [cutoff],
        ).fetchall()
    ]
    _blank_rejected(con, ids)
    return len(ids)


# ---------------------------------------------------------------- the work


def _pairs(rows: Iterable[tuple[object, ...]]) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for email, phone, linkedin in rows:
        for kind, value in (("email", email), ("phone", phone), ("linkedin", linkedin)):
            if value:
                found.add((kind, str(value)))
    return sorted(found)


def _closure(
    con: duckdb.DuckDBPyConnection, wanted: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The identities given and every identity their rows carry, until none is added:
    a person who gave an e-mail and a phone is erased by either."""
    found = set(wanted)
    for _ in range(MAX_ROUNDS):
        rows = con.execute(
            """SELECT DISTINCT email, phone, linkedin_url FROM interviews
               WHERE email IN (SELECT unnest($email::VARCHAR[]))
                  OR phone IN (SELECT unnest($phone::VARCHAR[]))
                  OR linkedin_url IN (SELECT unnest($linkedin::VARCHAR[]))""",
            _by_kind(found),
        ).fetchall()
        more = set(_pairs(rows)) - found
        if not more:
            break
        found |= more
    return sorted(found)


def _by_kind(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {k: [] for k in KIND_COLUMNS}
    for kind, value in pairs:
        out[kind].append(value)
    return out


def _mark(
    con: duckdb.DuckDBPyConnection, found: list[tuple[str, str]], until: dt.date | None
) -> None:
    """Temp tables of what goes: `erase_rows` (the interviews, by the load's own rule: a
    row carrying one of the identities, dated up to `until`), `erase_candidates` (their
    candidate records) and `erase_names` (the names on those rows)."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE erase_rows AS
           SELECT interview_id, candidate_id, full_name FROM interviews
           WHERE (email IN (SELECT unnest($email::VARCHAR[]))
                  OR phone IN (SELECT unnest($phone::VARCHAR[]))
                  OR linkedin_url IN (SELECT unnest($linkedin::VARCHAR[])))
             AND (CAST($until AS DATE) IS NULL OR interview_date <= CAST($until AS DATE))""",
        {**_by_kind(found), "until": until},
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE erase_candidates AS
           SELECT DISTINCT candidate_id FROM erase_rows WHERE candidate_id IS NOT NULL"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE erase_names AS
           SELECT DISTINCT lower(trim(full_name)) AS name FROM erase_rows
           WHERE full_name IS NOT NULL AND length(trim(full_name)) >= 2"""
    )


def _counts(
    con: duckdb.DuckDBPyConnection,
    found: list[tuple[str, str]],
    secret: bytes,
    until: dt.date | None,
) -> ErasureSummary:
    def one(sql: str, params: object = None) -> int:
        rows = con.execute(sql, params or []).fetchall()  # type: ignore[arg-type]
        return int(rows[0][0]) if rows else 0

    summary = _summary_of_tombstones(found, secret, until)
    # Their names too: a referral by someone else that names them is not stored again.
    names = sorted(str(r[0]) for r in con.execute("SELECT name FROM erase_names").fetchall())
    summary.tombstones += [
        ("name", identity.tombstone_key("name", name, secret), until) for name in names
    ]
    summary.candidate_ids = sorted(
        str(r[0]) for r in con.execute("SELECT candidate_id FROM erase_candidates").fetchall()
    )
    summary.interviews = one("SELECT count(*) FROM erase_rows")
    summary.candidates = one(
        "SELECT count(*) FROM candidates WHERE candidate_id IN (SELECT candidate_id FROM erase_candidates)"
    )
    summary.versions = one(
        "SELECT count(*) FROM interview_versions WHERE interview_id IN (SELECT interview_id FROM erase_rows)"
    )
    summary.warnings = one(
        "SELECT count(*) FROM load_warnings WHERE interview_id IN (SELECT interview_id FROM erase_rows)"
    )
    summary.rejected_rows = len(_rejected_matches(con, found, secret))
    summary.referrals = one(
        f"SELECT count(*) FROM interviews WHERE {_REFERRING_ROWS}",
        {"email": _by_kind(found)["email"]},
    )
    return summary


def _summary_of_tombstones(
    found: list[tuple[str, str]], secret: bytes, until: dt.date | None
) -> ErasureSummary:
    return ErasureSummary(
        tombstones=[
            (kind, identity.tombstone_key(kind, value, secret), until) for kind, value in found
        ]
    )


# Referrals by others that name an erased person, by one of their e-mails or by a name
# on their rows (whoever else shares that name loses the referral text too: a name left
# behind would be the erased person's data).
_REFERRING_ROWS = """
    interviews.referred_by IS NOT NULL
    AND interviews.interview_id NOT IN (SELECT interview_id FROM erase_rows)
    AND (lower(trim(interviews.referred_by)) IN (SELECT unnest($email::VARCHAR[]))
         OR lower(trim(interviews.referred_by)) IN (SELECT name FROM erase_names))
"""
_REFERRING_CANDIDATES = """
    candidates.referred_by_candidate_id IN (SELECT candidate_id FROM erase_candidates)
    OR lower(trim(candidates.referred_by)) IN (SELECT unnest($email::VARCHAR[]))
    OR lower(trim(candidates.referred_by)) IN (SELECT name FROM erase_names)
"""


def _anonymise(
    con: duckdb.DuckDBPyConnection,
    found: list[tuple[str, str]],
    secret: bytes,
    until: dt.date | None,
) -> ErasureSummary:
    _mark(con, found, until)
    summary = _counts(con, found, secret, until)
    rejected = _rejected_matches(con, found, secret)
    params = _by_kind(found)
    emails = {"email": params["email"]}
    # Referrals by others first (they are found through the candidates about to go).
    con.execute(f"UPDATE interviews SET referred_by = NULL WHERE {_REFERRING_ROWS}", emails)
    con.execute(
        "UPDATE candidates SET referred_by = NULL, referred_by_candidate_id = NULL "
        f"WHERE {_REFERRING_CANDIDATES}",
        emails,
    )
    new_id = identity.erased_interview_id_sql("interview_id")
    new_hash = identity.erased_content_hash_sql("interview_id", "content_hash")
    con.execute(
        f"""UPDATE interview_versions SET interview_id = {new_id}, content_hash = {new_hash}
            WHERE interview_id IN (SELECT interview_id FROM erase_rows)"""
    )
    con.execute(
        f"""UPDATE load_warnings SET interview_id = {new_id}, value = NULL, source_row = NULL
            WHERE interview_id IN (SELECT interview_id FROM erase_rows)"""
    )
    emptied = ", ".join(f"{name} = NULL" for name in personal.ERASED_FIELDS)
    scrubbed = personal.scrub_sql("questions_text", "full_name", "email", "phone", "linkedin_url")
    con.execute(
        f"""UPDATE interviews SET interview_id = {new_id}, content_hash = {new_hash},
                   candidate_id = NULL, questions_text = {scrubbed}, {emptied}
            WHERE interview_id IN (SELECT interview_id FROM erase_rows)"""
    )
    # Their candidate records: gone, or rebuilt from what stays identified (a retention
    # run's tombstones end at the cutoff).
    con.execute(
        """CREATE OR REPLACE TEMP TABLE touched AS
           SELECT e.candidate_id, count(i.interview_id) AS n
           FROM erase_candidates e LEFT JOIN interviews i USING (candidate_id)
           GROUP BY e.candidate_id"""
    )
    rebuild_candidates(con)
    _blank_rejected(con, rejected)
    _keep_tombstones(con, summary.tombstones)
    left = con.execute(
        """SELECT count(*) FROM interviews
           WHERE (email IN (SELECT unnest($email::VARCHAR[]))
                  OR phone IN (SELECT unnest($phone::VARCHAR[]))
                  OR linkedin_url IN (SELECT unnest($linkedin::VARCHAR[])))
             AND (CAST($until AS DATE) IS NULL OR interview_date <= CAST($until AS DATE))""",
        {**params, "until": until},
    ).fetchall()
    if left and left[0][0]:
        raise RuntimeError("erasure left identified rows behind (please report)")
    for name in ("erase_rows", "erase_candidates", "erase_names", "touched"):
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")
    return summary


def _keep_tombstones(
    con: duckdb.DuckDBPyConnection, tombstones: list[tuple[str, str, dt.date | None]]
) -> None:
    """The warehouse keeps the tombstones too (erased_identities): a load that copies this
    version anonymises these identities whatever its caller passes (no load can slip in
    between an erasure and the tombstones it stored elsewhere)."""
    for kind, key, until in tombstones:
        con.execute(
            """INSERT INTO erased_identities VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET
               covers_until = CASE WHEN erased_identities.covers_until IS NULL
                                   OR excluded.covers_until IS NULL THEN NULL
                              ELSE greatest(erased_identities.covers_until, excluded.covers_until) END""",
            [key, kind, until],
        )


def _rejected_matches(
    con: duckdb.DuckDBPyConnection, found: list[tuple[str, str]], secret: bytes
) -> list[int]:
    """rowids of rejected rows that carry one of the identities: by the keys the load
    stored (the same normalisation as an interview's), or in any value of the raw
    record (an e-mail anywhere in it, a phone's digits, a LinkedIn slug, the person's
    name as a whole value)."""
    if not found:
        return []
    keys = {identity.tombstone_key(kind, value, secret) for kind, value in found}
    emails = [v for k, v in found if k == "email"]
    phones = [re.sub(r"\D", "", v) for k, v in found if k == "phone"]
    slugs = [v.removeprefix(identity.LINKEDIN_PREFIX) for k, v in found if k == "linkedin"]
    names = {
        str(r[0])
        for r in con.execute(
            "SELECT name FROM erase_names"
            if _has_temp(con, "erase_names")
            else "SELECT NULL WHERE false"
        ).fetchall()
    }
    matches: list[int] = []
    cursor = con.execute(
        "SELECT rowid, CAST(raw AS VARCHAR), identity_keys FROM rejected_rows WHERE raw IS NOT NULL"
    )
    while batch := cursor.fetchmany(10_000):
        for rowid, raw, stored_keys in batch:
            by_key = bool(stored_keys) and bool(keys.intersection(stored_keys))
            if by_key or _raw_names(raw, emails, phones, slugs, names):
                matches.append(int(rowid))
    return matches


def _has_temp(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT 1 FROM duckdb_tables() WHERE temporary AND table_name = ?", [name]
        ).fetchall()
    )


def _raw_names(
    raw: str, emails: list[str], phones: list[str], slugs: list[str], names: set[str]
) -> bool:
    try:
        record = json.loads(raw)
    except ValueError:
        record = {"": raw}
    values = record.values() if isinstance(record, dict) else [record]
    for value in values:
        text = ("" if value is None else str(value)).strip()
        if not text:
            continue
        lower = text.lower()
        if any(e in lower for e in emails) or any(s in lower for s in slugs):
            return True
        if lower in names:
            return True
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 7:
            national = digits.lstrip("0")
            if any(p == digits or (len(national) >= 7 and p.endswith(national)) for p in phones):
                return True
    return False


def _blank_rejected(con: duckdb.DuckDBPyConnection, rowids: list[int]) -> None:
    """Rejected rows lose their raw record, row number and identity keys; their reasons
    keep field and rule, not the values quoted in them. raw_hash stays (a digest of the
    whole record: it keeps the same record from being stored again by a reload)."""
    if not rowids:
        return
    con.execute(
        """UPDATE rejected_rows SET raw = NULL, source_row = NULL, identity_keys = NULL,
                  personal_keys = NULL,
                  reasons = list_transform(reasons, lambda r: regexp_replace(r, $quoted, '(erased)', 'g'))
           WHERE rowid IN (SELECT unnest($ids::BIGINT[]))""",
        {"ids": rowids, "quoted": _QUOTED.pattern},
    )
