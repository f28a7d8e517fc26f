"""The Data page's import actions (insights.ingest) on warehouses built by the real ETL:
dry run counts, load publishes a new version, a bad file names its problem and publishes
nothing, uploads are staged privately and deleted, mappings edit and save as profiles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import warehouse
from insights import ingest
from insights.queries import quality
from tests.conftest import FIXTURE_DIR


def _upload(name: str, path: Path | None = None, data: bytes | None = None) -> ingest.Upload:
    return ingest.Upload(
        name, data if data is not None else Path(path or FIXTURE_DIR / name).read_bytes()
    )


def _count(db: Path, sql: str) -> int:
    con = warehouse.open_read_only(db)
    try:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


@pytest.fixture()
def db(fixture_db: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture warehouse (400 interviews, one load run)."""
    target = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_db, target)
    return target


def test_dry_run_counts_without_changing_anything(db: Path) -> None:
    before = warehouse.version(db)
    summary = ingest.run_uploads(
        [_upload("interviews.json")], ingest.resolve_profile(None), dry=True, db=str(db)
    )
    assert summary.status == "dry_run"
    assert summary.rows_read == 400
    assert summary.duplicates == 400  # the same rows as the CSV already loaded
    assert summary.inserted == summary.updated == summary.rejected == 0
    assert warehouse.version(db) == before


def test_load_publishes_a_new_version_with_original_names(db: Path, tmp_path: Path) -> None:
    csv = (FIXTURE_DIR / "interviews.csv").read_text(encoding="utf-8").splitlines()
    # Three new rows: a valid one (new date), one without a date (rejected), one bad rating.
    header, first = csv[0], csv[1]
    new = first.replace('"2024-06-06"', '"2025-01-15"', 1)
    no_date = first.replace('"2024-06-06"', '""', 1)
    data = "\n".join([header, new, no_date]).encode("utf-8")
    before = warehouse.version(db)
    summary = ingest.run_uploads(
        [_upload("march export.csv", data=data)],
        ingest.resolve_profile(None),
        dry=False,
        db=str(db),
        loaded_by="ana",
    )
    assert summary.status == "published"
    assert (summary.inserted, summary.rejected) == (1, 1)
    assert warehouse.version(db) != before
    con = warehouse.open_read_only(db)
    try:
        history = quality.load_history(con)
        assert history.iloc[0]["files"] == "march export.csv"
        assert history.iloc[0]["loaded_by"] == "ana"
        page = quality.rejected_page(con, int(history.iloc[0]["run_id"]), 1, 50)
        assert page.iloc[0]["file"] == "march export.csv"
        assert "interview_date" in page.iloc[0]["reasons"]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.xlsx", b"this is not a spreadsheet", "broken.xlsx: cannot be read as XLSX"),
        ("no_roles.csv", b"Date of interview,Colour\n2024-01-02,blue\n", "role_title"),
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("notes.txt", b"hello", "unsupported file type"),
    ],
)
def test_a_bad_file_names_the_problem_and_publishes_nothing(
    db: Path, name: str, data: bytes, message: str
) -> None:
    before = warehouse.version(db)
    runs = _count(db, "SELECT count(*) FROM load_runs")
    interviews = _count(db, "SELECT count(*) FROM interviews")
    with pytest.raises((ingest.LoadError, ingest.UploadError)) as caught:
        ingest.run_uploads(
            [_upload("interviews.csv"), ingest.Upload(name, data)],
            ingest.resolve_profile(None),
            dry=False,
            db=str(db),
        )
    assert message in str(caught.value)
    assert _count(db, "SELECT count(*) FROM interviews") == interviews
    if isinstance(caught.value, ingest.UploadError):  # refused before any load started
        assert warehouse.version(db) == before
        assert _count(db, "SELECT count(*) FROM load_runs") == runs
    else:  # the failed load is kept in the history, with its reason
        assert _count(db, "SELECT count(*) FROM load_runs WHERE status = 'failed'") == 1
        assert _count(db, "SELECT count(*) FROM load_runs") == runs + 1


def test_size_limit_is_checked_with_a_clear_message() -> None:
    big = ingest.Upload("big.csv", b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(ingest.UploadError, match=r"big.csv is 2.0 MB; the upload limit is 2 MB"):
        ingest.check([big], max_mb=2)


def test_uploads_are_private_and_deleted_afterwards() -> None:
    with ingest.stage([_upload("interviews.csv")]) as staged:
        folder = staged.paths[0].parent
        assert oct(folder.stat().st_mode & 0o777) == "0o700"
        assert oct(staged.paths[0].stat().st_mode & 0o777) == "0o600"
        assert staged.names == ("interviews.csv",)
    assert not folder.exists()
    with pytest.raises(RuntimeError), ingest.stage([_upload("interviews.csv")]) as staged:
        folder = staged.paths[0].parent
        raise RuntimeError("load crashed")
    assert not folder.exists()


def test_mapping_preview_edit_and_save(tmp_path: Path) -> None:
    headers = ["When", "Job", "Pay wish", "Country"]
    preview = ingest.preview(headers, ingest.resolve_profile(None), "form.csv")
    assert preview.missing_required == ("interview_date", "role_title")
    assert list(preview.frame["field"]) == [ingest.NOT_MAPPED] * 3 + ["country"]
    assert ingest.edited_profile(preview, list(preview.frame["field"])) is preview.profile
    with pytest.raises(ingest.ProfileError, match="interview_date, role_title"):
        ingest.edited_profile(preview, [ingest.NOT_MAPPED, ingest.NOT_MAPPED, "comp", "country"])
    fields = ["interview_date", "role_title", "comp", "country"]
    profile = ingest.edited_profile(preview, fields)
    assert profile.columns == {
        "interview_date": ["When"],
        "role_title": ["Job"],
        "comp": ["Pay wish"],
        "country": ["Country"],
    }
    path = ingest.save_as(profile, "Typeform 2025", directory=tmp_path)
    assert path.name == "typeform-2025.toml"
    assert 'interview_date = "When"' in path.read_text()
    with pytest.raises(ingest.ProfileError, match="already exists"):
        ingest.save_as(profile, "typeform 2025", directory=tmp_path)


def test_edited_mapping_loads_a_file_with_unknown_headers(tmp_path: Path) -> None:
    csv = tmp_path / "odd.csv"
    csv.write_text(
        "When,Job,Pay wish\n2024-03-01,Data Analyst,60k USD\n2024-03-02,Designer,70k USD\n"
    )
    preview = ingest.preview(["When", "Job", "Pay wish"], ingest.resolve_profile(None), "odd.csv")
    profile = ingest.edited_profile(preview, ["interview_date", "role_title", "comp"])
    db = tmp_path / "w.duckdb"
    summary = ingest.run_uploads([_upload("odd.csv", csv)], profile, dry=False, db=str(db))
    assert (summary.inserted, summary.rejected) == (2, 0)
    assert _count(db, "SELECT count(*) FROM interviews WHERE comp_mid_annual = 60000") == 1


def test_rejected_csv_is_formula_injection_safe(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    data = b'Date of interview,Role,Notes\n,=HYPERLINK("http://x"),+1 555\n'
    ingest.run_uploads(
        [ingest.Upload("evil.csv", data)], ingest.resolve_profile(None), dry=False, db=str(db)
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        text = quality.rejected_csv(con, 1, raw=True).decode("utf-8-sig")
        assert quality.rejected_count(con, 1) == 1
    finally:
        con.close()
    assert "'=HYPERLINK" in text and "'+1 555" in text
    assert ",=" not in text and ",+" not in text
    assert os.path.exists(db)
