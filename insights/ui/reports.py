"""Streamlit helpers of the Reports page: build a report once per (filters, version, format)."""

from __future__ import annotations

import shlex

import streamlit as st

from insights import report as reports
from insights.filters import LIST_FIELDS, Filters
from insights.ui.data import connection, current_version

FLAGS = {name: "--" + name.replace("_", "-") for name in LIST_FIELDS} | {
    "format": "--interview-format"
}


@st.cache_data(show_spinner=False, max_entries=8, ttl=3600)
def content(filters: Filters, version: str, every: str | None) -> reports.Report:
    """The report's content for the current warehouse version (cached)."""
    con = connection()
    if con is None:
        raise FileNotFoundError("no warehouse")
    return reports.gather(con, filters, every)


@st.cache_data(show_spinner=False, max_entries=8, ttl=3600)
def rendered(filters: Filters, version: str, every: str | None, fmt: str) -> bytes:
    return reports.render(content(filters, version, every), reports.Format(fmt))


def build(filters: Filters, every: str | None, fmt: reports.Format) -> bytes:
    return rendered(filters, current_version() or "", every, fmt.value)


def report_content(filters: Filters, every: str | None) -> reports.Report:
    return content(filters, current_version() or "", every)


def file_name(report: reports.Report, fmt: reports.Format) -> str:
    span = f"{report.start}_{report.end}" if report.start and report.end else "all"
    return f"interview-insights_{span}.{fmt.value}"


def cli_command(filters: Filters, fmt: reports.Format) -> str:
    """The `insights report` command that writes the same report."""
    parts = ["insights", "report", "--out", f"report.{fmt.value}"]
    if filters.date_from:
        parts += ["--from", filters.date_from.isoformat()]
    if filters.date_to:
        parts += ["--to", filters.date_to.isoformat()]
    for name in LIST_FIELDS:
        for value in getattr(filters, name):
            parts += [FLAGS[name], value]
    return shlex.join(parts)
