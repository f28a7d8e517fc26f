"""Sign-in in a real browser: through a local OpenID Connect provider (oidc-provider-mock)
with the role from the state store, and with a built-in account; a deep link opens its
page after sign-in; a page the role may not use says so."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread

from insights.state import accounts, open_state
from tests.browser.conftest import free_port, serve_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("sign_in")]
PASSWORD = "browser test password"


@pytest.fixture
def app_with_accounts(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, str]]:
    """The demo warehouse with a state store of its own: a recruiter with a password and
    an HR user who signs in through OIDC."""
    env = {
        "INSIGHTS_WORKSPACE": str(tmp_path / "state.duckdb"),
        "INSIGHTS_SECRET": secrets.token_hex(24),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    state = open_state(demo_db)
    accounts.add(state.store, state.secret, "rita", "recruiter", PASSWORD)
    accounts.add(state.store, state.secret, "ana@example.com", "hr", None)
    return demo_db, env


def test_built_in_account_and_deep_link(
    page,  # type: ignore[no-untyped-def]
    app_with_accounts: tuple[Path, dict[str, str]],
    tmp_path: Path,
    wait_for_app: Callable[..., None],
    screenshot: Callable[..., Path],
) -> None:
    db, env = app_with_accounts
    with serve_app(db, tmp_path / "app", env=env) as url:
        page.goto(f"{url}/talent_pool")
        page.get_by_label("Username").wait_for()
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
        screenshot(page, "sign_in_form")
        page.get_by_label("Username").fill("rita")
        page.get_by_label("Password", exact=True).fill("wrong password!")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Unknown username or wrong password").wait_for()
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Talent pool").wait_for(timeout=60_000)
        assert "/talent_pool" in page.url
        # a new tab (a new session) signs in again, then lands on the page it named
        page.goto(f"{url}/accounts")
        page.get_by_label("Username").fill("rita")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Accounts is for").wait_for(timeout=60_000)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_label("Username").wait_for()


def test_openid_connect_sign_in(
    page,  # type: ignore[no-untyped-def]
    app_with_accounts: tuple[Path, dict[str, str]],
    tmp_path: Path,
    wait_for_app: Callable[..., None],
    screenshot: Callable[..., Path],
) -> None:
    db, env = app_with_accounts
    port = free_port()
    user = User(sub="ana@example.com", claims={"email": "ana@example.com"})
    with run_server_in_thread(user_claims=[user]) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        home = tmp_path / "app" / "home" / ".streamlit"
        home.mkdir(parents=True)
        (home / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "insights-tests"\n'
            'client_secret = "not-a-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        )
        with serve_app(db, tmp_path / "app", port=port, env=env, host="localhost") as url:
            page.goto(f"{url}/compensation?seniority=senior")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("button", name="ana@example.com").click(timeout=30_000)
            page.get_by_role("heading", name="Compensation").wait_for(timeout=60_000)
            wait_for_app(page, timeout=60_000)
            page.get_by_text("Signed in as ana@example.com").wait_for()
            screenshot(page, "signed_in_oidc")
            assert "/compensation" in page.url
