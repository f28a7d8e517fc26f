"""`insights erase` and `insights retention`: thin wrappers over insights.erasure.

Examples::

    insights erase --email jane@example.com --json
    insights erase --phone "+49 30 1234567"
    insights retention --months 24              # who is due (no change)
    insights retention --months 24 --apply --json

An erasure removes the person from every table of the warehouse and every copy of it and
their rows from the recruiters' workspace (shortlist places and notes, tags, pool-status
history, saved searches naming the identity given), keeps their tombstones (so a reload
of an old export keeps them anonymous) and leaves an audit entry with counts only. Exit 0 when done, 1 when it failed (one line on stderr,
and a failed-status JSON object under --json), 2 on bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperCommand

from insights import erasure
from insights.access import SYSTEM
from insights.commands.load import UsageError
from insights.commands.shown import escape
from insights.state import StateBusy

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file (default: $INSIGHTS_DB, else data/warehouse.duckdb)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object")]


def _fail(command: str, message: str, *, as_json: bool, code: int = 1) -> typer.Exit:
    if as_json:
        print(json.dumps({"status": "failed", "error": message}, ensure_ascii=False), flush=True)
    err.print(f"[red]{command} failed:[/red] {escape(' '.join(message.split()))}")
    return typer.Exit(code)


class JsonUsage(TyperCommand):
    """Bad usage under --json still prints a failed-status JSON object (exit 2)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            if "--json" not in args:
                raise
            _fail(self.name or "insights", f"usage: {exc.format_message()}", as_json=True)  # type: ignore[attr-defined]
            sys.exit(2)


def erase(
    email: Annotated[str | None, typer.Option("--email", help="The person's e-mail")] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help="The person's phone, international form")
    ] = None,
    linkedin: Annotated[
        str | None, typer.Option("--linkedin", help="The person's LinkedIn profile URL")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Erase one person's personal data everywhere, e.g. `insights erase --email jane@example.com`.

    Their interviews stay as anonymous responses (every aggregate is unchanged); the
    person is found by any of their e-mails, phones and LinkedIn profiles.
    """
    given = [(k, v) for k, v in (("email", email), ("phone", phone), ("linkedin", linkedin)) if v]
    if len(given) != 1:
        raise _fail(
            "erase",
            "usage: give exactly one of --email, --phone, --linkedin",
            as_json=as_json,
            code=2,
        )
    kind, value = given[0]
    try:
        summary = erasure.erase(SYSTEM, kind, value, db=db)
    except erasure.IdentityError as exc:
        raise _fail("erase", f"usage: {exc}", as_json=as_json, code=2) from exc
    except StateBusy as exc:
        raise _fail("erase", str(exc), as_json=as_json) from exc
    except Exception as exc:  # noqa: BLE001 - one line, whatever happened
        first = (str(exc).strip().splitlines() or [""])[0]
        raise _fail("erase", f"{type(exc).__name__}: {first}", as_json=as_json) from exc
    body = {"status": "erased", **summary.to_dict()}
    body.pop("published", None)
    if as_json:
        print(json.dumps(body, ensure_ascii=False, default=str))
        return
    _counts_table("Erased", body)
    if not summary.interviews and not summary.rejected_rows:
        out.print("Nobody with that identity is in the warehouse; a tombstone keeps them out.")


def retention(
    months: Annotated[
        int, typer.Option("--months", min=1, help="Months since the last contact")
    ] = erasure.DEFAULT_MONTHS,
    apply: Annotated[
        bool, typer.Option("--apply", help="Anonymise everyone due (default: only list them)")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Candidates with no contact (interview or consent) for N months, e.g.
    `insights retention --months 24 --apply`: listed, or with --apply anonymised."""
    try:
        due = erasure.retention_preview(SYSTEM, months, db=db)
        summary = erasure.apply_retention(SYSTEM, months, db=db) if apply else None
    except StateBusy as exc:
        raise _fail("retention", str(exc), as_json=as_json) from exc
    except Exception as exc:  # noqa: BLE001 - one line, whatever happened
        first = (str(exc).strip().splitlines() or [""])[0]
        raise _fail("retention", f"{type(exc).__name__}: {first}", as_json=as_json) from exc
    cutoff = erasure.cutoff_date(months)
    listed = [
        {
            "candidate_id": d.candidate_id,
            "last_contact": d.last_contact.isoformat(),
            "interviews": d.interviews,
            "consent_date": d.consent_date.isoformat() if d.consent_date else None,
            "consent_source": d.consent_source,
        }
        for d in due
    ]
    body: dict[str, Any] = {
        "status": "applied" if apply else "preview",
        "months": months,
        "cutoff": cutoff.isoformat(),
        "due": listed,
    }
    if summary is not None:
        applied = summary.to_dict()
        applied.pop("published", None)
        body["applied"] = applied
    if as_json:
        print(json.dumps(body, ensure_ascii=False, default=str))
        return
    table = Table(title=f"{len(due)} candidate(s) with no contact since {cutoff} ({months} months)")
    for column in ("candidate", "last contact", "interviews", "consent", "consent source"):
        table.add_column(column)
    for d in listed:
        table.add_row(
            str(d["candidate_id"]),
            str(d["last_contact"]),
            str(d["interviews"]),
            str(d["consent_date"] or ""),
            escape(str(d["consent_source"] or "")),
        )
    out.print(table)
    if summary is not None:
        _counts_table("Anonymised", body["applied"])
    elif due:
        out.print("Run again with --apply to anonymise them.")


WORKSPACE_LABELS = {
    "shortlist_members": "workspace: shortlist places (with notes)",
    "candidate_tags": "workspace: tag edits",
    "pool_status_changes": "workspace: pool-status changes",
    "saved_searches": "workspace: saved searches",
}


def _counts_table(title: str, body: dict[str, Any]) -> None:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in (
        "candidates",
        "interviews",
        "versions",
        "warnings",
        "rejected_rows",
        "referrals",
        "expired_rejected_rows",
        "audit_entries_redacted",
    ):
        if key in body:
            table.add_row(key.replace("_", " "), f"{int(body[key]):,}")
    for key, label in WORKSPACE_LABELS.items():
        table.add_row(label, f"{int((body.get('workspace_rows') or {}).get(key, 0)):,}")
    table.add_row("tombstones kept", str(len(body.get("tombstones", []))))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add `erase` and `retention` to the `insights` app."""
    app.command("erase", cls=JsonUsage)(erase)
    app.command("retention", cls=JsonUsage)(retention)
