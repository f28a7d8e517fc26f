"""Uploaded files -> a private temporary folder for one action, deleted right after.

The ETL tells a file's format by its suffix, so each file keeps its suffix on disk; its
original name travels separately (`Staged.names`) and is what load_runs and
rejected_rows record. An upload is streamed to disk from the uploader's own buffer (no
copy of its bytes is made or kept in the session); the folder is 0700, the files 0600.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SUFFIXES: tuple[str, ...] = ("csv", "xlsx", "json")
MB = 1024 * 1024


class UploadError(ValueError):
    """The uploaded files cannot be used; str() says which file and why."""


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its original name and its bytes, or a readable binary stream
    (Streamlit's UploadedFile), which is copied to disk in chunks, never read whole."""

    name: str
    data: bytes | BinaryIO

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower().lstrip(".")

    @property
    def size(self) -> int:
        if isinstance(self.data, bytes | bytearray):
            return len(self.data)
        known = getattr(self.data, "size", None)
        if isinstance(known, int):
            return known
        position = self.data.tell()
        end = self.data.seek(0, io.SEEK_END)
        self.data.seek(position)
        return end

    def write_to(self, handle: BinaryIO) -> None:
        if isinstance(self.data, bytes | bytearray):
            handle.write(self.data)
            return
        self.data.seek(0)
        shutil.copyfileobj(self.data, handle, 1 << 20)


@dataclass(frozen=True)
class Staged:
    """Files written for one action: `paths` on disk, `names` as the user uploaded them."""

    paths: tuple[Path, ...]
    names: tuple[str, ...]


def check(uploads: Sequence[Upload], max_mb: float | None = None) -> None:
    """Raise UploadError for no file, a type the ETL cannot read, an empty file, a file
    over the size limit (MB, as server.maxUploadSize) or two files of the same name."""
    if not uploads:
        raise UploadError("Choose at least one CSV, XLSX or JSON file.")
    seen: set[str] = set()
    for upload in uploads:
        if upload.suffix not in SUFFIXES:
            raise UploadError(
                f"{upload.name}: unsupported file type; upload .csv, .xlsx or .json files."
            )
        size = upload.size
        if not size:
            raise UploadError(f"{upload.name}: the file is empty.")
        if max_mb is not None and size > max_mb * MB:
            raise UploadError(
                f"{upload.name} is {size / MB:,.1f} MB; the upload limit is "
                f"{max_mb:g} MB (server.maxUploadSize in .streamlit/config.toml). Split the "
                "export, or load it with `insights load FILE`."
            )
        if upload.name in seen:
            raise UploadError(
                f"Two files are called {upload.name}: rename one so rejected rows can be "
                "traced to their file."
            )
        seen.add(upload.name)


@contextlib.contextmanager
def stage(uploads: Sequence[Upload], max_mb: float | None = None) -> Iterator[Staged]:
    """Write the uploads to a new private folder (0700, files 0600); remove it on exit."""
    check(uploads, max_mb)
    folder = Path(tempfile.mkdtemp(prefix="insights-upload-"))
    try:
        paths = []
        for index, upload in enumerate(uploads):
            path = folder / f"upload-{index:03d}.{upload.suffix}"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                upload.write_to(handle)
            paths.append(path)
        yield Staged(tuple(paths), tuple(u.name for u in uploads))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
