"""Caps on the zip files ttdn reads (.xlsx workbooks, .docx templates and documents) before
openpyxl, python-docx or docxtpl open them: a few kilobytes of zip can unpack to gigabytes
(a "zip bomb"). The sizes a zip declares are what Python's :mod:`zipfile` will unpack at
most, so checking them bounds the work."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

MAX_MEMBER = 200 * 1024 * 1024  # uncompressed bytes of one member
MAX_TOTAL = 500 * 1024 * 1024  # uncompressed bytes of all members
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FROM bytes
RATIO_FROM = 1024 * 1024


class ZipTooLarge(Exception):
    """A zip member (or the whole zip) unpacks to more than the caps allow."""

    def __init__(self, member: str, size: int, ratio: int | None = None) -> None:
        super().__init__(member)
        self.member = member
        self.size = size  # uncompressed bytes
        self.ratio = ratio  # set when the compression ratio is what is refused


def check_zip(source: bytes | str | os.PathLike) -> None:
    """Raise :class:`ZipTooLarge` when the zip ``source`` (bytes or a path) unpacks past the
    caps; a file that is not a zip is left to the reader to report."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else Path(source))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
                raise ZipTooLarge(info.filename, info.file_size)
            if info.file_size > RATIO_FROM:
                ratio = info.file_size // max(info.compress_size, 1)
                if ratio > MAX_RATIO:
                    raise ZipTooLarge(info.filename, info.file_size, ratio)
