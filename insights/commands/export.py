"""`insights export pool`: the filtered talent pool or a shortlist as CSV or XLSX.

Example::

    insights export pool --out berlin.xlsx --skill sql --skill python --city Berlin \\
        --relocate --max-pay 85000 --currency EUR --work-arrangement hybrid
    insights export pool --out shortlist.csv --shortlist "Q3 analysts"
    insights export pool --out saved.csv --saved "Berlin analysts"

The file holds exactly the columns and rows the Talent pool page shows for the same
filters (every page), formula-injection safe. Only candidates who consented to be
contacted and have not withdrawn are ever written.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from etl import settings
from etl.warehouse import open_read_only
from insights import exports, workspace
from insights.pool import pool_frame
from insights.pool_filters import SORTS, PoolFilters

export_app = typer.Typer(
    help="Export the talent pool or a shortlist (CSV or XLSX).", no_args_is_help=True
)

_Multi = list[str] | None


@export_app.command("pool")
def export_pool(
    out: Annotated[Path, typer.Option("--out", help="File to write: .csv or .xlsx.")],
    shortlist: Annotated[
        str | None, typer.Option(help="Export this shortlist instead of a filtered pool.")
    ] = None,
    saved: Annotated[
        str | None, typer.Option(help="Start from this saved search (filters below add to it).")
    ] = None,
    skill: Annotated[
        _Multi, typer.Option("--skill", help="Has this skill (all of; repeat).")
    ] = None,
    any_skill: Annotated[
        _Multi, typer.Option("--any-skill", help="Has at least one of these skills (repeat).")
    ] = None,
    role_family: Annotated[
        _Multi, typer.Option("--role-family", help="Role family (repeat).")
    ] = None,
    seniority: Annotated[_Multi, typer.Option("--seniority", help="Seniority (repeat).")] = None,
    country: Annotated[_Multi, typer.Option("--country", help="ISO country code (repeat).")] = None,
    city: Annotated[_Multi, typer.Option("--city", help="City (repeat).")] = None,
    relocate: Annotated[
        bool, typer.Option("--relocate", help="Also candidates elsewhere willing to relocate.")
    ] = False,
    max_pay: Annotated[
        float | None, typer.Option(help="Bottom of the expected range at most this, per year.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option(help="Currency of --max-pay and of the pay column.")
    ] = None,
    work_arrangement: Annotated[
        _Multi, typer.Option("--work-arrangement", help="remote|hybrid|on_site|flexible (repeat).")
    ] = None,
    available_by: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Available on or before.")
    ] = None,
    min_fit: Annotated[float | None, typer.Option(help="Fit score at least (1-5).")] = None,
    min_interest: Annotated[float | None, typer.Option(help="Interest at least (1-5).")] = None,
    verified: Annotated[bool, typer.Option("--verified", help="Credentials verified.")] = False,
    status: Annotated[_Multi, typer.Option("--status", help="Pool status (repeat).")] = None,
    tag: Annotated[_Multi, typer.Option("--tag", help="Has this tag (all of; repeat).")] = None,
    search: Annotated[
        str | None, typer.Option(help="Words found in titles, skills or notes.")
    ] = None,
    sort: Annotated[str, typer.Option(help=f"One of: {', '.join(SORTS)}.")] = "fit",
    ascending: Annotated[bool, typer.Option("--ascending", help="Sort ascending.")] = False,
    db: Annotated[Path | None, typer.Option(help="Warehouse (default $INSIGHTS_DB).")] = None,
    workspace_file: Annotated[
        Path | None,
        typer.Option("--workspace", help="Workspace (default $INSIGHTS_WORKSPACE or beside --db)."),
    ] = None,
) -> None:
    """Write the filtered talent pool (or --shortlist NAME) to --out."""
    filter_args = {
        "skills_all": tuple(skill or ()),
        "skills_any": tuple(any_skill or ()),
        "role_families": tuple(role_family or ()),
        "seniorities": tuple(seniority or ()),
        "countries": tuple(country or ()),
        "cities": tuple(city or ()),
        "willing_to_relocate": relocate,
        "max_pay": max_pay,
        "pay_currency": currency,
        "work_arrangements": tuple(work_arrangement or ()),
        "available_by": available_by.date() if available_by else None,
        "min_fit": min_fit,
        "min_interest": min_interest,
        "credentials_verified": verified,
        "pool_statuses": tuple(status or ()),
        "tags": tuple(tag or ()),
        "text": search or "",
    }
    given = PoolFilters(**filter_args)  # type: ignore[arg-type]
    if shortlist is not None and (saved is not None or not given.is_empty()):
        _usage("use --shortlist or filters (--saved included), not both")
    if sort not in SORTS:
        _usage(f"--sort must be one of {', '.join(SORTS)}")
    try:
        fmt = exports.Format.from_path(out)
    except ValueError as exc:
        _usage(str(exc))

    warehouse = settings.db_path(db)
    if not warehouse.exists():
        _fail(f"no warehouse at {warehouse}")
    ws_path = workspace_file or workspace.workspace_path(warehouse)
    filters = _combine(ws_path, saved, filter_args)
    if shortlist is not None:
        filters = PoolFilters(pay_currency=currency)
    filters = PoolFilters(
        **{**_fields(filters), "sort": sort, "descending": not ascending}  # type: ignore[arg-type]
    )
    if shortlist is not None and shortlist not in workspace.shortlists(ws_path):
        _fail(f"no shortlist named {shortlist!r}")
    overlay = workspace.overlay(ws_path, shortlist)
    con = open_read_only(warehouse)
    try:
        try:
            frame = pool_frame(con, filters, overlay=overlay, shortlist=shortlist)
        except ValueError as exc:  # e.g. a currency without an exchange rate
            _fail(str(exc))
    finally:
        con.close()
    workspace.log_event(
        ws_path,
        getpass.getuser(),
        "export",
        what="shortlist" if shortlist is not None else "pool",
        shortlist=shortlist,
        query=filters.to_query_string() if shortlist is None else None,
        rows=len(frame),
        format=str(fmt),
        file=out.name,
        via="cli",
    )
    exports.write(frame, out, sheet=shortlist or "Talent pool")
    typer.echo(f"Wrote {len(frame)} candidates to {out}", err=True)


def _fields(f: PoolFilters) -> dict[str, object]:
    return {name: getattr(f, name) for name in f.__dataclass_fields__}


def _combine(ws_path: Path, saved: str | None, args: dict[str, object]) -> PoolFilters:
    """The saved search's filters, with every filter given on the command line on top."""
    if saved is None:
        return PoolFilters(**args)  # type: ignore[arg-type]
    searches = workspace.saved_searches(ws_path)
    if saved not in searches:
        _fail(f"no saved search named {saved!r}")
    base = _fields(PoolFilters.from_query_string(searches[saved]))
    default = _fields(PoolFilters())
    base.update({k: v for k, v in args.items() if v != default[k] and v not in ("", None)})
    return PoolFilters(**base)  # type: ignore[arg-type]


def _usage(message: str) -> NoReturn:
    typer.echo(f"insights export pool: {message}", err=True)
    raise typer.Exit(2)


def _fail(message: str) -> NoReturn:
    typer.echo(f"insights export pool: {message}", err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `export` command group to the `insights` app."""
    app.add_typer(export_app, name="export")
