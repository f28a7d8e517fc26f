"""The `insights` command: thin wrappers over the ETL and the read side.

Examples:
    insights load exports/*.csv --profile ask-a-manager-2023 --json
    insights generate --out /tmp/exports --rows 100000 --messy 0.05
    insights demo --force
    insights runs --json
    insights rejects --run 3 --out rejects.csv
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from etl import settings

_app = typer.Typer(
    help="Exploratory Interview Insights: load feedback exports, build reports.",
    no_args_is_help=True,
)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file (default: $INSIGHTS_DB, else data/warehouse.duckdb)"),
]


@_app.command()
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


@_app.command()
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


# The module (insights.commands.X) that defines each command, in the order help lists
# them. A run imports only its command's module: `insights load` never imports the read
# side's charts and pandas, which took 1.5 s of every load's wall time.
COMMANDS = {
    "load": "load",
    "runs": "load",
    "rejects": "load",
    "export": "export",
    "report": "report",
    "users": "users",
    "audit": "audit",
    "erase": "privacy",
    "retention": "privacy",
}
_registered: list[str] = []


def register(*modules: str) -> typer.Typer:
    """The app with the commands of `modules` (every command when none is named)."""
    for module in modules or dict.fromkeys(COMMANDS.values()):
        if module not in _registered:
            importlib.import_module(f"insights.commands.{module}").register(_app)
            _registered.append(module)
    return _app


def __getattr__(name: str) -> typer.Typer:
    """`insights.cli.app`: the app with every command (tests, `typer` tooling)."""
    if name == "app":
        return register()
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - console entry
    """The `insights` console script: registers the named command's module, or all of
    them for help and for a name that is not a command (so the error lists them)."""
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), "")
    module = COMMANDS.get(command)
    register(*([module] if module else []))
    _app(args=args)


if __name__ == "__main__":  # pragma: no cover
    main()
