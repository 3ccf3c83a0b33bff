"""Default file names and titles of the Word documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ttdn.data.fsutil import atomic_write_text
from ttdn.i18n import _
from ttdn.outputs.documents.context_types import AgencyContext, Common, ReminderContext
from ttdn.outputs.documents.period import Period
from ttdn.text import slugify


def default_filename(
    kind: str, period: Period | None, slug: str | None, as_of: dt.date | None = None
) -> str:
    """``bao-cao-ttdn-6-thang-2026-so-du-lich.docx`` and the like: always one plain file
    name (no folder part), whatever the slug."""
    who = slugify(slug) if slug else "tong-hop"
    if kind == "reminder":
        stem = f"cong-van-don-doc-ttdn-{who}-{as_of.isoformat() if as_of else ''}".rstrip("-")
    else:
        assert period is not None
        stem = f"bao-cao-ttdn-{period.slug}-{who}"
    stem = slugify(stem) or "bao-cao-ttdn"
    return f"{stem}.docx"


def report_title(ctx: Common) -> str:
    """The document title (core property), e.g. "Báo cáo … 6 tháng đầu năm 2026 — Sở Du lịch"."""
    if isinstance(ctx, ReminderContext):
        return _("Công văn đôn đốc thông tin đối ngoại — {agency}", agency=ctx.recipient.name)
    who = ctx.agency.name if isinstance(ctx, AgencyContext) else _("tổng hợp")
    return _(
        "Báo cáo kết quả thực hiện công tác thông tin đối ngoại {period} — {who}",
        period=ctx.period.label,  # type: ignore[attr-defined]
        who=who,
    )


OUTPUT_DIR = "bao-cao"
"""The folder, next to the data root, reports are written into by default."""


def output_dir(data_root: Path) -> Path:
    """The default folder of written documents: ``bao-cao/`` next to the data root (not the
    repository's root), created on first use with a ``.gitignore`` that makes git ignore
    everything in it, so that generated files never show as untracked changes."""
    folder = data_root.resolve().parent / OUTPUT_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        atomic_write_text(ignore, _("# Văn bản do ttdn tạo ra: git bỏ qua thư mục này\n") + "*\n")
    return folder
