"""`insights report`: the expectations report as HTML, PDF or XLSX (format from the extension).

Examples::

    insights report --out q3.pdf --from 2025-07-01 --to 2025-09-30
    insights report --out latest.pdf --period latest_quarter
    insights report --out berlin.xlsx --city Berlin --role-family "Data Analytics"
    insights report --out view.html --link "https://dash/compensation?seniority=senior"

The figures are exactly those of the dashboard pages for the same filters (the same
query functions, the same minimum group size); no individual ever appears.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from insights import admin
from insights import report as reports
from insights.access import SYSTEM
from insights.filters import Filters
from insights.periods import PRESETS
from insights.reader import NoWarehouse, open_reader
from insights.state import open_state

_Multi = list[str] | None
_Date = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])]


def report(
    out: Annotated[Path, typer.Option("--out", help="File to write: .html, .pdf or .xlsx.")],
    date_from: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="First interview date (YYYY-MM-DD)."),
    ] = None,
    date_to: Annotated[
        dt.datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Last interview date (YYYY-MM-DD)."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help=f"A named period resolved against the data: {', '.join(PRESETS)}.",
        ),
    ] = None,
    role_family: Annotated[
        _Multi, typer.Option("--role-family", help="Repeat for several.")
    ] = None,
    seniority: Annotated[_Multi, typer.Option("--seniority", help="Repeat for several.")] = None,
    department: Annotated[_Multi, typer.Option("--department", help="Repeat for several.")] = None,
    country: Annotated[
        _Multi, typer.Option("--country", help="ISO code, e.g. DE (repeat).")
    ] = None,
    city: Annotated[_Multi, typer.Option("--city", help="Repeat for several.")] = None,
    career_stage: Annotated[
        _Multi, typer.Option("--career-stage", help="Repeat for several.")
    ] = None,
    source: Annotated[_Multi, typer.Option("--source", help="Repeat for several.")] = None,
    interview_format: Annotated[
        _Multi, typer.Option("--interview-format", help="video|phone|in_person|group (repeat).")
    ] = None,
    link: Annotated[
        str | None,
        typer.Option(
            "--link", help="A dashboard URL (or its query string): start from its filters."
        ),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(
            "--every", help="Trend buckets: month or quarter (default: by period length)."
        ),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Warehouse (default $INSIGHTS_DB).")
    ] = None,
) -> None:
    """Write the report for a period and filters, e.g. `insights report --out q3.pdf --from 2025-07-01 --to 2025-09-30`."""
    try:
        fmt = reports.Format.from_path(out)
    except ValueError as exc:
        _exit(str(exc), 2)
    if every not in (None, "month", "quarter"):
        _exit("--every must be month or quarter", 2)
    params: dict[str, list[str]] = {}
    if link:
        query = urllib.parse.urlsplit(link).query if "?" in link or "://" in link else link
        params = urllib.parse.parse_qs(query)
    given = {
        "period": [period] if period else [],
        "from": [date_from.date().isoformat()] if date_from else [],
        "to": [date_to.date().isoformat()] if date_to else [],
        "role_family": role_family or [],
        "seniority": seniority or [],
        "department": department or [],
        "country": country or [],
        "city": city or [],
        "career_stage": career_stage or [],
        "source": source or [],
        "format": interview_format or [],
    }
    params.update({key: values for key, values in given.items() if values})
    filters, notices = Filters.from_query_params(params)
    if notices:
        _exit("invalid filter: " + "; ".join(n.removeprefix("Ignored ") for n in notices), 2)
    try:
        with open_reader(db) as reader:
            content = reports.gather(reader, filters, every)
    except NoWarehouse as exc:
        _exit(str(exc), 1)
    reports.write(content, out)
    admin.record(
        SYSTEM,
        "report.write",
        target=str(out),
        details={"format": fmt.value, "filters": content.filters.to_query_params()},
        state=open_state(db),
    )
    typer.echo(
        f"Wrote {fmt.value.upper()} report to {out}: interviews: {content.interviews}, "
        f"{content.period_text()}, {content.filters_text()}",
        err=True,
    )


def _exit(message: str, code: int) -> NoReturn:
    typer.echo(f"insights report: {message}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the `report` command to the `insights` app."""
    app.command("report")(report)
