"""Dry runs and loads of staged uploads through the ETL, and their summaries as tables.

`run_uploads` (the Data page's action) runs the ETL in a child process (insights.ingest.
isolated): a hostile upload can end that child, never the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import pandas as pd

from etl.load import LoadError, LoadSummary, run_load
from etl.profiles import Profile
from insights.access import Principal
from insights.ingest import isolated
from insights.ingest.uploads import Staged, Upload, stage
from insights.loads import after_publish, etl_options, record_load
from insights.queries.quality import mask_record

__all__ = ["LoadError", "LoadSummary"]

COUNT_COLUMNS = ("rows_read", "inserted", "updated", "duplicates", "rejected", "warnings")


def dry_run(
    staged: Staged, profile: Profile, *, db: str | None = None, sheet: str | None = None
) -> LoadSummary:
    """What a load would do (counts, first rejected rows, warnings by field); changes nothing."""
    return run_load(
        list(staged.paths),
        profile=profile,
        db=db,
        dry_run=True,
        sheet=sheet,
        display_names=list(staged.names),
        **etl_options(db),
    )


def load(
    staged: Staged,
    profile: Profile,
    *,
    db: str | None = None,
    sheet: str | None = None,
    loaded_by: str | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> LoadSummary:
    """Load and publish a new warehouse version; LoadError = nothing published."""
    return run_load(
        list(staged.paths),
        profile=profile,
        db=db,
        sheet=sheet,
        loaded_by=loaded_by,
        display_names=list(staged.names),
        progress=progress,
        **etl_options(db),
    )


def counts_frame(summary: LoadSummary) -> pd.DataFrame:
    """One row per file (and a total row when there are several): file, format, profile, counts."""
    rows = [
        {"file": f.file, "format": f.format, "profile": f.profile}
        | {c: getattr(f, c) for c in COUNT_COLUMNS}
        for f in summary.files
    ]
    if len(rows) > 1:
        rows.append(
            {"file": "All files", "format": "", "profile": ""}
            | {c: getattr(summary, c) for c in COUNT_COLUMNS}
        )
    return pd.DataFrame(rows, columns=["file", "format", "profile", *COUNT_COLUMNS])


def rejected_frame(summary: LoadSummary, *, raw: bool = False) -> pd.DataFrame:
    """The first rejected rows: file, row, reasons (all of them), record (the source row,
    its personal fields masked unless `raw`: see insights.queries.quality)."""
    return pd.DataFrame(
        [
            {
                "file": r.get("file"),
                "row": r.get("row"),
                "reasons": "; ".join(str(x) for x in r.get("reasons") or []),
                "record": json.dumps(
                    (r.get("raw") or {})
                    if raw
                    else mask_record(r.get("raw") or {}, r.get("personal_keys")),
                    ensure_ascii=False,
                    default=str,
                ),
            }
            for r in summary.rejected_sample
        ],
        columns=["file", "row", "reasons", "record"],
    )


def warnings_frame(summary: LoadSummary) -> pd.DataFrame:
    """Warnings by field (values loaded empty, with the reason kept): field, warnings."""
    counts: list[tuple[str, int]] = [(str(k), int(v)) for k, v in summary.warnings_by_field.items()]
    counts.sort(key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(counts, columns=["field", "warnings"])


def run_uploads(
    uploads: Sequence[Upload],
    profile: Profile,
    *,
    dry: bool,
    max_mb: float | None = None,
    sheet: str | None = None,
    db: str | None = None,
    loaded_by: str | None = None,
    progress: Callable[[str, float], None] | None = None,
    caller: Principal | None = None,
) -> LoadSummary:
    """The Data page's action: stage the uploads privately, dry-run or load them in a child
    process, delete them. A load (not a dry run) by `caller` is audited, failed or not.

    Raises UploadError (bad upload, server busy) or LoadError (the ETL refused the files or
    the child was stopped by its limits; nothing published).
    """
    names = [u.name for u in uploads]
    try:
        with stage(uploads, max_mb) as staged:
            summary = isolated.run(
                staged,
                profile,
                dry=dry,
                db=db,
                sheet=sheet,
                loaded_by=loaded_by,
                progress=progress,
            )
    except LoadError as exc:
        if caller is not None and not dry:
            record_load(caller, names, error=str(exc), run_id=exc.run_id, db=db)
        raise
    if caller is not None and not dry:
        record_load(caller, names, summary=summary, db=db)
    if not dry and summary.status == "published":
        after_publish(db)
    return summary
