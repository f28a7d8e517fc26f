"""AppTest of the Data page: renders on demo / empty warehouses, history and rejected rows
come from load_runs / rejected_rows, viewers cannot open it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from insights import ingest
from tests.apptest_support import open_page

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")


def _texts(at) -> str:  # type: ignore[no-untyped-def]
    kinds = ("info", "warning", "error", "caption", "markdown", "success")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


@pytest.mark.parametrize("which", ["demo_db", "empty_db"])
def test_renders(
    which: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(request.getfixturevalue(which)))
    at = open_page(APP, "views/data.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Data"
    assert "Upload one or more exports" in _texts(at)


def test_quality_lists_runs_rejects_and_warnings(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_db, db)
    bad = b"Date of interview,Role,Fit score\n,Analyst,3\n2024-02-02,Analyst,9\n2024-02-03,Designer,4\n"
    summary = ingest.run_uploads(
        [ingest.Upload("feb.csv", bad)], ingest.resolve_profile(None), dry=False, db=str(db)
    )
    assert (summary.rejected, summary.warnings) == (1, 1)
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    at = open_page(APP, "views/data.py")
    assert not at.exception, [e.value for e in at.exception]
    frames = [df.value for df in at.dataframe]
    history = next(f for f in frames if "run_id" in f.columns)
    assert list(history["run_id"]) == [2, 1]
    assert history.iloc[0]["files"] == "feb.csv"
    assert list(history.iloc[0][["rows_read", "inserted", "rejected", "warnings"]]) == [3, 2, 1, 1]
    rejected = next(f for f in frames if "reasons" in f.columns)
    assert rejected.iloc[0]["file"] == "feb.csv" and rejected.iloc[0]["row"] == 2
    warnings = next(f for f in frames if "most_common_reason" in f.columns)
    assert warnings.iloc[0]["field"] == "fit_score"
    assert at.get("download_button"), "rejected rows are downloadable"
