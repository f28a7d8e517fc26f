"""`insights load`, `insights runs`, `insights rejects`: thin wrappers over etl.load.

Examples::

    insights load form.csv --profile ask-a-manager-2023 --json
    insights runs --json
    insights rejects --run 3 --out rejects.csv      # personal fields masked
    insights rejects --run 3 --raw                  # as read (audited)

Failures are one line on stderr (exit 1; 2 for bad usage) and, under --json, one
`{"status": "failed", ...}` object on stdout. Text from files and profiles is printed
as plain text, never read as Rich markup. A load uses the state's secret and erasure
tombstones and is audited (insights.loads); so is every output of rejected rows.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperCommand

from etl import settings, warehouse
from etl.load import LoadError
from insights import admin, loads
from insights.access import SYSTEM
from insights.commands.shown import escape
from insights.reader import NoWarehouse, open_reader
from insights.state import StateBusy, open_state

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file (default: $INSIGHTS_DB, else data/warehouse.duckdb)"),
]
COUNTS = ("rows_read", "inserted", "updated", "duplicates", "rejected", "warnings")


def failed(
    message: str, files: list[str], *, as_json: bool, run_id: int | None = None, code: int = 1
) -> typer.Exit:
    """Report a failure: JSON on stdout (under --json) and one line on stderr."""
    if as_json:
        body: dict[str, Any] = {"run_id": run_id, "status": "failed"}
        body |= dict.fromkeys(COUNTS, 0)
        body["files"] = [{"file": f, **dict.fromkeys(COUNTS, 0)} for f in files]
        body["error"] = message
        print(json.dumps(body, ensure_ascii=False), flush=True)
    one_line = " ".join(message.split())
    err.print(f"[red]load failed:[/red] {escape(one_line)}")
    return typer.Exit(code)


# typer bundles its own click: its usage errors are the bases of typer.BadParameter.
UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


class JsonUsage(TyperCommand):
    """Bad usage under --json still prints the failed-status JSON (exit 2, one stderr line)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        wants_json = "--json" in args
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            if not wants_json:
                raise
            files = [a for a in args if not a.startswith("-")]
            failed(f"usage: {exc.format_message()}", files, as_json=True)  # type: ignore[attr-defined]
            sys.exit(2)


def load(
    files: Annotated[
        list[Path] | None, typer.Argument(help="CSV, XLSX or JSON exports", exists=False)
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help="Profile name or path to a .toml")
    ] = None,
    db: DbOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would happen; change nothing")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as one JSON object")
    ] = False,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="XLSX sheet name (default: first)")
    ] = None,
) -> None:
    """Load exports into the warehouse, e.g. `insights load form.csv --profile ask-a-manager-2023 --json`.

    Exit 0 when the run published (rejected rows included), 1 when it failed (nothing
    published), 2 on bad usage.
    """
    names = [str(f) for f in files or []]
    if not names:
        raise failed("usage: give at least one file to load", [], as_json=as_json, code=2)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task("loading", total=1.0)
            summary = loads.load_files(
                SYSTEM,
                names,
                profile=profile,
                db=db,
                dry_run=dry_run,
                sheet=sheet,
                loaded_by=SYSTEM.name,
                progress=lambda stage, fraction: bar.update(
                    task, description=escape(stage), completed=fraction
                ),
            )
    except LoadError as exc:
        raise failed(str(exc), names, as_json=as_json, run_id=exc.run_id) from exc
    except Exception as exc:  # noqa: BLE001 - whatever happens, the contract holds
        first = (str(exc).strip().splitlines() or [""])[0]
        message = f"internal error ({type(exc).__name__}): {first}"
        raise failed(message, names, as_json=as_json) from exc
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    _print_summary(summary, dry_run)


def _print_summary(summary: Any, dry_run: bool) -> None:
    table = Table(
        title=f"Load {'(dry run)' if dry_run else f'run {summary.run_id}'}: {summary.status}"
    )
    for column in (
        "file",
        "rows read",
        "inserted",
        "updated",
        "duplicates",
        "rejected",
        "warnings",
    ):
        table.add_column(column, justify="right" if column != "file" else "left")
    for f in summary.files:
        table.add_row(escape(f.file), *(str(getattr(f, c)) for c in COUNTS))
    out.print(table)
    for note in summary.notes:
        out.print(f"[yellow]note:[/yellow] {escape(note)}")
    if summary.rejected:
        out.print(
            f"{summary.rejected} rejected row(s): see `insights rejects --run {summary.run_id}`"
        )


def runs(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Load history, newest first, failed loads included, e.g. `insights runs --json`."""
    rows = _query(
        db,
        """SELECT run_id, started_at, finished_at, status, loaded_by, profile, files, rows_read, inserted,
                  updated, duplicates, rejected, warnings, message FROM load_runs ORDER BY run_id DESC""",
    )
    if as_json:
        print(json.dumps(rows, default=str, ensure_ascii=False))
        return
    table = Table(title="Load runs")
    for column in ("run", "finished", "status", "by", "files", "read", "ins", "upd", "dup", "rej"):
        table.add_column(column)
    table.add_column("warn")
    for r in rows:
        names = ", ".join(str(f.get("file")) for f in json.loads(r["files"] or "[]"))
        table.add_row(
            str(r["run_id"]),
            str(r["finished_at"])[:16],
            escape(str(r["status"])),
            escape(str(r["loaded_by"])),
            escape(names),
            *(str(r[k]) for k in COUNTS),
        )
    out.print(table)
    for r in rows:
        if r["status"] == "failed":
            out.print(f"run {r['run_id']} failed: {escape(str(r['message'] or ''))}")


def rejects(
    run: Annotated[int | None, typer.Option("--run", help="Run id (default: all runs)")] = None,
    db: DbOption = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write CSV here instead of printing")
    ] = None,
    raw: Annotated[
        bool,
        typer.Option("--raw", help="Records as read, personal fields included (audited)"),
    ] = False,
) -> None:
    """Rejected rows with every reason, personal fields masked unless --raw, e.g.
    `insights rejects --run 3 --out rejects.csv`. Every output is audited."""
    from insights.catalog import quality  # the catalog (plotly, pandas) only when needed

    try:
        with open_reader(db, SYSTEM) as reader:
            frame = quality.rejected_rows(reader, run, raw=raw)
        admin.record(
            SYSTEM,
            "rejected_rows.export" if out_file else "rejected_rows.view",
            target=None if run is None else f"run {run}",
            details={
                "run": run,
                "rows": len(frame),
                "masked": not raw,
                "format": "csv" if out_file else "terminal",
            },
            state=open_state(db),
        )
    except NoWarehouse as exc:
        err.print(escape(str(exc)))
        raise typer.Exit(1) from exc
    except StateBusy as exc:
        err.print(f"insights rejects: {escape(str(exc))}")
        raise typer.Exit(1) from exc
    if out_file:
        with open(out_file, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(frame.columns)
            for values in frame.itertuples(index=False):
                writer.writerow([_safe_cell(v) for v in values])
        out.print(f"{len(frame)} rejected row(s) written to {escape(str(out_file))}")
        return
    fixed = ("run", "file", "row", "reasons")
    out.print(
        f"{len(frame)} rejected row(s){f' of run {run}' if run else ''}"
        + ("" if raw else " (personal fields masked; --raw to show them)"),
        soft_wrap=True,
    )
    for record in frame.to_dict("records"):
        head = " · ".join(
            escape(f"{k} {'' if _missing(record[k]) else record[k]}") for k in fixed[:3]
        )
        out.print(f"{head} · {escape(str(record['reasons']))}", soft_wrap=True)
        cells = [
            f"{k}: {v}" for k, v in record.items() if k not in fixed and not _missing(v) and v != ""
        ]
        out.print("    " + escape(" | ".join(cells)), soft_wrap=True)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _safe_cell(value: object) -> object:
    if _missing(value):
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _query(db: Path | None, sql: str, params: list | None = None) -> list[dict]:
    path = settings.db_path(db)
    if not path.exists():
        err.print(
            f"no warehouse at {escape(str(path))}: run `insights demo` or `insights load FILE`"
        )
        raise typer.Exit(1)
    con = warehouse.open_read_only(path)
    try:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def register(app: typer.Typer) -> None:
    """Add `load`, `runs` and `rejects` to the `insights` app."""
    app.command("load", cls=JsonUsage)(load)
    app.command("runs")(runs)
    app.command("rejects")(rejects)
