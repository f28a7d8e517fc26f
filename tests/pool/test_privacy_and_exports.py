"""Consent is enforced everywhere; exports read back cell by cell, typed, hostile values included."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from insights import exports, workspace
from insights.access import Principal, Role  # noqa: E402
from insights.pool import fetch_pool
from insights.pool.export import build_export
from insights.pool_filters import PoolFilters
from insights.profile import load_profile
from tests.pool.conftest import got, ids_of

RECRUITER = Principal("tests", Role.RECRUITER)

HIDDEN = (
    "eve@example.com",
    "hana@example.com",
    "finn@example.com",
)  # no consent, unknown, withdrawn
ANY = ()


def test_non_consenting_and_withdrawn_candidates_are_never_listed(index, con) -> None:  # type: ignore[no-untyped-def]
    hidden = set(ids_of(con, *HIDDEN))
    loose = [
        PoolFilters(statuses=ANY),
        PoolFilters(text="secret", statuses=ANY),
        PoolFilters(skills_all=("sql",), statuses=ANY),
        PoolFilters(statuses=("withdrawn", "prescreened")),
        PoolFilters(cities=("Berlin",), willing_to_relocate=True, statuses=ANY),
    ]
    for f in loose:
        assert not hidden & got(index, f)
    assert (
        fetch_pool(RECRUITER, index, PoolFilters(text="secret", statuses=ANY), page_size=None).total
        == 0
    )


def test_a_direct_profile_url_reveals_nothing(con, index, ws) -> None:  # type: ignore[no-untyped-def]
    for cid in [*ids_of(con, *HIDDEN), "c_does_not_exist", "", "' OR 1=1 --"]:
        assert load_profile(RECRUITER, con, index, cid, ws) is None


def test_a_shortlisted_candidate_who_loses_consent_is_not_exported(con, index, ws) -> None:  # type: ignore[no-untyped-def]
    ana, eve = ids_of(con, "ana@example.com", "eve@example.com")
    q3 = workspace.create_shortlist(ws, "Q3", actor="t")
    workspace.add_to_shortlist(ws, q3.shortlist_id, [ana, eve], actor="t")
    overlay = workspace.overlay(ws, q3.shortlist_id)
    page = fetch_pool(RECRUITER, index, PoolFilters(), overlay=overlay, shortlist=q3.shortlist_id)
    assert list(page.rows["candidate_id"]) == [ana]
    assert page.unavailable == 1
    export = build_export(
        RECRUITER,
        index,
        PoolFilters(),
        overlay=overlay,
        shortlist=workspace.find_shortlist(ws, "q3"),
    )
    assert list(export.frame["Name"]) == ["Ana Schmidt"]
    assert ("Left out", "1 member(s) who may no longer be contacted.") in export.about


def test_profile_shows_interviews_history_referrals_and_shortlists(con, index, ws) -> None:  # type: ignore[no-untyped-def]
    ana, ben, gia, ivan = ids_of(
        con, "ana@example.com", "ben@example.com", "gia@example.com", "ivan@example.com"
    )
    berlin = workspace.create_shortlist(ws, "Berlin", actor="rita")
    workspace.add_to_shortlist(ws, berlin.shortlist_id, [ana], actor="rita")
    workspace.update_member(
        ws, berlin.shortlist_id, ana, stage="replied", note="Call Tue", actor="rita"
    )
    workspace.set_pool_status(ws, ana, "contacted", current_status="prescreened", actor="rita")
    p = load_profile(RECRUITER, con, index, ana, ws)
    assert p is not None
    assert list(p.interviews["role_title"]) == [
        "Senior Data Analyst",
        "Data Analyst",
    ]  # newest first
    assert list(p.expectations["comp_min_annual"]) == [70_000, 85_000]  # oldest first
    assert [(h["status"], h["source"]) for h in p.status_history] == [
        ("new", "interview"),
        ("prescreened", "interview"),
        ("contacted", "workspace"),
    ]
    assert p.person["eff_status"] == "contacted"
    assert [(s["name"], s["stage"], s["note"], s["owner"]) for s in p.shortlists] == [
        ("Berlin", "replied", "Call Tue", "rita")
    ]
    # Ana referred Ben (listable) and Eve (no consent: counted, never named).
    assert p.referrals_made == [{"name": "Ben Okafor", "candidate_id": ben}]
    assert p.referrals_hidden == 1
    # Gia was referred by Eve (may not be named) and referred Ivan; Ivan links back to Gia.
    g = load_profile(RECRUITER, con, index, gia, ws)
    assert g is not None and g.referred_by == {"name": None, "candidate_id": None}
    assert g.referrals_made == [{"name": "Ivan Rao", "candidate_id": ivan}]
    i = load_profile(RECRUITER, con, index, ivan, ws)
    assert i is not None and i.referred_by == {"name": "Gia Rossi", "candidate_id": gia}


def test_pay_as_stated_and_per_year(con, index) -> None:  # type: ignore[no-untyped-def]
    (ivan,) = ids_of(con, "ivan@example.com")
    rows = fetch_pool(RECRUITER, index, PoolFilters(statuses=ANY), page_size=None).rows.set_index(
        "full_name"
    )
    assert rows.loc["Ivan Rao", ["pay_min", "pay_max", "pay_currency", "pay_period"]].tolist() == [
        2_230_000,
        2_230_000,
        "INR",
        "year",
    ]
    mallory = rows.loc["![x](http://evil.example/p.png)"]
    assert [mallory["pay_min"], mallory["pay_currency"], mallory["pay_period"]] == [
        4_900,
        "EUR",
        "month",
    ]
    annual = con.execute(
        "SELECT comp_min_annual FROM candidates WHERE candidate_id = ?", [ivan]
    ).fetchall()[0][0]
    assert rows.loc["Ivan Rao", "pay_min_shown"] == pytest.approx(annual)


# --- the formula-injection rule ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ('=HYPERLINK("http://x","y")', True),
        ("@SUM(A1)", True),
        ("\tcmd", True),
        ("\rcmd", True),
        ("+1 555 0100", True),  # a spreadsheet computes +1 555 0100 (or fails): not itself
        ("-2+3", True),
        ("+49301111111", False),  # E.164: a number, shown as itself
        ("-2", False),
        ("-2.5", False),
        ("+1e5", False),
        ("plain", False),
        ("", False),
        ("a=b", False),
    ],
)
def test_only_cells_a_spreadsheet_would_evaluate_are_neutralised(text, risky) -> None:  # type: ignore[no-untyped-def]
    assert exports.evaluates(text) is risky
    assert exports.safe_cell(text) == ("'" + text if risky else text)


# --- exports read back cell by cell ---------------------------------------------------------

HEADER = [
    "Name",
    "Current title",
    "Current employer",
    "City",
    "Region",
    "Country",
    "Expected pay min",
    "Expected pay max",
    "Expected pay currency",
    "Expected pay period",
    "Expected pay min per year",
    "Expected pay max per year",
    "Expected pay per year currency",
    "Available from",
    "Fit",
    "Interest",
    "Status",
    "Last interview",
    "E-mail",
    "Phone",
    "LinkedIn",
]
HOSTILE = '=HYPERLINK("http://evil.example","click")'


def _export(index, **kw: Any):  # type: ignore[no-untyped-def]
    f = PoolFilters(statuses=ANY, sort="name", descending=False)
    return build_export(RECRUITER, index, f, overlay=workspace.empty_overlay(), **kw)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_holds_exact_values(index, con) -> None:  # type: ignore[no-untyped-def]
    export = _export(index)
    rows = _csv_rows(exports.to_csv_bytes(export.frame))
    assert rows[0] == HEADER
    by_name = {r[0]: dict(zip(HEADER, r, strict=True)) for r in rows[1:]}
    assert len(by_name) == 8
    ana = by_name["Ana Schmidt"]
    assert ana == {
        "Name": "Ana Schmidt",
        "Current title": "Senior Analyst",
        "Current employer": "Acme",
        "City": "Berlin",
        "Region": "",
        "Country": "DE",
        "Expected pay min": "85000",
        "Expected pay max": "95000",
        "Expected pay currency": "USD",
        "Expected pay period": "year",
        "Expected pay min per year": "85000",
        "Expected pay max per year": "95000",
        "Expected pay per year currency": "USD",
        "Available from": "2026-03-01",
        "Fit": "5",
        "Interest": "4",
        "Status": "Pre-screened",
        "Last interview": "2025-08-20",
        "E-mail": "ana@example.com",
        "Phone": "+49301111111",  # E.164, no apostrophe
        "LinkedIn": "https://www.linkedin.com/in/ana-schmidt",
    }
    ivan = by_name["Ivan Rao"]
    (annual,) = con.execute(
        "SELECT comp_min_annual FROM candidates WHERE email = 'ivan@example.com'"
    ).fetchall()[0]
    assert [ivan[h] for h in HEADER[6:13]] == [
        "2230000",
        "2230000",
        "INR",
        "year",
        str(round(annual)),
        str(round(annual)),
        "USD",
    ]
    mallory = by_name["![x](http://evil.example/p.png)"]
    assert [mallory[h] for h in HEADER[6:10]] == ["4900", "4900", "EUR", "month"]
    dev = by_name["'" + HOSTILE]  # a formula: neutralised
    assert dev["Current title"] == "-2"  # a plain number: left as it is
    assert dev["Current employer"] == "'@SUM(A1:A2)"
    assert dev["Phone"] == "+15550100"
    chloe = by_name["Chloé Nguyen"]
    assert chloe["Expected pay min"] == "" and chloe["Expected pay per year currency"] == ""
    assert (
        "Eve Hidden" not in by_name and "Hana Unknown" not in by_name and "Finn Gone" not in by_name
    )


def test_xlsx_export_has_typed_cells(index, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = _export(index)
    path = tmp_path / "pool.xlsx"
    path.write_bytes(exports.to_xlsx_bytes(export.frame, sheet="Pool: [Q3]", about=export.about))
    book = openpyxl.load_workbook(path)
    sheet = book["Pool_ _Q3_"]
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == HEADER
    col = {h: i for i, h in enumerate(HEADER)}
    cells = {r[0].value: r for r in rows[1:]}
    ana = cells["Ana Schmidt"]
    for header, value in [("Expected pay min", 85_000), ("Fit", 5), ("Interest", 4)]:
        cell = ana[col[header]]
        assert cell.data_type == "n" and cell.value == value and not isinstance(cell.value, str)
    available = ana[col["Available from"]]
    assert available.is_date and available.value == dt.datetime(2026, 3, 1)
    assert available.number_format == "yyyy-mm-dd"
    phone = ana[col["Phone"]]
    assert phone.data_type == "s" and phone.value == "+49301111111"
    dev = cells[HOSTILE]  # text, never a formula, no apostrophe in the value
    assert dev[0].data_type == "s" and dev[0].style and dev[0].quotePrefix
    assert (
        dev[col["Current employer"]].value == "@SUM(A1:A2)"
        and dev[col["Current employer"]].quotePrefix
    )
    assert dev[col["Current title"]].value == "-2" and not dev[col["Current title"]].quotePrefix
    assert dev[col["Phone"]].value == "+15550100" and not dev[col["Phone"]].quotePrefix
    assert all(c.data_type != "f" for row in rows for c in row)
    ivan = cells["Ivan Rao"]
    assert ivan[col["Expected pay currency"]].value == "INR"
    assert ivan[col["Expected pay min"]].value == 2_230_000
    about = {r[0].value: r[1].value for r in book["About this export"].iter_rows()}
    assert about["What"] == "Talent pool search" and about["Rows"] == "8 of 8 matching candidates"
    assert "Status: any" in about["Filters"]


def test_shortlist_export_carries_stages_notes_and_chosen_columns(con, index, ws) -> None:  # type: ignore[no-untyped-def]
    ana, ben = ids_of(con, "ana@example.com", "ben@example.com")
    lst = workspace.create_shortlist(ws, "Berlin =leads", actor="demo:recruiter")
    workspace.add_to_shortlist(ws, lst.shortlist_id, [ana, ben], actor="demo:recruiter")
    workspace.update_member(
        ws, lst.shortlist_id, ben, stage="interested", note="=2+2 call back", actor="x"
    )
    found = workspace.find_shortlist(ws, lst.shortlist_id)
    export = build_export(
        RECRUITER,
        index,
        PoolFilters(sort="name", descending=False),
        overlay=workspace.overlay(ws, lst.shortlist_id),
        shortlist=found,
        extras=["skills", "candidate_id"],
    )
    rows = _csv_rows(exports.to_csv_bytes(export.frame))
    header = rows[0]
    assert header[0] == "Shortlist" and header[-6:] == [
        "Skills",
        "Candidate ID",
        "Stage",
        "Note",
        "Added by",
        "Added on",
    ]
    assert "E-mail" not in header  # extras were chosen: no contact columns this time
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [(r["Name"], r["Stage"], r["Note"]) for r in body] == [
        ("Ana Schmidt", "To contact", ""),
        ("Ben Okafor", "Interested", "'=2+2 call back"),
    ]
    assert {r["Shortlist"] for r in body} == {"'Berlin =leads"[1:]}
    assert body[0]["Added by"] == "demo:recruiter"
    assert body[0]["Added on"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert body[1]["Skills"] == "Python, Spark, SQL"


def _cli(args: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    import typer

    from insights.commands import export

    app = typer.Typer()

    @app.callback()
    def main() -> None: ...

    export.register(app)
    return CliRunner().invoke(app, args, env=env)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cli_export_equals_the_page_export(index, pool_db, tmp_path, ws, suffix) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"pool.{suffix}"
    env = {"INSIGHTS_DB": str(pool_db), "INSIGHTS_WORKSPACE": str(ws)}
    result = _cli(
        [
            "export",
            "pool",
            "--out",
            str(out),
            "--skill",
            "sql",
            "--status",
            "any",
            "--sort",
            "name",
            "--ascending",
        ],
        env,
    )
    assert result.exit_code == 0, result.output
    page = build_export(
        RECRUITER,
        index,
        PoolFilters(skills_all=("sql",), statuses=ANY, sort="name", descending=False),
        overlay=workspace.empty_overlay(),
    )
    if suffix == "csv":
        rows = _csv_rows(out.read_bytes())
        assert rows == _csv_rows(exports.to_csv_bytes(page.frame))
    else:
        book = openpyxl.load_workbook(out)
        values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        assert values[0] == list(page.frame.columns)
        want = [[_xlsx_value(v) for v in r] for r in page.frame.itertuples(index=False, name=None)]
        assert values[1:] == want
    events = workspace.audit_events(ws)
    assert events[0]["action"] == "export"


def _xlsx_value(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime.combine(v, dt.time())
    return v


def test_cli_export_of_a_shortlist_and_usage_errors(con, pool_db, tmp_path, ws) -> None:  # type: ignore[no-untyped-def]
    env = {"INSIGHTS_DB": str(pool_db), "INSIGHTS_WORKSPACE": str(ws)}
    (ana,) = ids_of(con, "ana@example.com")
    lst = workspace.create_shortlist(ws, "Q3 analysts", actor="t")
    workspace.add_to_shortlist(ws, lst.shortlist_id, [ana], actor="t")
    out = tmp_path / "q3.csv"
    result = _cli(["export", "pool", "--out", str(out), "--shortlist", "q3 ANALYSTS"], env)
    assert result.exit_code == 0, result.output
    rows = _csv_rows(out.read_bytes())
    assert rows[1][:2] == ["Q3 analysts", "Ana Schmidt"] and "Stage" in rows[0]
    bad = [
        ["--out", str(tmp_path / "a.csv"), "--shortlist", "x", "--skill", "sql"],
        ["--out", str(tmp_path / "a.txt")],
        ["--out", str(tmp_path / "a.csv"), "--column", "salary"],
        ["--out", str(tmp_path / "a.csv"), "--available-by", "soon"],
        ["--out", str(tmp_path / "a.csv"), "--sort", "age"],
    ]
    for args in bad:
        assert _cli(["export", "pool", *args], env).exit_code == 2, args
    missing = ["--out", str(tmp_path / "a.csv"), "--shortlist", "nope"]
    assert _cli(["export", "pool", *missing], env).exit_code == 1


@pytest.mark.parametrize("role", [Role.VIEWER, Role.HR])
def test_every_pool_function_refuses_a_role_that_may_not_see_people(
    role: Role,
    con,
    index,
    ws,  # type: ignore[no-untyped-def]
) -> None:
    """Not only the page: a direct call of the pool's read side with a lesser role gets
    nothing (AccessDenied), whatever calls it."""
    from insights.access import AccessDenied
    from insights.pool import PoolIndex, listable, matching_ids
    from insights.pool.export import build_export
    from insights.profile import load_profile

    caller = Principal("someone", role)
    overlay = workspace.overlay(ws)
    some = fetch_pool(RECRUITER, index, PoolFilters(), page_size=1).rows["candidate_id"].iloc[0]
    calls = [
        lambda: PoolIndex.build(caller, con),
        lambda: fetch_pool(caller, index, PoolFilters()),
        lambda: matching_ids(caller, index, PoolFilters()),
        lambda: listable(caller, index, [some]),
        lambda: build_export(caller, index, PoolFilters(), overlay=overlay),
        lambda: load_profile(caller, con, index, some, ws),
    ]
    for call in calls:
        with pytest.raises(AccessDenied):
            call()
