"""Load history, rejected rows and warnings, through the reader (permission checked,
cached): the Data page and `insights runs` / `insights rejects` read them here.

Rejected rows come masked (Permission.REJECTED_ROWS: HR) unless `raw` is asked for, which
needs Permission.RAW_REJECTED_ROWS (administrators).
"""

from __future__ import annotations

import pandas as pd

from insights.access import Permission
from insights.queries import quality
from insights.reader import Reader


def _rejects(raw: bool) -> Permission:
    return Permission.RAW_REJECTED_ROWS if raw else Permission.REJECTED_ROWS


def load_history(reader: Reader) -> pd.DataFrame:
    return reader.run(Permission.IMPORTS, quality.load_history)


def runs_with_rejects(reader: Reader) -> list[int]:
    return list(reader.run(Permission.REJECTED_ROWS, quality.runs_with_rejects))


def rejected_count(reader: Reader, run_id: int | None) -> int:
    return int(reader.run(Permission.REJECTED_ROWS, quality.rejected_count, run_id))


def rejected_page(
    reader: Reader, run_id: int | None, page: int, size: int, *, raw: bool = False
) -> pd.DataFrame:
    return reader.run(_rejects(raw), quality.rejected_page, run_id, page, size, raw)


def rejected_rows(reader: Reader, run_id: int | None, *, raw: bool = False) -> pd.DataFrame:
    return reader.run(_rejects(raw), quality.rejected_rows, run_id, raw)


def rejected_export(reader: Reader, run_id: int | None, *, raw: bool = False) -> tuple[bytes, int]:
    """(CSV bytes, rows) of a run's rejected rows; not cached: a download is built when it
    is asked for (and audited by the caller)."""
    reader.require(_rejects(raw))
    frame = quality.rejected_rows(reader.connection(), run_id, raw)
    return quality.to_csv(frame), len(frame)


def warnings_by_field(reader: Reader, run_id: int | None = None) -> pd.DataFrame:
    return reader.run(Permission.IMPORTS, quality.warnings_by_field, run_id)


mask_record = quality.mask_record
