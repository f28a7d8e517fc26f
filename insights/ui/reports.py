"""Streamlit helpers of the Reports page: build a report once per (filters, version, format)."""

from __future__ import annotations

import shlex

import streamlit as st

from insights import admin
from insights import report as reports
from insights.filters import LIST_FIELDS, Filters
from insights.ui.data import current_version

FLAGS = {name: "--" + name.replace("_", "-") for name in LIST_FIELDS} | {
    "format": "--interview-format"
}


# A Report holds its insights' chart builders (functions), which pickle cannot copy: it is
# kept as a shared, read-only resource (writers copy every figure they change).
@st.cache_resource(show_spinner=False, max_entries=8, ttl=3600)
def _content(filters: Filters, version: str, every: str | None, role: str) -> reports.Report:
    """The report's content for the current warehouse version (cached)."""
    from insights import ui

    return reports.gather(ui.reader(), filters, every)


@st.cache_data(show_spinner=False, max_entries=8, ttl=3600)
def _rendered(filters: Filters, version: str, every: str | None, fmt: str, role: str) -> bytes:
    return reports.render(_content(filters, version, every, role), reports.Format(fmt))


def build(filters: Filters, every: str | None, fmt: reports.Format, role: str) -> bytes:
    return _rendered(filters, current_version() or "", every, fmt.value, role)


def report_content(filters: Filters, every: str | None, role: str) -> reports.Report:
    return _content(filters, current_version() or "", every, role)


def audit_download(report: reports.Report, fmt: reports.Format) -> None:
    """Record the download of a report (what, filters, format) in the audit trail."""
    from insights import ui

    admin.record(
        ui.principal(),
        "report.download",
        target=file_name(report, fmt),
        details={"format": fmt.value, "filters": report.filters.to_query_params()},
    )


def file_name(report: reports.Report, fmt: reports.Format) -> str:
    span = f"{report.start}_{report.end}" if report.start and report.end else "all"
    return f"interview-insights_{span}.{fmt.value}"


def cli_command(filters: Filters, fmt: reports.Format) -> str:
    """The `insights report` command that writes the same report."""
    parts = ["insights", "report", "--out", f"report.{fmt.value}"]
    if filters.is_preset():
        parts += ["--period", filters.period]
    else:
        if filters.date_from:
            parts += ["--from", filters.date_from.isoformat()]
        if filters.date_to:
            parts += ["--to", filters.date_to.isoformat()]
    for name in LIST_FIELDS:
        for value in getattr(filters, name):
            parts += [FLAGS[name], value]
    return shlex.join(parts)
