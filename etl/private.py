"""Files the product keeps are its owner's only: 0600 files, 0700 folders.

DuckDB creates its write-ahead log and spill files itself, with the process's umask, so a
writer runs inside `private_files()`, which sets the umask to 077 for its duration (the
umask is process-wide: other threads creating files meanwhile get private ones too, which
only errs on the safe side). Nested and concurrent scopes restore the umask when the last
one ends.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_lock = threading.Lock()
_depth = 0
_saved = 0o022


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Files and folders created in this block are readable by their owner only."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = os.umask(0o077)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                os.umask(_saved)


def make_private(path: str | os.PathLike[str]) -> None:
    """chmod 0600 (0700 for a folder); a missing file is fine."""
    target = Path(path)
    with contextlib.suppress(FileNotFoundError):
        os.chmod(target, FOLDER_MODE if target.is_dir() else FILE_MODE)


def create_private(path: str | os.PathLike[str]) -> None:
    """Create an empty 0600 file (or make an existing one 0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    make_private(path)
