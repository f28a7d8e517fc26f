"""A link straight to a page goes through dashboard.py: sign-in, role gate and filters apply.

Links are opened in a fresh browser (a new context: no cookies, no session). In demo mode
a link to a page the role may not see switches to a role that may, and says so; signed
in, the link opens after the sign-in, or says the role may not see it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from insights.access import Principal, Role  # noqa: E402
from insights.pool import PoolIndex, fetch_pool
from insights.pool_filters import PoolFilters
from insights.state import accounts, open_state
from tests.browser.conftest import serve_app
from tests.browser.pool_helpers import settle

RECRUITER = Principal("tests", Role.RECRUITER)

pytestmark = pytest.mark.browser


def test_deep_link_to_an_insight_page_keeps_the_shell_and_its_filters(
    page, open_app, wait_for_app
) -> None:  # type: ignore[no-untyped-def]
    open_app("compensation?seniority=senior")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    assert page.locator("h1").filter(has_text="Compensation").first.is_visible()
    assert sidebar.get_by_text("Viewing as").first.is_visible()
    assert (
        sidebar.get_by_test_id("stMultiSelect")
        .filter(has_text="Seniority")
        .filter(has_text="Senior")
        .count()
        == 1
    )
    assert "seniority=senior" in page.url


@pytest.fixture(scope="module")
def counts(demo_db: Path) -> Iterator[PoolIndex]:
    con = duckdb.connect(str(demo_db), read_only=True)
    index = PoolIndex.build(RECRUITER, con)
    yield index
    index.close()
    con.close()


def fresh(browser, url: str):  # type: ignore[no-untyped-def]
    """A page in a brand-new browser context (what a colleague opening the link gets)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route(
        re.compile(r"^https?://"),
        lambda route: (
            route.continue_()
            if re.match(r"^https?://(127\.0\.0\.1|localhost)", route.request.url)
            else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settle(page, 1500)
    return page


def test_a_share_link_opens_the_pool_with_its_filters_in_a_fresh_browser(
    browser, app_url, counts, screenshot
) -> None:  # type: ignore[no-untyped-def]
    page = fresh(browser, f"{app_url}/talent_pool?pool_max_pay=90000&pool_text=SQL")
    main = page.get_by_test_id("stMain")
    assert main.locator("h1").first.inner_text() == "Talent pool"
    notice = main.get_by_text(re.compile("^Demo mode: this link opens Talent pool"))
    notice.wait_for()
    assert "Recruiter" in notice.inner_text()
    search = main.get_by_test_id("stTextInput").filter(has_text="Search").locator("input")
    assert search.input_value() == "SQL"
    budget = main.get_by_test_id("stNumberInput").filter(has_text="Expected pay at most")
    assert budget.locator("input").input_value() == "90000"
    total = fetch_pool(RECRUITER, counts, PoolFilters(max_pay=90_000, text="SQL")).total
    assert total > 0
    main.get_by_text(re.compile(rf"^{total:,} candidates? match")).wait_for()
    assert "pool_max_pay=90000" in page.url and "pool_text=SQL" in page.url
    main.get_by_role("button", name="Share link").click()
    shared = page.get_by_test_id("stPopoverBody").locator("code").inner_text()
    assert shared == f"{app_url}/talent_pool?pool_text=SQL&pool_max_pay=90000"
    page.keyboard.press("Escape")
    screenshot(page, "share_link_fresh_browser")
    page.context.close()


def test_a_profile_link_opens_the_profile_in_a_fresh_browser(
    browser, app_url, counts, screenshot
) -> None:  # type: ignore[no-untyped-def]
    row = fetch_pool(RECRUITER, counts, PoolFilters(), page_size=1).rows.iloc[0]
    page = fresh(browser, f"{app_url}/candidate_profile?candidate={row['candidate_id']}")
    main = page.get_by_test_id("stMain")
    main.get_by_text(re.compile("^Demo mode: this link opens Candidate profile")).wait_for()
    assert main.locator("h1").first.inner_text() == row["full_name"]
    main.get_by_role("link", name="Back to the talent pool").wait_for()
    screenshot(page, "profile_link_fresh_browser")
    page.context.close()
    gone = fresh(browser, f"{app_url}/candidate_profile?candidate=c_not_a_candidate")
    gone.get_by_text("This candidate profile is not available.").wait_for()
    gone.context.close()


@pytest.fixture(scope="module")
def signed_in_app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo warehouse with a state store of its own holding two accounts."""
    base = tmp_path_factory.mktemp("signin-app")
    env = {"INSIGHTS_WORKSPACE": str(base / "state.duckdb"), "INSIGHTS_SECRET": "s" * 40}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        state = open_state(demo_db)
        for name, role in (("rita", "recruiter"), ("hanna", "hr")):
            accounts.add(state.store, state.secret, name, role, PASSWORD)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    with serve_app(demo_db, base, extra_env=env) as url:
        yield url


PASSWORD = "s3cret-password"


def sign_in(page, user: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("textbox", name="Username").fill(user)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_timeout(1000)
    settle(page, 1500)


def test_after_sign_in_a_link_opens_the_page_it_named(browser, signed_in_app, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = fresh(browser, f"{signed_in_app}/talent_pool?pool_text=SQL")
    assert page.get_by_role("button", name="Sign in").is_visible()
    assert page.get_by_test_id("stDataFrame").count() == 0
    sign_in(page, "rita")
    main = page.get_by_test_id("stMain")
    main.locator("h1").filter(has_text="Talent pool").wait_for()
    search = main.get_by_test_id("stTextInput").filter(has_text="Search").locator("input")
    assert search.input_value() == "SQL"
    assert "talent_pool" in page.url and "pool_text=SQL" in page.url
    screenshot(page, "link_after_sign_in")
    page.context.close()


def test_a_link_the_signed_in_role_may_not_see_says_so(browser, signed_in_app, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = fresh(browser, f"{signed_in_app}/talent_pool?pool_text=SQL")
    sign_in(page, "hanna")
    main = page.get_by_test_id("stMain")
    main.get_by_text(re.compile("Talent pool is for Recruiter")).wait_for()
    assert main.locator("h1").first.inner_text() == "Talent pool"
    assert page.get_by_test_id("stDataFrame").count() == 0
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_role("link", name="Talent pool").count() == 0  # not in her menu
    screenshot(page, "link_role_may_not_see")
    page.context.close()
