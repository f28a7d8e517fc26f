"""Load behaviour: accounting, identity, idempotency, readers, profiles, CLI contract."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from etl.load import LoadError, run_load
from etl.readers import read_headers
from tests.etl.helpers import balanced, load_rows, query, write_csv

ROOT = Path(__file__).resolve().parents[2]


def _interview(i: int, **extra: object) -> dict[str, object]:
    return {
        "Date of interview": f"2024-04-{(i % 27) + 1:02d}",
        "Interviewer": ["Ana", "Ben", "Chen"][i % 3],
        "Role": ["Data Analyst", "Product Manager", "UX Designer"][i % 3],
        "E-mail": f"person{i}@example.org",
        "Expected salary": f"{60 + i}k",
        "Currency": "EUR",
        "Country": "Germany",
        **extra,
    }


def test_reload_changes_nothing(tmp_path: Path) -> None:
    rows = [_interview(i) for i in range(30)]
    first, db = load_rows(tmp_path, rows)
    assert (first.inserted, first.updated, first.duplicates, first.rejected) == (30, 0, 0, 0)
    before = query(db, "SELECT * EXCLUDE (last_run_id) FROM interviews ORDER BY interview_id")
    second = run_load([tmp_path / "export.csv"], db=db)
    assert (second.inserted, second.updated, second.duplicates, second.rejected) == (0, 0, 30, 0)
    assert (
        query(db, "SELECT * EXCLUDE (last_run_id) FROM interviews ORDER BY interview_id") == before
    )


def test_later_export_updates_and_inserts_exactly_the_changes(tmp_path: Path) -> None:
    rows = [_interview(i) for i in range(20)]
    _, db = load_rows(tmp_path, rows)
    later = [dict(r) for r in rows]
    later[3]["Expected salary"] = "99k"
    later[7]["Country"] = "Netherlands"
    later += [_interview(i) for i in range(20, 25)]
    path = write_csv(tmp_path / "later.csv", later)
    summary = run_load([path], db=db)
    assert (summary.inserted, summary.updated, summary.duplicates, summary.rejected) == (
        5,
        2,
        18,
        0,
    )
    assert query(db, "SELECT count(*) AS n FROM interviews")[0]["n"] == 25
    edited = query(
        db,
        "SELECT comp_min, first_run_id, last_run_id FROM interviews WHERE email = 'person3@example.org'",
    )
    assert edited == [{"comp_min": 99_000, "first_run_id": 1, "last_run_id": 2}]


def test_duplicates_within_one_file_and_across_files(tmp_path: Path) -> None:
    anonymous = {
        "Date of interview": "2024-02-01",
        "Role": "Nurse",
        "Expected salary": "45/hr",
        "Country": "US",
    }
    rows = [_interview(1), _interview(1), anonymous, dict(anonymous), _interview(2)]
    summary, db = load_rows(tmp_path, rows)
    assert (summary.inserted, summary.duplicates) == (3, 2)
    other = write_csv(tmp_path / "other.csv", [anonymous, _interview(2)])
    again = run_load([other], db=db)
    assert (again.inserted, again.duplicates) == (0, 2)
    assert query(db, "SELECT count(*) AS n FROM interviews WHERE candidate_id IS NULL")[0]["n"] == 1


def test_identity_is_the_same_candidate_date_interviewer_and_role(tmp_path: Path) -> None:
    base = _interview(5)
    edited = {**base, "Expected salary": "70k", "E-mail": " PERSON5@Example.org "}
    summary, db = load_rows(tmp_path, [base, edited])
    assert (summary.inserted, summary.updated) == (1, 1)
    stored = query(db, "SELECT comp_min, email FROM interviews")
    assert stored == [{"comp_min": 70_000, "email": "person5@example.org"}]
    assert query(db, "SELECT interview_count FROM candidates") == [{"interview_count": 1}]


def test_candidates_hold_the_latest_values(tmp_path: Path) -> None:
    rows = [
        {
            **_interview(1),
            "Date of interview": "2024-01-10",
            "City": "Berlin",
            "Consent to contact": "yes",
        },
        {
            **_interview(1),
            "Date of interview": "2024-06-10",
            "Role": "Analytics Engineer",
            "City": "",
            "Consent to contact": "no",
        },
    ]
    _, db = load_rows(tmp_path, rows)
    candidate = query(
        db, "SELECT city, consent_to_contact, interview_count, role_title FROM candidates"
    )[0]
    assert candidate == {
        "city": "Berlin",
        "consent_to_contact": False,
        "interview_count": 2,
        "role_title": "Analytics Engineer",
    }


def test_same_rows_as_csv_xlsx_and_json_load_identically(tmp_path: Path) -> None:
    rows = [_interview(i, **{"Skills": "SQL; Python", "Fit score": "4"}) for i in range(12)]
    rows.append(
        {
            "Date of interview": "2024-05-02",
            "Role": "Teacher",
            "Expected salary": "52000",
            "Country": "UK",
        }
    )
    csv_path = write_csv(tmp_path / "rows.csv", rows)
    headers = list(rows[0]) + ["Skills", "Fit score"]
    headers = list(dict.fromkeys(headers))
    xlsx_path = tmp_path / "rows.xlsx"
    workbook = xlsxwriter.Workbook(str(xlsx_path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            value = row.get(header)
            if value is not None:
                sheet.write(r, c, value)
    workbook.close()
    json_path = tmp_path / "rows.json"
    json_path.write_text(json.dumps(rows))
    results = []
    for path in (csv_path, xlsx_path, json_path):
        db = tmp_path / f"{path.suffix[1:]}.duckdb"
        summary = run_load([path], db=db)
        assert summary.inserted == len(rows)
        results.append(
            query(db, "SELECT interview_id, content_hash FROM interviews ORDER BY interview_id")
        )
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [
        {
            "Date of interview": "2024-03-01",
            "Role": "Ingénieure données",
            "City": "Zürich",
            "Notes": 'Said: "great";\nwants €90k',
            "Expected salary": "€90k",
            "Country": "Switzerland",
        },
        {
            "Date of interview": "2024-03-02",
            "Role": "Café manager",
            "City": "Köln",
            "Notes": "",
            "Expected salary": "50000",
            "Country": "Deutschland",
        },
    ]
    path = write_csv(tmp_path / "enc.csv", rows, encoding=encoding, delimiter=delimiter)
    summary = run_load([path], db=tmp_path / "w.duckdb")
    assert (summary.rows_read, summary.inserted) == (2, 2)
    stored = query(
        tmp_path / "w.duckdb",
        "SELECT role_title, city_raw, notes FROM interviews ORDER BY interview_date",
    )
    assert stored[0] == {
        "role_title": "Ingénieure données",
        "city_raw": "Zürich",
        "notes": 'Said: "great";\nwants €90k',
    }
    assert stored[1]["city_raw"] == "Köln"


def test_cp1252_accents_far_into_the_file_are_decoded(tmp_path: Path) -> None:
    """The encoding is guessed from the file's start; bytes that are not UTF-8 later on (here
    after 1.5 MB of plain ASCII) must still be read as cp1252, not rejected or garbled."""
    rows = [
        {"Date of interview": "2024-03-01", "Role": f"Analyst {i}", "Notes": "x" * 200}
        for i in range(7000)
    ]
    rows.append({"Date of interview": "2024-03-02", "Role": "Café manager", "Notes": "Köln"})
    path = write_csv(tmp_path / "late.csv", rows, encoding="cp1252")
    assert path.stat().st_size > 1_500_000
    summary = run_load([path], db=tmp_path / "w.duckdb")
    assert (summary.rows_read, summary.inserted, summary.rejected) == (7001, 7001, 0)
    stored = query(
        tmp_path / "w.duckdb", "SELECT notes FROM interviews WHERE role_title = 'Café manager'"
    )
    assert stored == [{"notes": "Köln"}]


def test_malformed_csv_rows_are_rejected_with_their_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        "Date of interview,Role,Country\n"
        "2024-01-02,Analyst,US\n"
        "2024-01-03,Analyst,US,unexpected,cells\n"
        '2024-01-04,"Multi\nline role",US\n'
        "2024-01-05,Designer,DE\n"
    )
    summary = run_load([path], db=tmp_path / "w.duckdb")
    assert (summary.rows_read, summary.inserted, summary.rejected) == (4, 3, 1)
    assert balanced(summary)
    rejected = query(tmp_path / "w.duckdb", "SELECT source_row, reasons FROM rejected_rows")
    assert rejected[0]["source_row"] == 3 and "5 fields" in rejected[0]["reasons"][0]
    rows = query(
        tmp_path / "w.duckdb", "SELECT role_title, source_row FROM interviews ORDER BY source_row"
    )
    assert [r["source_row"] for r in rows] == [2, 4, 5]


def test_short_rows_and_trailing_delimiters_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "Date of interview,Role,Country,Notes\n"
        "2024-01-02,Analyst,US,fine\n"
        "2024-01-03,Designer,DE\n"
        "2024-01-04,Nurse,CA,ok,,\n"
        "2024-01-05,Teacher,GB,x,surplus\n"
    )
    summary = run_load([path], db=tmp_path / "w.duckdb")
    assert (summary.rows_read, summary.inserted, summary.rejected) == (4, 3, 1)
    rows = query(
        tmp_path / "w.duckdb", "SELECT role_title, country, source_row FROM interviews ORDER BY 3"
    )
    assert [(r["role_title"], r["country"], r["source_row"]) for r in rows] == [
        ("Analyst", "US", 2),
        ("Designer", "DE", 3),
        ("Nurse", "CA", 4),
    ]
    rejected = query(tmp_path / "w.duckdb", "SELECT source_row, reasons FROM rejected_rows")
    assert (
        rejected[0]["source_row"] == 5
        and "5 fields but the header has 4" in rejected[0]["reasons"][0]
    )


def test_unreadable_file_fails_and_publishes_nothing(tmp_path: Path) -> None:
    good, db = load_rows(tmp_path, [_interview(1)])
    before = db.stat().st_mtime_ns
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"this is not a workbook")
    interviews = query(db, "SELECT * FROM interviews")
    with pytest.raises(LoadError, match="bad.xlsx") as caught:
        run_load([tmp_path / "export.csv", bad], db=db)
    assert db.stat().st_mtime_ns != before  # the failure itself is kept in load_runs
    assert query(db, "SELECT * FROM interviews") == interviews
    runs = query(db, "SELECT run_id, status, message FROM load_runs ORDER BY run_id")
    assert [(r["run_id"], r["status"]) for r in runs] == [(1, "published"), (2, "failed")]
    assert caught.value.run_id == 2 and "bad.xlsx" in runs[1]["message"]


def test_profile_naming_a_missing_header_is_refused_with_the_files_headers(tmp_path: Path) -> None:
    write_csv(tmp_path / "x.csv", [_interview(1)])
    profile = tmp_path / "p.toml"
    profile.write_text('[columns]\ninterview_date = "Date of interview"\nrole_title = "Job"\n')
    with pytest.raises(LoadError, match=r"role_title = 'Job'.*'Date of interview'"):
        run_load([tmp_path / "x.csv"], profile=profile, db=tmp_path / "w.duckdb")
    assert query(tmp_path / "w.duckdb", "SELECT count(*) AS n FROM interviews") == [{"n": 0}]
    assert query(tmp_path / "w.duckdb", "SELECT status FROM load_runs") == [{"status": "failed"}]
    profile.write_text(
        '[columns]\ninterview_date = "Date of interview"\nsalary_wish = "Expected salary"\n'
    )
    with pytest.raises(LoadError, match=r"\[columns\] salary_wish is not a canonical field"):
        run_load([tmp_path / "x.csv"], profile=profile, db=tmp_path / "w.duckdb")


def test_profile_value_maps_fallthrough_and_defaults(tmp_path: Path) -> None:
    rows = [
        {
            "When": "03/04/2024",
            "Job": "Data Analyst",
            "Pay": "70000",
            "Cur": "Other",
            "Cur other": "PLN",
            "Where": "It's complicated",
        },
        {
            "When": "13/04/2024",
            "Job": "Data Analyst",
            "Pay": "70000",
            "Cur": "EUR",
            "Cur other": "",
            "Where": "Office",
        },
    ]
    write_csv(tmp_path / "x.csv", rows)
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[profile]\nname = "custom"\ndate_format = "%d/%m/%Y"\n'
        '[columns]\ninterview_date = "when"\nrole_title = "JOB"\ncomp = "Pay"\n'
        'comp_currency = ["Cur", "Cur other"]\nwork_arrangement = "Where"\n'
        '[values.comp_currency]\n"Other" = ""\n'
        '[values.work_arrangement]\n"It\'s complicated" = ""\n"Office" = "on_site"\n'
        '[defaults]\ncomp_period = "month"\n'
    )
    summary = run_load([tmp_path / "x.csv"], profile=profile, db=tmp_path / "w.duckdb")
    assert summary.warnings == 0
    stored = query(
        tmp_path / "w.duckdb",
        "SELECT interview_date, comp_currency, comp_period, work_arrangement FROM interviews ORDER BY 1",
    )
    assert [str(r["interview_date"]) for r in stored] == ["2024-04-03", "2024-04-13"]
    assert [r["comp_currency"] for r in stored] == ["PLN", "EUR"]
    assert [r["comp_period"] for r in stored] == ["month", "month"]
    assert [r["work_arrangement"] for r in stored] == [None, "on_site"]


def test_unmapped_columns_are_kept_in_extra(tmp_path: Path) -> None:
    _, db = load_rows(tmp_path, [_interview(1, **{"Form version": "v7", "Internal ref": "=cmd"})])
    extra = json.loads(query(db, "SELECT extra FROM interviews")[0]["extra"])
    assert extra == {"Form version": "v7", "Internal ref": "=cmd"}


def test_read_headers_for_each_format(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "h.csv", [_interview(1)])
    assert read_headers(path)[:3] == ["Date of interview", "Interviewer", "Role"]
    (tmp_path / "h.json").write_text('{"a": 1, "b": 2}\n{"c": 3}\n')
    assert read_headers(tmp_path / "h.json") == ["a", "b", "c"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "insights.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_load_json_contract_and_exit_codes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [_interview(1), _interview(2), {"Role": "No date"}])
    db = str(tmp_path / "w.duckdb")
    done = _cli("load", str(path), "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert {
        "run_id",
        "status",
        "rows_read",
        "inserted",
        "updated",
        "duplicates",
        "rejected",
        "warnings",
        "files",
    } <= set(summary)
    assert (summary["status"], summary["rows_read"], summary["inserted"], summary["rejected"]) == (
        "published",
        3,
        2,
        1,
    )
    dry = json.loads(_cli("load", str(path), "--db", db, "--json", "--dry-run").stdout)
    assert (dry["status"], dry["duplicates"], dry["run_id"]) == ("dry_run", 2, None)
    failed = _cli("load", str(tmp_path / "missing.csv"), "--db", db, "--json")
    assert failed.returncode == 1 and "missing.csv" in failed.stderr
    assert json.loads(failed.stdout)["status"] == "failed"
    assert _cli("load", str(path), "--db", db, "--bogus").returncode == 2
    runs = json.loads(_cli("runs", "--db", db, "--json").stdout)
    assert [(r["run_id"], r["status"]) for r in runs] == [(2, "failed"), (1, "published")]
    assert "missing.csv" in runs[0]["message"]
    rejects_csv = tmp_path / "rejects.csv"
    assert _cli("rejects", "--run", "1", "--db", db, "--out", str(rejects_csv)).returncode == 0
    assert "interview_date: missing" in rejects_csv.read_text(encoding="utf-8-sig")


def test_real_export_loads_through_its_profile_with_every_row_accounted_for(
    realdata: Path, tmp_path: Path
) -> None:
    db = tmp_path / "real.duckdb"
    summary = run_load([realdata], profile="ask-a-manager-2023", db=db)
    assert summary.rows_read == 16_888
    assert balanced(summary)
    assert summary.inserted > 16_000
    stored = query(
        db,
        """SELECT count(*) AS n, count(country) AS with_country, count(comp_mid_annual) AS with_pay,
                                 count(*) FILTER (WHERE candidate_id IS NOT NULL) AS identified
                          FROM interviews""",
    )[0]
    assert stored["identified"] == 0
    assert stored["with_country"] > 0.99 * stored["n"] and stored["with_pay"] > 0.99 * stored["n"]
    assert query(db, "SELECT count(*) AS n FROM interviews WHERE country = 'US'")[0]["n"] > 13_000
    again = run_load([realdata], profile="ask-a-manager-2023", db=db)
    assert again.inserted == again.updated == 0


def test_the_same_rows_always_hash_the_same(fixture_db: Path) -> None:
    """Lists must be built deterministically: a parallel list() once reordered benefits between
    runs, so a reload counted edits and anonymous rows got new identities."""
    fixture = Path(__file__).resolve().parents[1] / "data" / "fixture"
    for source in ("interviews.json", "interviews.csv", "interviews.json"):
        summary = run_load([fixture / source], db=fixture_db, dry_run=True)
        assert (summary.inserted, summary.updated, summary.duplicates) == (0, 0, 400), source


def test_a_schema_1_warehouse_is_migrated_with_its_culture_ratings(tmp_path: Path) -> None:
    """Schema 1 kept culture ratings in a table; the next load moves them into
    interviews.culture and the view culture_ratings still returns the same rows."""
    rows = [_interview(i, Growth=str(1 + i % 5), Autonomy="4") for i in range(6)]
    _, db = load_rows(tmp_path, rows)
    expected = query(db, "SELECT interview_id, dimension, rating FROM culture_ratings ORDER BY ALL")
    assert len(expected) == 12
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE ratings_1 AS SELECT interview_id, dimension, rating FROM culture_ratings"
    )
    con.execute("DROP VIEW culture_facts")
    con.execute("DROP VIEW culture_ratings")
    con.execute("ALTER TABLE interviews DROP COLUMN culture")
    con.execute("ALTER TABLE ratings_1 RENAME TO culture_ratings")
    con.execute("UPDATE warehouse_info SET value = '1' WHERE key = 'schema_version'")
    con.close()
    later = write_csv(tmp_path / "later.csv", [_interview(99, Growth="2")])
    summary = run_load([later], db=db)
    assert (summary.inserted, summary.rejected) == (1, 0)
    after = query(db, "SELECT interview_id, dimension, rating FROM culture_ratings ORDER BY ALL")
    assert [r for r in after if r in expected] == expected
    assert len(after) == len(expected) + 1
    assert query(db, "SELECT value FROM warehouse_info WHERE key = 'schema_version'") == [
        {"value": "4"}
    ]


def test_content_hashes_are_a_stored_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """interview_versions keeps every content hash ever stored, and an anonymous interview's id
    is its content hash: computing them differently would make every stored interview look
    edited on the next load and give anonymous ones new ids (counted twice). A change here
    needs a migration of the stored hashes, not a new expected digest. Schema 4 keyed the
    candidate ids (and so the identified interview ids) with the installation secret: the
    content hashes and anonymous ids are those of schema 3."""
    monkeypatch.setenv("INSIGHTS_SECRET", "tests-" + "s" * 40)
    fixture = Path(__file__).resolve().parents[1] / "data" / "fixture" / "interviews.csv"
    db = tmp_path / "warehouse.duckdb"
    run_load([fixture], db=db)

    def digest(sql: str) -> str:
        return hashlib.sha256(
            repr([next(iter(r.values())) for r in query(db, sql)]).encode()
        ).hexdigest()

    assert digest("SELECT content_hash FROM interviews ORDER BY 1") == (
        "c8b8131b91e5932a9164eedcb443b51e7b77677844c9e03e7965170678057bb7"
    )
    assert digest("SELECT interview_id FROM interviews WHERE candidate_id IS NULL ORDER BY 1") == (
        "e9c9c043ea67bcf69f5658bedb81de01363430dbd823ecca443b7f598a7e837c"
    )
    rows = [
        (r["interview_id"], r["content_hash"])
        for r in query(db, "SELECT interview_id, content_hash FROM interviews ORDER BY 1")
    ]
    assert len(rows) == 400
    assert hashlib.sha256(repr(rows).encode()).hexdigest() == (
        "11ab1c2ddc93ee1a8ad7b612dfeba17167578b4cb0dd1978e4836c30e14ee11e"
    )


def test_referrers_resolve_as_people_arrive_and_names_stop_being_unique(tmp_path: Path) -> None:
    """A referral names someone by e-mail or by a name only one candidate has. Each load
    resolves the candidates it writes and re-checks the referrals it did not touch."""

    def person(i: int, name: str, **extra: object) -> dict[str, object]:
        return _interview(i, Name=name, **extra)

    first = write_csv(
        tmp_path / "first.csv",
        [
            person(1, "Ben Okafor", **{"Referred by": "person2@example.org"}),
            person(3, "Cleo Park", **{"Referred by": "Dana Smith"}),
            person(4, "Dana Smith"),
        ],
    )
    db = tmp_path / "warehouse.duckdb"
    run_load([first], db=db)

    def referrers() -> dict[str, str | None]:
        rows = query(
            db,
            """SELECT c.full_name, r.full_name AS referrer FROM candidates c
               LEFT JOIN candidates r ON r.candidate_id = c.referred_by_candidate_id""",
        )
        return {r["full_name"]: r["referrer"] for r in rows}

    assert referrers() == {"Ben Okafor": None, "Cleo Park": "Dana Smith", "Dana Smith": None}
    # The person Ben named arrives, and a second Dana Smith makes the name ambiguous.
    second = write_csv(tmp_path / "second.csv", [person(2, "Ada Lind"), person(5, "Dana Smith")])
    run_load([second], db=db)
    assert referrers() == {
        "Ben Okafor": "Ada Lind",
        "Cleo Park": None,
        "Dana Smith": None,
        "Ada Lind": None,
    }


def test_a_bulk_load_into_an_empty_warehouse_stores_what_an_incremental_load_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into an empty warehouse the normalised rows become `interviews` directly; the result
    (rows, types, constraints, candidates) must equal the incremental path's."""
    monkeypatch.setenv("INSIGHTS_SECRET", "tests-" + "s" * 40)  # one installation
    fixture = Path(__file__).resolve().parents[1] / "data" / "fixture" / "interviews.csv"
    bulk_db, incremental_db = tmp_path / "bulk.duckdb", tmp_path / "incremental.duckdb"
    bulk = run_load([fixture], db=bulk_db)
    other = write_csv(tmp_path / "other.csv", [_interview(1, Role="Zookeeper")])
    run_load([other], db=incremental_db)
    incremental = run_load([fixture], db=incremental_db)
    assert (bulk.inserted, bulk.duplicates, bulk.rejected) == (
        incremental.inserted,
        incremental.duplicates,
        incremental.rejected,
    )
    schema = "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'interviews' ORDER BY column_index"
    assert query(bulk_db, schema) == query(incremental_db, schema)
    rows = """SELECT * EXCLUDE (first_run_id, last_run_id) FROM interviews
              WHERE role_title <> 'Zookeeper' ORDER BY interview_id"""
    assert query(bulk_db, rows) == query(incremental_db, rows)
    people = """SELECT * EXCLUDE (consent_run_id) FROM candidates WHERE candidate_id NOT IN
                  (SELECT candidate_id FROM interviews WHERE role_title = 'Zookeeper')
                ORDER BY candidate_id"""
    assert query(bulk_db, people) == query(incremental_db, people)
    assert query(bulk_db, "SELECT count(*) AS n FROM culture_ratings") == query(
        incremental_db,
        "SELECT count(*) AS n FROM culture_ratings WHERE interview_id IN "
        "(SELECT interview_id FROM interviews WHERE role_title <> 'Zookeeper')",
    )


def test_padding_and_blank_cells_read_as_the_clean_values_and_no_answer(tmp_path: Path) -> None:
    """Spaces around a value do not change it, and a cell of spaces is no answer (no warning),
    whichever way a field is parsed: the padded export is a duplicate of the clean one."""
    clean = {
        "Date of interview": "2024-03-01",
        "Role": "Data Analyst",
        "E-mail": "pat@example.org",
        "Work arrangement": "Remote",
        "Seniority": "",
        "Fit score": "4",
        "Country": "",
        "Currency": "EUR",
        "Expected salary": "60000",
        "Benefits": "health; pto",
        "Flexible hours": "yes",
        "Office days": "",
    }
    padded = {k: (f"  {v}  " if v else "   ") if k != "E-mail" else v for k, v in clean.items()}
    first, db = load_rows(tmp_path, [clean])
    assert (first.inserted, first.warnings) == (1, 0)
    again = run_load([write_csv(tmp_path / "padded.csv", [padded])], db=db)
    assert (again.duplicates, again.warnings, again.rejected) == (1, 0, 0)
    row = query(db, "SELECT * FROM interviews")[0]
    assert (row["work_arrangement"], row["seniority"], row["fit_score"]) == ("remote", None, 4)
    assert (row["country"], row["comp_currency"], row["comp_min"]) == (None, "EUR", 60000)
    assert sorted(row["benefits"]) == ["health", "pto"]
    assert (row["flexible_hours"], row["office_days"]) == (True, None)
