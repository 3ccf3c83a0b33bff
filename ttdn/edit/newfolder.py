"""A new folder filled in one go (``ttdn demo``, ``ttdn init``): all or nothing."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from ttdn.i18n import _


@contextlib.contextmanager
def new_folder(target: Path, error: type[Exception]) -> Iterator[Path]:
    """``target`` made ready for a new tree: absent, or an empty folder. A problem raises
    ``error`` with one line naming the path; whatever the block wrote is then removed (the
    folder too when it was made here), so that nothing is left half-written."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise error(
            _("“{path}” đã có và không phải thư mục; hãy chọn một thư mục mới", path=target)
        )
    if target.exists() and any(target.iterdir()):
        raise error(_("thư mục “{path}” đã có nội dung; hãy chọn một thư mục mới", path=target))
    created = not target.exists()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise error(
            _("không tạo được thư mục “{path}”: {reason}", path=target, reason=exc.strerror)
        ) from None
    try:
        yield target
    except OSError as exc:
        _undo(target, created)
        raise error(
            _("không ghi được “{path}”: {reason}", path=exc.filename or target, reason=exc.strerror)
        ) from None
    except BaseException:
        _undo(target, created)
        raise


def _undo(target: Path, created: bool) -> None:
    """Remove what was written into ``target`` (the folder too if it was made here)."""
    if created:
        shutil.rmtree(target, ignore_errors=True)
    else:
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
