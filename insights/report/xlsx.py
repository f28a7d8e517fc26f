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
from insights.report import formatting
from insights.report.model import Column, Item, Report

CHARTS = ("bar", "line", "percentiles")  # native Excel charts drawn (stacked shares: table only)
NUMBER_FORMATS = {
    "count": "#,##0",
    "money": "#,##0",
    "share": "0.0%",
    "pct": "0.0",
    "mean": "0.00",
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
        ws.write_string(1, 0, exports.safe_cell(section.intro), styles["muted"])
        row = 3
        for item in section.items:
            row = _item(book, ws, item, report, styles, row) + 2
    book.close()
    return buffer.getvalue()


def _styles(book: Workbook) -> dict[str, Any]:
    out = {
        "title": book.add_format({"bold": True, "font_size": 16, "font_color": "#4C78A8"}),
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
        ("Compared with", f"{report.previous_text()} (same length, just before)"),
        ("Filters", report.filters_text()),
        ("Interviews", f"{report.interviews:,}"),
        ("Pay figures", f"{report.currency} per year"),
        ("Generated", f"{report.generated_at:%Y-%m-%d %H:%M}"),
        (
            "Privacy",
            f"No figure describes a group of {privacy.label(report.k)}; such groups "
            "are labelled without numbers. No individual candidate appears.",
        ),
    )
    for i, (label, value) in enumerate(facts, start=2):
        ws.write_string(i, 0, label, styles["bold"])
        ws.write_string(i, 1, exports.safe_cell(value))
    top = len(facts) + 3
    ws.write_string(top, 0, "Headline figures", styles["h"])
    header = ["Headline", "Value", "Previous period", "Change", "n"]
    for c, h in enumerate(header):
        ws.write_string(top + 1, c, h, styles["head"])
    for r, rec in enumerate(report.headlines.itertuples(), start=top + 2):
        ws.write_string(r, 0, str(rec.label))
        kind = _headline_kind(str(rec.metric))
        if rec.suppressed:
            ws.write_string(r, 1, privacy.label(report.k), styles["hidden"])
        else:
            _number(ws, r, 1, rec.value, styles[kind])
            _number(ws, r, 3, rec.change, styles[kind])
            _number(ws, r, 4, rec.n, styles["count"])
        _number(ws, r, 2, rec.previous, styles[kind])
    ws.write_string(top + 9, 0, formatting.headline_note(report), styles["muted"])
    ws.write_string(top + 11, 0, "Sheets", styles["h"])
    for i, section in enumerate(report.sections, start=top + 12):
        ws.write_string(i, 0, section.title)
        ws.write_string(i, 1, f"{len(section.items)} question(s), with the data behind each chart")


def _headline_kind(metric: str) -> str:
    return {"median_pay": "money", "share_remote": "share", "mean_fit": "mean"}.get(metric, "count")


def _number(ws: Worksheet, r: int, c: int, value: object, fmt: Any) -> None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return
    if not math.isnan(number):
        ws.write_number(r, c, number, fmt)


def _item(
    book: Workbook, ws: Worksheet, item: Item, report: Report, styles: dict[str, Any], row: int
) -> int:
    """Write one item's block at `row`; returns the last row used."""
    ws.write_string(row, 0, exports.safe_cell(item.question), styles["h"])
    ws.write_string(row + 1, 0, f"n = {item.n or 0:,} {item.unit}", styles["muted"])
    if item.note:
        ws.write_string(row + 2, 0, exports.safe_cell(item.note), styles["muted"])
    head = row + 3
    for c, column in enumerate(item.columns):
        ws.write_string(head, c, column.label + _unit(column, report.currency), styles["head"])
    data = item.data.reset_index(drop=True)
    hidden = data["suppressed"] if "suppressed" in data else pd.Series(False, index=data.index)
    for i, rec in data.iterrows():
        r = head + 1 + int(i)  # type: ignore[call-overload]
        for c, column in enumerate(item.columns):
            _cell(ws, r, c, rec.get(column.key), column, bool(hidden.iloc[int(i)]), styles)  # type: ignore[call-overload]
    last = head + len(data)
    shown = int((~hidden.astype(bool)).sum())
    charted = item.chart in CHARTS and shown > 0 and _leading_shown(hidden)
    if charted:
        _chart(book, ws, item, head, shown)
    return max(last, head + (18 if charted else 0))


def _unit(column: Column, currency: str) -> str:
    if column.kind == "money":
        return f" ({currency}/yr)"
    if column.kind == "pct":
        return " (%)"
    return ""


def _cell(
    ws: Worksheet,
    r: int,
    c: int,
    value: object,
    column: Column,
    hidden: bool,
    styles: dict[str, Any],
) -> None:
    if column.kind in ("text", "label", "date"):
        stamp = formatting.as_timestamp(value) if column.kind == "date" else None
        if stamp is not None:
            ws.write_datetime(r, c, stamp.to_pydatetime(), styles["date"])
            return
        text = formatting.cell(value, column.kind, "")
        if text:
            ws.write_string(r, c, exports.safe_cell(text))
        return
    if hidden:
        if column.key == "n":
            ws.write_string(r, c, privacy.label(), styles["hidden"])
        return
    _number(ws, r, c, value, styles[column.kind])


def _leading_shown(hidden: pd.Series) -> bool:
    """Charts cover the first rows only: true when every shown row comes before any hidden one."""
    flags = list(hidden.astype(bool))
    return flags == sorted(flags)


def _chart(book: Workbook, ws: Worksheet, item: Item, head: int, shown: int) -> None:
    keys = [c.key for c in item.columns]
    first, last = head + 1, head + shown
    cat_col = 0
    name = ws.get_name()

    def ref(col: int) -> list[Any]:
        return [name, first, col, last, col]

    kind = {"bar": "bar", "line": "line", "percentiles": "bar"}[item.chart]
    chart = book.add_chart({"type": kind})
    if item.chart == "bar":
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
    elif item.chart == "line":
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
    elif item.chart == "percentiles":
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
    chart.set_title({"name": item.question, "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom"} if item.chart != "bar" else {"none": True})
    chart.set_size({"width": 620, "height": max(300, min(700, 40 + 24 * shown))})
    ws.insert_chart(head, len(item.columns) + 1, chart)
