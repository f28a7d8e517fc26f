"""The child process that reads, dry-runs or loads uploads for the Data page.

    python -m insights.ingest.child < request.json

The request (one JSON object on stdin) names the action ("headers", "dry_run" or "load"),
the staged paths, their display names and the profile. The child caps its own address
space and CPU time first (etl.limits), so a hostile file can end this process but never
the server that started it. It writes JSON lines on stdout: {"progress": [stage, fraction]}
while it works, then {"result": ...} or {"error": "one line"}.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
from pathlib import Path
from typing import Any


def _say(item: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _cap(address_space: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def run(request: dict[str, Any]) -> dict[str, Any]:
    from etl.load import LoadError, run_load
    from etl.profiles import Profile
    from etl.readers import ReadError, read_headers

    paths = [Path(p) for p in request["paths"]]
    names = list(request["names"])
    if request["action"] == "headers":
        headers = []
        for path, name in zip(paths, names, strict=True):
            try:
                headers.append(read_headers(path, request.get("sheet"), display_name=name))
            except (ReadError, OSError, ValueError) as exc:
                message = str(exc).replace(path.name, name)
                return {"error": message if name in message else f"{name}: {message}"}
        return {"result": headers}
    import datetime as dt

    spec = request["profile"]
    profile = Profile(**{**spec, "source": Path(spec["source"]) if spec.get("source") else None})
    try:
        summary = run_load(
            paths,
            profile=profile,
            db=request.get("db"),
            dry_run=request["action"] == "dry_run",
            sheet=request.get("sheet"),
            loaded_by=request.get("loaded_by"),
            display_names=names,
            progress=lambda stage, fraction: _say({"progress": [stage, fraction]}),
            # the state's secret and tombstones, read by the parent (the warehouse keeps
            # the tombstones of every erasure too, so none published meanwhile is missed)
            secret=bytes.fromhex(request["secret"]),
            tombstones={
                key: dt.date.fromisoformat(until) if until else None
                for key, until in request.get("tombstones") or []
            },
        )
    except LoadError as exc:
        return {"error": str(exc), "run_id": exc.run_id}
    return {"result": dataclasses.asdict(summary)}


def main() -> None:
    request = json.loads(sys.stdin.read())
    _cap(int(request["address_space"]), int(request["cpu_seconds"]))
    try:
        answer = run(request)
    except MemoryError:
        answer = {"error": "the file needs more memory than an import may use"}
    except Exception as exc:  # noqa: BLE001 - the parent shows one line, whatever happened
        first = (str(exc).strip().splitlines() or [""])[0]
        answer = {"error": f"cannot be read: {type(exc).__name__}: {first}"}
        if type(exc).__name__ == "OutOfMemoryException":  # DuckDB's, outside run_load
            answer = {"error": "the file needs more memory than an import may use"}
    _say(answer)


if __name__ == "__main__":
    main()
