"""One load run: read -> map -> normalize -> validate -> upsert -> publish.

Every row read ends as exactly one of inserted / updated / duplicate / rejected:
  rows_read == inserted + updated + duplicates + rejected
A row whose content equals any version of its interview seen before (stored by an
earlier run, or an earlier row of this run) is a duplicate; otherwise it is inserted
when the interview is new and updated when it is known. The last new version of the
run is stored, so re-loading an old export never reverts a newer edit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from etl import cities, identity, limits, lookups, mapping, normalize, personal, settings, warehouse
from etl.private import private_files
from etl.profiles import Profile, ProfileError, detect_profile, load_profile
from etl.readers import ReadError, SourceTable, read_source
from etl.secret import SecretError, installation_secret

Progress = Callable[[str, float], None]
# Erased identities: tombstone key (etl.identity.tombstone_key) -> the last interview date
# it covers (None: every date). A callable is asked under the warehouse's writer lock, so
# an erasure that stored its tombstones before it took the lock is never missed.
Tombstones = Mapping[str, dt.date | None]
TombstoneSource = Tombstones | Callable[[], Tombstones]


class LoadError(Exception):
    """The run failed and published nothing; str() is the one-line reason. `run_id` is the
    load_runs row that records the failure (None for a dry run or when it could not be kept)."""

    def __init__(self, message: str, run_id: int | None = None) -> None:
        super().__init__(message)
        self.run_id = run_id


@dataclass
class FileSummary:
    file: str
    format: str
    profile: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    warnings: int = 0


@dataclass
class LoadSummary:
    run_id: int | None
    status: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    warnings: int = 0
    files: list[FileSummary] = field(default_factory=list)
    message: str | None = None
    notes: list[str] = field(default_factory=list)
    rejected_sample: list[dict] = field(default_factory=list)
    warnings_by_field: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The `load --json` contract (DESIGN section 3), plus notes."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "files": [asdict(f) for f in self.files],
            "notes": self.notes,
        }


def run_load(
    paths: Sequence[str | os.PathLike[str]],
    *,
    profile: str | os.PathLike[str] | Profile | None = None,
    db: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    sheet: str | None = None,
    loaded_by: str | None = None,
    display_names: Sequence[str] | None = None,
    progress: Progress | None = None,
    sample_size: int = 20,
    tombstones: TombstoneSource | None = None,
    secret: bytes | None = None,
) -> LoadSummary:
    """Load export files into the warehouse (or, with dry_run, only count what would happen).

    `tombstones` (erased identities, see Tombstones) make a row of an erased person load as
    the anonymous response its erasure left: counted like any row, no personal field
    stored. `secret` keys the candidate ids (default: the installation's, etl.secret).

    Raises LoadError (nothing published) when a file or the profile is unusable or a limit
    (etl.limits: columns, memory, time) is reached; a failed load is recorded in load_runs.
    """
    if not paths:
        raise LoadError("no files given")
    started = dt.datetime.now()
    live = settings.db_path(db)
    names = list(display_names) if display_names else [Path(p).name for p in paths]
    try:
        try:
            key = secret if secret is not None else installation_secret(live)
            return _run(
                paths,
                names,
                profile,
                live,
                dry_run,
                sheet,
                loaded_by,
                progress,
                sample_size,
                _Keys(key, tombstones),
            )
        except (SecretError, warehouse.SecretMismatch) as exc:
            raise LoadError(str(exc)) from exc
        except LoadError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug must still end as a one-line failure
            first = (str(exc).strip().splitlines() or [""])[0]
            raise LoadError(f"internal error ({type(exc).__name__}): {first}") from exc
    except LoadError as exc:
        if not dry_run:
            exc.run_id = _record_failure(live, started, names, str(exc), loaded_by, secret)
        raise


@dataclass
class _Keys:
    """The secret and the erased identities of one run."""

    secret: bytes
    source: TombstoneSource | None

    def tombstones(self) -> dict[str, dt.date | None]:
        found = self.source() if callable(self.source) else self.source
        return dict(found or {})


def _run(
    paths: Sequence[str | os.PathLike[str]],
    names: list[str],
    profile: str | os.PathLike[str] | Profile | None,
    live: Path,
    dry_run: bool,
    sheet: str | None,
    loaded_by: str | None,
    progress: Progress | None,
    sample_size: int,
    keys: _Keys,
) -> LoadSummary:
    report = progress or (lambda _stage, _fraction: None)
    deadline = limits.Deadline(limits.timeout_seconds())
    try:
        chosen = (
            profile
            if isinstance(profile, Profile)
            else load_profile(None if profile is None else str(profile))
        )
        with _spill_folder() as spill:
            if dry_run:
                con = _dry_run_connection(live, keys.secret, spill)
                deadline.watch(con.interrupt)
                try:
                    return _process(
                        con,
                        paths,
                        names,
                        chosen,
                        sheet,
                        None,
                        report,
                        sample_size,
                        loaded_by,
                        deadline,
                        spill,
                        keys,
                    )
                finally:
                    deadline.stop()
                    con.close()
            with warehouse.next_version(live, secret=keys.secret) as con:
                deadline.watch(con.interrupt)
                try:
                    return _process(
                        con,
                        paths,
                        names,
                        chosen,
                        sheet,
                        _next_run_id(con),
                        report,
                        sample_size,
                        loaded_by,
                        deadline,
                        spill,
                        keys,
                    )
                finally:
                    deadline.stop()
    except (ReadError, ProfileError, limits.LimitExceeded) as exc:
        raise LoadError(str(exc)) from exc
    except (duckdb.OutOfMemoryException, MemoryError) as exc:
        raise LoadError(f"{', '.join(names)}: {limits.memory_message()}") from exc
    except duckdb.InterruptException as exc:
        raise LoadError(
            deadline.message() if deadline.expired else "the load was interrupted"
        ) from exc
    except duckdb.Error as exc:
        if deadline.expired:
            raise LoadError(deadline.message()) from exc
        raise LoadError(f"database error: {str(exc).strip().splitlines()[0]}") from exc
    except OSError as exc:
        raise LoadError(f"cannot read or write a file: {exc}") from exc


@contextlib.contextmanager
def _spill_folder() -> Iterator[Path]:
    """A private folder (0700) where DuckDB spills what does not fit its memory limit; its
    files are created owner-only too."""
    folder = Path(tempfile.mkdtemp(prefix="insights-spill-"))
    try:
        with private_files():
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def record_failure(
    db: str | os.PathLike[str] | None,
    names: Sequence[str],
    message: str,
    loaded_by: str | None = None,
    *,
    secret: bytes | None = None,
) -> int | None:
    """Keep a load that failed outside run_load (its process was stopped) in load_runs."""
    return _record_failure(
        settings.db_path(db), dt.datetime.now(), list(names), message, loaded_by, secret
    )


def _record_failure(
    live: Path,
    started: dt.datetime,
    names: list[str],
    message: str,
    loaded_by: str | None,
    secret: bytes | None = None,
) -> int | None:
    """Keep a failed run in load_runs (status 'failed', the reason): a version of the
    warehouse that differs from the last only by that row. None when it cannot be kept."""
    try:
        with warehouse.next_version(live, secret=secret) as con:
            run_id = _next_run_id(con)
            files = [{"file": n, "rows_read": 0} for n in names]
            con.execute(
                """INSERT INTO load_runs VALUES (?, ?, ?, 'failed', ?, NULL, ?, 0, 0, 0, 0, 0, 0, ?)""",
                [
                    run_id,
                    started,
                    dt.datetime.now(),
                    loaded_by or _whoami(),
                    json.dumps(files, ensure_ascii=False),
                    message,
                ],
            )
            return run_id
    except Exception:  # noqa: BLE001 - the failure itself is what the caller reports
        return None


def _dry_run_connection(live: Path, secret: bytes, spill: Path) -> duckdb.DuckDBPyConnection:
    """The published version, read-only; one of an older schema is compared through a
    migrated private copy (its ids are re-keyed), never changed."""
    if live.exists():
        con = warehouse.open_read_only(live)
        if warehouse.schema_version(con) >= warehouse.SCHEMA_VERSION:
            warehouse.check_secret(con, secret)
            identity.install(con, secret)
            return con
        con.close()
        copy = spill / "dry-run.duckdb"
        shutil.copyfile(live, copy)
        con = duckdb.connect(str(copy))
    else:
        con = duckdb.connect()
    warehouse.apply_schema(con, secret)
    identity.install(con, secret)
    return con


def _next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    row = _first(con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM load_runs").fetchall())
    return int(row[0]) if row else 1


def _process(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str | os.PathLike[str]],
    names: list[str],
    profile: Profile,
    sheet: str | None,
    run_id: int | None,
    report: Progress,
    sample_size: int,
    loaded_by: str | None,
    deadline: limits.Deadline,
    spill: Path,
    keys: _Keys,
) -> LoadSummary:
    started = dt.datetime.now()
    con.execute(f"SET memory_limit = '{limits.memory_limit()}'")
    con.execute("SET temp_directory = " + "'" + str(spill).replace("'", "''") + "'")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    lookups.install_macros(con)
    lookups.install_vocabularies(con)
    cities.install(con)
    sources: list[SourceTable] = []
    mapped_files: list[mapping.MappedFile] = []
    for index, (path, name) in enumerate(zip(paths, names, strict=True)):
        report(f"reading {name}", 0.05 + 0.3 * index / len(paths))
        source = read_source(
            con, path, f"raw_{index}", sheet=sheet, display_name=name, deadline=deadline
        )
        used = profile if not profile.is_default else detect_profile(source.headers)
        mapped_files.append(mapping.map_file(source, used))
        sources.append(source)
    profiles_used = [m.profile.name for m in mapped_files]
    if run_id is not None:
        # One transaction for the writes: one commit instead of a WAL flush (and possibly an
        # automatic checkpoint) after each writing statement. It starts after the reads:
        # inside a transaction a new table's rowids are not yet the row numbers.
        con.execute("BEGIN TRANSACTION")
        cities.refresh_stored(con)
    # Row numbers came from the readers' insertion order; from here on __seq carries order.
    con.execute("SET preserve_insertion_order = false")
    absent = mapping.create_staged(con, mapped_files)
    report("normalising", 0.4)
    options = normalize.prepare(con, profile.date_format, profile.defaults, absent)
    # Into an empty warehouse the normalised rows are written once, as `interviews` itself.
    bulk = run_id is not None and not _first(
        con.execute("SELECT 1 FROM interviews LIMIT 1").fetchall()
    )
    files = [s.display_name for s in sources]
    erased = _install_tombstones(con, keys.tombstones())
    normalize.build_normalized(
        con, options, normalize.Destination(run_id, files, bulk, tombstones=erased)
    )
    report("matching with the warehouse", 0.7)
    _classify(con)
    personal_keys = [_personal_headers(m) for m in mapped_files]
    summary = _summarise(con, sources, profiles_used, run_id, sample_size, personal_keys)
    summary.notes = list(options.notes)
    if erased:
        _note_erased(con, summary, dry=run_id is None)
    if run_id is None:
        summary.status = "dry_run"
        return summary
    report("writing", 0.8)
    repeats = _write(con, run_id, sources, bulk, personal_keys)
    if repeats:
        summary.notes.append(
            f"{repeats:,} rejected row(s) repeat rows already kept by an earlier load or row: "
            "counted, not stored again"
        )
    _record_run(con, run_id, started, summary, profiles_used, loaded_by)
    con.execute("COMMIT")
    report("publishing", 0.95)
    return summary


def _install_tombstones(
    con: duckdb.DuckDBPyConnection, tombstones: dict[str, dt.date | None]
) -> bool:
    """The temp table tombstones(key, until) normalize joins: those given and those the
    warehouse keeps (erased_identities; the wider cover wins). False when there is none."""
    keys = list(tombstones)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE tombstones AS
           SELECT key, CASE WHEN bool_or(until IS NULL) THEN NULL ELSE max(until) END AS until
           FROM (SELECT unnest($keys::VARCHAR[]) AS key, unnest($until::DATE[]) AS until
                 UNION ALL SELECT key, covers_until FROM main.erased_identities)
           GROUP BY key""",
        {"keys": keys, "until": [tombstones[k] for k in keys]},
    )
    row = _first(con.execute("SELECT count(*) FROM tombstones").fetchall())
    return bool(row and row[0])


def _note_erased(con: duckdb.DuckDBPyConnection, summary: LoadSummary, *, dry: bool) -> None:
    row = _first(con.execute("SELECT count(*) FROM normalized_ids WHERE __erased").fetchall())
    count = int(row[0]) if row else 0
    if count:
        summary.notes.append(
            f"{count:,} row(s) of erased or retention-anonymised people {'would be' if dry else 'were'} counted as "
            "anonymous responses (rejected ones are not kept): no personal field of theirs "
            "is stored"
        )


def _personal_headers(mapped: mapping.MappedFile) -> list[str]:
    """The source headers a file maps to personal fields (masked in its rejected rows)."""
    headers = mapped.source.headers
    return sorted(
        {
            headers[i]
            for name in personal.PERSONAL_FIELDS
            for i in mapped.mapping.get(name, [])
            if i < len(headers)
        }
    )


def _classify(con: duckdb.DuckDBPyConnection) -> None:
    """One narrow row per source row: its interview and what happens to it."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE classified AS
        WITH n AS (
            SELECT __seq, __file, __row, interview_id, content_hash, len(reasons) > 0 AS rejected,
                   __erased
            FROM normalized_ids
        ), version_first AS (
            SELECT interview_id, content_hash, min(__seq) AS first_seq FROM n WHERE NOT rejected GROUP BY ALL
        ), interview_first AS (
            SELECT interview_id, min(__seq) AS first_seq FROM n WHERE NOT rejected GROUP BY ALL
        ), ok AS (
            SELECT n.__seq, n.__file, n.__row, n.interview_id, n.content_hash, n.__erased,
                   i.first_run_id AS stored_first_run,
                   v.interview_id IS NOT NULL AS seen_before,
                   n.__seq > vf.first_seq AS repeated_in_run,
                   i.interview_id IS NOT NULL OR n.__seq > f.first_seq AS id_known
            FROM n
            JOIN version_first vf USING (interview_id, content_hash)
            JOIN interview_first f USING (interview_id)
            LEFT JOIN interviews i USING (interview_id)
            LEFT JOIN (SELECT DISTINCT interview_id, content_hash FROM interview_versions) v
                ON v.interview_id = n.interview_id AND v.content_hash = n.content_hash
            WHERE NOT n.rejected
        )
        SELECT __seq, __file, __row, interview_id, content_hash, stored_first_run,
               CASE WHEN seen_before OR repeated_in_run THEN 'duplicate'
                    WHEN NOT id_known THEN 'inserted'
                    ELSE 'updated' END AS status,
               __erased AS erased
        FROM ok
        UNION ALL
        SELECT __seq, __file, __row, interview_id, content_hash, NULL, 'rejected', __erased
        FROM n WHERE rejected"""
    )


def _summarise(
    con: duckdb.DuckDBPyConnection,
    sources: list[SourceTable],
    profiles_used: list[str],
    run_id: int | None,
    sample_size: int,
    personal_keys: list[list[str]],
) -> LoadSummary:
    counts = {
        (row[0], row[1]): (int(row[2]), int(row[3]))
        for row in con.execute(
            """SELECT c.__file, c.status, count(*), coalesce(sum(w.n), 0)
               FROM classified c
               LEFT JOIN (SELECT __seq, count(*) AS n FROM warnings GROUP BY __seq) w
                   ON w.__seq = c.__seq AND c.status IN ('inserted', 'updated')
               GROUP BY ALL"""
        ).fetchall()
    }
    summary = LoadSummary(run_id=run_id, status="published")
    for index, source in enumerate(sources):
        f = FileSummary(source.display_name, source.format.value, profiles_used[index])
        f.inserted = counts.get((index, "inserted"), (0, 0))[0]
        f.updated = counts.get((index, "updated"), (0, 0))[0]
        f.duplicates = counts.get((index, "duplicate"), (0, 0))[0]
        f.rejected = counts.get((index, "rejected"), (0, 0))[0] + source.unreadable_count
        f.warnings = sum(v[1] for (i, _s), v in counts.items() if i == index)
        f.rows_read = source.rows + source.unreadable_count
        if f.rows_read != f.inserted + f.updated + f.duplicates + f.rejected:
            raise LoadError(f"{source.display_name}: internal accounting error (please report)")
        summary.files.append(f)
    for attr in ("rows_read", "inserted", "updated", "duplicates", "rejected", "warnings"):
        setattr(summary, attr, sum(getattr(f, attr) for f in summary.files))
    summary.warnings_by_field = {
        str(r[0]): int(r[1])
        for r in con.execute(
            """SELECT w.field, count(*) FROM warnings w JOIN classified c USING (__seq)
               WHERE c.status IN ('inserted', 'updated') GROUP BY ALL ORDER BY 2 DESC"""
        ).fetchall()
    }
    sample: list[dict] = []
    for source in sources:
        if len(sample) >= sample_size or not source.unreadable_count:
            continue
        for row, raw, reason in con.execute(
            f'SELECT __row, raw, reason FROM "{source.unreadable_table}" ORDER BY __row LIMIT ?',
            [sample_size - len(sample)],
        ).fetchall():
            sample.append(
                {
                    "file": source.display_name,
                    "row": row,
                    "reasons": [reason],
                    "raw": _clipped(json.loads(raw) if raw else {}),
                    "personal_keys": [],
                }
            )
    remaining = sample_size - len(sample)
    if remaining > 0:
        for file_index, row, reasons, erased in con.execute(
            f"""SELECT n.__file, n.__row, {ALL_REASONS}, n.__erased FROM normalized_ids n
                WHERE len(n.reasons) > 0 ORDER BY n.__seq LIMIT ?""",
            [remaining],
        ).fetchall():
            source = sources[file_index]
            sample.append(
                {
                    "file": source.display_name,
                    "row": None if erased else row,
                    "reasons": [ERASED_REASON] if erased else list(reasons),
                    "raw": {} if erased else _clipped(_raw_record(con, source, row)),
                    "personal_keys": personal_keys[file_index],
                }
            )
    summary.rejected_sample = sample
    return summary


ERASED_REASON = "a row of an erased person: counted, not stored or shown"
SAMPLE_VALUE_CHARS = 1_000  # the summary's sample is for reading; rejected_rows keeps it whole


def _clipped(raw: object) -> object:
    """A sampled raw record with each long value cut (a 2 MB note in each of 20 rejected
    rows would otherwise travel to the page and stay in its session)."""
    if isinstance(raw, dict):
        return {k: _clipped(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_clipped(v) for v in raw]
    if isinstance(raw, str) and len(raw) > SAMPLE_VALUE_CHARS:
        return f"{raw[:SAMPLE_VALUE_CHARS]}… ({len(raw):,} characters)"
    return raw


# Every reason of a rejected row (`n` in normalized_ids): the rules it broke, then each warning.
ALL_REASONS = (
    "list_concat(n.reasons, coalesce((SELECT list(w.field || ': ' || coalesce('''' || w.value || ''' ', '') "
    "|| w.reason ORDER BY w.field) FROM warnings w WHERE w.__seq = n.__seq), []))"
)


def _raw_record(con: duckdb.DuckDBPyConnection, source: SourceTable, row: int) -> dict:
    sql, params = mapping.raw_record_sql(source)
    found = _first(
        con.execute(f"SELECT raw FROM ({sql}) WHERE __row = ?", [*params, row]).fetchall()
    )
    return json.loads(found[0]) if found and found[0] else {}


def _write(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    sources: list[SourceTable],
    bulk: bool,
    personal_keys: list[list[str]],
) -> int:
    con.execute(
        """CREATE OR REPLACE TEMP TABLE final AS
        SELECT max(__seq) AS __seq, interview_id, any_value(stored_first_run) AS stored_first_run
        FROM classified WHERE status IN ('inserted', 'updated') GROUP BY interview_id"""
    )
    con.execute(
        """INSERT INTO interview_versions
           SELECT interview_id, content_hash, ? FROM classified WHERE status IN ('inserted', 'updated')""",
        [run_id],
    )
    files = [s.display_name for s in sources]
    # A warning on a row of an erased person keeps its field and reason, not the value.
    con.execute(
        """INSERT INTO load_warnings
           SELECT ?, (?::VARCHAR[])[c.__file + 1], CASE WHEN c.erased THEN NULL ELSE c.__row END,
                  c.interview_id, w.field, CASE WHEN c.erased THEN NULL ELSE w.value END, w.reason
           FROM warnings w JOIN classified c USING (__seq) WHERE c.status IN ('inserted', 'updated')""",
        [run_id, files],
    )
    repeats = _write_rejects(con, run_id, sources, personal_keys)
    # The sources (often the largest tables of the run) are not read again: freeing their
    # memory before the big writes keeps those from spilling. A drop frees memory only
    # once committed (the staging copy, not the transaction, makes the run atomic).
    con.execute("COMMIT")
    _drop_temp_objects(con, keep={"normalized_ids", "final"})
    con.execute("BEGIN TRANSACTION")
    # Each candidate this run writes, with how many interviews they will have.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE touched AS
           WITH written AS (
               SELECT n.candidate_id, n.interview_id FROM normalized_ids n JOIN final f USING (__seq)
               WHERE n.candidate_id IS NOT NULL
           )
           SELECT candidate_id, count(*) AS n FROM (
               SELECT candidate_id FROM written
               UNION ALL
               SELECT i.candidate_id FROM interviews i
               WHERE i.candidate_id IN (SELECT candidate_id FROM written)
                 AND i.interview_id NOT IN (SELECT interview_id FROM final)
           ) GROUP BY candidate_id"""
    )
    if bulk:
        _become_interviews(con)
    else:
        internal = ", ".join(normalize.INTERNAL_COLUMNS)
        con.execute("DELETE FROM interviews WHERE interview_id IN (SELECT interview_id FROM final)")
        con.execute(
            f"""INSERT INTO interviews BY NAME
                SELECT n.* EXCLUDE ({internal})
                       REPLACE (coalesce(f.stored_first_run, n.first_run_id) AS first_run_id)
                FROM normalized_ids n JOIN final f USING (__seq)"""
        )
    rebuild_candidates(con)
    return repeats


def _write_rejects(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    sources: list[SourceTable],
    personal_keys: list[list[str]],
) -> int:
    """Rejected rows with every reason, the headers of their personal fields (masked for
    readers without the raw permission) and their identities' tombstone keys (so an
    erasure finds them). A row whose raw record is already kept (from an earlier run, or
    earlier in this run) is counted but not stored again, so re-loading a file does not
    multiply copies of personal data; a row of an erased person is never stored. Returns
    how many were not stored."""
    parts: list[str] = []
    params: list[object] = []
    keys = ", ".join(
        f"CASE WHEN {value} IS NOT NULL AND {value} <> '' THEN {identity.tombstone_sql(kind, value)} END"
        for kind, value in (
            ("email", "n.email"),
            ("phone", "n.phone"),
            ("linkedin", identity.slug_sql("n.linkedin_url")),
        )
    )
    for index, source in enumerate(sources):
        sql, raw_params = mapping.raw_record_sql(source)
        parts.append(
            f"""SELECT {index} AS file_index, n.__row AS row, r.raw, {ALL_REASONS} AS reasons,
                       list_filter([{keys}], lambda k: k IS NOT NULL) AS identity_keys
                FROM normalized_ids n JOIN ({sql}) r ON r.__row = n.__row
                WHERE len(n.reasons) > 0 AND n.__file = {index} AND NOT n.__erased"""
        )
        params += raw_params
        if source.unreadable_count:
            table = source.unreadable_table
            parts.append(
                f'SELECT {index}, __row, CAST(raw AS JSON), [reason], []::VARCHAR[] FROM "{table}"'
            )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE rejects_out AS
            SELECT *, md5(CAST(raw AS VARCHAR)) AS raw_hash FROM ({" UNION ALL ".join(parts)})""",
        params,
    )
    before = con.execute("SELECT count(*) FROM rejected_rows").fetchall()[0][0]
    con.execute(
        """INSERT INTO rejected_rows
               (run_id, source_file, source_row, raw, reasons, raw_hash, personal_keys, identity_keys)
           SELECT ?, (?::VARCHAR[])[file_index + 1], row, raw, reasons, raw_hash,
                  (?::VARCHAR[][])[file_index + 1], identity_keys FROM (
               SELECT *, row_number() OVER (PARTITION BY raw_hash ORDER BY file_index, row) AS k
               FROM rejects_out
           ) WHERE k = 1 AND raw_hash NOT IN (
               SELECT raw_hash FROM rejected_rows WHERE raw_hash IS NOT NULL
           )""",
        [run_id, [s.display_name for s in sources], personal_keys],
    )
    after = con.execute("SELECT count(*) FROM rejected_rows").fetchall()[0][0]
    total = con.execute("SELECT count(*) FROM rejects_out").fetchall()[0][0]
    return int(total) - (int(after) - int(before))


def _become_interviews(con: duckdb.DuckDBPyConnection) -> None:
    """Bulk load: the warehouse's normalized_ids keeps only the rows to store, drops its
    internal columns and replaces the (empty) interviews table, constraints included."""
    required = [name for name, _, nullable in normalize.interview_columns(con) if not nullable]
    con.execute("DELETE FROM normalized_ids WHERE __seq NOT IN (SELECT __seq FROM final)")
    for name in normalize.INTERNAL_COLUMNS:
        con.execute(f'ALTER TABLE main.normalized_ids DROP COLUMN "{name}"')
    con.execute("DROP TABLE interviews")
    con.execute("ALTER TABLE main.normalized_ids RENAME TO interviews")
    for name in required:
        con.execute(f'ALTER TABLE interviews ALTER COLUMN "{name}" SET NOT NULL')


def _drop_temp_objects(con: duckdb.DuckDBPyConnection, keep: set[str]) -> None:
    for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal"
    ).fetchall():
        con.execute(f'DROP VIEW IF EXISTS temp."{name}"')
    for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall():
        if name not in keep:
            con.execute(f'DROP TABLE IF EXISTS temp."{name}"')


CANDIDATE_FIELDS = [
    "full_name",
    "email",
    "phone",
    "linkedin_url",
    "city",
    "region",
    "country",
    "current_title",
    "current_employer",
    "years_experience",
    "career_stage",
    "skills",
    "available_from",
    "consent_to_contact",
    "consent_date",
    "referred_by",
    "role_family",
    "seniority",
    "role_title",
    "work_arrangement",
    "relocation",
    "comp_min_annual",
    "comp_max_annual",
    "comp_mid_annual",
    "fit_score",
    "interest_level",
    "credentials",
    "pool_status",
    "tags",
    "notes",
]


def rebuild_candidates(con: duckdb.DuckDBPyConnection) -> None:
    """Refresh the candidates in the temp table touched(candidate_id, n = their interviews now):
    each field's latest known value (newest interview that has it); one with none left goes. Most candidates have one interview and are copied; the rest are aggregated."""
    con.execute("DELETE FROM candidates WHERE candidate_id IN (SELECT candidate_id FROM touched)")
    single = ", ".join(f"i.{c}" for c in CANDIDATE_FIELDS)
    # Pay is one statement: min, max and mid come from the same (latest) interview that stated it.
    pay = ("comp_min_annual", "comp_max_annual", "comp_mid_annual")
    latest = (
        ", ".join(
            f"arg_max({c}, ord) FILTER (WHERE {c} IS NOT NULL) AS {c}"
            for c in CANDIDATE_FIELDS
            if c not in pay
        )
        + ", "
        + ", ".join(
            f"arg_max({c}, ord) FILTER (WHERE comp_mid_annual IS NOT NULL) AS {c}" for c in pay
        )
    )
    # Referrers are resolved as the rows are written (an UPDATE would rewrite them); `people`
    # is everyone a referral can name: the refreshed candidates and the untouched ones.
    # Consent is kept with its source: the file and load run of the interview whose answer
    # is the latest (a retention run counts its date as a contact).
    consented = "consent_to_contact IS NOT NULL OR consent_date IS NOT NULL"
    con.execute(
        f"""INSERT INTO candidates BY NAME
            WITH fresh AS MATERIALIZED (
                SELECT i.candidate_id, {single}, i.interview_date AS first_interview_date,
                       i.interview_date AS last_interview_date, 1 AS interview_count,
                       CASE WHEN {consented} THEN i.source_file END AS consent_source,
                       CASE WHEN {consented} THEN i.last_run_id END AS consent_run_id
                FROM interviews i JOIN touched t USING (candidate_id) WHERE t.n = 1
                UNION ALL BY NAME
                SELECT candidate_id, {latest}, min(interview_date) AS first_interview_date,
                       max(interview_date) AS last_interview_date, CAST(count(*) AS INTEGER) AS interview_count,
                       arg_max(source_file, ord) FILTER (WHERE {consented}) AS consent_source,
                       arg_max(last_run_id, ord) FILTER (WHERE {consented}) AS consent_run_id
                FROM (SELECT i.*, row_number() OVER (PARTITION BY i.candidate_id
                                                     ORDER BY i.interview_date, i.last_run_id, i.source_row,
                                                              i.interview_id) AS ord
                      FROM interviews i JOIN touched t USING (candidate_id) WHERE t.n > 1)
                GROUP BY candidate_id
            ), people AS (
                SELECT candidate_id, email, full_name FROM fresh
                UNION ALL
                SELECT candidate_id, email, full_name FROM candidates
            )
            SELECT f.*, {_REFERRER} AS referred_by_candidate_id
            FROM fresh f {_REFERRER_JOINS.format(people="people", x="f")}"""
    )
    # An untouched candidate's referrer can change with this run (the person they named arrived,
    # or a name stopped being unique): only those rows are updated.
    untouched_referrals = con.execute(
        """SELECT count(*) FROM candidates
           WHERE referred_by IS NOT NULL AND candidate_id NOT IN (SELECT candidate_id FROM touched)"""
    ).fetchall()
    if untouched_referrals and untouched_referrals[0][0]:
        con.execute(
            f"""UPDATE candidates c SET referred_by_candidate_id = r.referrer FROM (
                   SELECT x.candidate_id, {_REFERRER} AS referrer
                   FROM candidates x {_REFERRER_JOINS.format(people="candidates", x="x")}
                   WHERE x.referred_by IS NOT NULL AND x.candidate_id NOT IN (SELECT candidate_id FROM touched)
               ) r
               WHERE r.candidate_id = c.candidate_id
                 AND c.referred_by_candidate_id IS DISTINCT FROM r.referrer"""
        )


# A referral names the referrer by e-mail or by a name only one candidate has.
_REFERRER = "coalesce(by_email.candidate_id, by_name.candidate_id)"
_REFERRER_JOINS = """
    LEFT JOIN (SELECT email, min(candidate_id) AS candidate_id FROM {people}
               WHERE email IS NOT NULL GROUP BY email) by_email
        ON {x}.referred_by IS NOT NULL AND by_email.email = lower(trim({x}.referred_by))
           AND by_email.candidate_id <> {x}.candidate_id
    LEFT JOIN (SELECT lower(full_name) AS name_key, min(candidate_id) AS candidate_id FROM {people}
               WHERE full_name IS NOT NULL GROUP BY 1 HAVING count(*) = 1) by_name
        ON {x}.referred_by IS NOT NULL AND by_name.name_key = lower(trim({x}.referred_by))
           AND by_name.candidate_id <> {x}.candidate_id"""


def _record_run(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    started: dt.datetime,
    summary: LoadSummary,
    profiles_used: list[str],
    loaded_by: str | None,
) -> None:
    who = loaded_by or _whoami()
    con.execute(
        "INSERT INTO load_runs VALUES (?, ?, ?, 'published', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            started,
            dt.datetime.now(),
            who,
            ", ".join(dict.fromkeys(profiles_used)),
            json.dumps([asdict(f) for f in summary.files]),
            summary.rows_read,
            summary.inserted,
            summary.updated,
            summary.duplicates,
            summary.rejected,
            summary.warnings,
            "; ".join(summary.notes) or None,
        ],
    )


def _first(rows: list) -> tuple | None:
    return rows[0] if rows else None


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
