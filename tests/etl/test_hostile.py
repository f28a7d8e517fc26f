"""Files meant to hurt the loader, through `insights load --json` in a child process whose
address space is capped (resource.setrlimit), so a regression fails the test, not the
machine: every failure is one line and failed-status JSON, nothing is left behind, and
every row read is accounted for."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from etl import limits
from etl.csv_reader import count_records

ROOT = Path(__file__).resolve().parents[2]
CAP = 4 << 30  # DuckDB reserves about twice its memory limit (768MB) in address space


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "insights.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_capped,  # noqa: PLW1509 - the child only sets its own limit
        timeout=300,
        # As the Data page's child does: fewer glibc arenas, a steadier address space.
        env={**os.environ, "MALLOC_ARENA_MAX": "2", **(env or {})},
    )


def load(path: Path, db: Path, *extra: str, **env: str) -> tuple[int, dict, str]:
    done = cli("load", str(path), "--db", str(db), "--json", *extra, env=env)
    return done.returncode, json.loads(done.stdout), done.stderr


def _one_line_failure(code: int, body: dict, stderr: str) -> str:
    assert code == 1, stderr
    assert body["status"] == "failed"
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("load failed:"), stderr
    return str(body["error"])


def _rows(db: Path, sql: str) -> list[tuple]:
    """A query's rows from a warehouse the CLI wrote."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _xlsx(path: Path, row: int, col: int) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Date of interview", "Role"])
    sheet.write_row(1, 0, ["2024-01-02", "Analyst"])
    sheet.write(row, col, "boom")
    book.close()
    return path


def test_xlsx_declaring_the_largest_grid_is_refused_by_name(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bomb.xlsx", 1048575, 16383)  # XFD1048576
    assert path.stat().st_size < 10_000
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    error = _one_line_failure(code, body, stderr)
    assert "bomb.xlsx" in error and "INSIGHTS_MAX_COLUMNS" in error and "XFD1048576" in error
    assert not list(tmp_path.glob(".w.duckdb.next-*")), "no staging file is left behind"


def test_xlsx_with_a_far_cell_is_read_from_its_real_cells(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "far.xlsx", 99999, 299)  # KN100000
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (2, 1, 1)


def test_csv_with_10000_columns_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(f"column {i}" for i in range(10_000)) + "\n" + ",".join(["x"] * 10_000) + "\n"
    )
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    error = _one_line_failure(code, body, stderr)
    assert error == "wide.csv: 10,000 columns; at most 2,000 are read (INSIGHTS_MAX_COLUMNS)"


def test_the_column_limit_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "five.csv"
    path.write_text("Date of interview,Role,a,b,c\n2024-01-02,Analyst,1,2,3\n")
    code, body, stderr = load(path, tmp_path / "w.duckdb", INSIGHTS_MAX_COLUMNS="4")
    assert "5 columns; at most 4" in _one_line_failure(code, body, stderr)
    assert load(path, tmp_path / "w.duckdb")[0] == 0


def test_a_deeply_nested_ndjson_line_is_one_rejected_row(tmp_path: Path) -> None:
    path = tmp_path / "deep.ndjson"
    good = [{"Date of interview": "2024-01-02", "Role": "Analyst"}]
    path.write_text(
        json.dumps(good[0])
        + "\n"
        + "[" * 100_000
        + "]" * 100_000
        + "\n"
        + "{not json\n"
        + json.dumps({"Date of interview": "2024-01-03", "Role": "Nurse"})
        + "\n"
    )
    db = tmp_path / "w.duckdb"
    code, body, stderr = load(path, db)
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (4, 2, 2)
    rejects = cli("rejects", "--db", str(db), "--out", str(tmp_path / "r.csv"))
    assert rejects.returncode == 0
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "nested deeper than" in text and "invalid JSON" in text


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('columns = "oops"\n', "[columns] must be a table"),
        ("profile = 1\n", "[profile] must be a table"),
        ("[colums]\nrole_title = 'Role'\n", "'colums' is not a section"),
        ("[columns]\nrole_title = 3\n", "[columns] role_title must be a header"),
        ("[columns]\nsalary_wish = 'Pay'\n", "[columns] salary_wish is not a canonical field"),
        ("[values]\nwork_arrangement = 'remote'\n", "[values.work_arrangement] must be a table"),
        ("[values.work_arrangement]\nRemote = 1\n", "[values.work_arrangement] 'Remote'"),
        ("[defaults]\ncomp_period = ['year']\n", "[defaults] comp_period must be a single value"),
        ("[profile]\ncolour = 'red'\n", "[profile] colour is not a profile setting"),
        ("[profile]\ndate_format = 'dd/mm/yyyy'\n", "[profile] date_format must be a strptime"),
        ("[profile]\ndate_format = '%Q%'\n", "[profile] date_format must be a strptime"),
        ("[profile]\ndate_format = '%'\n", "[profile] date_format must be a strptime"),
        ("this is = = not toml", "invalid TOML"),
    ],
)
def test_a_malformed_profile_is_refused_before_anything_loads(
    tmp_path: Path, toml: str, named: str
) -> None:
    export = tmp_path / "x.csv"
    export.write_text("Date of interview,Role\n2024-01-02,Analyst\n")
    profile = tmp_path / "p.toml"
    profile.write_text(toml)
    code, body, stderr = load(export, tmp_path / "w.duckdb", "--profile", str(profile))
    assert named in _one_line_failure(code, body, stderr)


def test_a_profile_that_is_not_a_regular_file_is_refused_without_reading_it(
    tmp_path: Path,
) -> None:
    """A FIFO would block the load forever and /dev/zero would fill its memory."""
    import os

    export = tmp_path / "x.csv"
    export.write_text("Date of interview,Role\n2024-01-02,Analyst\n")
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    for name in ("fifo.toml", "zero.toml"):
        code, body, stderr = load(export, tmp_path / "w.duckdb", "--profile", str(tmp_path / name))
        assert f"profile {name}: not a regular file" in _one_line_failure(code, body, stderr)


def test_user_text_in_messages_is_never_read_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "markup.csv"
    path.write_text("Date [/] of,Role [bold]x[/bold]\n2024-01-02,Analyst\n")
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    error = _one_line_failure(code, body, stderr)
    assert "'Date [/] of'" in error and "[bold]x[/bold]" in stderr
    assert "Traceback" not in stderr and "MarkupError" not in stderr


def test_bad_usage_under_json_is_failed_json_and_exit_2(tmp_path: Path) -> None:
    done = cli("load", "--json", "--bogus", "x.csv")
    assert done.returncode == 2
    assert json.loads(done.stdout)["status"] == "failed"
    assert len(done.stderr.strip().splitlines()) == 1
    done = cli("load", "--json")
    assert done.returncode == 2 and json.loads(done.stdout)["status"] == "failed"


def test_a_line_longer_than_duckdbs_reader_accepts_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with open(path, "w") as handle:
        handle.write("Date of interview,Role,Notes\n2024-01-02,Analyst,a\n")
        handle.write("2024-01-03,Nurse," + "x" * (17 << 20) + "\n2024-01-04,Teacher,c\n")
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (3, 3, 0)


def test_a_value_beyond_the_cell_limit_is_a_rejected_row(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "w") as handle:
        handle.write("Date of interview,Role,Notes\n2024-01-02,Analyst,a\n")
        handle.write("2024-01-03,Nurse," + "x" * (2 << 20) + "\n2024-01-04,Teacher,c\n")
    code, body, stderr = load(path, tmp_path / "w.duckdb", INSIGHTS_MAX_CELL_MB="1")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (3, 2, 1)


def test_an_unterminated_quote_rejects_its_row_and_the_rows_after_it_are_read(
    tmp_path: Path,
) -> None:
    """A quote that never closes would make the rest of the file one record: its row is
    rejected alone (with its line) and the lines after it are read as rows of their own,
    numbered as a spreadsheet shows them, a quoted line break earlier included."""
    path = tmp_path / "quote.csv"
    path.write_text(
        'Date of interview,Role,Notes\n2024-01-02,Analyst,"two\nlines"\n2024-01-03,"Nurse\n'
        "2024-01-04,Teacher\n2024-01-05,Cook,x\n2024-01-06,Pilot\n"
    )
    db = tmp_path / "w.duckdb"
    code, body, stderr = load(path, db)
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (5, 4, 1)
    kept = _rows(db, "SELECT source_row, role_title FROM interviews ORDER BY 1")
    rejected = _rows(
        db, "SELECT source_row, raw->>'line', reasons[1] FROM rejected_rows ORDER BY 1"
    )
    assert kept == [(2, "Analyst"), (4, "Teacher"), (5, "Cook"), (6, "Pilot")]
    assert rejected == [
        (3, '2024-01-03,"Nurse', "unterminated quote: a quote opened in this row never closes")
    ]


def test_the_time_limit_ends_a_load_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with open(path, "w") as handle:
        handle.write("Date of interview,Role,Notes\n")
        for i in range(400_000):
            handle.write(f"2024-01-{1 + i % 28:02d},Analyst {i % 977},note {i}\n")
    code, body, stderr = load(path, tmp_path / "w.duckdb", INSIGHTS_ETL_TIMEOUT="1")
    assert "time limit of 1 s (INSIGHTS_ETL_TIMEOUT)" in _one_line_failure(code, body, stderr)
    assert not list(tmp_path.glob(".w.duckdb.next-*"))


def test_failed_runs_are_recorded_and_listed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    good = tmp_path / "good.csv"
    good.write_text("Date of interview,Role\n2024-01-02,Analyst\n")
    assert load(good, db)[0] == 0
    code, body, _ = load(tmp_path / "missing.csv", db)
    assert code == 1 and body["run_id"] == 2
    runs = json.loads(cli("runs", "--db", str(db), "--json").stdout)
    assert [(r["run_id"], r["status"]) for r in runs] == [(2, "failed"), (1, "published")]
    assert "missing.csv: file not found" in runs[0]["message"]
    assert "run 2 failed: missing.csv" in cli("runs", "--db", str(db)).stdout


def test_reloading_does_not_store_rejected_rows_again(tmp_path: Path) -> None:
    path = tmp_path / "rejects.csv"
    path.write_text(
        "Date of interview,Role,E-mail\n,Analyst,a@example.org\nnot a date,Nurse,b@example.org\n"
        ",Analyst,a@example.org\n2024-01-02,Teacher,c@example.org\n"
    )
    db = tmp_path / "w.duckdb"
    first = load(path, db)[1]
    second = load(path, db)[1]
    assert (first["rejected"], second["rejected"]) == (3, 3)  # counted every time...
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:  # ...but each rejected record is kept once: the identical third row too
        assert con.execute("SELECT count(*) FROM rejected_rows").fetchone() == (2,)
    finally:
        con.close()
    assert any("not stored again" in n for n in second["notes"])


def test_record_count_of_a_csv_follows_quotes_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b'a,b\r\n1,"x\r\ny"\r\n\r\n2,3\n\n"4",""""\n5,6')
    assert count_records(path) == (4, False)
    path.write_bytes(b'a,b\n1,"open\n2,3\n')
    assert count_records(path) == (1, True)


def test_a_failed_read_does_not_wait_for_the_record_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count runs beside DuckDB's reader; when the read fails, the count is told to
    stop and the failure surfaces without reading the rest of the file."""
    import threading

    from etl import csv_reader

    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 3_000_000)  # 12 MB: three 4 MB chunks
    seen: list[int] = []
    counting = csv_reader.count_records

    def count(p: Path, deadline: object = None, stop: threading.Event | None = None) -> object:
        assert stop is not None and stop.wait(5)  # set by the failed read
        seen.append(1)
        return counting(p, None, stop)

    def failing_read(*_args: object) -> str:
        raise duckdb.IOException("disk gone")

    monkeypatch.setattr(csv_reader, "count_records", count)
    monkeypatch.setattr(csv_reader, "_duckdb_read_csv", failing_read)
    con = duckdb.connect()
    try:
        with pytest.raises(duckdb.IOException, match="disk gone"):
            csv_reader.read_csv(con, path, "raw_0", "big.csv", limits.Deadline(60))
    finally:
        con.close()
    assert seen == [1]
    event = threading.Event()
    event.set()
    assert counting(path, None, event) == (0, False)  # gives up at once


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        (b"Date of interview,Role\r\n2024-01-02,Analyst\r2024-01-03,Nurse\r\n", 2),  # one lone \r
        (b"Date of interview,Role\r2024-01-02,Analyst\r2024-01-03,Nurse\r", 2),  # old Mac: \r only
        (b"Date of interview,Role\n2024-01-02,Analyst\r\n2024-01-03,Nurse\r2024-01-04,Cook\n", 3),
    ],
)
def test_carriage_returns_as_line_ends_do_not_fail_the_file(
    tmp_path: Path, content: bytes, rows: int
) -> None:
    """DuckDB's parser gives up on a stray carriage return; the exact reader takes over
    and, like a spreadsheet, reads a lone \\r as a line end."""
    path = tmp_path / "cr.csv"
    path.write_bytes(content)
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (rows, rows, 0)


def test_a_salary_too_large_for_any_number_type_is_a_warning_not_a_failed_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pay.csv"
    path.write_text(
        "Date of interview,Role,Expected salary,Currency\n"
        "2024-01-02,Analyst,99999999999999999999999999999999,\n"
        "2024-01-03,Nurse,100000000000000000000000000000000000000000,EUR\n"
        "2024-01-04,Cook,50000,EUR\n"
    )
    db = tmp_path / "w.duckdb"
    code, body, stderr = load(path, db)
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (3, 3, 0)
    stored = _rows(db, "SELECT role_title, comp_min, comp_raw FROM interviews ORDER BY source_row")
    reasons = {r[0] for r in _rows(db, "SELECT reason FROM load_warnings")}
    assert [(r[0], r[1]) for r in stored] == [("Analyst", None), ("Nurse", None), ("Cook", 50000)]
    assert stored[0][2] == "99999999999999999999999999999999"  # the text is kept
    assert "is too large to be a pay figure" in reasons
    assert any(r.startswith("is 1.08") and "e+41 USD a year, outside" in r for r in reasons)


def _sheet_xlsx(path: Path, sheet_rows: str, shared: list[str] | None = None) -> Path:
    """A minimal workbook whose sheet XML is given as written (rows not checked by a
    library, as a hostile file would have them)."""
    import zipfile

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook {ns} {rel}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            book.writestr("xl/sharedStrings.xml", f"<sst {ns}>{items}</sst>")
        header = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Date of interview</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Role</t></is></c></row>'
        )
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet {ns}><sheetData>{header}{sheet_rows}</sheetData></worksheet>",
        )
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_xlsx_rows_and_cells_with_broken_references_keep_every_value(tmp_path: Path) -> None:
    """Repeated or absurd row numbers and references without a column are read in order:
    no two rows share a number (each keeps its own reasons) and no value is dropped."""
    rows = (
        f'<row r="2">{_cell("A2", "2024-01-02")}{_cell("B2", "Analyst")}</row>'
        f'<row r="2">{_cell("A2", "notadate")}{_cell("B2", "Nurse")}</row>'
        f'<row r="99999999999999999999">{_cell("A9", "alsobad")}{_cell("B9", "Cook")}</row>'
        f'<row r="5">{_cell("1", "2024-01-05")}{_cell("2", "Pilot")}{_cell("2", "hidden")}</row>'
    )
    path = _sheet_xlsx(tmp_path / "refs.xlsx", rows)
    db = tmp_path / "w.duckdb"
    code, body, stderr = load(path, db)
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (4, 1, 3)
    rejected = _rows(
        db,
        "SELECT source_row, reasons, CAST(raw AS VARCHAR) FROM rejected_rows ORDER BY source_row",
    )
    assert [r[0] for r in rejected] == [3, 4, 5]
    assert "'notadate' is not a date" in rejected[0][1][0]
    assert "'alsobad' is not a date" in rejected[1][1][0]
    assert "hidden" in rejected[2][2]  # the third cell of row 5 is kept, not overwritten


def test_xlsx_date_serial_past_the_last_date_is_kept_as_a_number(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "dates.xlsx"))
    sheet = book.add_worksheet()
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Date of interview", "Role"])
    sheet.write_number(1, 0, 2958465.99999999, dated)
    sheet.write(1, 1, "Analyst")
    sheet.write_number(2, 0, 45293, dated)
    sheet.write(2, 1, "Nurse")
    book.close()
    code, body, stderr = load(tmp_path / "dates.xlsx", tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (2, 1, 1)


def test_an_xlsx_value_beyond_the_cell_limit_is_rejected_before_it_is_assembled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cell's text is counted as it streams: a 40 MB cell under a 1 MB limit (inline
    or shared) rejects its row without being built in memory."""
    big = "x" * (40 << 20)
    rows = (
        f'<row r="2">{_cell("A2", "2024-01-02")}{_cell("B2", big)}</row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>2024-01-03</t></is></c><c r="B3" t="s"><v>0</v></c></row>'
        f'<row r="4">{_cell("A4", "2024-01-04")}{_cell("B4", "Cook")}</row>'
    )
    path = _sheet_xlsx(tmp_path / "big.xlsx", rows, shared=[big])
    assert path.stat().st_size < 1 << 20
    code, body, stderr = load(path, tmp_path / "w.duckdb", INSIGHTS_MAX_CELL_MB="1")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (3, 1, 2)
    from etl import xlsx_reader

    monkeypatch.setenv("INSIGHTS_MAX_CELL_MB", "1")
    book = xlsx_reader.Workbook(path, "big.xlsx")
    try:
        values = [cells.get(1) for _n, cells in book.rows(None, None, 100)]
    finally:
        book.close()
    assert values[1:] == [xlsx_reader.TOO_LONG, xlsx_reader.TOO_LONG, "Cook"]


def test_a_json_document_nested_100000_deep_is_refused_before_it_is_built(
    tmp_path: Path,
) -> None:
    """ijson names every value by its path: 100,000 brackets took gigabytes. A document
    beyond 1,000 levels is refused in one line; a record deeper than 64 levels (within
    1,000) is rejected alone."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, body, stderr = load(deep, tmp_path / "w.duckdb")
    assert "deep.json: nests deeper than 1,000 levels" in _one_line_failure(code, body, stderr)
    some = tmp_path / "some.json"
    nested: object = "x"
    for _ in range(100):
        nested = [nested]
    records = [
        {"Date of interview": "2024-01-02", "Role": "Analyst"},
        {"Date of interview": "2024-01-03", "Role": "Nurse", "deep": nested},
    ]
    some.write_text(json.dumps(records))
    code, body, stderr = load(some, tmp_path / "w2.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (2, 1, 1)


def test_ndjson_naming_a_new_key_on_every_line_is_read_in_bounded_time(tmp_path: Path) -> None:
    """Each new key used to flush the rows and alter the table: quadratic in the keys.
    Beyond the column limit the file is refused by name."""
    path = tmp_path / "keys.ndjson"
    lines = [
        json.dumps({"Date of interview": "2024-01-02", "Role": "Analyst", f"k{i}": i})
        for i in range(600)
    ]
    path.write_text("\n".join(lines))
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"]) == (600, 600)
    code, body, stderr = load(path, tmp_path / "w2.duckdb", INSIGHTS_MAX_COLUMNS="300")
    assert "at most 300 are read" in _one_line_failure(code, body, stderr)


def test_control_characters_in_user_text_are_shown_not_sent_to_the_terminal(
    tmp_path: Path,
) -> None:
    name = "evil\x1b[31mred.csv"
    code, body, stderr = load(tmp_path / name, tmp_path / "w.duckdb")
    error = _one_line_failure(code, body, stderr)
    assert name in error  # the JSON keeps the name as it is
    assert "\x1b" not in stderr and "evil\\x1b[31mred.csv: file not found" in stderr


def test_the_summarys_rejected_sample_clips_long_values_the_warehouse_keeps_them(
    tmp_path: Path,
) -> None:
    """The sample travels to the Data page (and stays in its session): a 200,000-character
    note is cut there, never in rejected_rows."""
    from etl.load import SAMPLE_VALUE_CHARS, run_load

    path = tmp_path / "long.csv"
    note = "n" * 200_000
    path.write_text(f"Date of interview,Role,Notes\nnot a date,Analyst,{note}\n")
    db = tmp_path / "w.duckdb"
    summary = run_load([path], db=db)
    (sample,) = summary.rejected_sample
    shown = sample["raw"]["Notes"]
    assert shown.startswith("n" * SAMPLE_VALUE_CHARS) and shown.endswith("(200,000 characters)")
    assert _rows(db, "SELECT raw->>'Notes' FROM rejected_rows") == [(note,)]


def test_an_xlsx_header_beyond_the_cell_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    import zipfile

    path = _sheet_xlsx(tmp_path / "head.xlsx", "")
    with zipfile.ZipFile(path) as book:
        parts = {n: book.read(n) for n in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(b"Role", b"R" * (2 << 20))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for n, data in parts.items():
            book.writestr(n, sheet if n == "xl/worksheets/sheet1.xml" else data)
    code, body, stderr = load(path, tmp_path / "w.duckdb", INSIGHTS_MAX_CELL_MB="1")
    error = _one_line_failure(code, body, stderr)
    assert error == "head.xlsx: a header cell in row 1 is longer than 1 MB (INSIGHTS_MAX_CELL_MB)"


def test_a_title_or_city_of_many_megabytes_loads_as_text_without_a_match(
    tmp_path: Path,
) -> None:
    """Every role keyword was looked for in the title and every word of a city was split
    and capitalised: a 20 MB cell took half a minute or ran out of memory. Such a text
    is kept as written, with no role family match and no city."""
    words = ("ab cd " * (4 << 20))[: 20 << 20]
    path = tmp_path / "long.csv"
    with open(path, "w") as handle:
        handle.write("Date of interview,Role,City\n2024-01-02,Data Analyst,Amsterdam\n")
        handle.write(f"2024-01-03,{words},{words}\n")
    db = tmp_path / "w.duckdb"
    code, body, stderr = load(path, db)
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"]) == (2, 2)
    stored = _rows(
        db, "SELECT role_family, city, length(city_raw) FROM interviews ORDER BY source_row"
    )
    assert stored[1] == ("Other", None, len(words))
    assert stored[0][1] == "Amsterdam"


def test_the_memory_limit_ends_a_load_with_a_message_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    with open(path, "w") as handle:
        handle.write("Date of interview,Role,Notes\n2024-01-02,Analyst,a\n")
        handle.write("2024-01-03,Nurse," + "x" * (24 << 20) + "\n")
    code, body, stderr = load(path, tmp_path / "w.duckdb", INSIGHTS_ETL_MEMORY="20MB")
    error = _one_line_failure(code, body, stderr)
    assert error.startswith("notes.csv: the load needs more memory than its limit of 20MB")


def test_a_stray_quote_in_an_unquoted_value_does_not_split_a_later_multiline_record(
    tmp_path: Path,
) -> None:
    """The quotes are odd in number (12" pizza), but every quoted value closes: nothing
    is unterminated and the last record stays one row."""
    path = tmp_path / "inches.csv"
    path.write_text(
        'Date of interview,Role,Notes\n2024-01-02,Analyst,12" pizza\n'
        '2024-01-03\n2024-01-04,Nurse,"multi\nline\nmore"\n'
    )
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["inserted"], body["rejected"]) == (3, 2, 1)


def test_cp1252_bytes_late_in_a_file_with_a_stray_carriage_return(tmp_path: Path) -> None:
    """DuckDB gives up on the \\r before it reaches the cp1252 bytes: the exact reader
    must read a transcoded copy, not the file as UTF-8."""
    path = tmp_path / "cp.csv"
    head = "Date of interview,Role\r\n2024-01-02,Analyst\r2024-01-03,Nurse\r\n"
    filler = "".join(f"2024-02-{1 + i % 28:02d},Analyst {i}\r\n" for i in range(60_000))
    path.write_bytes((head + filler).encode() + "2024-03-01,Caf\u00e9 owner\r\n".encode("cp1252"))
    code, body, stderr = load(path, tmp_path / "w.duckdb")
    assert code == 0, stderr
    assert (body["rows_read"], body["rejected"]) == (60_003, 0)


def test_a_large_pay_figure_without_a_rate_is_kept_as_before(tmp_path: Path) -> None:
    """Figures that loaded before the overflow fix keep their value (and so their hash)."""
    path = tmp_path / "pay.csv"
    path.write_text(
        "Date of interview,Role,Expected salary,Currency\n2024-01-02,Analyst,2000000000000,XYZ\n"
    )
    db = tmp_path / "w.duckdb"
    assert load(path, db)[0] == 0
    assert _rows(db, "SELECT comp_min FROM interviews") == [(2e12,)]
