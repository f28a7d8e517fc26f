"""Access: the menu and every page by role, sign-in with built-in accounts (labels,
lockout, equal work, expiry), the read side refusing lesser roles, audit entries for
sign-ins, and text from URLs shown as text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights import admin, catalog
from insights import report as reports
from insights.access import SYSTEM, AccessDenied, Principal, Role
from insights.filters import Filters
from insights.reader import open_reader
from insights.state import accounts, audit, open_state
from insights.ui import navigation
from tests import apptest_support as support

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
ALL_PAGES = [e for entries in navigation.SECTIONS.values() for e in entries]
PASSWORD = "a long enough password"


@pytest.fixture
def signed_db(pages_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo warehouse with accounts of every role in a state store of its own."""
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    monkeypatch.setenv("INSIGHTS_SECRET", "x" * 40)
    state = open_state()
    for role in Role:
        accounts.add(state.store, state.secret, f"{role.value}1", role.value, PASSWORD)
    return pages_db


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key=None) if False else None
    username = next(t for t in at.text_input if t.label == "Username")
    secret = next(t for t in at.text_input if t.label == "Password")
    username.input(name)
    secret.input(password)
    next(b for b in at.get("button") if b.label == "Sign in").click()
    at.run()
    return at


def text_of(at: AppTest) -> str:
    kinds = ("info", "warning", "error", "caption", "markdown", "title", "success")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


@pytest.mark.parametrize("role", list(Role))
def test_the_menu_shows_what_the_role_may_use(role: Role) -> None:
    menu = navigation.menu(role)
    titles = {t for section in menu.values() for t in section}
    assert {
        "Overview",
        "Compensation",
        "Work conditions",
        "Culture",
        "Candidate questions",
    } <= titles
    assert ("Talent pool" in titles) is (role in (Role.RECRUITER, Role.ADMIN))
    assert ("Data" in titles) is (role is not Role.VIEWER)
    assert ("Reports" in titles) is (role is not Role.VIEWER)
    assert ("Accounts" in titles) is (role is Role.ADMIN)
    assert ("Audit trail" in titles) is (role is Role.ADMIN)
    assert ("Privacy" in titles) is (role is Role.ADMIN)


def test_every_page_and_deep_link_shows_only_the_sign_in(signed_db: Path) -> None:
    for entry in ALL_PAGES:
        at = support.open_page(APP, navigation.DEFAULT, {"country": "DE"})
        if entry.path != navigation.DEFAULT:
            at.switch_page(entry.path).run()
        labels = [t.label for t in at.text_input]
        assert labels == ["Username", "Password"], entry.path
        assert [b.label for b in at.get("button")] == ["Sign in"]
        assert not at.get("plotly_chart") and not at.get("dataframe") and not at.metric


@pytest.mark.parametrize("role", list(Role))
def test_each_role_against_every_page(role: Role, signed_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, f"{role.value}1")
    assert not at.exception, [e.value for e in at.exception]
    for entry in ALL_PAGES:
        at.switch_page(entry.path).run()
        assert not at.exception, (entry.path, [e.value for e in at.exception])
        allowed = Principal("x", role).may(entry.permission)
        shown = text_of(at)
        if allowed:
            assert "is for" not in shown, entry.path
        else:
            assert f"{entry.title} is for" in shown, entry.path
            assert not at.get("plotly_chart") and not at.get("dataframe"), entry.path


def test_a_deep_link_opens_its_page_after_sign_in(signed_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["seniority"] = "senior"
    at.run()
    at.switch_page("views/compensation.py").run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    sign_in(at, "hr1")
    assert at.title[0].value == "Compensation"
    assert at.multiselect(key="flt_seniority").value == ["senior"]


def test_filters_show_only_where_they_apply_and_survive_other_pages(signed_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "admin1")
    at.switch_page("views/compensation.py").run()
    country = at.multiselect(key="flt_country")
    country.set_value([country.options[0]]).run()
    chosen = at.multiselect(key="flt_country").value
    assert chosen
    for entry in ALL_PAGES:
        at.switch_page(entry.path).run()
        assert not at.exception, entry.path
        shown = any(m.key == "flt_country" for m in at.multiselect)
        assert shown is entry.filtered, entry.path
    at.switch_page("views/compensation.py").run()
    assert at.multiselect(key="flt_country").value == chosen


def test_wrong_passwords_back_off_then_lock_for_names_that_exist_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    monkeypatch.setenv("INSIGHTS_SECRET", "y" * 40)
    state = open_state(tmp_path / "w.duckdb")
    accounts.add(state.store, state.secret, "ana", "admin", PASSWORD)
    for name in ("ana", "nobody"):
        results = [
            accounts.sign_in(state.store, state.secret, name, "wrong", f"10.0.0.{name[0] == 'a'}")
            for _ in range(accounts.BACKOFF_FROM)
        ]
        assert all(r.account is None for r in results)
        again = accounts.sign_in(state.store, state.secret, name, PASSWORD, "10.0.0.9")
        assert again.account is None and again.retry_after > 0, name
        assert "Too many failed sign-ins" in again.message
    # a client address hammering many names is locked too (three times the allowance)
    for i in range(accounts.BACKOFF_FROM * accounts.CLIENT_FACTOR):
        accounts.sign_in(state.store, state.secret, f"user{i}", "wrong", "10.9.9.9")
    blocked = accounts.sign_in(state.store, state.secret, "fresh", "wrong", "10.9.9.9")
    assert blocked.retry_after > 0
    actions = [e.action for e in audit.entries(state.store)]
    assert actions.count("signin.failure") >= 6 and "signin.refused" in actions
    assert audit.verify(state.store, state.secret)[0]


def test_unknown_and_known_names_cost_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_SECRET", "z" * 40)
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    state = open_state(tmp_path / "w.duckdb")
    accounts.add(state.store, state.secret, "ana", "admin", PASSWORD)
    calls: list[str] = []
    real = accounts._verify
    monkeypatch.setattr(
        accounts, "_verify", lambda digest, pw: calls.append(digest) or real(digest, pw)
    )
    accounts.sign_in(state.store, state.secret, "ana", "wrong", "a")
    accounts.sign_in(state.store, state.secret, "ghost", "wrong", "b")
    assert len(calls) == 2 and all(c.startswith("$argon2id$") for c in calls)


def test_sessions_expire_when_idle(signed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "viewer1")
    assert at.get("plotly_chart")
    at.session_state["auth_seen_at"] = time.time() - 31 * 60
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "without activity" in text_of(at)


def test_a_removed_account_is_signed_out(signed_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "hr1")
    admin.remove_account(SYSTEM, "hr1")
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]


def test_read_side_refuses_lesser_roles(
    pages_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    viewer = Principal("v", Role.VIEWER)
    with open_reader(pages_db, viewer) as reader:
        assert catalog.answer(reader, catalog.overview.WEEKLY, Filters()).shown  # aggregates
        with pytest.raises(AccessDenied):
            reports.gather(reader, Filters())
    for call in (
        lambda: admin.list_accounts(Principal("h", Role.HR)),
        lambda: admin.audit_entries(Principal("r", Role.RECRUITER)),
        lambda: admin.add_account(Principal("h", Role.HR), "eve", "admin", password=PASSWORD),
    ):
        with pytest.raises(AccessDenied):
            call()


def test_text_in_a_url_is_shown_as_text(pages_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    hostile = "[Session expired: sign in again](http://evil.example/login)"
    at = support.open_page(
        APP, navigation.DEFAULT, {"city": hostile, "role_family": "![x](http://h/p.png)"}
    )
    warnings = [w.value for w in at.sidebar.get("warning")]
    assert any("evil" in w for w in warnings)
    for body in warnings:
        assert "](" not in body.replace("\\]\\(", ""), body  # every bracket escaped
        assert "\\[" in body or "[" not in body


def test_a_demo_served_on_the_network_shows_no_data(
    pages_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No account, no OIDC, and an address other than loopback: no data, and how to
    create the first account."""
    from streamlit import config

    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(tmp_path / "state.duckdb"))
    original = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = support.open_page(APP, navigation.DEFAULT)
    finally:
        config.set_option("server.address", original)
    assert not at.exception
    shown = text_of(at)
    assert "without sign-in" in shown and "insights users add" in shown
    assert not at.get("plotly_chart") and not at.metric and not at.get("dataframe")
