"""`insights audit`: the audit trail, oldest first, and a check of its chain.

Examples::

    insights audit --since 2026-11-01
    insights audit --json --action export
    insights audit --verify      # exit 1 when an entry was changed or removed
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from insights import admin
from insights.access import SYSTEM
from insights.commands.shown import escape
from insights.state import StateBusy, open_state

out = Console()


def audit(
    since: Annotated[
        dt.datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"], help="From this day"),
    ] = None,
    action: Annotated[str | None, typer.Option("--action", help="Only this action")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout")] = False,
    verify: Annotated[
        bool, typer.Option("--verify", help="Check the chain (exit 1 if broken)")
    ] = False,
    db: Annotated[
        Path | None, typer.Option("--db", help="Warehouse (default $INSIGHTS_DB)")
    ] = None,
) -> None:
    """Print the audit trail, e.g. `insights audit --since 2026-11-01 --json`."""
    try:
        state = open_state(db)
        if verify:
            intact, message = admin.verify_audit(SYSTEM, state)
            typer.echo(message, err=not intact)
            raise typer.Exit(0 if intact else 1)
        rows = admin.audit_entries(SYSTEM, since=since, action=action, state=state)
    except StateBusy as exc:
        typer.echo(f"insights audit: {exc}", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "seq": e.seq,
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "role": e.role,
                        "action": e.action,
                        "target": e.target,
                        "details": e.details,
                        "hash": e.hash,
                    }
                    for e in rows
                ],
                ensure_ascii=False,
            )
        )
        return
    table = Table(title="Audit trail")
    for column in ("#", "at (UTC)", "who", "role", "action", "target", "details"):
        table.add_column(column)
    for e in rows:
        table.add_row(
            str(e.seq),
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            escape(e.actor or ""),
            e.role or "",
            e.action,
            escape(e.target or ""),
            escape(json.dumps(e.details, ensure_ascii=False)),
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
