"""The Privacy page (administrators): an erasure previewed, confirmed and done through
the app, then a retention run listed and applied; each leaves its audit entry and the
person's bytes leave the warehouse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights.access import SYSTEM, Role
from insights.loads import load_files
from insights.state import accounts, audit, open_state
from tests.etl.helpers import write_csv
from tests.insights.test_access import PASSWORD, sign_in, text_of

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
PAGE = "views/privacy.py"


def _rows() -> list[dict[str, object]]:
    today = dt.date.today()
    old = (today - dt.timedelta(days=40 * 31)).isoformat()  # beyond a 24-month retention
    recent = [(today - dt.timedelta(days=30 + d)).isoformat() for d in range(7)]
    base: dict[str, object] = {
        "Role": "Data Analyst",
        "Interviewer": "Ann",
        "Country": "DE",
        "Expected salary": "60k",
    }
    return [
        {
            **base,
            "Date of interview": old,
            "Name": "Olga Farquharson",
            "E-mail": "olga.farquharson@example.com",
        },
        {
            **base,
            "Date of interview": recent[0],
            "Name": "Zeno Thistlewood",
            "E-mail": "zeno.t@example.com",
            "Phone": "+49 151 99988877",
        },
        *[
            {
                **base,
                "Date of interview": recent[d],
                "Name": f"P {d}",
                "E-mail": f"p{d}@example.com",
            }
            for d in range(1, 7)
        ],
    ]


@pytest.fixture
def admin_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, Path]:
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    monkeypatch.setenv("INSIGHTS_SECRET", "y" * 40)
    load_files(SYSTEM, [write_csv(tmp_path / "people.csv", _rows())], db=db)
    state = open_state(db)
    for role in (Role.ADMIN, Role.HR):
        accounts.add(state.store, state.secret, f"{role.value}1", role.value, PASSWORD)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    sign_in(at, "admin1")
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, db


def _button(at: AppTest, key: str):  # type: ignore[no-untyped-def]
    return at.button(key=key)


def test_an_erasure_is_previewed_confirmed_and_audited(admin_app: tuple[AppTest, Path]) -> None:
    at, db = admin_app
    assert b"Thistlewood" in db.read_bytes()
    at.radio(key="privacy_kind").set_value("phone").run()
    at.text_input(key="privacy_value").input("0049 151 99988877").run()
    _button(at, "privacy_preview").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "would be erased" in text_of(at)
    assert _button(at, "privacy_erase").disabled  # not before the confirmation
    assert b"Thistlewood" in db.read_bytes()  # a preview changes nothing

    at.checkbox(key="privacy_sure").check().run()
    _button(at, "privacy_erase").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Erased." in text_of(at)
    assert at.text_input(key="privacy_value").value == ""  # the value leaves the form too
    assert all(c.key != "privacy_sure" or not c.value for c in at.checkbox)
    assert b"Thistlewood" not in db.read_bytes() and b"99988877" not in db.read_bytes()

    state = open_state(db)
    [entry] = audit.entries(state.store, action="erasure")
    assert entry.actor == "admin1" and entry.details["interviews"] == 1
    assert "thistlewood" not in json.dumps(entry.details).lower()


def test_a_value_that_is_no_identity_is_refused_in_one_line(
    admin_app: tuple[AppTest, Path],
) -> None:
    at, _ = admin_app
    at.text_input(key="privacy_value").input("not-an-address@").run()
    _button(at, "privacy_preview").click().run()
    assert not at.exception
    [error] = at.error
    assert "\n" not in str(error.value) and "Traceback" not in str(error.value)


def test_retention_lists_then_anonymises_on_confirmation(admin_app: tuple[AppTest, Path]) -> None:
    at, db = admin_app
    at.number_input(key="privacy_months").set_value(24).run()
    _button(at, "privacy_list").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [table] = at.dataframe
    assert len(table.value) == 1  # only the 40-month-old contact is due
    assert "Farquharson" not in table.value.to_csv()  # ids and dates, no names
    at.checkbox(key="privacy_retention_sure").check().run()
    _button(at, "privacy_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert b"Farquharson" not in db.read_bytes()
    assert b"Thistlewood" in db.read_bytes()  # a recent contact stays
    actions = [e.action for e in audit.entries(open_state(db).store)]
    assert "retention.preview" in actions and "retention.apply" in actions


def test_hr_gets_nothing_from_the_page(admin_app: tuple[AppTest, Path]) -> None:
    _, db = admin_app
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    sign_in(at, "hr1")
    at.switch_page(PAGE).run()
    assert "Privacy is for" in text_of(at)
    assert not at.get("button") or all(b.key != "privacy_preview" for b in at.button)


def test_retention_applies_only_to_the_list_that_was_confirmed(
    admin_app: tuple[AppTest, Path], tmp_path: Path
) -> None:
    at, db = admin_app
    at.number_input(key="privacy_months").set_value(24).run()
    at.button(key="privacy_list").click().run()
    assert len(at.dataframe[0].value) == 1
    late = dt.date.today() - dt.timedelta(days=50 * 31)
    row = {"Date of interview": late.isoformat(), "Role": "Chef", "Name": "Una Late",
           "E-mail": "una.late@example.com"}  # fmt: skip
    load_files(SYSTEM, [write_csv(tmp_path / "late.csv", [row])], db=db)  # now 2 are due
    at.checkbox(key="privacy_retention_sure").check().run()
    at.button(key="privacy_apply").click().run()
    assert not at.exception
    [error] = at.error
    assert "list them again" in str(error.value)
    assert b"Farquharson" in db.read_bytes() and b"Una Late" in db.read_bytes()
    assert "retention.apply" not in [e.action for e in audit.entries(open_state(db).store)]
