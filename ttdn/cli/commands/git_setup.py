"""``ttdn git-setup``: route ``git diff`` of data files through ``ttdn textconv``."""

from __future__ import annotations

from ttdn.cli.common import (
    DataOpt,
    app,
    fail,
    git_context,
)
from ttdn.i18n import _


@app.command("git-setup")
def git_setup(data: DataOpt = None) -> None:
    """Cấu hình kho git để git diff và git log -p hiện tệp dữ liệu ở dạng dễ đọc."""
    from ttdn.data.gitrepo import GitError
    from ttdn.edit.gitsetup import setup

    root, repo, prefix = git_context(data)
    try:
        res = setup(repo, prefix)
    except (GitError, OSError) as exc:
        raise fail(str(exc)) from None
    print(_("Kho git {repo}:", repo=repo))
    added = _("đã thêm") if res.attributes_added else _("đã có sẵn")
    print(f"  .gitattributes: {res.attributes_line} ({added})")
    changed = _("đã đặt") if res.textconv_changed else _("đã có sẵn")
    print(f'  git config diff.ttdn.textconv "{res.textconv}" ({changed})')
    print(
        _(
            "Từ nay git diff và git log -p hiện tệp dữ liệu ở dạng dễ đọc; hãy commit tệp "
            ".gitattributes để cả nhóm cùng dùng (mỗi người chạy “ttdn git-setup” một lần)."
        )
    )
