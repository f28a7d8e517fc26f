"""PDF: a cover with the period, filters and headline figures, then one section per
topic with static charts (rendered by kaleido, which drives the system Chromium) and the
numbers behind them; every page numbered "Page x of y". Built with fpdf2."""

from __future__ import annotations

import tempfile
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from insights import privacy
from insights.catalog import Answer
from insights.report import formatting
from insights.report.model import Report, split_title

CHART_WIDTH_PX = 1000
MAX_CHART_HEIGHT_PX = 2200  # taller charts (e.g. 90 salary bands) go as a table only
CONTENT_MM = 180.0
MAX_TABLE_ROWS = 45  # longer tables (e.g. weeks) are in the Excel and HTML reports
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)
ACCENT = (76, 120, 168)
MUTED = (91, 102, 117)


class _Document(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.family = _fonts(self)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(report.title)
        self.set_creator("Exploratory Interview Insights")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.text(f"{self.report.title} · {self.report.period_text()}"), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def text(self, value: str) -> str:  # type: ignore[override]
        """Text the chosen font can draw (core fonts are Latin-1 only)."""
        if self.family != "helvetica":
            return value
        value = (
            value.replace("\u2013", "-")
            .replace("\u2014", "-")
            .replace("\u201c", '"')
            .replace("\u201d", '"')
        )
        return value.encode("latin-1", "replace").decode("latin-1")

    def para(
        self,
        value: str,
        size: float = 10,
        bold: bool = False,
        color: tuple[int, int, int] = (0, 0, 0),
        gap: float = 1.5,
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(
            0, size * 0.45, self.text(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(0, 0, 0)
        self.ln(gap)


def _fonts(pdf: FPDF) -> str:
    for folder in FONT_DIRS:
        for regular, bold in FONT_FILES:
            if (folder / regular).exists() and (folder / bold).exists():
                pdf.add_font("body", "", str(folder / regular))
                pdf.add_font("body", "B", str(folder / bold))
                return "body"
    return "helvetica"


def render(report: Report) -> bytes:
    """The report as PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="insights-report-") as tmp:
        images = _chart_images(report, Path(tmp))
        pdf = _Document(report)
        _cover(pdf, report)
        for section in report.sections:
            pdf.add_page()
            pdf.para(section.title, 18, bold=True, color=ACCENT, gap=1)
            if section.intro:
                pdf.para(section.intro, 9.5, color=MUTED, gap=3)
            for block in section.blocks:
                if len(section.blocks) > 1:
                    # a heading keeps its first chart with it (or the chart's first 120 mm)
                    first = images.get(id(block.answers[0])) if block.answers else None
                    need = 40 + (min(CONTENT_MM * first[1], 120) if first else 20)
                    if pdf.get_y() + need > pdf.h - pdf.b_margin:
                        pdf.add_page()
                    pdf.ln(2)
                    pdf.para(block.title, 14, bold=True, color=ACCENT, gap=1)
                for answer in block.answers:
                    _item(pdf, answer, images.get(id(answer)), report)
        return bytes(pdf.output())


def _chart_images(report: Report, folder: Path) -> dict[int, tuple[Path, float, str]]:
    """id(answer) -> (PNG, height/width, subtitle) for every chart that fits a page, drawn
    at the size it is laid out in (so automargins match the image); one kaleido batch."""
    jobs = []
    for i, answer in enumerate(report.answers()):
        if answer.figure is None or answer.empty:
            continue
        figure, subtitle = static_figure(answer.figure)
        height = int(figure.layout.height)
        if height > MAX_CHART_HEIGHT_PX:
            continue
        jobs.append((id(answer), figure, folder / f"chart-{i}.png", height, subtitle))
    if jobs:
        pio.write_images(
            [j[1] for j in jobs],
            [j[2] for j in jobs],
            format="png",
            scale=2,
            width=CHART_WIDTH_PX,
            height=[j[3] for j in jobs],
        )
    return {
        key: (path, height / CHART_WIDTH_PX, formatting.plain(subtitle))
        for key, _, path, height, subtitle in jobs
    }


def static_figure(figure: go.Figure) -> tuple[go.Figure, str]:
    """The figure as printed: no title (the question is a heading), laid out at the width
    and height of the image, so its automargins are computed for that size; its subtitle."""
    copy, subtitle = split_title(figure)
    height = int(copy.layout.height or 420)
    copy.update_layout(width=CHART_WIDTH_PX, height=height, font={"size": 14})
    return copy, subtitle


def _cover(pdf: _Document, report: Report) -> None:
    pdf.add_page()
    pdf.ln(18)
    pdf.para("Exploratory Interview Insights", 11, bold=True, color=ACCENT, gap=2)
    pdf.para(report.title, 24, bold=True, gap=6)
    for label, value in (
        ("Period", report.period_text()),
        ("Compared with", report.comparison),
        ("Filters", report.filters_text()),
        ("Interviews", str(report.interviews)),
        ("Pay figures", f"{report.currency} per year"),
        ("Generated", f"{report.generated_at:%Y-%m-%d %H:%M}"),
    ):
        pdf.set_font(pdf.family, "B", 10.5)
        pdf.cell(38, 6.5, pdf.text(label))
        pdf.set_font(pdf.family, "", 10.5)
        pdf.multi_cell(0, 6.5, pdf.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.para(
        f"Privacy: no figure describes a group of {privacy.label(report.k)}; such groups are "
        f"listed as \u201c{privacy.label(report.k)}\u201d without numbers, and where a hidden "
        "group could be worked out by subtraction a second group is hidden too. No individual "
        "candidate appears in this report.",
        9.5,
        color=MUTED,
        gap=6,
    )
    if report.headlines is not None and report.headlines.shown:
        pdf.para("Headline figures", 14, bold=True, gap=2)
        header, rows = formatting.table(report.headlines, report.currency)
        _table(pdf, header, rows, 9)
        pdf.para(formatting.note(report.headlines), 8.5, color=MUTED)
    if not report.sections:
        pdf.para("No interviews match this period and these filters.", 12, bold=True)


def _item(
    pdf: _Document, answer: Answer, image: tuple[Path, float, str] | None, report: Report
) -> None:
    image_h = CONTENT_MM * image[1] if image else 0.0
    if pdf.get_y() + 14 + min(image_h, 120) > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(2)
    pdf.para(answer.question, 12.5, bold=True, gap=0.5)
    if answer.empty:
        pdf.para(answer.empty, 9, color=MUTED, gap=3)
        return
    subtitle = image[2] if image else formatting.subtitle(answer)
    pdf.para(subtitle, 8.5, color=MUTED, gap=1)
    if image:
        if pdf.get_y() + image_h > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(str(image[0]), x=pdf.l_margin, w=CONTENT_MM, h=image_h)
        pdf.ln(2)
    elif answer.figure is not None:
        pdf.para(
            "The chart is too tall for print: its numbers follow (interactive in the HTML report).",
            8.5,
            color=MUTED,
        )
    if answer.note:
        pdf.para(formatting.note(answer), 8.5, color=MUTED)
    header, rows = formatting.table(answer, report.currency)
    aligns = formatting.alignments(answer, header)
    rows, hidden_note = formatting.split_suppressed(header, rows, limit=8)
    if len(rows) > MAX_TABLE_ROWS:
        pdf.para(f"{len(rows)} rows of numbers: see the Excel or HTML report.", 8.5, color=MUTED)
    elif rows:
        _table(pdf, header, rows, 7.5, aligns)
    if hidden_note:
        pdf.para(hidden_note, 7.5, color=MUTED)
    pdf.ln(3)


def _widths(pdf: _Document, header: list[str], rows: list[list[str]], size: float) -> list[float]:
    """Column widths (mm) in which no word breaks: every column gets at least its longest
    header word and its longest value (a value up to a fifth of the page); what is left is
    shared out in proportion to what each column would still like."""
    words, heads, values = _measure(pdf, header, rows, size)
    floor = [max(w, min(v, CONTENT_MM / 5)) for w, v in zip(words, values, strict=True)]
    wanted = [max(f, h, v) for f, h, v in zip(floor, heads, values, strict=True)]
    if sum(floor) > CONTENT_MM:  # only when even the smallest type cannot fit: scale
        return [f * CONTENT_MM / sum(floor) for f in floor]
    room = [w - f for w, f in zip(wanted, floor, strict=True)]
    spare = CONTENT_MM - sum(floor)
    if sum(room) <= spare:
        out = list(wanted)
        out[0] += spare - sum(room)
        return out
    return [f + spare * r / sum(room) for f, r in zip(floor, room, strict=True)]


def _measure(
    pdf: _Document, header: list[str], rows: list[list[str]], size: float
) -> tuple[list[float], list[float], list[float]]:
    """Per column at `size`: longest header word, whole header, longest value (mm)."""
    pad = 2.4
    pdf.set_font(pdf.family, "B", size)
    words = [max(pdf.get_string_width(w) for w in (h.split() or [""])) + pad for h in header]
    heads = [pdf.get_string_width(h) + pad for h in header]
    pdf.set_font(pdf.family, "", size)
    values = [0.0] * len(header)
    for row in rows:
        for i, value in enumerate(row if len(row) == len(header) else row[:-1]):
            values[i] = max(values[i], pdf.get_string_width(value) + pad)
    return words, heads, values


def _fits(pdf: _Document, header: list[str], rows: list[list[str]], size: float) -> bool:
    words, _, values = _measure(pdf, header, rows, size)
    floor = sum(max(w, min(v, CONTENT_MM / 5)) for w, v in zip(words, values, strict=True))
    return floor <= CONTENT_MM


def table_layout(
    pdf: _Document, header: list[str], rows: list[list[str]], size: float
) -> tuple[float, list[float]]:
    """(type size, column widths): the type shrinks until every header word and value fits
    its column, so a word never breaks ("Candidat es")."""
    while size > 5.0 and not _fits(pdf, header, rows, size):
        size -= 0.5
    return size, _widths(pdf, header, rows, size)


def _table(
    pdf: _Document,
    header: list[str],
    rows: list[list[str]],
    size: float,
    aligns: list[str] | None = None,
) -> None:
    header = [pdf.text(h) for h in header]
    rows = [[pdf.text(v) for v in r] for r in rows]
    size, widths = table_layout(pdf, header, rows, size)
    pdf.set_font(pdf.family, "", size)
    with pdf.table(
        col_widths=widths,
        width=CONTENT_MM,
        text_align=[a.upper() for a in aligns]
        if aligns
        else ["LEFT"] + ["RIGHT"] * (len(header) - 1),
        line_height=size * 0.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 231, 239)),
        first_row_as_headings=True,
        borders_layout="HORIZONTAL_LINES",
        cell_fill_color=(243, 245, 248),
        cell_fill_mode="ROWS",
    ) as table:
        head = table.row()
        for h in header:
            head.cell(pdf.text(h))
        for row in rows:
            cells = table.row()
            for value in row[:-1]:
                cells.cell(pdf.text(value))
            span = len(header) - len(row) + 1
            cells.cell(pdf.text(row[-1]), colspan=span, align="CENTER" if span > 1 else None)
    pdf.set_font(pdf.family, "", 10)
