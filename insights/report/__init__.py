"""Reports people can take away: HTML (interactive, offline), PDF (print), XLSX (data).

    report = gather(con, filters)          # same query functions as the pages
    write(report, Path("q3.pdf"))          # format chosen by the extension

No Streamlit here: the Reports page and `insights report` both call this package.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path

from insights.report.content import gather
from insights.report.model import Report

__all__ = ["Format", "Report", "gather", "render", "write"]


class Format(enum.StrEnum):
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"

    @property
    def mime(self) -> str:
        return {
            "html": "text/html",
            "pdf": "application/pdf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[self.value]

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Format:
        suffix = Path(path).suffix.lower().lstrip(".")
        suffix = "html" if suffix == "htm" else suffix
        try:
            return cls(suffix)
        except ValueError:
            raise ValueError(
                f"Cannot tell the report format of {Path(path).name}: use .html, .pdf or .xlsx"
            ) from None


def render(report: Report, fmt: Format) -> bytes:
    """The report in one format, as bytes."""
    if fmt is Format.HTML:
        from insights.report import html

        return html.render(report).encode("utf-8")
    if fmt is Format.PDF:
        from insights.report import pdf

        return pdf.render(report)
    from insights.report import xlsx

    return xlsx.render(report)


def write(report: Report, path: str | os.PathLike[str]) -> Format:
    """Write the report to `path` in the format its extension names (atomically)."""
    fmt = Format.from_path(path)
    target = Path(path)
    data = render(report, fmt)
    tmp = target.with_name(f".{target.name}.part")
    # Owner-only: a report is an export of the installation's data.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    return fmt
