"""``ttdn git-setup``: route ``git diff`` and ``git log -p`` of the data files through ``ttdn
textconv``, by a line in ``.gitattributes`` and the repository's ``diff.ttdn.textconv``
setting. Writing both is editing the repository, so it lives here; git is run as
:mod:`ttdn.data.gitrepo` runs it.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from ttdn.data.gitrepo import GitError, run_git


def textconv_command() -> str:
    """The command git should run to show a data file: the Python interpreter running ttdn,
    by its absolute path, with ``-m ttdn textconv``, so that it works in any shell, whether
    or not the virtual environment is active and ``ttdn`` on the PATH. Git runs it with its
    own ``sh`` (Git for Windows too): forward slashes, quoted when the path needs it."""
    python = Path(sys.executable).absolute().as_posix()  # not resolved: a venv's python
    return f"{shlex.quote(python)} -m ttdn textconv"


ATTRIBUTE = "diff=ttdn"


@dataclass
class SetupResult:
    repo: Path
    attributes_line: str
    attributes_added: bool
    textconv: str
    textconv_changed: bool


def setup(repo: Path, prefix: str, textconv: str | None = None) -> SetupResult:
    """Idempotently route ``git diff`` of data files through ``textconv`` (default:
    :func:`textconv_command`). Raises GitError or OSError."""
    if textconv is None:
        textconv = textconv_command()
    from ttdn.data.fsutil import atomic_write_text

    pattern = f"{prefix}/**/*.yaml" if prefix else "**/*.yaml"
    line = f"{pattern} {ATTRIBUTE}"
    attrs = Path(repo) / ".gitattributes"
    text = attrs.read_text(encoding="utf-8") if attrs.exists() else ""
    added = line not in [ln.strip() for ln in text.splitlines()]
    if added:
        if text and not text.endswith("\n"):
            text += "\n"
        text += "# ttdn: git diff và git log -p đọc tệp dữ liệu qua “ttdn textconv”\n" + line + "\n"
        atomic_write_text(attrs, text)
    try:
        current = (
            run_git(repo, ["config", "--local", "--get", "diff.ttdn.textconv"]).decode().strip()
        )
    except GitError:
        current = ""
    # anything else is rewritten, e.g. the bare "ttdn textconv" of earlier versions, which
    # fails in every shell where the virtual environment is not active
    changed = current != textconv
    if changed:
        run_git(repo, ["config", "--local", "diff.ttdn.textconv", textconv])
    return SetupResult(Path(repo), line, added, textconv, changed)
