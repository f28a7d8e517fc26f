"""Candidate ids keyed with the installation secret (schema 4), the mapping from the old
md5 recipe, and the migration of a schema-3 warehouse on its next load."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from etl import identity
from etl.load import LoadError, run_load
from etl.secret import installation_secret, keyed
from tests.etl.helpers import downgrade_to_schema_3, query, write_csv

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixture" / "interviews.csv"
SECRET = "tests-" + "k" * 40

PEOPLE = [
    {
        "Date of interview": "2024-03-01",
        "Role": "Data Analyst",
        "Interviewer": "Ann",
        "Country": "DE",
        "E-mail": " Jane.Doe@Example.com ",
        "Phone": "+49 151 2345678",
    },
    {
        "Date of interview": "2024-03-02",
        "Role": "Nurse",
        "Interviewer": "Ann",
        "Country": "DE",
        "Phone": "0049 151 9999999",
    },
    {
        "Date of interview": "2024-03-03",
        "Role": "Chef",
        "Interviewer": "Bo",
        "LinkedIn": "https://www.LinkedIn.com/in/Some-One-12/?trk=x",
    },
    {"Date of interview": "2024-03-04", "Role": "Chef", "Interviewer": "Bo"},
]


def test_the_loader_keys_candidate_ids_like_the_python_function(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_load([write_csv(tmp_path / "p.csv", PEOPLE)], db=db)
    secret = installation_secret(db)
    ids = {
        r["role_title"]: r["candidate_id"]
        for r in query(db, "SELECT role_title, candidate_id FROM interviews")
    }
    assert ids["Data Analyst"] == identity.candidate_id("email", "jane.doe@example.com", secret)
    assert ids["Nurse"] == identity.candidate_id("phone", "+49 151 9999999", secret)
    chef = query(db, "SELECT candidate_id FROM interviews WHERE linkedin_url IS NOT NULL")
    assert chef[0]["candidate_id"] == identity.candidate_id("linkedin", "some-one-12", secret)
    # nothing a guesser can recompute: not the md5 recipe, not an HMAC under another key
    assert ids["Data Analyst"] != identity.legacy_id("email", "jane.doe@example.com")
    assert ids["Data Analyst"] != identity.candidate_id("email", "jane.doe@example.com", b"x" * 32)
    assert len(ids["Data Analyst"]) == 2 + identity.ID_HEX


def test_keyed_sql_is_hmac_sha256(tmp_path: Path) -> None:
    con = duckdb.connect()
    for secret in (b"\x00" * 32, os.urandom(32), b"s" * 100):  # a key longer than a block too
        identity.install(con, secret)
        for value in ("email:a@b.com", "phone:+4930123456", "é ü 名前"):
            got = con.execute("SELECT keyed(?, 'candidate')", [value]).fetchall()[0][0]
            assert got == keyed(value, secret, "candidate")


def test_legacy_ids_are_the_schema_3_recipe() -> None:
    assert identity.legacy_id("email", " Jane@Example.com") == (
        "c_" + hashlib.md5(b"email:jane@example.com").hexdigest()[:16]
    )
    assert identity.legacy_id("linkedin", "https://linkedin.com/in/Some-One/") == (
        "c_" + hashlib.md5(b"linkedin:some-one").hexdigest()[:16]
    )
    assert identity.is_legacy_id(identity.legacy_id("phone", "+4930123456"))
    assert not identity.is_legacy_id(identity.candidate_id("phone", "+4930123456", b"k" * 32))


def test_identities_normalise_like_the_loader() -> None:
    assert identity.normalise("email", "Jane <JANE@x.org>") == "jane@x.org"
    assert identity.normalise("email", "mailto: a@b.co") == "a@b.co"
    assert identity.normalise("phone", "0049 (151) 234-5678") == "+491512345678"
    assert identity.stored_value("linkedin", "in/Some-One") == (
        "https://www.linkedin.com/in/some-one"
    )
    for kind, bad in (("email", "nope"), ("phone", "030 1234"), ("linkedin", "x"), ("fax", "1")):
        with pytest.raises(identity.IdentityError):
            identity.normalise(kind, bad)


def test_a_schema_3_warehouse_is_rekeyed_atomically_on_its_next_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_SECRET", SECRET)
    old, fresh = tmp_path / "old" / "w.duckdb", tmp_path / "fresh" / "w.duckdb"
    run_load([FIXTURE], db=old)
    run_load([FIXTURE], db=fresh)
    downgrade_to_schema_3(old)
    legacy = query(old, "SELECT candidate_id, email, phone, linkedin_url FROM candidates")
    assert all(identity.is_legacy_id(r["candidate_id"]) for r in legacy)
    # what the lead's workspace migration does: old id -> new id from the identity
    someone = next(r for r in legacy if r["email"])
    assert someone["candidate_id"] == identity.legacy_id("email", someone["email"])

    before = old.read_bytes()
    dry = run_load([FIXTURE], db=old, dry_run=True)
    assert (dry.inserted, dry.updated, dry.duplicates) == (0, 0, 400)
    assert old.read_bytes() == before  # a dry run never migrates the published file

    again = run_load([FIXTURE], db=old)
    assert (again.inserted, again.updated, again.duplicates) == (0, 0, 400)
    same = """SELECT interview_id, candidate_id, content_hash FROM interviews ORDER BY 1"""
    assert query(old, same) == query(fresh, same)
    people = "SELECT * EXCLUDE (consent_source, consent_run_id) FROM candidates ORDER BY 1"
    assert query(old, people) == query(fresh, people)
    versions = "SELECT DISTINCT interview_id, content_hash FROM interview_versions ORDER BY ALL"
    assert query(old, versions) == query(fresh, versions)
    assert query(old, "SELECT value FROM warehouse_info WHERE key = 'schema_version'") == [
        {"value": "4"}
    ]
    # the map a workspace migration uses: every old id to the id it became
    con = duckdb.connect(str(old), read_only=True)
    try:
        mapping = identity.legacy_ids(con)
    finally:
        con.close()
    new_ids = {r["candidate_id"] for r in query(fresh, "SELECT candidate_id FROM candidates")}
    assert set(mapping) == {r["candidate_id"] for r in legacy}
    assert set(mapping.values()) == new_ids
    # published fresh: no old id is left anywhere in the file, not even in a freed block
    data = old.read_bytes()
    assert not [r["candidate_id"] for r in legacy if r["candidate_id"].encode() in data]
    assert not list(old.parent.glob(".w.duckdb.*next*"))


def test_a_load_with_another_secret_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    source = write_csv(tmp_path / "p.csv", PEOPLE)
    monkeypatch.setenv("INSIGHTS_SECRET", SECRET)
    run_load([source], db=db)
    before = db.read_bytes()
    monkeypatch.setenv("INSIGHTS_SECRET", "another-" + "x" * 40)
    for dry in (True, False):
        with pytest.raises(LoadError, match="secret differs"):
            run_load([source], db=db, dry_run=dry)
    assert db.read_bytes() == before
