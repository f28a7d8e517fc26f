"""A link straight to a page goes through dashboard.py: sign-in, role gate and filters apply."""

from __future__ import annotations

import pytest

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


def test_deep_link_to_the_talent_pool_switches_the_demo_role_and_says_so(
    page, open_app, wait_for_app
) -> None:  # type: ignore[no-untyped-def]
    """Demo mode (HR by default): a link to the talent pool opens it as a recruiter, with a
    notice; the menu then shows the recruiter's pages."""
    open_app("talent_pool")
    wait_for_app(page)
    page.get_by_text("Demo mode: switched to Recruiter to open Talent pool").wait_for()
    assert page.locator("h1").filter(has_text="Talent pool").count() == 1
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_role("link", name="Talent pool").count() == 1
