"""Run the Data page's header preview, dry run and load in a child process.

A hostile upload (a spreadsheet declaring billions of cells, a file built to exhaust
memory or time) can then end that child, never the Streamlit server and the sessions of
every other user. The child caps its own address space and CPU time; the parent kills it
when the load's time limit has passed, and at most INSIGHTS_MAX_IMPORTS (default 2) run at
once on a server (others are told the server is busy).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from etl import limits
from etl.load import FileSummary, LoadError, LoadSummary, record_failure
from etl.profiles import Profile
from insights.erasure import tombstones
from insights.ingest.uploads import Staged, UploadError
from insights.state import State, open_state

Progress = Callable[[str, float], None]
BUSY_WAIT_SECONDS = 20.0


def _max_imports() -> int:
    try:
        return max(1, int(os.environ.get("INSIGHTS_MAX_IMPORTS", "2")))
    except ValueError:
        return 2


_SLOTS = threading.BoundedSemaphore(_max_imports())


def _bytes(size: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])I?B", size)
    if not match:
        return 1 << 30
    return int(float(match.group(1)) * (1 << (10 * " KMGT".index(match.group(2)))))


def address_space() -> int:
    """The child's address-space cap: DuckDB's memory limit twice over (DuckDB reserves
    more address space than it touches) plus 2 GiB for Python, the readers and threads."""
    return 2 * _bytes(limits.memory_limit()) + (2 << 30)


def headers(staged: Staged, sheet: str | None) -> list[list[str]]:
    """Each staged file's header row, read in a child; UploadError names an unreadable file."""
    answer = _ask({"action": "headers", "sheet": sheet}, staged, None)
    if "error" in answer:
        raise UploadError(answer["error"])
    return [list(h) for h in answer["result"]]


def run(
    staged: Staged,
    profile: Profile,
    *,
    dry: bool,
    db: str | None = None,
    sheet: str | None = None,
    loaded_by: str | None = None,
    progress: Progress | None = None,
) -> LoadSummary:
    """etl.load.run_load in a child; LoadError (nothing published) when it fails or dies."""
    spec = dataclasses.asdict(profile)
    spec["source"] = str(profile.source) if profile.source else None
    request = {
        "action": "dry_run" if dry else "load",
        "profile": spec,
        "db": str(db) if db else None,
        "sheet": sheet,
        "loaded_by": loaded_by,
    }
    states: list[State] = []

    def keys() -> dict[str, Any]:
        """The child opens no state database of its own (another DuckDB instance would
        count against its address-space cap): the parent passes what a load needs, once
        it has a slot."""
        state = open_state(db)
        states.append(state)
        return {
            "secret": state.secret.hex(),
            "tombstones": [
                [key, until.isoformat() if until else None]
                for key, until in tombstones(db, state).items()
            ],
        }

    answer = _ask(request, staged, progress, keys)
    if "error" in answer:
        run_id = answer.get("run_id")
        if run_id is None and not dry:  # the child could not keep the failure itself
            secret = (states[0] if states else open_state(db)).secret
            run_id = record_failure(db, staged.names, answer["error"], loaded_by, secret=secret)
        raise LoadError(answer["error"], run_id)
    data = answer["result"]
    files = [FileSummary(**f) for f in data.pop("files")]
    return LoadSummary(**data, files=files)


def _ask(
    request: dict[str, Any],
    staged: Staged,
    progress: Progress | None,
    more: Callable[[], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    if not _SLOTS.acquire(timeout=BUSY_WAIT_SECONDS):
        raise UploadError("The server is busy with other imports; try again in a minute.")
    try:
        return _child({**request, **(more() if more else {})}, staged, progress)
    finally:
        _SLOTS.release()


def _child(request: dict[str, Any], staged: Staged, progress: Progress | None) -> dict[str, Any]:
    timeout = limits.timeout_seconds()
    body = {
        **request,
        "paths": [str(p) for p in staged.paths],
        "names": list(staged.names),
        "address_space": address_space(),
        "cpu_seconds": int(timeout * 2) + 30,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "insights.ingest.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        # glibc reserves an arena of address space per thread (64 MB each): with DuckDB's
        # threads that varied the child's peak by hundreds of MB, around its cap.
        env={**os.environ, "MALLOC_ARENA_MAX": "2"},
    )
    assert process.stdin is not None and process.stdout is not None
    timer = threading.Timer(timeout + 30, process.kill)
    timer.daemon = True
    timer.start()
    started = time.monotonic()
    answer: dict[str, Any] | None = None
    try:
        process.stdin.write(json.dumps(body))
        process.stdin.close()
        for line in process.stdout:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if "progress" in item:
                if progress is not None:
                    stage, fraction = item["progress"]
                    progress(str(stage), float(fraction))
            else:
                answer = item
    finally:
        timer.cancel()
        process.stdout.close()
        code = process.wait()
    if answer is not None:
        return answer
    names = ", ".join(staged.names)
    if time.monotonic() - started >= timeout:
        reason = limits.Deadline(timeout).message()
    elif code in (-9, -6, -11, 134, 137, 139) or code < 0:
        reason = (
            "the import needed more memory than it may use "
            f"({address_space() >> 20:,} MB of address space) and was stopped"
        )
    else:
        reason = f"the import stopped unexpectedly (exit code {code})"
    return {"error": f"{names}: {reason}; nothing was loaded", "stopped": True}
