"""`insights users`: built-in accounts in the state store beside the warehouse.

Examples::

    insights users add ana --role admin                  # asks for the password twice
    printf '%s' "$PASSWORD" | insights users add rita --role recruiter --password-stdin
    insights users add ana@example.com --role hr --oidc  # signs in through OpenID Connect
    insights users list --json
    insights users set-role rita hr
    insights users remove rita
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from insights import admin
from insights.access import ROLE_LABELS, SYSTEM, Role
from insights.commands.shown import escape
from insights.state import StateBusy, open_state
from insights.state.accounts import AccountError

users_app = typer.Typer(help="Manage sign-in accounts.", no_args_is_help=True)
out = Console()
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse (the state store lives beside it); default $INSIGHTS_DB"),
]
RoleArg = Annotated[str, typer.Option("--role", help="viewer, hr, recruiter or admin")]


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"insights users: {message}", err=True)
    raise typer.Exit(code)


def _password(stdin: bool) -> str:
    if stdin:
        value = sys.stdin.read()
        return value[:-1] if value.endswith("\n") else value
    if not sys.stdin.isatty():
        _fail("no terminal to ask for a password: pass it with --password-stdin", 2)
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Username (or e-mail for --oidc)")],
    role: RoleArg,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    oidc: Annotated[
        bool, typer.Option("--oidc", help="No password: the account signs in through OIDC")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create an account, e.g. `insights users add ana --role admin`."""
    try:
        password = None if oidc else _password(password_stdin)
        account = admin.add_account(SYSTEM, name, role, password=password, state=open_state(db))
    except (AccountError, ValueError, StateBusy) as exc:
        _fail(
            str(exc), 2 if isinstance(exc, ValueError) and not isinstance(exc, AccountError) else 1
        )
    out.print(f"Added {escape(account.username)} ({ROLE_LABELS[account.role]}).", highlight=False)


@users_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout")] = False,
    db: DbOption = None,
) -> None:
    """List the accounts, e.g. `insights users list --json`."""
    try:
        rows = admin.list_accounts(SYSTEM, open_state(db))
    except StateBusy as exc:
        _fail(str(exc))
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "username": a.username,
                        "role": a.role.value,
                        "password": a.has_password,
                        "created_at": a.created_at.isoformat(),
                        "updated_at": a.updated_at.isoformat(),
                    }
                    for a in rows
                ]
            )
        )
        return
    table = Table(title="Accounts")
    for column in ("username", "role", "signs in with", "created"):
        table.add_column(column)
    for a in rows:
        table.add_row(
            escape(a.username),
            a.role.value,
            "password" if a.has_password else "OIDC",
            f"{a.created_at:%Y-%m-%d %H:%M}",
        )
    out.print(table)


@users_app.command("remove")
def remove(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Delete an account, e.g. `insights users remove rita`."""
    try:
        admin.remove_account(SYSTEM, name, open_state(db))
    except (AccountError, StateBusy) as exc:
        _fail(str(exc))
    out.print(f"Removed {escape(name)}.", highlight=False)


@users_app.command("set-role")
def set_role(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="viewer, hr, recruiter or admin")],
    db: DbOption = None,
) -> None:
    """Change an account's role, e.g. `insights users set-role rita hr`."""
    try:
        account = admin.set_role(SYSTEM, name, role, open_state(db))
    except AccountError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc), 2)
    except StateBusy as exc:
        _fail(str(exc))
    out.print(
        f"{escape(account.username)} is now {ROLE_LABELS[Role(account.role)]}.", highlight=False
    )


@users_app.command("set-password")
def set_password(
    name: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
    db: DbOption = None,
) -> None:
    """Set an account's password, e.g. `insights users set-password ana`."""
    try:
        admin.set_password(SYSTEM, name, _password(password_stdin), open_state(db))
    except (AccountError, StateBusy) as exc:
        _fail(str(exc))
    out.print(f"Password of {escape(name)} changed.", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
