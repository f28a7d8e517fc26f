"""XLSX: a Summary sheet with the headline figures, then one sheet per section holding the
data behind each chart (numbers as numbers, suppressed groups labelled) and native Excel
charts where they help. Text cells are written with write_string and formula-injection
safe (insights.exports.safe_cell)."""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from insights import exports, privacy
from insights.catalog import Answer, Column
from insights.report import formatting
from insights.report.model import Report

CHARTS = ("bar", "line", "percentiles")  # native Excel charts drawn (stacked shares: table only)
NUMBER_FORMATS = {
    "count": "#,##0",
    "money": "#,##0",
    "share": "0.0%",
    "pct": "0.0",
    "mean": "0.00",
    "ratio": "0.00",
    "years": "0.0",
}


def render(report: Report) -> bytes:
    """The report as XLSX bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    styles = _styles(book)
    _summary(book, report, styles)
    for section in report.sections:
        ws = book.add_worksheet(exports._sheet_name(section.title))
        ws.set_column(0, 0, 28)
        ws.set_column(1, 12, 15)
        ws.write_string(0, 0, section.title, styles["title"])
        ws.write_string(1, 0, _text(section.intro), styles["muted"])
        row = 3
        for block in section.blocks:
            if len(section.blocks) > 1:
                ws.write_string(row, 0, _text(block.title), styles["block"])
                row += 2
            for answer in block.answers:
                row = _item(book, ws, answer, report, styles, row) + 2
    book.close()
    return buffer.getvalue()


def _styles(book: Workbook) -> dict[str, Any]:
    out = {
        "title": book.add_format({"bold": True, "font_size": 16, "font_color": "#4C78A8"}),
        "block": book.add_format({"bold": True, "font_size": 13, "font_color": "#4C78A8"}),
        "h": book.add_format({"bold": True, "font_size": 12}),
        "bold": book.add_format({"bold": True}),
        "muted": book.add_format({"font_color": "#5b6675", "italic": True}),
        "head": book.add_format(
            {"bold": True, "bg_color": "#E1E7EF", "bottom": 1, "text_wrap": True}
        ),
        "hidden": book.add_format({"font_color": "#5b6675", "italic": True}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "align": "left"}),
    }
    for kind, fmt in NUMBER_FORMATS.items():
        out[kind] = book.add_format({"num_format": fmt})
    return out


def _summary(book: Workbook, report: Report, styles: dict[str, Any]) -> None:
    ws = book.add_worksheet("Summary")
    ws.set_column(0, 0, 34)
    ws.set_column(1, 4, 20)
    ws.write_string(0, 0, report.title, styles["title"])
    facts = (
        ("Period", report.period_text()),
        ("Compared with", report.comparison),
        ("Filters", report.filters_text()),
        ("Interviews", str(report.interviews)),
        ("Pay figures", f"{report.currency} per year"),
        ("Generated", f"{report.generated_at:%Y-%m-%d %H:%M}"),
        (
            "Privacy",
            f"No figure describes a group of {privacy.label(report.k)}; such groups "
            "are labelled without numbers, and where a hidden group could be worked out by "
            "subtraction a second group is hidden too. No individual candidate appears.",
        ),
    )
    for i, (label, value) in enumerate(facts, start=2):
        ws.write_string(i, 0, label, styles["bold"])
        ws.write_string(i, 1, _text(value))
    top = len(facts) + 3
    if report.headlines is not None and report.headlines.shown:
        ws.write_string(top, 0, "Headline figures", styles["h"])
        header, rows = formatting.table(report.headlines, report.currency)
        for c, h in enumerate(header):
            ws.write_string(top + 1, c, h, styles["head"])
        for r, values in enumerate(rows, start=top + 2):
            for c, value in enumerate(values):
                ws.write_string(r, c, _text(value))
        top += len(rows) + 2
        ws.write_string(top, 0, _text(formatting.note(report.headlines)), styles["muted"])
    ws.write_string(top + 2, 0, "Sheets", styles["h"])
    for i, section in enumerate(report.sections, start=top + 3):
        ws.write_string(i, 0, section.title)
        ws.write_string(
            i, 1, f"{len(section.answers)} question(s), with the data behind each chart"
        )


def _number(ws: Worksheet, r: int, c: int, value: object, fmt: Any) -> None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return
    if not math.isnan(number):
        ws.write_number(r, c, number, fmt)


def _item(
    book: Workbook, ws: Worksheet, answer: Answer, report: Report, styles: dict[str, Any], row: int
) -> int:
    """Write one answer's block at `row`; returns the last row used."""
    ws.write_string(row, 0, _text(answer.question), styles["h"])
    if answer.empty:
        ws.write_string(row + 1, 0, _text(answer.empty), styles["muted"])
        return row + 1
    ws.write_string(row + 1, 0, _text(formatting.subtitle(answer)), styles["muted"])
    if answer.note:
        ws.write_string(row + 2, 0, _text(formatting.note(answer)), styles["muted"])
    head = row + 3
    for c, column in enumerate(answer.columns):
        ws.write_string(head, c, column.label + _unit(column, report.currency), styles["head"])
    data = answer.data.reset_index(drop=True)
    hidden = (
        data[privacy.SUPPRESSED].astype(bool)
        if privacy.SUPPRESSED in data
        else pd.Series(False, index=data.index)
    )
    reasons = data.get(privacy.REASON)
    for i, rec in data.iterrows():
        r = head + 1 + int(i)  # type: ignore[call-overload]
        is_hidden = bool(hidden.iloc[int(i)])  # type: ignore[call-overload]
        reason = reasons.iloc[int(i)] if reasons is not None else None  # type: ignore[call-overload]
        for c, column in enumerate(answer.columns):
            if is_hidden and not formatting.is_label(column, answer):
                if column.key == "n":
                    ws.write_string(r, c, privacy.row_label(reason), styles["hidden"])
                continue
            _cell(ws, r, c, rec.get(column.key), column, styles)
    last = head + len(data)
    shown = int((~hidden).sum())
    charted = answer.insight.excel in CHARTS and shown > 0 and _leading_shown(hidden)
    if charted:
        _chart(book, ws, answer, head, shown)
    return max(last, head + (18 if charted else 0))


def _unit(column: Column, currency: str) -> str:
    if column.kind == "money":
        return f" ({currency}/yr)"
    if column.kind == "pct":
        return " (%)"
    return ""


def _text(value: str) -> str:
    """Text for write_string, which never makes a formula of it (no apostrophe needed)."""
    return value


def _cell(
    ws: Worksheet,
    r: int,
    c: int,
    value: object,
    column: Column,
    styles: dict[str, Any],
) -> None:
    if column.kind in ("text", "label", "date"):
        stamp = formatting.as_timestamp(value) if column.kind == "date" else None
        if stamp is not None:
            ws.write_datetime(r, c, stamp.to_pydatetime(), styles["date"])
            return
        text = formatting.cell(value, column.kind, "", column.field)
        if text:
            ws.write_string(r, c, text)  # write_string: never read as a formula
        return
    if column.kind == "count" and formatting.cell(value, "count", "").startswith("<"):
        ws.write_string(r, c, formatting.cell(value, "count", ""), styles["hidden"])
        return
    _number(ws, r, c, value, styles[column.kind])


def _leading_shown(hidden: pd.Series) -> bool:
    """Charts cover the first rows only: true when every shown row comes before any hidden one."""
    flags = list(hidden.astype(bool))
    return flags == sorted(flags)


def _chart(book: Workbook, ws: Worksheet, answer: Answer, head: int, shown: int) -> None:
    item = answer.insight
    keys = [c.key for c in item.columns]
    first, last = head + 1, head + shown
    cat_col = 0
    name = ws.get_name()

    def ref(col: int) -> list[Any]:
        return [name, first, col, last, col]

    kind = {"bar": "bar", "line": "line", "percentiles": "bar"}[item.excel]
    if item.key == "interviews_per_week":
        kind = "column"
    chart = book.add_chart({"type": kind})
    if item.excel == "bar":
        value = "share" if "share" in keys else ("mean" if "mean" in keys else "n")
        chart.add_series(
            {
                "name": item.columns[keys.index(value)].label,
                "categories": ref(cat_col),
                "values": ref(keys.index(value)),
                "fill": {"color": "#4C78A8"},
            }
        )
        if item.key != "interviews_per_week":
            chart.set_y_axis({"reverse": True})
    elif item.excel == "line":
        for key, color in (("p25", "#9DB8D6"), ("p50", "#4C78A8"), ("p75", "#9DB8D6")):
            chart.add_series(
                {
                    "name": item.columns[keys.index(key)].label,
                    "categories": ref(cat_col),
                    "values": ref(keys.index(key)),
                    "line": {"color": color, "width": 2.25 if key == "p50" else 1},
                }
            )
        chart.set_x_axis({"date_axis": True, "num_format": "mmm yyyy"})
    elif item.excel == "percentiles":
        for key, color in (("p25", "#9DB8D6"), ("p50", "#4C78A8"), ("p75", "#1F4E79")):
            chart.add_series(
                {
                    "name": item.columns[keys.index(key)].label,
                    "categories": ref(cat_col),
                    "values": ref(keys.index(key)),
                    "fill": {"color": color},
                }
            )
        chart.set_y_axis({"reverse": True})
    chart.set_title({"name": answer.question, "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom"} if item.excel != "bar" else {"none": True})
    chart.set_size({"width": 620, "height": max(300, min(700, 40 + 24 * shown))})
    ws.insert_chart(head, len(item.columns) + 1, chart)
