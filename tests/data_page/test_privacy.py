"""The Data page and its import actions keep personal data in rejected rows to those who
may see it: HR sees them masked, administrators raw; every download and every load is
audited, with the caller, the run and the counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights import ingest
from insights.access import Principal, Role
from insights.reader import open_reader
from insights.state import audit, open_state
from insights.ui import imports
from insights.ui.auth import DEMO_ROLE_KEY

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
BAD = (
    b"Date of interview,Role,Name,E-mail,Phone,Comments,Colour\n"
    b",Analyst,Jane Quinlan,jane.q@example.com,+49 151 23456789,call her on +49 151 23456789,"
    b"blue\n"
    b"2024-02-02,Analyst,Bo Lind,bo@example.com,,fine,red\n"
)


@pytest.fixture()
def db(fixture_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_db, target)
    summary = ingest.run_uploads(
        [ingest.Upload("feb.csv", BAD)],
        ingest.resolve_profile(None),
        dry=False,
        db=str(target),
        caller=Principal("ana", Role.HR),
    )
    assert (summary.run_id, summary.rejected, summary.inserted) == (2, 1, 1)
    return target


def _data_page(db: Path, role: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[DEMO_ROLE_KEY] = role
    at.run()
    at.switch_page("views/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _rejected_frame(at: AppTest):  # type: ignore[no-untyped-def]
    return next(df.value for df in at.dataframe if "reasons" in df.value.columns)


def test_hr_sees_rejected_rows_masked_and_an_administrator_raw(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    masked = _rejected_frame(_data_page(db, "hr", monkeypatch)).iloc[0]
    assert masked["Name"] == masked["E-mail"] == masked["Phone"] == masked["Comments"] == "•••"
    assert masked["Role"] == "Analyst" and masked["Colour"] == "blue"
    text = " ".join(str(v) for v in masked.values)
    assert "Quinlan" not in text and "jane.q" not in text and "23456789" not in text
    raw = _rejected_frame(_data_page(db, "admin", monkeypatch)).iloc[0]
    assert raw["E-mail"] == "jane.q@example.com" and raw["Name"] == "Jane Quinlan"


def test_every_rejected_row_download_and_load_is_audited(db: Path) -> None:
    state = open_state(db)
    loads = audit.entries(state.store, action="load")
    assert [(e.actor, e.target, e.details["files"], e.details["rejected"]) for e in loads] == [
        ("ana", "run 2", ["feb.csv"], 1)
    ]
    for role, raw in ((Role.HR, False), (Role.ADMIN, True)):
        with open_reader(db, Principal(f"someone {role.value}", role)) as reader:
            data = imports.audited_download(reader, 2, raw=raw, db=db)()
        assert (b"jane.q@example.com" in data) is raw
    downloads = audit.entries(state.store, action="rejected_rows.download")
    assert [(e.actor, e.details) for e in downloads] == [
        ("someone hr", {"run": 2, "rows": 1, "masked": True, "format": "csv"}),
        ("someone admin", {"run": 2, "rows": 1, "masked": False, "format": "csv"}),
    ]
    assert audit.verify(state.store, state.secret)[0]


def test_hr_cannot_ask_the_read_side_for_raw_rejected_rows(db: Path) -> None:
    from insights.access import AccessDenied
    from insights.catalog import quality

    with open_reader(db, Principal("hr", Role.HR)) as reader:
        assert len(quality.rejected_page(reader, 2, 1, 50)) == 1
        with pytest.raises(AccessDenied):
            quality.rejected_page(reader, 2, 1, 50, raw=True)
    with open_reader(db, Principal("v", Role.VIEWER)) as reader, pytest.raises(AccessDenied):
        quality.rejected_page(reader, 2, 1, 50)


def test_a_failed_load_from_the_page_is_audited_too(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with pytest.raises(ingest.LoadError):
        ingest.run_uploads(
            [ingest.Upload("colours.csv", b"Date of interview,Colour\n2024-01-02,blue\n")],
            ingest.resolve_profile(None),
            dry=False,
            db=str(db),
            caller=Principal("ana", Role.HR),
        )
    entry = audit.entries(open_state(db).store, action="load")[-1]
    assert entry.actor == "ana" and entry.details["status"] == "failed"
    assert "role_title" in entry.details["error"] and entry.target == "run 1"


def test_masking_hides_contacts_but_not_what_explains_a_rejection() -> None:
    from insights.queries.quality import mask_reasons, mask_record

    record = {
        "E-mail": "jane@example.com",
        "Full name": "Jane Quinlan",
        "Date of interview": "2024-13-45",
        "Timestamp": "2024-01-02 10:30:00",
        "Expected salary": "120000 - 140.000 EUR",
        "Comments": "call +49 151 2345678 or mail jane.q@example.org",
        "Notes": "met at a fair",
        "Custom": "reach me at 0049 30 1234567",
    }
    masked = mask_record(record, ["E-mail"])
    assert masked["E-mail"] == masked["Full name"] == masked["Notes"] == "•••"  # by header
    assert masked["Date of interview"] == "2024-13-45"
    assert masked["Timestamp"] == "2024-01-02 10:30:00"
    assert masked["Expected salary"] == "120000 - 140.000 EUR"
    assert "2345678" not in masked["Comments"] and "jane.q" not in masked["Comments"]
    assert masked["Custom"] == "reach me at •••"
    reasons = "email: 'jane@x' not a valid e-mail address; interview_date: 'x' is not a date"
    assert mask_reasons(reasons) == (
        "email: '•••' not a valid e-mail address; interview_date: 'x' is not a date"
    )
    summary = ingest.LoadSummary(run_id=None, status="dry_run")
    summary.rejected_sample = [{"file": "a.csv", "row": 2, "reasons": ["x"], "raw": record,
                                "personal_keys": ["E-mail"]}]  # fmt: skip
    assert "jane@example.com" not in ingest.rejected_frame(summary).iloc[0]["record"]
    assert "jane@example.com" in ingest.rejected_frame(summary, raw=True).iloc[0]["record"]
