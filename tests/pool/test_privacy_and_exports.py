"""Consent is enforced everywhere; exports read back cell by cell, hostile values included."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from insights import exports, workspace
from insights.pool import COLUMNS, fetch_pool, pool_frame
from insights.pool_filters import PoolFilters
from insights.profile import load_profile
from tests.pool.conftest import ids_of

HIDDEN = (
    "eve@example.com",
    "hana@example.com",
    "finn@example.com",
)  # no consent, unknown, withdrawn


def test_non_consenting_and_withdrawn_candidates_are_never_listed(con) -> None:  # type: ignore[no-untyped-def]
    hidden = set(ids_of(con, *HIDDEN))
    loose = [
        PoolFilters(),
        PoolFilters(text="secret"),
        PoolFilters(skills_all=("sql",)),
        PoolFilters(pool_statuses=("withdrawn", "prescreened")),
        PoolFilters(cities=("Berlin",), willing_to_relocate=True),
    ]
    for f in loose:
        assert not hidden & set(fetch_pool(con, f, page_size=None).rows["candidate_id"])
    assert fetch_pool(con, PoolFilters(text="secret"), page_size=None).total == 0


def test_a_direct_profile_url_reveals_nothing(con, ws) -> None:  # type: ignore[no-untyped-def]
    for cid in [*ids_of(con, *HIDDEN), "c_does_not_exist", "", "' OR 1=1 --"]:
        assert load_profile(con, cid, ws) is None


def test_a_shortlisted_candidate_who_loses_consent_is_not_exported(con, ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ana, eve = ids_of(con, "ana@example.com", "eve@example.com")
    workspace.add_to_shortlist(ws, "Q3", [ana, eve], actor="t")
    page = fetch_pool(con, PoolFilters(), overlay=workspace.overlay(ws, "Q3"), shortlist="Q3")
    assert list(page.rows["candidate_id"]) == [ana]
    assert page.unavailable == 1
    frame = pool_frame(con, PoolFilters(), overlay=workspace.overlay(ws, "Q3"), shortlist="Q3")
    assert list(frame["Name"]) == ["Ana Schmidt"]


def test_profile_shows_interviews_history_referrals_and_shortlists(con, ws) -> None:  # type: ignore[no-untyped-def]
    ana, ben, gia = ids_of(con, "ana@example.com", "ben@example.com", "gia@example.com")
    workspace.add_to_shortlist(ws, "Berlin", [ana], actor="t")
    workspace.set_pool_status(ws, ana, "contacted", current_status="prescreened", actor="rita")
    p = load_profile(con, ana, ws)
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
    assert p.person["pool_status"] == "contacted"
    assert [s["shortlist"] for s in p.shortlists] == ["Berlin"]
    # Ana referred Ben (listable) and Eve (no consent: counted, never named).
    assert p.referrals_made == [{"name": "Ben Okafor", "candidate_id": ben}]
    assert p.referrals_hidden == 1
    # Gia was referred by Eve: the referrer may not be named.
    g = load_profile(con, gia, ws)
    assert g is not None and g.referred_by == {"name": None, "candidate_id": None}


HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1 555 0100",
    "-2",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "plain",
    'Zoë, "quoted"',
    None,
]
SAFE = [
    '\'=HYPERLINK("http://x","y")',
    "'+1 555 0100",
    "'-2",
    "'@SUM(A1)",
    "'\tcmd",
    "'\rcmd",
    "plain",
    'Zoë, "quoted"',
    "",
]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame({"Value": HOSTILE, "=Header": [4.0, 3.5, None, 1, 2, 3, 4, 5, 0.0]})


def test_csv_is_utf8_with_bom_and_defuses_formulas() -> None:
    data = exports.to_csv_bytes(hostile_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Value", "'=Header"]
    assert [r[0] for r in rows[1:]] == SAFE
    assert [r[1] for r in rows[1:]] == ["4", "3.5", "", "1", "2", "3", "4", "5", "0"]


def test_xlsx_cells_are_all_strings_and_defused(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(exports.to_xlsx_bytes(hostile_frame(), sheet="Pool: [Q3]"))
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws.title == "Pool_ _Q3_"
    cells = [[c for c in row] for row in ws.iter_rows()]
    assert [c.value for c in cells[0]] == ["Value", "'=Header"]
    for row, want in zip(cells[1:], SAFE, strict=True):
        # xlsxwriter stores a carriage return as the OOXML escape _x000D_ (Excel reads it back as \r).
        assert (row[0].value or "").replace("_x000D_", "\r") == want
        assert row[0].data_type in ("s", "n") and row[0].data_type != "f"
        assert row[1].value is None or isinstance(row[1].value, str)
    assert all(c.data_type != "f" for row in cells for c in row)


def _cli(args: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    import typer

    from insights.commands import export

    app = typer.Typer()

    @app.callback()
    def main() -> None: ...

    export.register(app)
    return CliRunner().invoke(app, args, env=env)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cli_export_equals_the_screen_and_is_safe(con, pool_db, tmp_path, suffix) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"pool.{suffix}"
    env = {"INSIGHTS_DB": str(pool_db), "INSIGHTS_WORKSPACE": str(tmp_path / "ws.duckdb")}
    result = _cli(
        ["export", "pool", "--out", str(out), "--skill", "sql", "--sort", "name", "--ascending"],
        env,
    )
    assert result.exit_code == 0, result.output
    screen = pool_frame(con, PoolFilters(skills_all=("sql",), sort="name", descending=False))
    if suffix == "csv":
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    else:
        rows = [
            [c if c is not None else "" for c in r]
            for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
        ]
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [[exports.safe_cell(v) for v in r] for r in screen.itertuples(index=False)]
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","click")' in names
    assert "Eve Hidden" not in names and "Hana Unknown" not in names and "Finn Gone" not in names
    dev = next(r for r in rows[1:] if r[0].startswith("'="))
    assert dev[COLUMNS.index("Phone")] == "'+15550100"
    assert dev[COLUMNS.index("Current title")] == "'-2"
    events = workspace.audit_events(tmp_path / "ws.duckdb")
    assert events[0]["action"] == "export"


def test_cli_export_usage_errors(pool_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"INSIGHTS_DB": str(pool_db), "INSIGHTS_WORKSPACE": str(tmp_path / "ws.duckdb")}
    assert (
        _cli(
            [
                "export",
                "pool",
                "--out",
                str(tmp_path / "a.csv"),
                "--shortlist",
                "x",
                "--skill",
                "sql",
            ],
            env,
        ).exit_code
        == 2
    )
    assert _cli(["export", "pool", "--out", str(tmp_path / "a.txt")], env).exit_code == 2
    assert (
        _cli(
            ["export", "pool", "--out", str(tmp_path / "a.csv"), "--shortlist", "nope"], env
        ).exit_code
        == 1
    )
