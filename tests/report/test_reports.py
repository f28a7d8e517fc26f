"""Reports read back: HTML holds the figures and opens offline, PDF pages render (not
blank), XLSX has the expected sheets and numbers; the report and the pages agree to the
digit for the same filters; suppressed groups never show numbers; the CLI writes all three."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageStat

from etl.warehouse import open_read_only
from insights import privacy
from insights import report as reports
from insights.filters import Filters
from insights.queries import compensation, overview
from insights.report import formatting
from tests.apptest_support import open_page

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
FILTERS = Filters(seniority=("mid", "senior"))


@pytest.fixture(scope="module")
def content(demo_db: Path) -> reports.Report:
    con = open_read_only(demo_db)
    try:
        return reports.gather(con, FILTERS)
    finally:
        con.close()


def test_html_is_self_contained_with_the_figures(content: reports.Report, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert reports.write(content, out) is reports.Format.HTML
    text = out.read_text(encoding="utf-8")
    assert "Plotly.newPlot" in text and len(text) > 3_000_000  # plotly.js inlined
    assert not re.search(r"<script[^>]+src=\"http", text), "nothing loaded from the network"
    assert "@media print" in text
    for row in formatting.headline_rows(content.headlines, content.currency, content.k):
        assert f"<td>{row[0]}</td><td>{row[1]}</td>" in text.replace("&amp;", "&")
    assert content.filters_text() in text


def test_pdf_pages_render_and_are_not_blank(content: reports.Report, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    reports.write(content, out)
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 6
    for page in pages:
        stat = ImageStat.Stat(Image.open(page).convert("L"))
        assert stat.stddev[0] > 5, f"{page.name} looks blank"
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert f"Page 1 of {len(pages)}" in text and f"Page {len(pages)} of {len(pages)}" in text
    assert "Seniority: mid, senior" in text
    median = formatting.headline_rows(content.headlines, content.currency, content.k)[2][1]
    assert median in text


def test_xlsx_has_the_sheets_and_the_numbers(content: reports.Report, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    reports.write(content, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Summary",
        "Interviews",
        "Compensation",
        "Work conditions",
        "Culture",
        "Candidate questions",
    ]
    summary = headline_table(book["Summary"])
    kpis = content.headlines.set_index("label")
    assert summary["Interviews"][0] == kpis.loc["Interviews", "value"]
    assert summary["Median expected pay"][0] == pytest.approx(
        kpis.loc["Median expected pay", "value"]
    )
    rows = list(book["Compensation"].iter_rows(values_only=True))
    start = next(
        i for i, r in enumerate(rows) if r[0] == "What do candidates expect to earn, by seniority?"
    )
    header = rows[start + 3]
    assert header[:2] == ("Seniority", "Responses")
    table = {r[0]: r for r in rows[start + 4 : start + 6]}
    item = next(i for i in content.items() if i.key == "pay_by_seniority")
    for rec in item.data.itertuples():
        if not rec.suppressed and str(rec.group).capitalize() in table:
            assert table[str(rec.group).capitalize()][4] == pytest.approx(rec.p50)
    assert book["Compensation"]._charts, "native Excel charts"


def test_no_number_for_a_group_under_k(fixture_db: Path, tmp_path: Path) -> None:
    """Seniority 'executive' has 2 interviews in the fixture: labelled, never a figure."""
    con = open_read_only(fixture_db)
    try:
        content = reports.gather(con, Filters())
    finally:
        con.close()
    item = next(i for i in content.items() if i.key == "pay_by_seniority")
    header, rows = formatting.table(item, content.currency)
    executive = [r for r in rows if r[0] == "Executive"]
    assert executive == [["Executive", privacy.label()]]
    reports.write(content, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Compensation"]
    hits = [r for r in sheet.iter_rows(values_only=True) if r[0] == "Executive"]
    assert hits and all(v in (None, "Executive", privacy.label()) for r in hits for v in r)


def test_report_and_pages_agree_to_the_digit(
    demo_db: Path, content: reports.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(demo_db))
    query = FILTERS.to_query_params()
    at = open_page(APP, "views/overview.py", {k: v for k, v in query.items()})
    assert not at.exception, [e.value for e in at.exception]
    page = {m.label: m.value for m in at.metric}
    for label, value, *_ in formatting.headline_rows(
        content.headlines, content.currency, content.k
    ):
        assert page[label] == value, label
    at.switch_page("views/compensation.py").run()
    figure = next(
        json.loads(el.proto.spec)
        for el in at.get("plotly_chart")
        if "by seniority" in json.loads(el.proto.spec)["layout"]["title"]["text"]
    )
    box = figure["data"][0]
    item = next(i for i in content.items() if i.key == "pay_by_seniority")
    shown = item.data[~item.data["suppressed"]].set_index("group")
    for label, median in zip(box["y"], _array(box["median"]), strict=True):
        group = label.split(" (n=")[0].lower()
        assert median == pytest.approx(float(shown.loc[group, "p50"]), rel=0, abs=1e-6)
        assert f"(n={int(shown.loc[group, 'n']):,})" in label


def test_cli_writes_each_format(demo_db: Path, tmp_path: Path) -> None:
    con = open_read_only(demo_db)
    try:
        expected = overview.kpis(
            con,
            Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30), country=("DE",)),
        )
        pay = compensation.pay_distribution(
            con,
            Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30), country=("DE",)),
            "role_family",
        )
    finally:
        con.close()
    for suffix in ("html", "xlsx", "pdf"):
        out = tmp_path / f"q.{suffix}"
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "insights.cli",
                "report",
                "--out",
                str(out),
                "--from",
                "2025-01-01",
                "--to",
                "2025-06-30",
                "--country",
                "DE",
                "--db",
                str(demo_db),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert out.stat().st_size > 10_000
    sheet = openpyxl.load_workbook(tmp_path / "q.xlsx")["Summary"]
    values = headline_table(sheet)
    assert values["Interviews"][0] == expected.set_index("metric").loc["interviews", "value"]
    facts = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert facts["Filters"] == "Country: DE"
    html = (tmp_path / "q.html").read_text(encoding="utf-8")
    first = pay[~pay["suppressed"]].iloc[0]
    assert f"{content_money(first['p50'])}" in html
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "insights.cli",
            "report",
            "--out",
            str(tmp_path / "x.docx"),
            "--db",
            str(demo_db),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 2 and ".html, .pdf or .xlsx" in bad.stderr


def content_money(value: float) -> str:
    return f"USD {value:,.0f}"


def headline_table(sheet) -> dict:  # type: ignore[no-untyped-def]
    """Label -> (value, previous, change, n) of the Summary sheet's headline table."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Headline") + 1
    out = {}
    for r in rows[start:]:
        if not r[0]:
            break
        out[r[0]] = r[1:]
    return out


def _array(value):  # type: ignore[no-untyped-def]
    """A plotly JSON array: a list, or {"dtype", "bdata"} (base64 typed array)."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    return list(value)
