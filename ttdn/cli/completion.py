"""Shell completion values: agency slugs, plan ids and task ids, read cheaply.

The shell asks for completions on every Tab, so nothing here parses YAML or imports the
data model: agency slugs are the file names in ``agencies/``, plan ids the folder names in
``plans/``, task ids the ``- id:`` lines of the plan's task files. The data root is found as
:func:`ttdn.data.loader.find_data_root` finds it (``--data``, ``$TTDN_DATA``, ``./data`` walking
up), without importing the loader. Nothing here raises: no data root gives no completions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ttdn.data.dataroot import DATA_ENV, search_up

_TASK_ID = re.compile(r"^\s*-\s+id:\s*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?\s*(?:#.*)?$")
_TASK_REF = re.compile(r"^\s+ref:\s*['\"]?([^'\"#]+?)['\"]?\s*(?:#.*)?$")
_TOP_KIND = re.compile(r"^kind:\s*['\"]?(\w+)")
_TOP_YEAR = re.compile(r"^year:\s*(\d{4})\b")


def data_root(explicit: str | os.PathLike | None = None) -> Path | None:
    """The data root, or None (mirrors ``loader.find_data_root``)."""
    chosen = explicit or os.environ.get(DATA_ENV)
    if chosen:
        root = Path(chosen).expanduser()
        return root if root.is_dir() else None
    try:
        return search_up(Path.cwd().resolve())
    except OSError:
        return None


def _prefix(incomplete: str) -> str:
    """What the user typed, as the start of a slug ("Sở du" → "so-du")."""
    from ttdn.text import slugify

    typed = incomplete.strip()
    return typed if not typed or re.fullmatch(r"[a-z0-9-]*", typed) else slugify(typed)


def agency_slugs(root: Path | None, incomplete: str = "") -> list[str]:
    """Agency slugs (file names in ``agencies/``) starting with ``incomplete``."""
    if root is None:
        return []
    prefix = _prefix(incomplete)
    try:
        names = os.listdir(root / "agencies")
    except OSError:
        return []
    slugs = (n.rsplit(".", 1)[0] for n in names if n.endswith((".yaml", ".yml")))
    return sorted(s for s in slugs if s.startswith(prefix) and not s.startswith("."))


def plan_ids(root: Path | None, incomplete: str = "") -> list[str]:
    """Plan ids (folders in ``plans/`` holding a plan.yaml) starting with ``incomplete``."""
    if root is None:
        return []
    try:
        entries = sorted(os.scandir(root / "plans"), key=lambda e: e.name)
    except OSError:
        return []
    return [
        e.name
        for e in entries
        if e.is_dir()
        and not e.name.startswith(".")
        and e.name.startswith(incomplete.strip())
        and (Path(e.path) / "plan.yaml").is_file()
    ]


def _plan_header(path: Path) -> tuple[str | None, int | None]:
    """``kind`` and ``year`` from the top-level lines of a plan.yaml, without YAML parsing."""
    kind = year = None
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if m := _TOP_KIND.match(line):
                    kind = m.group(1)
                elif m := _TOP_YEAR.match(line):
                    year = int(m.group(1))
                if kind and year:
                    break
    except OSError:
        pass
    return kind, year


def default_plan(root: Path | None, day: dt.date | None = None) -> str | None:
    """The plan a command picks without ``--plan`` (as ``plans.select_plan`` does): the city
    plan of ``day``'s year, else the latest earlier one, else the first."""
    day = day or dt.date.today()
    city = []
    for pid in plan_ids(root):
        kind, year = _plan_header(root / "plans" / pid / "plan.yaml")  # type: ignore[operator]
        if kind == "city" and year is not None:
            city.append((year, pid))
    city.sort()
    for year, pid in reversed(city):
        if year == day.year:
            return pid
    earlier = [pid for year, pid in city if year <= day.year]
    if earlier:
        return earlier[-1]
    return city[0][1] if city else None


def task_ids(root: Path | None, plan: str | None, incomplete: str = "") -> list[tuple[str, str]]:
    """(value, help) for the plan's tasks: (id, printed number) for ids starting with
    ``incomplete``; when none does, (number, id) for printed numbers starting with it
    ("III." → III.1…), since ``progress set`` takes either."""
    if root is None or plan is None:
        return []
    folder = root / "plans" / plan / "tasks"
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []
    out: list[tuple[str, str]] = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        current: str | None = None
        for line in lines:
            if m := _TASK_ID.match(line):
                current = m.group(1)
                out.append((current, ""))
            elif current and (m := _TASK_REF.match(line)):
                out[-1] = (current, m.group(1).strip())
                current = None
    typed = incomplete.strip()
    by_id = [(tid, ref) for tid, ref in out if tid.startswith(typed)]
    if by_id or not typed:
        return by_id
    return [(ref, tid) for tid, ref in out if ref and ref.lower().startswith(typed.lower())]


# ------------------------------------------------- --install-completion / --show-completion

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def current_shell() -> str | None:
    """The shell ttdn runs under (as Typer detects it), else ``$SHELL``'s name; None when
    neither names a shell that has completion."""
    import shellingham

    try:
        name = shellingham.detect_shell()[0]
    except shellingham.ShellDetectionFailure:  # no shell among the parent processes
        name = Path(os.environ.get("SHELL", "")).name or None
    return name.lower() if name else None


def _shell_or_exit() -> str:
    import typer

    from ttdn.i18n import _, error_line

    shell = current_shell()
    if shell in SHELLS:
        return shell
    if shell:
        msg = _(
            "không hỗ trợ gợi ý khi gõ Tab cho shell “{shell}”; dùng bash, zsh, fish hoặc "
            "PowerShell",
            shell=shell,
        )
    else:
        msg = _("không nhận ra shell đang dùng (bash, zsh, fish hoặc PowerShell)")
    typer.echo(error_line(msg), err=True)
    raise typer.Exit(1)


def install_callback(ctx, param, value: bool | None) -> None:
    """``ttdn --install-completion``: Typer installs the script, ttdn says so in the language
    of the run (Typer's own callback prints English)."""
    if not value or ctx.resilient_parsing:
        return
    import typer
    from typer.completion import install

    from ttdn.i18n import _

    shell, path = install(shell=_shell_or_exit(), prog_name=ctx.find_root().info_name)
    typer.secho(
        _("Đã cài đặt gợi ý khi gõ Tab cho {shell} vào {path}", shell=shell, path=path),
        fg="green",
    )
    typer.echo(_("Gợi ý khi gõ Tab có hiệu lực khi mở lại cửa sổ dòng lệnh."))
    raise typer.Exit(0)


def show_callback(ctx, param, value: bool | None) -> None:
    """``ttdn --show-completion``: the completion script of the current shell."""
    if not value or ctx.resilient_parsing:
        return
    import typer
    from typer.completion import get_completion_script

    prog = ctx.find_root().info_name
    var = "_{}_COMPLETE".format(prog.replace("-", "_").upper())
    typer.echo(get_completion_script(prog_name=prog, complete_var=var, shell=_shell_or_exit()))
    raise typer.Exit(0)
