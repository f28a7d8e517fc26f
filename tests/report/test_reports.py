"""Reports read back: HTML holds the figures and opens offline, PDF pages render (not
blank) with every chart's category labels, XLSX has the expected sheets and numbers; the
report and the pages agree to the digit for the same filters (they render the same
declared insights); hidden groups never show numbers; the CLI writes all three."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageStat

from insights import catalog, labels, privacy
from insights import report as reports
from insights.filters import Filters
from insights.reader import open_reader
from insights.report import formatting
from tests.apptest_support import open_page

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
FILTERS = Filters(seniority=("mid", "senior"))


@pytest.fixture(scope="module")
def content(demo_db: Path) -> reports.Report:
    with open_reader(demo_db) as reader:
        return reports.gather(reader, FILTERS)


def answer(content: reports.Report, key: str) -> catalog.Answer:
    return next(a for a in content.answers() if a.key == key)


def headline_values(content: reports.Report) -> dict[str, str]:
    assert content.headlines is not None
    return dict(
        zip(content.headlines.data["label"], content.headlines.data["value_text"], strict=True)
    )


def test_report_is_the_pages_printed(content: reports.Report) -> None:
    """One section per insight page, each holding exactly the page's declared insights."""
    assert [s.title for s in content.sections] == [p.title for p in catalog.PAGES]
    for section, page in zip(content.sections, catalog.PAGES, strict=True):
        declared = {i.key for i in page.insights({"every": "quarter"}) if i.key != "headlines"}
        assert {a.key for a in section.answers} == declared


def test_html_is_self_contained_with_the_figures(content: reports.Report, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert reports.write(content, out) is reports.Format.HTML
    text = out.read_text(encoding="utf-8")
    assert "Plotly.newPlot" in text and len(text) > 3_000_000  # plotly.js inlined
    assert not re.search(r"<script[^>]+src=\"http", text), "nothing loaded from the network"
    assert "@media print" in text
    for label, value in headline_values(content).items():
        row = f'<td class="text">{label}</td><td>{value}</td>'
        assert row in text.replace("&amp;", "&"), row
    assert content.filters_text() in text


def test_html_charts_keep_their_category_labels(content: reports.Report, tmp_path: Path) -> None:
    """Every horizontal chart's row labels travel in the figure JSON, in full."""
    out = tmp_path / "r.html"
    reports.write(content, out)
    text = out.read_text(encoding="utf-8")
    pay = answer(content, "pay_by_role_family")
    for group in privacy.shown(pay.data)["group"]:
        label = html.escape(labels.pretty(group, "role_family"), quote=False)
        assert json.dumps(label)[1:-1] in text, group
    for seniority in privacy.shown(answer(content, "pay_by_seniority").data)["group"]:
        assert f"{labels.pretty(seniority, 'seniority')} (n=" in text


def test_pdf_pages_render_with_every_label(content: reports.Report, tmp_path: Path) -> None:
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
    assert "Seniority: Mid, Senior" in text
    assert headline_values(content)["Median expected pay"] in text


def test_pdf_table_headers_never_break_inside_a_word(content: reports.Report) -> None:
    """Each column is at least as wide as its longest header word (no "Candidat es")."""
    from insights.report import pdf

    document = pdf._Document(content)
    for item in [content.headlines, *content.answers()]:
        assert item is not None
        header, rows = formatting.table(item, content.currency)
        size, widths = pdf.table_layout(document, header, rows, 7.5)
        assert sum(widths) == pytest.approx(pdf.CONTENT_MM, rel=1e-6)
        document.set_font(document.family, "B", size)
        for label, width in zip(header, widths, strict=True):
            longest = max(document.get_string_width(w) for w in label.split())
            assert longest + 2 <= width, (item.question, label, width)
        document.set_font(document.family, "", size)
        numeric = [a == "right" for a in formatting.alignments(item, header)]
        for row in rows:
            if len(row) == len(header):  # a figure never wraps ("USD / 106,998")
                for value, width, figure in zip(row, widths, numeric, strict=True):
                    if figure:
                        assert document.get_string_width(value) + 2 <= width, (item.question, value)


@pytest.mark.parametrize(
    "key", ["pay_by_role_family", "pay_by_city", "culture_means", "band_ratios"]
)
def test_pdf_chart_images_keep_their_labels(content: reports.Report, key: str) -> None:
    """The printed image of a chart is drawn at its laid-out size, and its plot area starts
    right of its longest row label (plotly's automargin), so no label is cut off."""
    from insights.report import pdf

    item = answer(content, key)
    assert item.figure is not None
    figure, _ = pdf.static_figure(item.figure)
    svg = figure.to_image(format="svg").decode()
    # right-aligned row labels end at x: with the label's width left of x, x must exceed it
    ticks = re.findall(
        r'<g class="ytick"><text text-anchor="end" x="([\d.]+)"[^>]*>(.*?)</text>', svg
    )
    assert ticks, "row labels are drawn"
    for x, text in ticks:
        shown = html.unescape(re.sub(r"<[^>]+>", "", text))
        assert float(x) >= 5.5 * len(shown), (x, shown)  # ~6-7 px per character at 14 px


def test_xlsx_has_the_sheets_and_the_numbers(content: reports.Report, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    reports.write(content, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", *(p.title for p in catalog.PAGES)]
    summary = headline_table(book["Summary"])
    values = headline_values(content)
    assert summary["Interviews"][0] == values["Interviews"]
    assert summary["Median expected pay"][0] == values["Median expected pay"]
    rows = list(book["Compensation"].iter_rows(values_only=True))
    start = next(
        i for i, r in enumerate(rows) if r[0] == "What do candidates expect to earn, by seniority?"
    )
    header = rows[start + 3]
    assert header[:2] == ("Seniority", "Responses")
    item = answer(content, "pay_by_seniority")
    table = {r[0]: r for r in rows[start + 4 : start + 4 + len(item.data)]}
    for rec in item.data.itertuples():
        name = labels.pretty(rec.group, "seniority")
        if not rec.suppressed:
            assert table[name][4] == pytest.approx(rec.p50)
        else:
            assert table[name][1] in (privacy.label(), privacy.complement_label())
    assert book["Compensation"]._charts, "native Excel charts"


def test_no_number_for_a_group_under_k(fixture_db: Path, tmp_path: Path) -> None:
    """Seniority 'executive' has 2 interviews in the fixture: labelled, never a figure."""
    with open_reader(fixture_db) as reader:
        content = reports.gather(reader, Filters())
    item = answer(content, "pay_by_seniority")
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
    for label, value in headline_values(content).items():
        assert page[label] == value, label
    at.switch_page("views/compensation.py").run()
    figures = {
        json.loads(el.proto.spec)["layout"]["title"]["text"]: json.loads(el.proto.spec)
        for el in at.get("plotly_chart")
    }
    for key in ("pay_by_seniority", "pay_by_role_family", "pay_by_country"):
        item = answer(content, key)
        assert item.figure is not None
        drawn = figures[item.question]
        printed = json.loads(item.figure.to_json())
        assert drawn["data"] == printed["data"], key


def test_cli_writes_each_format(demo_db: Path, tmp_path: Path) -> None:
    filters = Filters(country=("DE",), period="latest_12_months")
    with open_reader(demo_db) as reader:
        expected = reports.gather(reader, filters)
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
                "--period",
                "latest_12_months",
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
        assert f"interviews: {expected.interviews}" in run.stderr
    sheet = openpyxl.load_workbook(tmp_path / "q.xlsx")["Summary"]
    values = headline_table(sheet)
    assert values["Interviews"][0] == headline_values(expected)["Interviews"]
    facts = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert facts["Filters"] == "Country: Germany"
    html = (tmp_path / "q.html").read_text(encoding="utf-8")
    pay = answer(expected, "pay_by_role_family").data
    first = privacy.shown(pay).iloc[0]
    assert f"USD {first['p50']:,.0f}" in html
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


def test_cli_never_prints_a_small_count(fixture_db: Path, tmp_path: Path) -> None:
    """A report on a group of 2 says so in words, in the CLI line and in every format."""
    out = tmp_path / "small.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "insights.cli",
            "report",
            "--out",
            str(out),
            "--seniority",
            "executive",
            "--db",
            str(fixture_db),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "interviews: fewer than 5" in run.stderr
    assert not re.search(r"\b[12] interviews?\b", run.stderr)
    text = re.sub(r"<script.*?</script>", "", out.read_text(encoding="utf-8"), flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", text)
    assert "fewer than 5" in visible
    assert not re.search(r"n = [1-4]\b|\(n=[1-4]\)|Interviews</dt><dd>[1-4]<", text)


def headline_table(sheet) -> dict:  # type: ignore[no-untyped-def]
    """Label -> (value, previous, change, interval, n) of the Summary sheet's headline table."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Headline") + 1
    out = {}
    for r in rows[start:]:
        if not r[0]:
            break
        out[r[0]] = r[1:]
    return out
