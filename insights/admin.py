"""Accounts and the audit trail, for administrators. Every function takes the caller
(a Principal) and refuses unless their role grants the permission: the Accounts and
Audit pages and the `insights users` / `insights audit` commands all come through here.

    admin.add_account(SYSTEM, "ana", "hr", password="...")
"""

from __future__ import annotations

import datetime as dt

from insights.access import Permission, Principal
from insights.state import State, accounts, audit, open_state


def _state(state: State | None) -> State:
    return state or open_state()


def list_accounts(caller: Principal, state: State | None = None) -> list[accounts.Account]:
    caller.require(Permission.ACCOUNTS)
    return accounts.list_accounts(_state(state).store)


def add_account(
    caller: Principal,
    name: str,
    role: str,
    *,
    password: str | None,
    state: State | None = None,
) -> accounts.Account:
    caller.require(Permission.ACCOUNTS)
    s = _state(state)
    return accounts.add(
        s.store, s.secret, name, role, password, actor=caller.name, actor_role=caller.role.value
    )


def remove_account(caller: Principal, name: str, state: State | None = None) -> None:
    caller.require(Permission.ACCOUNTS)
    s = _state(state)
    accounts.remove(s.store, s.secret, name, actor=caller.name, actor_role=caller.role.value)


def set_role(
    caller: Principal, name: str, role: str, state: State | None = None
) -> accounts.Account:
    caller.require(Permission.ACCOUNTS)
    s = _state(state)
    return accounts.set_role(
        s.store, s.secret, name, role, actor=caller.name, actor_role=caller.role.value
    )


def set_password(caller: Principal, name: str, password: str, state: State | None = None) -> None:
    caller.require(Permission.ACCOUNTS)
    s = _state(state)
    accounts.set_password(
        s.store, s.secret, name, password, actor=caller.name, actor_role=caller.role.value
    )


def audit_entries(
    caller: Principal,
    *,
    since: dt.datetime | None = None,
    action: str | None = None,
    limit: int | None = None,
    state: State | None = None,
) -> list[audit.Entry]:
    caller.require(Permission.AUDIT)
    return audit.entries(_state(state).store, since=since, action=action, limit=limit)


def verify_audit(caller: Principal, state: State | None = None) -> tuple[bool, str]:
    caller.require(Permission.AUDIT)
    s = _state(state)
    return audit.verify(s.store, s.secret)


def record(
    caller: Principal,
    action: str,
    *,
    target: str | None = None,
    details: dict[str, object] | None = None,
    state: State | None = None,
) -> int:
    """Append an entry on behalf of `caller` (any role: every act is audited)."""
    s = _state(state)
    return audit.record(
        s.store,
        s.secret,
        actor=caller.name,
        role=caller.role.value,
        action=action,
        target=target,
        details=details,
    )
