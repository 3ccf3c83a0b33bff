"""PDF copies of the written documents, made by LibreOffice (``soffice --headless``).

LibreOffice is optional: :func:`find_soffice` says whether it is installed and
:func:`docx_to_pdf` raises :class:`PdfError` with a message for the user when it is not or
when the conversion fails. Each conversion uses its own temporary LibreOffice profile, so it
neither waits for nor disturbs a LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ttdn.data.fsutil import atomic_write_bytes
from ttdn.i18n import _

TIMEOUT = 300  # seconds for one batch of conversions


class PdfError(Exception):
    """No PDF could be made (LibreOffice missing or failing)."""


def find_soffice() -> str | None:
    """The LibreOffice program, from PATH or its usual places on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    candidates = [
        Path(os.environ.get("PROGRAMFILES", r"C:\Program Files"))
        / "LibreOffice/program/soffice.exe",
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ]
    return next((str(c) for c in candidates if c.is_file()), None)


def docx_to_pdf(docs: list[Path]) -> list[Path]:
    """Write ``x.pdf`` next to each ``x.docx`` of ``docs`` (one LibreOffice run); the PDFs
    written, in order. Each PDF replaces any previous one atomically."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(
            _(
                "không tạo được PDF: chưa cài LibreOffice (không tìm thấy chương trình "
                "soffice). Cài LibreOffice (https://www.libreoffice.org) rồi chạy lại, hoặc "
                "mở tệp .docx bằng Word và lưu thành PDF"
            )
        )
    if not docs:
        return []
    with tempfile.TemporaryDirectory(prefix="ttdn-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        try:
            proc = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work),
                    *(str(d) for d in docs),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(_("không tạo được PDF: LibreOffice lỗi ({error})", error=exc)) from None
        out = []
        for doc in docs:
            made = work / (doc.stem + ".pdf")
            if not made.is_file():
                detail = " ".join((proc.stderr or proc.stdout or "").split())[:200]
                raise PdfError(
                    _(
                        "không tạo được PDF của “{path}”: LibreOffice không chuyển được ({error})",
                        path=doc,
                        error=detail or proc.returncode,
                    )
                )
            target = doc.with_suffix(".pdf")
            atomic_write_bytes(target, made.read_bytes())
            out.append(target)
        return out
