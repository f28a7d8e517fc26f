"""`insights export pool`: the filtered talent pool or a shortlist as CSV or XLSX.

Example::

    insights export pool --out berlin.xlsx --skill sql --skill python --city Berlin \\
        --relocate --max-pay 85000 --currency EUR --work-arrangement hybrid
    insights export pool --out shortlist.csv --shortlist "Q3 analysts"
    insights export pool --out saved.csv --saved "Berlin analysts" --column skills
    insights export pool --out everyone.csv --status any --column none

The filter options are generated from the pool's filter declarations
(insights.pool_filters.FILTERS), so they are the page's filters, by the same rules. The
file holds the page's default columns plus the ``--column`` extras (default: e-mail,
phone, LinkedIn), typed (numbers, ISO dates, pay as min / max / currency / period, as
stated and per year), and, for a shortlist, each member's stage and note. Only
candidates who consented to be contacted and have not withdrawn are ever written.
Exit 0 on success, 1 when something named does not exist, 2 on bad usage.
"""

from __future__ import annotations

import getpass
import inspect
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from etl import settings
from etl.warehouse import open_read_only
from insights import exports, workspace
from insights.access import SYSTEM, Principal
from insights.pool import PoolIndex
from insights.pool.columns import EXPORT_EXTRAS, EXTRA_COLUMNS
from insights.pool.export import build_export
from insights.pool_filters import (
    DEFAULTS,
    FILTERS,
    SORTS,
    Bound,
    Flag,
    ListKey,
    OneOf,
    Order,
    PoolFilter,
    PoolFilters,
    Words,
)
from insights.state import State, StateBusy, open_state

export_app = typer.Typer(
    help="Export the talent pool or a shortlist (CSV or XLSX).", no_args_is_help=True
)


def _option(spec: PoolFilter) -> tuple[Any, Any]:
    """(annotation, default) of the CLI option of one filter."""
    info = typer.Option(spec.cli, help=spec.cli_help or spec.label)
    if isinstance(spec, Flag):
        return Annotated[bool, info], False
    if isinstance(spec, ListKey | OneOf):
        return Annotated[list[str] | None, info], None
    if isinstance(spec, Bound):
        return Annotated[float | None, info], None
    return Annotated[str | None, info], None


def _filter_parameters() -> list[inspect.Parameter]:
    params = []
    for spec in FILTERS:
        if not spec.cli or isinstance(spec, Order):
            continue
        annotation, default = _option(spec)
        params.append(
            inspect.Parameter(
                spec.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
        )
    return params


def export_pool(**options: Any) -> None:
    """Write the filtered talent pool (or --shortlist NAME) to --out."""
    out: Path = options.pop("out")
    shortlist_ref: str | None = options.pop("shortlist")
    saved: str | None = options.pop("saved")
    ascending: bool = options.pop("ascending")
    columns: list[str] | None = options.pop("column")
    db: Path | None = options.pop("db")
    workspace_file: Path | None = options.pop("workspace_file")
    given = _given(options)
    try:
        fmt = exports.Format.from_path(out)
    except ValueError as exc:
        _usage(str(exc))
    if shortlist_ref is not None and (saved is not None or set(given) - {"pay_currency", "sort"}):
        _usage("use --shortlist or filters (--saved included), not both")
    extras = _extras(columns)

    warehouse = settings.db_path(db)
    if not warehouse.exists():
        _fail(f"no warehouse at {warehouse}")
    try:
        _export(warehouse, workspace_file, out, fmt, shortlist_ref, saved, given, extras, ascending)
    except StateBusy as exc:
        _fail(str(exc))


def _export(
    warehouse: Path,
    workspace_file: Path | None,
    out: Path,
    fmt: exports.Format,
    shortlist_ref: str | None,
    saved: str | None,
    given: dict[str, Any],
    extras: list[str],
    ascending: bool,
) -> None:
    # The state of this warehouse (PostgreSQL when $INSIGHTS_STATE_URL is set, where
    # --workspace is ignored), with its secret: the export is audited in its chain.
    state = open_state(warehouse, path=workspace_file)
    base = _saved(state, saved) if saved is not None else {}
    filters = PoolFilters(**{**base, **given, "descending": not ascending})
    shortlist = None
    if shortlist_ref is not None:
        shortlist = workspace.find_shortlist(state, shortlist_ref)
        if shortlist is None:
            _fail(f"no shortlist named {shortlist_ref!r}")
    overlay = workspace.overlay(state, shortlist.shortlist_id if shortlist else None)
    actor = _whoami()
    con = open_read_only(warehouse)
    try:
        index = PoolIndex.build(SYSTEM, con)
        try:
            export = build_export(
                SYSTEM,
                index,
                filters,
                overlay=overlay,
                extras=extras,
                shortlist=shortlist,
                actor=actor,
            )
        except ValueError as exc:  # e.g. a currency without an exchange rate
            _fail(str(exc))
        finally:
            index.close()
    finally:
        con.close()
    workspace.log_event(
        state,
        Principal(actor, SYSTEM.role),
        "export",
        what="shortlist" if shortlist else "pool",
        shortlist_id=shortlist.shortlist_id if shortlist else None,
        query=None if shortlist else filters.to_query_string(),
        rows=len(export.frame),
        format=str(fmt),
        file=out.name,
        via="cli",
    )
    exports.write(
        export.frame, out, sheet=shortlist.name if shortlist else "Talent pool", about=export.about
    )
    left = f" ({export.unavailable} no longer listable, left out)" if export.unavailable else ""
    typer.echo(f"Wrote {len(export.frame)} candidates to {out}{left}", err=True)


def _given(options: dict[str, Any]) -> dict[str, Any]:
    """The filter options given on the command line, parsed by their filters."""
    out: dict[str, Any] = {}
    for spec in FILTERS:
        if spec.name not in options:
            continue
        value = options[spec.name]
        if value in (None, False, []):
            continue
        if isinstance(spec, Flag):
            out[spec.name] = True
        elif isinstance(spec, ListKey | OneOf):
            out[spec.name] = tuple(value)
        elif isinstance(spec, Bound):
            out[spec.name] = float(value)
        elif isinstance(spec, Words):
            out[spec.name] = str(value)
        else:
            parsed = spec.parse([str(value)])
            if parsed is None:
                _usage(f"{spec.cli}: cannot read {value!r}")
            out[spec.name] = parsed
    if "sort" in out and out["sort"] not in SORTS:
        _usage(f"--sort must be one of {', '.join(SORTS)}")
    return out


def _extras(columns: list[str] | None) -> list[str]:
    if not columns:
        return list(EXPORT_EXTRAS)
    if columns == ["none"]:
        return []
    unknown = [c for c in columns if c not in EXTRA_COLUMNS]
    if unknown:
        _usage(f"--column: unknown {', '.join(unknown)}; one of {', '.join(EXTRA_COLUMNS)} or none")
    return columns


def _saved(state: State, name: str) -> dict[str, Any]:
    """The saved search's filters (those that differ from the defaults)."""
    searches = workspace.saved_searches(state)
    if name not in searches:
        _fail(f"no saved search named {name!r}")
    found = PoolFilters.from_query_string(searches[name])
    return {
        spec.name: getattr(found, spec.name)
        for spec in FILTERS
        if getattr(found, spec.name) != getattr(DEFAULTS, spec.name)
    }


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _usage(message: str) -> NoReturn:
    typer.echo(f"insights export pool: {message}", err=True)
    raise typer.Exit(2)


def _fail(message: str) -> NoReturn:
    typer.echo(f"insights export pool: {message}", err=True)
    raise typer.Exit(1)


_FIXED = [
    inspect.Parameter(
        "out",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[Path, typer.Option("--out", help="File to write: .csv or .xlsx.")],
    ),
    inspect.Parameter(
        "shortlist",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None, typer.Option(help="Export this shortlist (name or id) instead.")
        ],
    ),
    inspect.Parameter(
        "saved",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None, typer.Option(help="Start from this saved search (filters below add to it).")
        ],
    ),
    inspect.Parameter(
        "column",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--column",
                help=f"Extra column (repeat): {', '.join(EXTRA_COLUMNS)}; 'none' for none "
                "(default: email, phone, linkedin).",
            ),
        ],
    ),
    inspect.Parameter(
        "ascending",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[bool, typer.Option("--ascending", help="Sort ascending.")],
    ),
    inspect.Parameter(
        "db",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[Path | None, typer.Option(help="Warehouse (default $INSIGHTS_DB).")],
    ),
    inspect.Parameter(
        "workspace_file",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Path | None,
            typer.Option(
                "--workspace",
                help="Embedded state file (default $INSIGHTS_WORKSPACE or beside --db); "
                "ignored when $INSIGHTS_STATE_URL is set.",
            ),
        ],
    ),
]
# One option per declared filter (insights.pool_filters.FILTERS), after the fixed ones.
_SIGNATURE = inspect.Signature([*_FIXED, *_filter_parameters()])
export_pool.__signature__ = _SIGNATURE  # type: ignore[attr-defined]
export_pool.__annotations__ = {p.name: p.annotation for p in _SIGNATURE.parameters.values()}
export_app.command("pool")(export_pool)


def register(app: typer.Typer) -> None:
    """Add the `export` command group to the `insights` app."""
    app.add_typer(export_app, name="export")
