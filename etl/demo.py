"""The demo warehouse: about 5,000 generated interviews from three exports in three formats."""

from __future__ import annotations

import tempfile
from pathlib import Path

from etl.generate import generate
from etl.load import LoadSummary, run_load

DEMO_FILES = (("csv", 2000, 11), ("xlsx", 1500, 12), ("json", 1500, 13))


def build_demo(db: Path, *, scale: float = 1.0, secret: bytes | None = None) -> LoadSummary:
    """Generate the three demo exports and load them, replacing any warehouse at `db`
    (ids keyed with `secret`, default the installation's: etl.secret)."""
    db = Path(db)
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="insights-demo-") as tmp:
        paths: list[Path] = []
        for fmt, rows, seed in DEMO_FILES:
            paths += generate(Path(tmp) / fmt, rows=max(1, int(rows * scale)), seed=seed, fmt=fmt)
        return run_load(paths, db=db, loaded_by="demo", secret=secret)
