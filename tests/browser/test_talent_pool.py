"""Browser: a recruiter works the talent pool of the demo warehouse in Chromium.

The table fits the window with the sort key in view; a selection spans pages and lands on a
new shortlist, and is cleared; the shortlist is worked (stage and note edited in place,
renamed, a member removed, exported, deleted); exports download typed and read back equal
to the library's for the same filters.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from insights import exports, workspace
from insights.pool import PoolIndex, fetch_pool
from insights.pool.export import build_export
from insights.pool_filters import PoolFilters
from insights.ui.pool.shortlists import editor_widths
from tests.browser.conftest import SCREENSHOTS, serve_app
from tests.browser.pool_helpers import (
    cell_point,
    click_row_box,
    download,
    edit_cell,
    fits_without_scrolling,
    grid_headers,
    grid_rows,
    pick,
    settle,
)

pytestmark = pytest.mark.browser

DEFAULT_HEADERS = [
    "Name",
    "Current role",
    "Location",
    "Expected pay",
    "USD/yr",
    "Available",
    "Fit ↓",
    "Interest",
    "Status",
    "Last interview",
]


@pytest.fixture(scope="module")
def pool_app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """This module's own app on a copy of the demo warehouse, with a workspace of its own."""
    base = tmp_path_factory.mktemp("pool-app")
    db = base / "warehouse.duckdb"
    shutil.copy(demo_db, db)
    ws = base / "workspace.duckdb"
    with serve_app(db, base, env={"INSIGHTS_WORKSPACE": str(ws)}) as url:
        yield url, ws


@pytest.fixture(scope="module")
def index(pool_app: tuple[str, Path]) -> Iterator[PoolIndex]:
    db = Path(pool_app[1]).parent / "warehouse.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    built = PoolIndex.build(con)
    yield built
    built.close()
    con.close()


def until(page, act, check, *, attempts: int = 3, wait: float = 8.0) -> None:  # type: ignore[no-untyped-def]
    """Do ``act`` until ``check`` holds: an edit made while a rerun redraws the grid is lost,
    so it is redone (only after ``wait`` seconds without effect)."""
    for _ in range(attempts):
        act()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                if check():
                    return
            except (IndexError, StopIteration):  # the grid is being redrawn
                pass
            page.wait_for_timeout(250)
        settle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "talent_pool_until_failed.png"), full_page=True)
    raise AssertionError("the change did not take effect")


def open_pool(page, url: str, path: str = "talent_pool") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/{path}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settle(page, 1200)


def test_table_fits_and_a_selection_spans_pages_onto_a_new_shortlist(
    page, pool_app, index, screenshot
) -> None:  # type: ignore[no-untyped-def]
    url, ws = pool_app
    open_pool(page, url)
    main = page.get_by_test_id("stMain")
    main.get_by_text(re.compile("Demo mode: this link opens")).wait_for()
    total = fetch_pool(index, PoolFilters()).total
    main.get_by_text(re.compile(rf"^{total:,} candidates match · sorted by Fit")).wait_for()
    main.get_by_text(re.compile(r"^By status: New [\d,]+ · Pre-screened")).wait_for()
    grid = main.get_by_test_id("stDataFrame").first
    assert grid_headers(grid)[-len(DEFAULT_HEADERS) :] == DEFAULT_HEADERS
    assert fits_without_scrolling(grid), "the default columns fit a 1440px window"
    screenshot(page, "talent_pool")

    first_page = grid_rows(grid)
    click_row_box(page, grid, 0)
    settle(page)
    main.get_by_text("1 selected").wait_for()
    main.get_by_role("button", name="Page 2").click()
    settle(page)
    main.get_by_text(re.compile("showing 51–100")).wait_for()
    grid = main.get_by_test_id("stDataFrame").first
    second_page = grid_rows(grid)
    click_row_box(page, grid, 1)
    settle(page)
    main.get_by_text("2 selected").wait_for()
    main.get_by_text("(1 on other pages)").wait_for()
    screenshot(page, "talent_pool_selected_across_pages")

    main.get_by_role("button", name="Add to shortlist").click()
    popover = page.get_by_test_id("stPopoverBody")
    pick(page, popover.get_by_test_id("stSelectbox"), "➕ New shortlist…")
    settle(page)
    name_box = popover.get_by_test_id("stTextInput").locator("input")
    name_box.fill("Browser picks")
    name_box.press("Enter")
    settle(page)
    popover.get_by_role("button", name="Add 2 to shortlist").click()
    settle(page)
    main.get_by_text("Added 2 to “Browser picks”").wait_for()
    main.get_by_text("Tick rows to select.").wait_for()  # the selection is cleared
    found = workspace.find_shortlist(ws, "Browser picks")
    assert found is not None and found.size == 2 and found.owner == "demo recruiter"
    members = {m.candidate_id for m in workspace.shortlist_members(ws, found.shortlist_id)}
    listed = fetch_pool(index, PoolFilters(), page_size=50).rows
    page2 = fetch_pool(index, PoolFilters(), page=2, page_size=50).rows
    assert members == {listed["candidate_id"].iloc[0], page2["candidate_id"].iloc[1]}
    assert (
        first_page[0][1:2] == [listed["full_name"].iloc[0]]
        or listed["full_name"].iloc[0] in first_page[0]
    )
    assert page2["full_name"].iloc[1] in second_page[1]


def test_a_shortlist_is_worked_in_place_exported_and_deleted(
    page, pool_app, index, screenshot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    url, ws = pool_app
    made = workspace.create_shortlist(ws, "Lifecycle", actor="demo recruiter")
    rows = fetch_pool(index, PoolFilters(sort="name", descending=False), page_size=3).rows
    ids = list(rows["candidate_id"])
    workspace.add_to_shortlist(ws, made.shortlist_id, ids, actor="demo recruiter")
    open_pool(page, url)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Shortlists", exact=True).click()
    settle(page)
    pick(
        page, main.get_by_test_id("stSelectbox").first, "Lifecycle · 3 candidates · demo recruiter"
    )
    settle(page)
    main.get_by_text(re.compile("^3 candidates on “Lifecycle”")).wait_for()
    editor = main.get_by_test_id("stDataFrame").first
    headers = grid_headers(editor)
    stage_col, note_col = headers.index("Stage"), headers.index("Note")
    widths = editor_widths()
    assert len(widths) == len(headers)
    name_to_id = dict(zip(rows["full_name"], rows["candidate_id"], strict=True))
    order: list[str] = []

    def drawn() -> bool:  # the editor shows this list (not the one picked before)
        order[:] = [
            r[headers.index("Name")] for r in grid_rows(main.get_by_test_id("stDataFrame").first)
        ]
        return sorted(order) == sorted(name_to_id)

    until(page, lambda: None, drawn)

    def member(name: str) -> workspace.Member:
        found = workspace.shortlist_members(ws, made.shortlist_id)
        return next(m for m in found if m.candidate_id == name_to_id[name])

    def set_stage() -> None:
        edit_cell(page, main.get_by_test_id("stDataFrame").first, widths, 0, stage_col)
        page.get_by_role("option", name="Contacted", exact=True).click()

    def set_note() -> None:
        edit_cell(page, main.get_by_test_id("stDataFrame").first, widths, 1, note_col)
        page.keyboard.type("Call Tue 10:00", delay=30)  # as a person types: none is lost
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")

    until(page, set_stage, lambda: member(order[0]).stage == "contacted")
    until(page, set_note, lambda: member(order[1]).note == "Call Tue 10:00")
    assert member(order[0]).updated_by == "demo recruiter"
    until(
        page,
        lambda: None,
        lambda: grid_rows(main.get_by_test_id("stDataFrame").first)[0][stage_col] == "Contacted",
    )
    screenshot(page, "shortlist_edited")

    main.get_by_role("button", name="Rename").click()
    popover = page.get_by_test_id("stPopoverBody")
    popover.get_by_test_id("stTextInput").locator("input").fill("Lifecycle Q3")
    popover.get_by_test_id("stTextInput").locator("input").press("Enter")
    settle(page)
    popover.get_by_role("button", name="Save name").click()
    settle(page)
    main.get_by_text("Renamed to “Lifecycle Q3”").wait_for()

    target = download(page, main.get_by_role("button", name="Download CSV"), tmp_path / "list.csv")
    table = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    header = table[0]
    body = {r[header.index("Name")]: dict(zip(header, r, strict=True)) for r in table[1:]}
    assert header[0] == "Shortlist" and {"Stage", "Note", "Added by", "Added on"} <= set(header)
    assert body[order[0]]["Stage"] == "Contacted" and body[order[1]]["Note"] == "Call Tue 10:00"
    assert {r["Shortlist"] for r in body.values()} == {"Lifecycle Q3"}

    page.keyboard.press("Escape")  # close any popover left open
    settle(page)
    until(  # a click on the ✓ box ticks it
        page,
        lambda: page.mouse.click(
            *cell_point(main.get_by_test_id("stDataFrame").first, widths, 2, 0)
        ),
        lambda: main.get_by_text("1 ticked").count() > 0,
    )
    screenshot(page, "shortlist_ticked")
    main.get_by_text("1 ticked").wait_for()
    main.get_by_role("button", name="Remove 1 from this list").click()
    settle(page)
    main.get_by_text("Removed 1 from “Lifecycle Q3”").wait_for()
    assert workspace.find_shortlist(ws, "Lifecycle Q3").size == 2  # type: ignore[union-attr]

    main.get_by_role("button", name="Delete").click()
    page.get_by_test_id("stPopoverBody").get_by_role("button", name="Delete shortlist").click()
    settle(page)
    main.get_by_text("Deleted “Lifecycle Q3” (2 candidates)").wait_for()
    assert workspace.find_shortlist(ws, "Lifecycle Q3") is None
    screenshot(page, "shortlist_deleted")


def test_downloads_are_typed_and_equal_the_library_export(page, pool_app, index, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, _ = pool_app
    open_pool(
        page, url, "talent_pool?pool_skills_all=sql&pool_statuses=&pool_sort=name&pool_descending=0"
    )
    main = page.get_by_test_id("stMain")
    f = PoolFilters(skills_all=("sql",), statuses=(), sort="name", descending=False)
    want = build_export(index, f, overlay=workspace.empty_overlay())
    main.get_by_text(re.compile(rf"^{want.total:,} candidates match")).wait_for()
    csv_file = download(page, main.get_by_role("button", name="Download CSV"), tmp_path / "p.csv")
    rows = list(csv.reader(io.StringIO(csv_file.read_bytes().decode("utf-8-sig"), newline="")))
    expected = exports.rows_of(want.frame)
    assert rows == expected  # cell by cell
    phones = [r[rows[0].index("Phone")] for r in rows[1:] if r[rows[0].index("Phone")]]
    assert phones and all(re.fullmatch(r"\+\d{7,15}", p) for p in phones)  # E.164, no apostrophe
    xlsx_file = download(
        page, main.get_by_role("button", name="Download XLSX"), tmp_path / "p.xlsx"
    )
    sheet = openpyxl.load_workbook(xlsx_file).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == list(want.frame.columns)
    fit = values[0].index("Fit")
    assert all(isinstance(r[fit], int | float) for r in values[1:] if r[fit] is not None)
    available = values[0].index("Available from")
    assert any(r[available] is not None for r in values[1:])
    assert all(not isinstance(r[available], str) for r in values[1:])
    assert len(values) == len(rows)
