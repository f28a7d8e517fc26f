"""Open every insight page through the navigation, apply a filter, screenshot each page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = ("Overview", "Compensation", "Work conditions", "Culture", "Candidate questions")


def test_every_insight_page_through_navigation(page, open_app, wait_for_app, screenshot) -> None:  # type: ignore[no-untyped-def]
    open_app()
    nav = page.get_by_test_id("stSidebarNav")
    for title in PAGES:
        nav.get_by_role("link", name=title).click()
        wait_for_app(page)
        screenshot(page, f"insights-{title.lower().replace(' ', '_')}")
        assert page.locator("h1").filter(has_text=title).first.is_visible()
        assert page.get_by_test_id("stException").count() == 0
        assert page.locator(".js-plotly-plot").count() >= 1, f"no chart on {title}"
        screenshot(page, f"insights-{title.lower().replace(' ', '_')}")


def test_filter_is_applied_and_mirrored_in_the_url(
    page, open_app, wait_for_app, screenshot
) -> None:  # type: ignore[no-untyped-def]
    open_app()
    sidebar = page.get_by_test_id("stSidebar")
    box = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Seniority")
    box.locator("input").click()
    page.get_by_role("option", name="Senior", exact=True).first.click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    assert re.search(r"[?&]seniority=senior\b", page.url)
    nav = page.get_by_test_id("stSidebarNav")
    for title in PAGES:
        nav.get_by_role("link", name=title).click()
        wait_for_app(page)
        assert "seniority=senior" in page.url, f"filter lost on {title}"
        assert page.get_by_test_id("stException").count() == 0
        assert page.locator(".js-plotly-plot").count() >= 1
        screenshot(page, f"filtered-{title.lower().replace(' ', '_')}")


def test_copied_link_reproduces_the_view(page, app_url, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app_url}/compensation?seniority=senior&country=ZZZ&format=carrier_pigeon")
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("Ignored", exact=False).first.is_visible()
    assert "seniority=senior" in page.url
    assert "carrier_pigeon" not in page.url
