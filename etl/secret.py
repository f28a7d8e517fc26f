"""The installation's secret: the key of every HMAC that must not be recomputable by
someone who only guesses an input (candidate ids from e-mails, erasure tombstones, the
audit trail's chain).

`$INSIGHTS_SECRET` (at least 32 characters) when set, so several servers can share it;
else the file `.insights-secret` beside the warehouse, created on first use with 32
random bytes, readable by its owner only (0600). Losing it changes every new candidate
id: back it up with the warehouse and the state database.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from etl import settings

SECRET_ENV = "INSIGHTS_SECRET"
SECRET_FILE = ".insights-secret"


class SecretError(RuntimeError):
    """The secret is set but unusable (too short, unreadable)."""


def secret_path(db: str | os.PathLike[str] | None = None) -> Path:
    return settings.db_path(db).parent / SECRET_FILE


def installation_secret(db: str | os.PathLike[str] | None = None) -> bytes:
    """The secret's bytes (created beside the warehouse when there is none yet). Processes
    starting together agree on one: the file appears whole or not at all (written under
    a temporary name, then linked into place, never over another process's)."""
    env = os.environ.get(SECRET_ENV, "").strip()
    if env:
        if len(env) < 32:
            raise SecretError(f"{SECRET_ENV} must be at least 32 characters")
        return env.encode()
    path = secret_path(db)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_bytes(32)
    fd, tmp = tempfile.mkstemp(prefix=f"{SECRET_FILE}.", dir=path.parent)  # owner-only
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(value.hex())
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    except FileExistsError:  # another process created it first: use theirs
        return _read(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return value


def _read(path: Path) -> bytes:
    try:
        value = bytes.fromhex(path.read_text().strip())
    except ValueError as exc:
        raise SecretError(f"{path} does not hold a hex secret") from exc
    if len(value) < 16:
        raise SecretError(f"{path} does not hold a secret (too short)")
    return value


def keyed(value: str, secret: bytes, purpose: str) -> str:
    """HMAC-SHA256 of `value` for one `purpose` (so a digest for one use is useless for
    another), as 32 hex characters."""
    message = f"{purpose}\x1f{value}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]
