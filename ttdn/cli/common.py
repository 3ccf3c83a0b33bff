"""The ``ttdn`` app, shared options and helpers of the command modules (``ttdn.cli.commands``).

Heavy modules (docx, docxtpl, jinja2, openpyxl, rich) are imported inside the commands that
need them so that ``ttdn --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.completion import completion_init

from ttdn.cli.completion import install_callback, show_callback
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _, error_line, set_lang

app = Typer(
    name="ttdn",
    help="Theo dõi Kế hoạch thông tin đối ngoại (TTĐN) thành phố Hà Nội: kiểm tra dữ liệu, "
    "tiến độ, quá hạn, báo cáo.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    # declared on _root below, so that their messages are in the language of the run
    add_completion=False,
)
# What add_completion=True does besides the two options: Typer's completion classes answer
# the shell's requests (``_TTDN_COMPLETE=complete_bash ttdn``). typer.main imports it anyway.
completion_init()

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Lang(StrEnum):
    vi = "vi"
    en = "en"


@app.callback()
def _root(
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Ngôn ngữ giao diện: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); "
            "cũng đặt được bằng biến môi trường TTDN_LANG.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    install_completion: Annotated[
        bool | None,
        typer.Option(
            "--install-completion",
            callback=install_callback,
            expose_value=False,
            help="Cài đặt gợi ý khi gõ Tab (shell completion) cho shell đang dùng.",
        ),
    ] = None,
    show_completion: Annotated[
        bool | None,
        typer.Option(
            "--show-completion",
            callback=show_callback,
            expose_value=False,
            help="Hiện đoạn mã gợi ý khi gõ Tab của shell đang dùng, để chép hoặc tự cài đặt.",
        ),
    ] = None,
) -> None:
    # ttdn.cli.entry.main has already chosen the language (before any help is printed); this
    # option is declared so that click accepts it and ``ttdn --help`` lists it.
    if lang is not None:
        set_lang(lang.value)


class Fmt(StrEnum):
    text = "text"
    json = "json"


class TableFmt(StrEnum):
    table = "table"
    json = "json"


def complete_agency(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of --agency: agency slugs, from file names only (no YAML parsing)."""
    from ttdn.cli.completion import agency_slugs, data_root

    return agency_slugs(data_root(ctx.params.get("data")), incomplete)


def complete_plan(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of --plan: plan folder names."""
    from ttdn.cli.completion import data_root, plan_ids

    return plan_ids(data_root(ctx.params.get("data")), incomplete)


def complete_task(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a task: ids (with their printed number) of the plan in use."""
    from ttdn.cli.completion import data_root, default_plan, task_ids

    root = data_root(ctx.params.get("data"))
    plan = ctx.params.get("plan")
    if not plan:
        from ttdn.text import parse_day

        day = parse_day(str(ctx.params.get("date") or ""))
        plan = default_plan(root, day)
    return task_ids(root, plan, incomplete)


def agency_option(help: str):  # noqa: A002  (named like typer.Option's)
    """The optional ``--agency/-a`` option (slug or name), with completion of agency slugs."""
    return Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help=help,
            show_default=False,
            autocompletion=complete_agency,
        ),
    ]


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Thư mục dữ liệu (mặc định: ./data tìm ngược lên, hoặc $TTDN_DATA).",
        show_default=False,
    ),
]
TableFmtOpt = Annotated[TableFmt, typer.Option("--format", help="table hoặc json.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Xem như vào ngày này (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định: hôm nay giờ Hà Nội.",
        show_default=False,
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="Mã kế hoạch (mặc định: kế hoạch Thành phố của năm --as-of).",
        show_default=False,
        autocompletion=complete_plan,
    ),
]

KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="Chỉ các cơ quan thuộc loại này (department, commune…).",
        show_default=False,
    ),
]
GroupOpt = Annotated[
    str | None,
    typer.Option(
        "--group",
        help="Chỉ các cơ quan thuộc nhóm này (mã hoặc tên nhóm trong groups.yaml).",
        show_default=False,
    ),
]


def select_agencies(ds, kind: str | None, group: str | None) -> set[str] | None:
    """The agencies ``--kind`` and ``--group`` keep (both: those in both); None: no filter.
    An unknown kind or group exits 2."""
    from ttdn.domain.model import AGENCY_KIND_LABELS
    from ttdn.text import fold

    if kind is None and group is None:
        return None
    keep = set(ds.agencies)
    if kind is not None:
        if kind not in AGENCY_KIND_LABELS:
            raise fail(
                _(
                    "--kind “{kind}” không phải loại cơ quan; dùng một trong: {kinds}",
                    kind=kind,
                    kinds=", ".join(AGENCY_KIND_LABELS),
                )
            )
        keep = {s for s in keep if ds.agencies[s].kind == kind}
    if group is not None:
        names = {fold(n): gid for gid, g in ds.groups.items() for n in (gid, g.name, *g.aliases)}
        gid = names.get(fold(group))
        if gid is None:
            raise fail(
                _(
                    "không có nhóm cơ quan “{group}” trong groups.yaml; có: {groups}",
                    group=group,
                    groups=", ".join(ds.groups),
                )
            )
        if ds.groups[gid].members is None:
            raise fail(
                _(
                    "nhóm “{group}” không xác định thành viên (members) nên không lọc được",
                    group=ds.groups[gid].name,
                )
            )
        keep &= set(ds.group_members(gid))
    return keep


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``message`` as an error on stderr and return the Exit to raise."""
    print(error_line(message), file=sys.stderr)
    return typer.Exit(code)


def parse_as_of(value: str | None, option: str = "--as-of") -> dt.date:
    """The day given to a date ``option`` (``YYYY-MM-DD`` or ``dd/mm/yyyy``); None: today in
    Hà Nội. A bad value exits 2 with a message naming the option."""
    from ttdn.domain.clock import today
    from ttdn.text import parse_day

    if value is None:
        return today()
    day = parse_day(value)
    if day is None:
        raise fail(
            _(
                "{option} “{value}” không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy, "
                "ví dụ 2026-06-20 hoặc 20/06/2026)",
                option=option,
                value=value,
            )
        )
    return day


def data_root(data: Path | None) -> Path:
    """The data root (``--data``, ``$TTDN_DATA`` or found walking up); usage errors exit 2."""
    from ttdn.data.dataroot import DataRootError, find_data_root

    try:
        return find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None


def source_root(data: Path | None) -> Path:
    """The data to copy into a new repository (``demo``, ``init``): ``--data`` or the data
    root found as usual, else the data shipped with ttdn; usage errors exit 2."""
    from ttdn.data.loader import DataRootError, find_data_root, shipped_data_root

    try:
        return find_data_root(data)
    except DataRootError as exc:
        source = shipped_data_root() if data is None else None
        if source is None:
            raise fail(str(exc)) from None
        return source


def open_data(data: Path | None):
    """Load the data root; usage errors exit 2."""
    from ttdn.data.loader import load

    return load(data_root(data))


def answer(data: Path | None, day: dt.date, query: list, compute) -> dict:
    """The answer (in the JSON contract, :mod:`ttdn.outputs.contract`) to the question
    ``query`` — the command and its options as given — about the data root on ``day``.

    The cache remembers it for unchanged data (same files, same ttdn): asked again, it is
    answered after reading and hashing the files, with no model built. Otherwise the data
    is loaded and ``compute(ds)`` gives it (it exits, printing why, when the data has errors
    or an option names nothing known; such an outcome is not remembered)."""
    import json

    from ttdn.data import cache

    root = data_root(data)
    key = json.dumps(query, ensure_ascii=False)
    known = cache.known_outcome(root, day, key)
    if known is not None:
        return known
    ds = open_data(root)
    doc = compute(ds)
    cache.remember_outcome(root, ds.fingerprint, day, doc, key)
    return doc


def print_answer(doc: dict, fmt: TableFmt, screen) -> None:
    """Print an answer of :func:`answer`: its JSON as it is, or drawn on the terminal by
    ``screen(terminal)(doc)``, ``screen`` picking the function of
    :mod:`ttdn.outputs.terminal` (imported only then: rich is not needed for JSON)."""
    if fmt is TableFmt.json:
        from ttdn.outputs.contract import dumps

        print(dumps(doc))
    else:
        from ttdn.outputs import terminal

        screen(terminal)(doc)


def checked(ds, as_of: dt.date | None = None) -> list:
    """The problems of ``ds``, remembered in the cache for unchanged data (as plain data:
    codes, message ids and parameters, nothing in a language); a remembered result answers
    at once."""
    from ttdn.checks.validate import validate
    from ttdn.data import cache

    known = outcome_problems(cache.known_outcome_of(ds.root, ds.fingerprint, as_of))
    if known is not None:
        return known
    problems = validate(ds, as_of)
    outcome = {**clean_counts(ds), "problems": [p.to_data() for p in problems]}
    cache.remember_outcome(ds.root, ds.fingerprint, as_of, outcome)
    return problems


def outcome_problems(outcome: dict | None) -> list | None:
    """The problems of an outcome from the cache; None if there is none or it is not whole."""
    from ttdn.domain.problems import problem_from_data

    if outcome is None:
        return None
    try:
        if not all(isinstance(outcome[k], int) for k in ("files", "agencies", "tasks")):
            return None
        return [problem_from_data(p) for p in outcome["problems"]]
    except (KeyError, TypeError, ValueError):
        return None


def clean_counts(ds) -> dict[str, int]:
    """What the summary line of ``validate`` shows: files, agencies, tasks."""
    return {
        "files": len(ds.sources),
        "agencies": len(ds.agencies),
        "tasks": sum(len(p.tasks) for p in ds.plans.values()),
    }


def pick_plan(ds, plan_id: str | None, as_of: dt.date):
    from ttdn.domain.plans import PlanNotFound, select_plan
    from ttdn.outputs.problems import words

    try:
        return select_plan(ds, plan_id, as_of)
    except PlanNotFound as exc:
        raise fail(words(exc.message)) from None


def clean_plan(ds, plan_id: str | None, as_of: dt.date):
    """The plan a command computes on (:func:`pick_plan`), once the data is known to be free
    of errors (:func:`require_clean`)."""
    require_clean(ds)
    return pick_plan(ds, plan_id, as_of)


def require_clean(ds) -> None:
    """Refuse to compute on data with errors: print them and exit 1."""
    from ttdn.outputs.problems import problem_line

    errors = [p for p in checked(ds) if p.severity == "error"]
    if errors:
        for p in errors[:20]:
            print(problem_line(p), file=sys.stderr)
        more = _(" (và {n} lỗi khác)", n=len(errors) - 20) if len(errors) > 20 else ""
        print(
            _(
                "ttdn: dữ liệu có {n} lỗi{more}; chạy “ttdn validate” để xem và sửa.",
                n=len(errors),
                more=more,
            ),
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_PROBLEMS)


def resolve_agency(ds, query: str) -> str:
    slug, close = ds.find_agency(query)
    if slug is None:
        hint = ""
        if close:
            hint = _(
                " Gần giống: {names}.",
                names=", ".join(f"{s} ({ds.agencies[s].name})" for s in close),
            )
        raise fail(_("không có cơ quan “{query}”.{hint}", query=query, hint=hint))
    return slug


# a Word template, or a file git hands to textconv: far above any real one
MAX_INPUT_BYTES = 64 * 1024 * 1024


def _refuse_unless_file(path: Path, mode: int) -> None:
    """Exit 2, naming ``path``, unless ``mode`` is a regular file's."""
    if stat.S_ISDIR(mode):
        raise fail(_("“{path}” là một thư mục, không phải tệp", path=path))
    if not stat.S_ISREG(mode):
        raise fail(
            _("“{path}” không phải tệp thường (thiết bị, ống dẫn…); hãy chỉ một tệp", path=path)
        )


def check_input(path: Path) -> None:
    """Refuse, with one line naming it (exit 2), an input path that is not a regular file:
    missing, a folder, a device or a pipe (a device never ends, a pipe may never answer)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise fail(_("không có tệp “{path}”", path=path)) from None
    except OSError as exc:
        raise fail(
            _("không đọc được “{path}” ({reason})", path=path, reason=exc.strerror)
        ) from None
    _refuse_unless_file(path, mode)


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file the user names (a Word template, the file git hands to
    ``textconv``), after :func:`check_input`; a file over ``limit`` bytes is refused too
    (exit 2)."""
    check_input(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise fail(
            _("không đọc được “{path}” ({reason})", path=path, reason=exc.strerror)
        ) from None
    with os.fdopen(fd, "rb") as f:
        _refuse_unless_file(path, os.fstat(fd).st_mode)  # swapped since it was checked
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise fail(
                _("không đọc được “{path}” ({reason})", path=path, reason=exc.strerror)
            ) from None
    if len(data) > limit:
        raise fail(_("“{path}” quá lớn (trên {n} MB)", path=path, n=limit // (1024 * 1024)))
    return data


def check_output(path: Path, suffix: str, template: Path | None = None) -> Path:
    """Refuse, before any work, an output that cannot be written (exit 1) or is with the wrong ending
    with the wrong ending (exit 2). Only this one file is ever written."""
    if path.suffix.lower() != suffix:
        raise fail(_("tệp ra “{path}” phải có đuôi {suffix}", path=path, suffix=suffix))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise fail(
            _(
                "không ghi được “{path}”: thư mục “{folder}” không tồn tại; hãy tạo thư mục "
                "trước hoặc chọn nơi khác bằng --output",
                path=path,
                folder=parent,
            ),
            EXIT_PROBLEMS,
        )
    if not parent.is_dir():
        raise fail(
            _(
                "không ghi được “{path}”: “{folder}” không phải là thư mục",
                path=path,
                folder=parent,
            ),
            EXIT_PROBLEMS,
        )
    if path.is_dir():
        raise fail(_("không ghi được “{path}”: đó là một thư mục", path=path), EXIT_PROBLEMS)
    if template is not None and path.exists() and path.resolve() == template.resolve():
        raise fail(
            _("tệp ra “{path}” trùng với tệp mẫu; hãy chọn tên khác", path=path), EXIT_PROBLEMS
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise fail(
            _(
                "không ghi được “{path}”: không có quyền ghi vào thư mục “{folder}”",
                path=path,
                folder=parent,
            ),
            EXIT_PROBLEMS,
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise fail(
            _("không ghi được “{path}”: tệp đang ở chế độ chỉ đọc", path=path), EXIT_PROBLEMS
        )
    return path


def write_output(path: Path, data: bytes) -> None:
    """Write an output file atomically; a write error exits 1 with a Vietnamese message and
    leaves any previous file intact."""
    from ttdn.data.fsutil import WriteError, atomic_write_bytes

    try:
        try:
            atomic_write_bytes(path, data)
        except WriteError as exc:
            if exc.cause is None:
                raise fail(write_error_text(exc), EXIT_PROBLEMS) from None
            raise exc.cause from None
    except PermissionError:
        raise fail(
            _("không ghi được “{path}”: không có quyền ghi", path=path), EXIT_PROBLEMS
        ) from None
    except FileNotFoundError:
        if path.parent.is_dir():  # e.g. /proc: the folder is there, but takes no new files
            msg = _("không ghi được “{path}”: thư mục này không nhận tệp mới", path=path)
        else:  # removed while ttdn was working
            msg = _("không ghi được “{path}”: thư mục không tồn tại", path=path)
        raise fail(msg, EXIT_PROBLEMS) from None
    except OSError as exc:
        raise fail(
            _("không ghi được “{path}”: {reason}", path=path, reason=exc.strerror or exc),
            EXIT_PROBLEMS,
        ) from None


def write_error_text(exc) -> str:
    """The one line for a :class:`ttdn.data.fsutil.WriteError` (without ``ttdn: lỗi:``)."""
    if exc.link is not None:
        return _(
            "không ghi được “{path}” [link-outside]: đường dẫn đi qua liên kết (symlink) "
            "“{link}”; ttdn không ghi qua liên kết trong thư mục dữ liệu",
            path=exc.path,
            link=exc.link,
        )
    return _("không ghi được “{path}”: {reason}", path=exc.path, reason=exc.reason)


def git_context(data: Path | None):
    """(data root, repository root, data root inside the repository); usage errors exit 2."""
    from ttdn.data.gitrepo import GitError, prefix_of, toplevel
    from ttdn.data.loader import DataRootError, find_data_root

    try:
        root = find_data_root(data)
    except DataRootError as exc:
        raise fail(str(exc)) from None
    try:
        repo = toplevel(root)
    except GitError as exc:
        raise fail(str(exc)) from None
    return root, repo, prefix_of(repo, root)
