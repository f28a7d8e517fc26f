"""Helpers of the talent-pool browser tests: read Streamlit's data grids through their
accessibility table (the cells are drawn on a canvas), click and edit cells by keyboard,
wait for reruns, pick options, download files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

CHROMIUM_ROW = 35  # px: header and row height of Streamlit's data grid


def settle(page: Any, ms: int = 500) -> None:
    """Wait for the script run a click or an edit started to finish."""
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(ms)


def grid_headers(grid: Any) -> list[str]:
    grid.locator("[role=columnheader]").first.wait_for(state="attached", timeout=30_000)
    return [t.strip() for t in grid.locator("[role=columnheader]").all_inner_texts()]


def grid_rows(grid: Any) -> list[list[str]]:
    """The cells of the visible rows, as text, row by row (column 0 first)."""
    grid.locator("[id^=glide-cell-]").first.wait_for(state="attached", timeout=30_000)
    cells = grid.evaluate(
        "g => [...g.querySelectorAll('[id^=glide-cell-]')].map(c => [c.id, c.textContent])"
    )
    rows: dict[int, dict[int, str]] = {}
    for ident, text in cells:
        col, row = (int(x) for x in re.findall(r"-(\d+)", ident)[-2:])
        rows.setdefault(row, {})[col] = text
    return [[r[c] for c in sorted(r)] for _, r in sorted(rows.items())]


def fits_without_scrolling(grid: Any) -> bool:
    """True when every column is within the grid's width (no horizontal scroll)."""
    return bool(
        grid.evaluate(
            "g => { const s = g.querySelector('.dvn-scroller'); "
            "return !s || s.scrollWidth <= s.clientWidth + 1; }"
        )
    )


def click_row_box(page: Any, grid: Any, row: int) -> None:
    """Tick a row's selection box (row 0 = first data row)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + CHROMIUM_ROW * (row + 1) + 17)


def focus_cell(page: Any, grid: Any, row: int, col: int, *, first_col: int = 1) -> None:
    """Select a cell by clicking the row's cell in ``first_col`` and moving with arrows."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    x = 20 if first_col == 0 else 100  # inside a narrow first column, or the one after it
    page.mouse.click(box["x"] + x, box["y"] + CHROMIUM_ROW * (row + 1) + 17)
    page.wait_for_timeout(300)  # the grid takes the focus
    for _ in range(col - first_col):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(60)


def pick(page: Any, box: Any, name: str) -> None:
    """Open a select box or multiselect and pick an option (retried: a rerun in flight can
    close the drop-down before the click lands)."""
    for _ in range(3):
        box.click()
        option = page.get_by_role("option", name=name, exact=True)
        try:
            option.wait_for(timeout=5000)
            option.click()
            return
        except Exception:  # noqa: S112 - retried; the last attempt below fails loudly
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
    box.click()
    page.get_by_role("option", name=name, exact=True).click()


def download(page: Any, button: Any, target: Path) -> Path:
    with page.expect_download() as info:
        button.click()
    info.value.save_as(target)
    return target


def cell_point(grid: Any, widths: list[int], row: int, col: int) -> tuple[float, float]:
    """The centre of a cell of a grid whose columns have these pixel widths."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    x = box["x"] + sum(widths[:col]) + widths[col] / 2
    return x, box["y"] + CHROMIUM_ROW * (row + 1) + CHROMIUM_ROW / 2


def edit_cell(page: Any, grid: Any, widths: list[int], row: int, col: int) -> None:
    """Open a cell's editor: select it with a click, then Enter (retried until the grid
    shows an editor: a click during a rerun is lost)."""
    for _ in range(4):
        page.mouse.click(*cell_point(grid, widths, row, col))
        page.wait_for_timeout(400)
        page.keyboard.press("Enter")
        page.wait_for_timeout(600)
        opened = page.locator("#portal [role=option], #portal textarea, #portal input")
        if opened.count():
            return
        page.keyboard.press("Escape")
        settle(page)
    raise AssertionError(f"no editor opened on cell {row}, {col}")
