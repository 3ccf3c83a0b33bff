"""``ttdn init``: a data repository for production use.

The real plan, agencies and groups (communes included) copied from a data root, no progress
and no agency plans; ``schemas/`` for the editors; ``.gitignore``, ``.pre-commit-config.yaml``
(local hooks running the installed ``ttdn``, so they work offline), ``.gitlab-ci.yml`` and a
short README (``init_files/``); ``git init`` with a first commit and ``ttdn git-setup``.
"""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources
from pathlib import Path

from ttdn import __version__
from ttdn.i18n import _

# Where the CI installs ttdn from unless told otherwise: the organisation's package index.
DEFAULT_PACKAGE = f"ttdn=={__version__}"
# The line of init_files/gitlab-ci.yml naming it (examples/gitlab-ci.yml is the same file).
_PACKAGE_LINE = '  TTDN_PACKAGE: "'
# The first commit of the (Vietnamese) data repository: the plans it holds are appended.
COMMIT_MESSAGE = "ttdn init: kế hoạch Thành phố, cơ quan, nhóm cơ quan"


class InitError(Exception):
    """The repository cannot be created (a usage problem)."""


def _file(name: str) -> str:
    return resources.files("ttdn.edit").joinpath("init_files", name).read_text(encoding="utf-8")


def _city_plans(source: Path) -> list[str]:
    """The ids of the plans to copy: city plans that are not sample data."""
    from ttdn.data.loader import load

    ds = load(source)
    return [p.id for p in ds.plans.values() if p.plan.kind == "city" and not p.plan.sample]


def gitlab_ci(package: str) -> str:
    """``.gitlab-ci.yml`` installing ttdn from ``package`` (a pip requirement)."""
    out = []
    for line in _file("gitlab-ci.yml").splitlines(keepends=True):
        if line.startswith(_PACKAGE_LINE):
            line = f'{_PACKAGE_LINE}{package}"\n'
        out.append(line)
    return "".join(out)


def make_repository(source: Path, target: Path, package: str = DEFAULT_PACKAGE) -> Path:
    """Create the data repository in ``target`` (new or empty) from the data root ``source``;
    returns its data root. Raises InitError."""
    from ttdn.edit.newfolder import new_folder

    plans = _city_plans(source)
    if not plans:
        raise InitError(_("không thấy kế hoạch Thành phố nào trong “{path}”", path=source))
    with new_folder(target, InitError) as folder:
        return _fill(source, folder, plans, package)


def _fill(source: Path, target: Path, plans: list[str], package: str) -> Path:
    """Write the repository into the new folder ``target``; returns its data root."""
    from ttdn.data.gitrepo import GitError
    from ttdn.edit.gitsetup import setup
    from ttdn.outputs.jsonschema import SCHEMA_DIR, write_schemas

    data = target / "data"
    shutil.copytree(source / "agencies", data / "agencies", ignore=shutil.ignore_patterns(".*"))
    if (source / "groups.yaml").is_file():
        shutil.copy2(source / "groups.yaml", data / "groups.yaml")
    for pid in plans:
        shutil.copytree(
            source / "plans" / pid,
            data / "plans" / pid,
            ignore=shutil.ignore_patterns(".*", "progress", "*.md"),
        )
    write_schemas(target / SCHEMA_DIR)
    year = max(int(p.rsplit("-", 1)[-1]) for p in plans if p.rsplit("-", 1)[-1].isdigit())
    readme = _file("README.md").format(version=__version__, year=year, package=package)
    (target / "README.md").write_text(readme, encoding="utf-8", newline="\n")
    (target / ".gitignore").write_text(_file("gitignore"), encoding="utf-8", newline="\n")
    (target / ".pre-commit-config.yaml").write_text(
        _file("pre-commit-config.yaml"), encoding="utf-8", newline="\n"
    )
    (target / ".gitlab-ci.yml").write_text(gitlab_ci(package), encoding="utf-8", newline="\n")
    try:
        _git(target, "init", "-q")
        setup(target, "data")
        _git(target, "add", "-A")
        _git(target, "commit", "-q", "-m", f"{COMMIT_MESSAGE} ({', '.join(plans)})")
    except FileNotFoundError:
        raise InitError(_("không tìm thấy chương trình git; hãy cài git")) from None
    except (subprocess.CalledProcessError, GitError) as exc:
        raise InitError(_("git báo lỗi: {detail}", detail=exc)) from None
    return data


def _git(repo: Path, *args: str) -> None:
    """Run git in ``repo``: the user's identity if git knows one, else a stand-in that says
    the commit was made by ``ttdn init``."""
    ident = subprocess.run(
        ["git", "config", "user.email"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()
    extra = [] if ident else ["-c", "user.name=ttdn init", "-c", "user.email=ttdn-init@invalid"]
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *extra, *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )
