"""The real export (../shared/realdata, hundreds of cities, free text) in Chromium at
1440x1000: no chart clips its tick labels, no axis lists more than 30 categories, and no
insight page is taller than 9,000 px."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import serve_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("real_export")]

PAGES = ("", "compensation", "work_conditions", "culture", "candidate_questions")
MAX_HEIGHT = 9_000
MAX_CATEGORIES = 30

# Per chart: the number of categories on each axis, and every tick label that reaches
# outside the chart's own SVG (a clipped label).
_CHARTS_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const axes = Object.keys(gd._fullLayout).filter(k => /^[xy]axis\\d*$/.test(k)).map(k => {
    const ax = gd._fullLayout[k];
    const n = ax.type === 'category' ? (ax._categories || []).length
            : (Array.isArray(ax.tickvals) ? ax.tickvals.length : 0);
    return {axis: k, type: ax.type, categories: n};
  });
  const clipped = [...gd.querySelectorAll('.xtick text, .ytick text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < svg.left - 1 || r.right > svg.right + 1 ||
                           r.top < svg.top - 1 || r.bottom > svg.bottom + 1);
  }).map(t => t.textContent);
  return {title: (gd._fullLayout.title || {}).text || '', axes, clipped};
})
"""


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.load import run_load
    from tests.conftest import REALDATA

    if not REALDATA.exists():
        pytest.skip(f"real export not found at {REALDATA} (the shared/realdata folder is absent)")
    realdata = REALDATA
    db = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    summary = run_load([realdata], profile="ask-a-manager-2023", db=db, loaded_by="tests")
    assert summary.status == "published"
    return db


@pytest.fixture(scope="module")
def real_url(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(real_db, tmp_path_factory.mktemp("real-app")) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_insight_pages_read_well_on_the_real_export(
    page,  # type: ignore[no-untyped-def]
    real_url: str,
    path: str,
    wait_for_app: Callable[..., None],
    screenshot: Callable[..., Path],
) -> None:
    page.goto(f"{real_url}/{path}")
    wait_for_app(page, timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        '\'[data-testid="stMain"], [data-testid="stMainBlockContainer"]\')]'
        ".map(e => e.scrollHeight))"
    )
    screenshot(page, f"real_{path or 'overview'}")
    assert height <= MAX_HEIGHT, f"{path or 'overview'} is {height} px tall"
    charts = page.evaluate(_CHARTS_JS)
    if path in ("compensation", "work_conditions"):  # the export has no culture or questions
        assert charts, "insight pages draw charts"
    for chart in charts:
        for axis in chart["axes"]:
            assert axis["categories"] <= MAX_CATEGORIES, (chart["title"], axis)
        assert not chart["clipped"], (chart["title"], chart["clipped"][:5])
