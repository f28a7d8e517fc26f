"""Built-in accounts: argon2 password hashes in the state store, and sign-in with back-off
and lockout per username and per client.

A wrong password, an unknown user and a locked account take the same path: the password
is always verified (against a dummy hash when there is no such user), so the answer's
timing says nothing about which names exist; a lockout is kept per attempted name
whether or not it exists.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from insights.access import Role, role_of
from insights.state import audit
from insights.state.store import Store, Transaction

_HASHER = PasswordHasher()


@functools.cache
def unknown_user_hash() -> str:
    """A hash to verify against for names that do not exist (equal work); made on first
    use, not at import (a hash costs ~0.1 s, and most commands never sign anyone in)."""
    return _HASHER.hash("an unguessable placeholder for users who do not exist")


NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,79}$")
MIN_PASSWORD = 10

# Back-off: from the 3rd failure in a row, wait 2, 4, 8, ... seconds before the next try;
# from the 10th, the name (or client) is locked for LOCK_MINUTES. A client (one address,
# possibly many people behind a proxy) gets three times the allowance. Failures older
# than FORGET_MINUTES are forgotten.
BACKOFF_FROM = 3
LOCK_AFTER = 10
LOCK_MINUTES = 15
FORGET_MINUTES = 30
CLIENT_FACTOR = 3


class AccountError(ValueError):
    """A refused account change (bad name, short password, unknown user, ...)."""


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    has_password: bool
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the account, or why not (and when to retry)."""

    account: Account | None
    message: str = ""
    retry_after: int = 0  # seconds


def _now() -> dt.datetime:
    return audit.now()


def clean_name(name: str) -> str:
    text = (name or "").strip()
    if not NAME.match(text):
        raise AccountError(
            "A username is 1-80 letters, digits or . _ @ + - (starting with a letter or digit)."
        )
    return text


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"A password needs at least {MIN_PASSWORD} characters.")
    return _HASHER.hash(password)


def _account(row: tuple[object, ...]) -> Account:
    return Account(str(row[0]), Role(str(row[1])), row[2] is not None, row[3], row[4])  # type: ignore[arg-type]


def add(
    store: Store,
    secret: bytes,
    name: str,
    role: str,
    password: str | None,
    *,
    actor: str = "command line",
    actor_role: str | None = None,
) -> Account:
    """Create an account (password None: OIDC sign-in only); refuses an existing name."""
    username, chosen = clean_name(name), role_of(role)
    digest = hash_password(password) if password is not None else None
    with store.transaction() as tx:
        if tx.one("SELECT 1 FROM accounts WHERE lower(username) = lower(:u)", {"u": username}):
            raise AccountError(f"An account named {username!r} exists already.")
        at = _now()
        tx.execute(
            "INSERT INTO accounts VALUES (:u, :r, :h, :at, :at)",
            {"u": username, "r": chosen.value, "h": digest, "at": at},
        )
        audit.append(
            tx,
            secret,
            actor=actor,
            role=actor_role,
            action="account.add",
            target=username,
            details={"role": chosen.value, "password": digest is not None},
        )
    return Account(username, chosen, digest is not None, at, at)


def list_accounts(store: Store) -> list[Account]:
    with store.transaction() as tx:
        rows = tx.execute(
            "SELECT username, role, password_hash, created_at, updated_at FROM accounts "
            "ORDER BY lower(username)"
        )
    return [_account(r) for r in rows]


def get(store: Store, name: str) -> Account | None:
    with store.transaction() as tx:
        row = tx.one(
            "SELECT username, role, password_hash, created_at, updated_at FROM accounts "
            "WHERE lower(username) = lower(:u)",
            {"u": (name or "").strip()},
        )
    return _account(row) if row else None


def any_account(store: Store) -> bool:
    with store.transaction() as tx:
        return tx.one("SELECT 1 FROM accounts LIMIT 1") is not None


def remove(
    store: Store,
    secret: bytes,
    name: str,
    *,
    actor: str = "command line",
    actor_role: str | None = None,
) -> None:
    with store.transaction() as tx:
        row = tx.one(
            "DELETE FROM accounts WHERE lower(username) = lower(:u) RETURNING username",
            {"u": (name or "").strip()},
        )
        if row is None:
            raise AccountError(f"No account named {name!r}.")
        audit.append(
            tx, secret, actor=actor, role=actor_role, action="account.remove", target=str(row[0])
        )


def set_role(
    store: Store,
    secret: bytes,
    name: str,
    role: str,
    *,
    actor: str = "command line",
    actor_role: str | None = None,
) -> Account:
    chosen = role_of(role)
    with store.transaction() as tx:
        row = tx.one(
            "SELECT role FROM accounts WHERE lower(username) = lower(:u)", {"u": name.strip()}
        )
        if row is None:
            raise AccountError(f"No account named {name!r}.")
        tx.execute(
            "UPDATE accounts SET role = :r, updated_at = :at WHERE lower(username) = lower(:u)",
            {"r": chosen.value, "at": _now(), "u": name.strip()},
        )
        audit.append(
            tx,
            secret,
            actor=actor,
            role=actor_role,
            action="account.role",
            target=name.strip(),
            details={"from": row[0], "to": chosen.value},
        )
    account = get(store, name)
    assert account is not None
    return account


def set_password(
    store: Store,
    secret: bytes,
    name: str,
    password: str,
    *,
    actor: str = "command line",
    actor_role: str | None = None,
) -> None:
    digest = hash_password(password)
    with store.transaction() as tx:
        row = tx.one(
            "UPDATE accounts SET password_hash = :h, updated_at = :at "
            "WHERE lower(username) = lower(:u) RETURNING username",
            {"h": digest, "at": _now(), "u": name.strip()},
        )
        if row is None:
            raise AccountError(f"No account named {name!r}.")
        audit.append(
            tx, secret, actor=actor, role=actor_role, action="account.password", target=str(row[0])
        )
        _clear(tx, f"user:{str(row[0]).lower()}")


def sign_in(store: Store, secret: bytes, name: str, password: str, client: str) -> SignIn:
    """Check a password, with back-off and lockout per name and per client; every
    attempt is audited (the password never is)."""
    username = (name or "").strip()[:80]
    keys = (f"user:{username.lower()}", f"client:{client or 'unknown'}")
    now = _now()
    with store.transaction() as tx:
        waits = [_wait(tx, key, now) for key in keys]
        row = tx.one(
            "SELECT username, role, password_hash, created_at, updated_at FROM accounts "
            "WHERE lower(username) = lower(:u)",
            {"u": username},
        )
    # Verified in every case (equal work whether or not the name exists or is locked).
    valid = _verify(
        str(row[2]) if row is not None and row[2] is not None else unknown_user_hash(), password
    )
    valid = valid and row is not None and row[2] is not None
    wait = max(waits)
    with store.transaction() as tx:
        if wait > 0:
            audit.append(
                tx,
                secret,
                actor=username or None,
                role=None,
                action="signin.refused",
                details={"client": client, "reason": "locked", "retry_after": wait},
            )
            return SignIn(None, _locked_message(wait), wait)
        if not valid:
            for key, factor in zip(keys, (1, CLIENT_FACTOR), strict=True):
                _fail(tx, key, now, factor)
            audit.append(
                tx,
                secret,
                actor=username or None,
                role=None,
                action="signin.failure",
                details={"client": client},
            )
            return SignIn(None, "Unknown username or wrong password.")
        for key in keys:
            _clear(tx, key)
        account = _account(row)  # type: ignore[arg-type]
        audit.append(
            tx,
            secret,
            actor=account.username,
            role=account.role.value,
            action="signin.success",
            details={"client": client, "method": "password"},
        )
    if _HASHER.check_needs_rehash(str(row[2])):  # type: ignore[index]
        set_password(
            store,
            secret,
            account.username,
            password,
            actor=account.username,
            actor_role=account.role.value,
        )
    return SignIn(account)


def _verify(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _wait(tx: Transaction, key: str, now: dt.datetime) -> int:
    """Seconds before `key` may try again (0 = now)."""
    row = tx.one("SELECT locked_until FROM signin_failures WHERE key = :k", {"k": key})
    locked = row[0] if row is not None else None
    if locked is not None and locked > now:
        return int((locked - now).total_seconds()) + 1
    return 0


def _fail(tx: Transaction, key: str, now: dt.datetime, factor: int) -> None:
    """Count one more failure for `key` and set its wait. The count is incremented by the
    upsert itself (a row lock until commit), so failures on two servers at once add up."""
    forget = now - dt.timedelta(minutes=FORGET_MINUTES)
    row = tx.one(
        "INSERT INTO signin_failures (key, failures, last_at, locked_until) "
        "VALUES (:k, 1, :at, NULL) ON CONFLICT (key) DO UPDATE SET "
        "failures = CASE WHEN signin_failures.last_at < :forget THEN 1 "
        "ELSE signin_failures.failures + 1 END, last_at = excluded.last_at "
        "RETURNING failures",
        {"k": key, "at": now, "forget": forget},
    )
    failures = int(row[0]) if row else 1
    locked: dt.datetime | None = None
    if failures >= LOCK_AFTER * factor:
        locked = now + dt.timedelta(minutes=LOCK_MINUTES)
    elif failures >= BACKOFF_FROM * factor:
        locked = now + dt.timedelta(seconds=min(2 ** (failures - BACKOFF_FROM * factor + 1), 300))
    if locked is not None:
        tx.execute(
            "UPDATE signin_failures SET locked_until = :until WHERE key = :k",
            {"until": locked, "k": key},
        )


def _clear(tx: Transaction, key: str) -> None:
    tx.execute("DELETE FROM signin_failures WHERE key = :k", {"k": key})


def _locked_message(wait: int) -> str:
    if wait >= 90:
        return f"Too many failed sign-ins: try again in {round(wait / 60)} minutes."
    return f"Too many failed sign-ins: try again in {wait} seconds."
