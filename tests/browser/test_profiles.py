"""Browser: candidate profiles read well and show data as text.

On the talent-pool warehouse (tests/pool/data): a profile with one interview (Ivan: pay in
INR) has a date axis, full figures and both referral directions as links; a profile whose
every field holds Markdown or HTML (Mallory) shows those characters, makes no outside
request and holds no outside link or image.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.browser.conftest import FONT_HOSTS, serve_app
from tests.browser.pool_helpers import settle

pytestmark = pytest.mark.browser
ZWSP = "\u200b"


@pytest.fixture(scope="module")
def pool_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.load import run_load

    data = Path(__file__).resolve().parents[1] / "pool" / "data" / "pool_interviews.csv"
    db = tmp_path_factory.mktemp("profiles-db") / "warehouse.duckdb"
    run_load([data], db=db, loaded_by="tests")
    return db


@pytest.fixture(scope="module")
def app(pool_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(pool_db, tmp_path_factory.mktemp("profiles-app")) as url:
        yield url


def candidate(db: Path, email: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return str(
            con.execute("SELECT candidate_id FROM candidates WHERE email = ?", [email]).fetchall()[
                0
            ][0]
        )
    finally:
        con.close()


def open_profile(page, app: str, cid: str, outside: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Open a profile, noting every request that leaves the app (the app's own icon font
    from Google's font host aside: it is not from the data, and conftest aborts it)."""

    def note(request) -> None:  # type: ignore[no-untyped-def]
        local = re.match(r"^(https?://(127\.0\.0\.1|localhost)|data:|blob:)", request.url)
        if not local and not FONT_HOSTS.match(request.url):
            outside.append(request.url)

    page.context.on("request", note)
    page.goto(f"{app}/candidate_profile?candidate={cid}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settle(page, 1500)
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        page.wait_for_timeout(600)


def test_one_interview_profile_reads_well(page, app, pool_db, screenshot) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    open_profile(page, app, candidate(pool_db, "ivan@example.com"), outside)
    main = page.get_by_test_id("stMain")
    assert main.locator("h1").first.inner_text() == "Ivan Rao"
    main.get_by_text(re.compile(r"INR 2,230,000 per year .* about USD [\d,]+ per year")).wait_for()
    # every figure fully visible: no metric value is cut
    values = main.get_by_test_id("stMetricValue")
    assert values.count() == 8
    cut = values.evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"
    )
    assert cut == []
    assert "Not checked" in values.all_inner_texts()
    # the timeline's axis shows dates, never times of day
    ticks = main.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and all(re.fullmatch(r"\d{2} [A-Z][a-z]{2} \d{4}", t) for t in ticks), ticks
    assert not any(":" in t for t in ticks)
    screenshot(page, "profile_one_interview")
    # referrals both ways are links: Ivan <- Gia, and from Gia's profile back to Ivan
    main.get_by_role("link", name="Referred by Gia Rossi").click()
    settle(page, 1500)
    assert main.locator("h1").first.inner_text() == "Gia Rossi"
    assert "candidate=" in page.url
    main.get_by_role("link", name="Ivan Rao").wait_for()
    main.get_by_text("Referred by another candidate whose profile is not available.").wait_for()
    screenshot(page, "profile_referrals")
    assert outside == []


def test_markdown_and_html_from_the_data_stay_text(page, app, pool_db, screenshot) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    open_profile(page, app, candidate(pool_db, "mallory@example.com"), outside)
    main = page.get_by_test_id("stMain")
    shown = main.inner_text().replace(ZWSP, "")
    assert (
        main.locator("h1").first.inner_text().replace(ZWSP, "") == "![x](http://evil.example/p.png)"
    )
    for text in (
        "[Session expired: sign in](http://evil.example/login)",
        ":red[ALERT] **bold**",
        "![s](http://evil.example/s.png), <img src=http://evil.example/i.png>",
        "[click](http://evil.example) ![n](http://evil.example/n.png) $x$ :material/home:",
        "<script>alert(1)</script> [q](http://evil.example)",
    ):
        assert text in shown, text
    links = main.locator("a").evaluate_all("els => els.map(a => a.href)")
    outward = [h for h in links if not re.match(r"^(http://127\.0\.0\.1:\d+/|mailto:mallory@)", h)]
    assert outward == []
    images = page.locator("img").evaluate_all("els => els.map(i => i.src)")
    assert not [s for s in images if "evil" in s]
    assert main.locator("script").count() == 0
    assert outside == []
    screenshot(page, "profile_hostile_text")
