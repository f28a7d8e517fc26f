"""The `insights` command: thin wrappers over the ETL and the read side.

Examples:
    insights load exports/*.csv --profile ask-a-manager-2023 --json
    insights generate --out /tmp/exports --rows 100000 --messy 0.05
    insights demo --force
    insights runs --json
    insights rejects --run 3 --out rejects.csv
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from etl import settings, warehouse
from etl.load import LoadError, run_load
from insights.commands import audit as audit_commands
from insights.commands import export as export_commands
from insights.commands import report as report_commands
from insights.commands import users as users_commands

app = typer.Typer(
    help="Exploratory Interview Insights: load feedback exports, build reports.",
    no_args_is_help=True,
)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file (default: $INSIGHTS_DB, else data/warehouse.duckdb)"),
]


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="CSV, XLSX or JSON exports", exists=False)],
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

    Exit 0 when the run published (rejected rows included), 1 when it failed (nothing published).
    """
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
            summary = run_load(
                [str(f) for f in files],
                profile=profile,
                db=db,
                dry_run=dry_run,
                sheet=sheet,
                progress=lambda stage, fraction: bar.update(
                    task, description=stage, completed=fraction
                ),
            )
    except LoadError as exc:
        if as_json:
            print(
                json.dumps(
                    {
                        "run_id": None,
                        "status": "failed",
                        "rows_read": 0,
                        "inserted": 0,
                        "updated": 0,
                        "duplicates": 0,
                        "rejected": 0,
                        "warnings": 0,
                        "files": [str(f) for f in files],
                        "error": str(exc),
                    }
                )
            )
        err.print(f"[red]load failed:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
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
        table.add_row(
            f.file,
            *(
                str(v)
                for v in (f.rows_read, f.inserted, f.updated, f.duplicates, f.rejected, f.warnings)
            ),
        )
    out.print(table)
    for note in summary.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    if summary.rejected:
        out.print(
            f"{summary.rejected} rejected row(s): see `insights rejects --run {summary.run_id}`"
        )


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the exports to")],
    rows: Annotated[int, typer.Option("--rows", min=1)] = 5000,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or json")] = "csv",
    messy: Annotated[
        float, typer.Option("--messy", min=0.0, max=1.0, help="Share of hostile values")
    ] = 0.0,
    files: Annotated[int, typer.Option("--files", min=1)] = 1,
) -> None:
    """Write realistic synthetic exports, e.g. `insights generate --out /tmp/x --rows 100000 --messy 0.05`."""
    from etl.generate import generate as write_exports

    if fmt not in ("csv", "xlsx", "json"):
        err.print(f"--format must be csv, xlsx or json, not {fmt!r}")
        raise typer.Exit(2)
    written = write_exports(out_dir, rows=rows, seed=seed, fmt=fmt, messy=messy, files=files)
    for path in written:
        out.print(str(path))


@app.command()
def demo(
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even if the warehouse exists")
    ] = False,
) -> None:
    """Build the demo warehouse (about 5,000 interviews from three files in three formats)."""
    from etl.demo import build_demo

    path = settings.db_path(db)
    if path.exists() and not force:
        out.print(f"{path} exists; use --force to rebuild it")
        return
    summary = build_demo(path)
    out.print(
        f"demo warehouse {path}: {summary.inserted} interviews from {len(summary.files)} files"
    )


@app.command()
def runs(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Load history, newest first, e.g. `insights runs --json`."""
    rows = _query(
        db,
        """SELECT run_id, started_at, finished_at, status, loaded_by, profile, files, rows_read, inserted,
                  updated, duplicates, rejected, warnings, message FROM load_runs ORDER BY run_id DESC""",
    )
    if as_json:
        print(json.dumps(rows, default=str, ensure_ascii=False))
        return
    table = Table(title="Load runs")
    for column in ("run", "finished", "by", "files", "read", "ins", "upd", "dup", "rej", "warn"):
        table.add_column(column)
    for r in rows:
        names = ", ".join(f["file"] for f in json.loads(r["files"] or "[]"))
        table.add_row(
            str(r["run_id"]),
            str(r["finished_at"])[:19],
            str(r["loaded_by"]),
            names,
            *(
                str(r[k])
                for k in ("rows_read", "inserted", "updated", "duplicates", "rejected", "warnings")
            ),
        )
    out.print(table)


@app.command()
def rejects(
    run: Annotated[int | None, typer.Option("--run", help="Run id (default: all runs)")] = None,
    db: DbOption = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write CSV here instead of printing")
    ] = None,
) -> None:
    """Rejected rows with every reason, e.g. `insights rejects --run 3 --out rejects.csv`."""
    rows = _query(
        db,
        """SELECT run_id, source_file, source_row, array_to_string(reasons, '; ') AS reasons, raw
           FROM rejected_rows WHERE ? IS NULL OR run_id = ? ORDER BY run_id, source_file, source_row""",
        [run, run],
    )
    if out_file:
        with open(out_file, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=["run_id", "source_file", "source_row", "reasons", "raw"]
            )
            writer.writeheader()
            for r in rows:
                writer.writerow({k: _safe_cell(v) for k, v in r.items()})
        out.print(f"{len(rows)} rejected row(s) written to {out_file}")
        return
    table = Table(title=f"Rejected rows{f' of run {run}' if run else ''}")
    for column in ("run", "file", "row", "reasons"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r["run_id"]), r["source_file"], str(r["source_row"]), r["reasons"])
    out.print(table)


def _safe_cell(value: object) -> object:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _query(db: Path | None, sql: str, params: list | None = None) -> list[dict]:
    path = settings.db_path(db)
    if not path.exists():
        err.print(f"no warehouse at {path}: run `insights demo` or `insights load FILE`")
        raise typer.Exit(1)
    con = warehouse.open_read_only(path)
    try:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


export_commands.register(app)
report_commands.register(app)
users_commands.register(app)
audit_commands.register(app)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
