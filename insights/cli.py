"""The `insights` command: thin wrappers over the ETL and the read side.

Examples:
    insights load exports/*.csv --profile ask-a-manager-2023 --json
    insights generate --out /tmp/exports --rows 100000 --messy 0.05
    insights demo --force
    insights runs --json
    insights rejects --run 3 --out rejects.csv
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from etl import settings
from insights.commands import audit as audit_commands
from insights.commands import export as export_commands
from insights.commands import load as load_commands
from insights.commands import privacy as privacy_commands
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
    from insights.state import open_state

    summary = build_demo(path, secret=open_state(path).secret)  # the state's (shared) secret
    out.print(
        f"demo warehouse {path}: {summary.inserted} interviews from {len(summary.files)} files"
    )


load_commands.register(app)
export_commands.register(app)
report_commands.register(app)
users_commands.register(app)
audit_commands.register(app)
privacy_commands.register(app)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
