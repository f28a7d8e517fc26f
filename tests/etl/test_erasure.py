"""Erasure and retention in the warehouse: every table, every byte of every file, and the
reload of an old export with the tombstones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl import erasure, warehouse
from etl.load import run_load
from etl.secret import installation_secret
from tests.etl.helpers import balanced, query, write_csv

BASE = {"Role": "Data Analyst", "Interviewer": "Ann", "Country": "DE", "Expected salary": "60k EUR"}
JANE = {
    "Name": "Jane Quinlan-Oyelaran",
    "E-mail": "Jane.Quinlan@Example.com",
    "Phone": "+49 151 23456789",
    "LinkedIn": "linkedin.com/in/jane-quinlan-oy",
    "Current employer": "Quinlan Widgets GmbH",
}
# What must not survive anywhere, as bytes: name, e-mail, phone (as stored and as written),
# LinkedIn, employer, a value of an unmapped column and a note about her.
NEEDLES = (
    b"Quinlan-Oyelaran",
    b"quinlan-oyelaran",
    b"jane.quinlan@example.com",
    b"Jane.Quinlan@Example.com",
    b"+4915123456789",
    b"+49 151 23456789",
    b"jane-quinlan-oy",
    b"Quinlan Widgets",
    b"JQ-private-extra",
    b"talked about her divorce",
)


def _export() -> list[dict[str, object]]:
    return [
        {
            **BASE,
            **JANE,
            "Date of interview": "2024-03-01",
            "Questions": "Hi, Jane Quinlan-Oyelaran here: is remote work possible?",
            "Notes": "talked about her divorce",
            "Fit score": "9",  # a warning whose value is hers
            "Ticket": "JQ-private-extra",  # unmapped: kept in extra
        },
        {  # a second interview by phone only: the same person
            **BASE,
            "Date of interview": "2024-05-02",
            "Role": "BI Analyst",
            "Name": "Jane Quinlan-Oyelaran",
            "Phone": "0049 151 23456789",
        },
        {  # rejected (no date), with her e-mail in it
            **BASE,
            "Date of interview": "",
            "Name": "Jane Quinlan-Oyelaran",
            "E-mail": "jane.quinlan@example.com",
            "Ticket": "JQ-private-extra",
        },
        {
            **BASE,
            "Date of interview": "2024-03-03",
            "Name": "Bob Stone",
            "E-mail": "bob@example.com",
            "Referred by": "jane.quinlan@example.com",
        },
        {
            **BASE,
            "Date of interview": "2024-03-04",
            "Interviewer": "Ben",
            "Name": "Cy Moss",
            "E-mail": "cy@example.com",
            "Referred by": "Jane Quinlan-Oyelaran",
        },
        *[
            {
                **BASE,
                "Date of interview": f"2024-04-{d:02d}",
                "Name": f"Person {d}",
                "E-mail": f"p{d}@example.com",
            }
            for d in range(1, 21)
        ],
        {**BASE, "Date of interview": "2024-06-01", "Interviewer": "Zed"},
    ]


def _found(folder: Path) -> list[tuple[str, bytes]]:
    return [
        (path.name, needle)
        for path in sorted(folder.iterdir())
        if path.is_file()
        for needle in NEEDLES
        if needle in path.read_bytes()
    ]


def _table_text(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return "\n".join(str(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)
    finally:
        con.close()


@pytest.fixture()
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    exports, folder = tmp_path / "exports", tmp_path / "warehouse"
    exports.mkdir()
    folder.mkdir()
    source = write_csv(exports / "export.csv", _export())
    db = folder / "warehouse.duckdb"
    first = run_load([source], db=db)
    assert (first.inserted, first.rejected) == (25, 1)
    return source, db


def test_an_erasure_leaves_no_byte_of_the_person_and_a_reload_changes_nothing(
    loaded: tuple[Path, Path],
) -> None:
    source, db = loaded
    secret = installation_secret(db)
    assert _found(db.parent)  # the test would see her if she were there
    aggregates = """SELECT count(*) AS n, round(sum(comp_mid_annual), 4) AS pay, list(role_title ORDER BY role_title) AS roles,
                           list(interview_date ORDER BY interview_date) AS dates
                    FROM interviews"""
    before = query(db, aggregates)
    reader = warehouse.open_read_only(db)  # a reader holding the old version's read link
    try:
        preview = erasure.preview(db, [("phone", "+49 151 23456789")], secret)
        summary = erasure.erase(db, [("phone", "+49 151 23456789")], secret)
    finally:
        reader.close()
    # found through her phone, and through that her e-mail and LinkedIn
    assert {k for k, _key, _u in summary.tombstones} == {"email", "phone", "linkedin", "name"}
    assert (summary.interviews, summary.candidates, summary.rejected_rows) == (2, 2, 1)
    assert summary.warnings >= 1 and summary.referrals == 2
    assert preview.to_dict() | {"published": True} == summary.to_dict()
    assert len(summary.candidate_ids) == 2 and "candidate_ids" not in summary.to_dict()
    assert query(db, aggregates) == before  # every response stays, anonymous
    assert _found(db.parent) == []
    text = _table_text(db).lower()
    assert "quinlan" not in text and "jq-private" not in text
    assert not list(db.parent.glob(".warehouse.duckdb.r*"))  # old versions' read links
    assert not list(db.parent.glob("*.wal"))
    anonymous = query(db, "SELECT questions_text FROM interviews WHERE questions_text IS NOT NULL")
    assert anonymous == [{"questions_text": "Hi, [erased] here: is remote work possible?"}]

    # The old export again, with the tombstones: duplicates, books balance, nothing stored
    tombstones = {key: until for _kind, key, until in summary.tombstones}
    rows_before = query(db, "SELECT * FROM interviews ORDER BY interview_id")
    again = run_load([source], db=db, tombstones=tombstones)
    assert balanced(again)
    assert (again.inserted, again.updated, again.rejected) == (0, 0, 1)
    assert again.duplicates == 25
    assert query(db, "SELECT * EXCLUDE (last_run_id) FROM interviews ORDER BY interview_id") == [
        {k: v for k, v in r.items() if k != "last_run_id"} for r in rows_before
    ]
    assert _found(db.parent) == []
    # The warehouse keeps her tombstones too: a load given none (one that read the state
    # before the erasure stored them) still cannot bring her back...
    blind = run_load([source], db=db, dry_run=True)
    assert (blind.inserted, blind.updated, blind.duplicates) == (0, 0, 25)
    # ...while a warehouse rebuilt from the exports needs the state's tombstones
    rebuilt = db.parent / "rebuilt.duckdb"
    assert run_load([source], db=rebuilt, dry_run=True).inserted == 25
    fresh = run_load([source], db=rebuilt, tombstones=tombstones)
    assert fresh.inserted == 25 and _found(db.parent) == []
    anonymous = "SELECT interview_id, content_hash FROM interviews ORDER BY 1"
    assert query(rebuilt, anonymous) == query(db, anonymous)  # the same anonymous responses


def test_an_edited_row_of_an_erased_person_loads_anonymised(loaded: tuple[Path, Path]) -> None:
    source, db = loaded
    secret = installation_secret(db)
    summary = erasure.erase(db, [("email", "JANE.QUINLAN@example.com")], secret)
    rows = _export()
    rows[0] = {**rows[0], "Expected salary": "65k EUR", "Notes": "talked about her divorce again"}
    rows[3] = {**rows[3], "Expected salary": "70k EUR"}  # Bob, who names her e-mail
    edited = write_csv(source.parent / "edited.csv", rows)
    result = run_load([edited], db=db, tombstones={key: None for _k, key, _u in summary.tombstones})
    assert (result.inserted, result.updated, result.duplicates) == (0, 2, 23)
    assert query(db, "SELECT count(*) AS n FROM interviews")[0]["n"] == 25
    assert _found(db.parent) == []
    assert query(db, "SELECT referred_by FROM interviews WHERE full_name = 'Bob Stone'") == [
        {"referred_by": None}
    ]


def test_erasing_someone_unknown_keeps_a_tombstone_and_changes_no_row(
    loaded: tuple[Path, Path],
) -> None:
    _source, db = loaded
    before = query(db, "SELECT * FROM interviews ORDER BY interview_id")
    summary = erasure.erase(db, [("email", "nobody@example.com")], installation_secret(db))
    assert (summary.interviews, summary.candidates, len(summary.tombstones)) == (0, 0, 1)
    assert query(db, "SELECT * FROM interviews ORDER BY interview_id") == before


def test_retention_lists_and_anonymises_who_had_no_contact_and_lets_new_consent_in(
    tmp_path: Path,
) -> None:
    rows = [
        {**BASE, "Date of interview": "2020-03-01", "Name": "Old Timer", "E-mail": "old@x.com",
         "Consent to contact": "yes", "Consent date": "2020-03-01"},
        {**BASE, "Date of interview": "2020-03-01", "Name": "Renewed", "E-mail": "renew@x.com",
         "Consent to contact": "yes", "Consent date": "2024-12-01"},
        {**BASE, "Date of interview": "2024-06-01", "Name": "Recent", "E-mail": "recent@x.com"},
        {**BASE, "Date of interview": "", "Name": "Old Timer", "E-mail": "old@x.com"},
    ]  # fmt: skip
    db = tmp_path / "w.duckdb"
    source = write_csv(tmp_path / "e.csv", rows)
    run_load([source], db=db)
    consent = query(
        db, "SELECT consent_source, consent_run_id FROM candidates WHERE full_name = 'Renewed'"
    )
    assert consent == [{"consent_source": "e.csv", "consent_run_id": 1}]
    today = dt.date(2025, 6, 1)
    due = erasure.retention_due(db, 24, today)
    assert [(d.last_contact, d.interviews) for d in due] == [(dt.date(2020, 3, 1), 1)]
    assert erasure.cutoff_date(24, today) == dt.date(2023, 6, 1)
    summary = erasure.apply_retention(db, installation_secret(db), 24, today)
    assert (summary.candidates, summary.interviews, summary.rejected_rows) == (1, 1, 1)
    assert [(k, u) for k, _key, u in summary.tombstones] == [
        ("email", dt.date(2023, 6, 1)),
        ("name", dt.date(2023, 6, 1)),
    ]
    names = {r["full_name"] for r in query(db, "SELECT full_name FROM interviews")}
    assert names == {"Renewed", "Recent", None}
    assert b"Old Timer" not in db.read_bytes() and b"old@x.com" not in db.read_bytes()
    # the old export again: a duplicate; a later interview with new consent: identified
    later = write_csv(
        tmp_path / "later.csv",
        [rows[0], {**rows[0], "Date of interview": "2025-05-01", "Consent date": "2025-05-01"}],
    )
    tombstones = {key: until for _k, key, until in summary.tombstones}
    result = run_load([later], db=db, tombstones=tombstones)
    assert (result.inserted, result.duplicates) == (1, 1)
    back = query(
        db, "SELECT last_interview_date, consent_source FROM candidates WHERE email = 'old@x.com'"
    )
    assert back == [{"last_interview_date": dt.date(2025, 5, 1), "consent_source": "later.csv"}]
    assert query(db, "SELECT count(*) AS n FROM interviews WHERE email = 'old@x.com'") == [{"n": 1}]
