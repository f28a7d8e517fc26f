"""The Data page's preview, dry run and load run in a child process: a hostile upload ends
that child (or is refused by name), never the server, which these tests stand in for."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from insights import ingest
from insights.ingest import isolated


def _bomb(row: int, col: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Date of interview", "Role"])
    sheet.write_row(1, 0, ["2024-01-02", "Analyst"])
    sheet.write(row, col, "boom")
    book.close()
    return buffer.getvalue()


def test_the_mapping_preview_of_a_grid_bomb_is_refused_by_name() -> None:
    upload = ingest.Upload("bomb.xlsx", _bomb(1048575, 16383))
    with (
        pytest.raises(ingest.UploadError, match=r"bomb.xlsx: 16,384 columns"),
        ingest.stage([upload]) as staged,
    ):
        ingest.headers_of(staged)


def test_a_far_cell_previews_and_dry_runs(tmp_path: Path) -> None:
    upload = ingest.Upload("far.xlsx", io.BytesIO(_bomb(99999, 299)))
    with ingest.stage([upload]) as staged:
        assert ingest.headers_of(staged) == [["Date of interview", "Role"]]
    summary = ingest.run_uploads(
        [upload], ingest.resolve_profile(None), dry=True, db=str(tmp_path / "w.duckdb")
    )
    assert (summary.rows_read, summary.inserted, summary.rejected) == (2, 1, 1)


def test_a_child_stopped_by_its_memory_cap_ends_with_one_line_and_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(isolated, "address_space", lambda: 64 << 20)
    data = b"Date of interview,Role\n2024-01-02,Analyst\n"
    db = tmp_path / "w.duckdb"
    with pytest.raises(ingest.LoadError) as caught:
        ingest.run_uploads(
            [ingest.Upload("week.csv", data)], ingest.resolve_profile(None), dry=False, db=str(db)
        )
    message = str(caught.value)
    assert "memory" in message and "\n" not in message
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT status FROM load_runs").fetchall() == [("failed",)]
        assert con.execute("SELECT count(*) FROM interviews").fetchone() == (0,)
    finally:
        con.close()


def test_imports_are_bounded_per_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "_SLOTS", threading.BoundedSemaphore(1))
    monkeypatch.setattr(isolated, "BUSY_WAIT_SECONDS", 0.1)
    isolated._SLOTS.acquire()
    try:
        data = b"Date of interview,Role\n2024-01-02,Analyst\n"
        with pytest.raises(ingest.UploadError, match="busy"):
            ingest.run_uploads(
                [ingest.Upload("a.csv", data)], ingest.resolve_profile(None), dry=True
            )
    finally:
        isolated._SLOTS.release()


def test_a_stream_is_staged_privately_without_a_copy_in_memory() -> None:
    stream = io.BytesIO(b"Date of interview,Role\n2024-01-02,Analyst\n")
    upload = ingest.Upload("s.csv", stream)
    assert upload.size == stream.getbuffer().nbytes
    with ingest.stage([upload]) as staged:
        path = staged.paths[0]
        assert path.read_bytes() == stream.getvalue()
        assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not os.path.exists(path.parent)
