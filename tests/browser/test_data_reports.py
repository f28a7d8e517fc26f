"""Browser: upload exports on the Data page (bad file -> specific error, nothing published;
good file -> dry run -> load), browse quality, build and download a report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.warehouse import version

pytestmark = pytest.mark.browser


def _uploader(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-testid="stFileUploaderDropzoneInput"]')


def test_upload_dry_run_and_load(  # type: ignore[no-untyped-def]
    page, open_app, wait_for_app, screenshot, app_db: Path, tmp_path: Path
) -> None:
    open_app()  # a fresh server must run dashboard.py once before deep links use st.navigation
    open_app("data")
    assert page.get_by_test_id("stException").count() == 0
    before = version(app_db)

    _uploader(page).set_input_files(
        files=[
            {
                "name": "broken.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": b"not a workbook",
            }
        ]
    )
    wait_for_app(page)
    # Its header row cannot be read, so the page says why and offers no load at all.
    error = page.get_by_test_id("stAlertContentError").first
    error.wait_for()
    assert "broken.xlsx" in error.inner_text()
    assert page.get_by_role("button", name="Load into the warehouse").count() == 0
    screenshot(page, "data-import-bad-file")
    assert version(app_db) == before, "a bad file publishes nothing"

    # A readable export whose rows all break a rule: the run publishes (with its rejected
    # rows kept) but adds no interview, so other tests' figures on the shared app hold.
    export = tmp_path / "week 48.csv"
    export.write_text(
        "Date of interview,Role,Expected salary\n"
        ",Data Analyst,70k USD\n"
        "not a date,Designer,80k USD\n"
        "2024-05-02,,90k USD\n",
        encoding="utf-8",
    )
    open_app("data")  # a new session: the uploader is empty again
    _uploader(page).set_input_files(str(export))
    wait_for_app(page)
    # The header preview runs in a child process: wait for it, not only for the rerun.
    page.get_by_text("How the columns map").wait_for(timeout=60_000)
    page.get_by_role("button", name="Dry run").click()
    wait_for_app(page)
    page.get_by_text("Duplicates").first.wait_for()
    metrics = page.get_by_test_id("stMetric").all_inner_texts()
    assert any("Rows read" in m and "3" in m for m in metrics), metrics
    assert any("Would be rejected" in m and "3" in m for m in metrics), metrics
    assert page.get_by_text("First rejected rows and why").is_visible()
    screenshot(page, "data-import-dry-run")
    assert version(app_db) == before, "a dry run publishes nothing"

    page.get_by_role("button", name="Load into the warehouse").click()
    page.get_by_text("published", exact=False).first.wait_for(timeout=120_000)
    wait_for_app(page)
    assert version(app_db) != before, "the load published a new version"
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "data-import-loaded")

    page.get_by_role("tab", name="Quality").click()
    wait_for_app(page)
    assert page.get_by_text("Load history").is_visible()
    assert page.get_by_role("button", name="Download all 3 rejected rows").count() == 1
    screenshot(page, "data-quality")


def test_reports_page_builds_a_pdf(
    page, open_app, wait_for_app, screenshot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_app()
    open_app("reports?seniority=senior")
    assert page.get_by_test_id("stException").count() == 0
    page.get_by_text("PDF (print, static charts)").click()
    page.get_by_role("button", name="Build the PDF report").click()
    button = page.get_by_role("button", name="Download interview-insights")
    button.wait_for(timeout=120_000)
    screenshot(page, "reports")
    with page.expect_download() as info:
        button.click()
    target = tmp_path / "report.pdf"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert os.path.getsize(target) > 50_000
