"""Entry point: the language of the run, usage errors (exit 2), no tracebacks, fast --help."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import typer

from ttdn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    app,
    write_error_text,
)
from ttdn.data.fsutil import WriteError
from ttdn.i18n import ENV, LANGS, _, env_lang, error_line, get_lang, in_lang, set_lang

# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: usage errors in the user's language (exit 2), no tracebacks.

    The language is chosen first (``--lang`` before the command, else ``$TTDN_LANG``, else
    Vietnamese), so that every message, help text included, is in it; the previous language
    is restored on the way out (main may run inside a longer process, such as the tests)."""
    args = sys.argv[1:] if argv is None else list(argv)
    previous = get_lang()
    try:
        lang, args = _choose_lang(args)
        set_lang(lang)
        _run(args)
    finally:
        set_lang(previous)


def _run(args: list[str]) -> None:
    # Click's usage errors, reached through Typer's public names: Typer (≥ 0.22) vendors
    # Click without exporting UsageError, but exports BadParameter, which in Click is a
    # subclass of UsageError, the class of every usage error.
    usage_error = typer.BadParameter.__bases__[0]
    cmd = typer.main.get_command(app)
    if _help_only(cmd, args):
        sys.exit(EXIT_OK)
    try:
        rv = cmd.main(args=args, prog_name="ttdn", standalone_mode=False)
    except usage_error as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a group given no command: its help
            print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
            sys.exit(EXIT_USAGE)
        _usage_error(_usage_message(exc), exc.ctx.command_path if exc.ctx else None)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print(_("ttdn: đã dừng."), file=sys.stderr)
        sys.exit(130)
    except WriteError as exc:  # a data file, a schema, an output: nothing half-written
        print(error_line(write_error_text(exc)), file=sys.stderr)
        sys.exit(EXIT_PROBLEMS)
    except BrokenPipeError:  # ``ttdn … | head``: the reader left; say nothing more
        # the interpreter flushes stdout again at exit: point it at devnull (Python's docs)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except OSError as exc:
        if exc.errno not in _DISK_ERRORS:
            _crash(exc)
        # a full disk or read-only file system while working: a library's temporary file
        import tempfile

        where = Path(exc.filename or tempfile.gettempdir())
        print(error_line(write_error_text(WriteError.of(where, exc))), file=sys.stderr)
        sys.exit(EXIT_PROBLEMS)
    except Exception as exc:  # an unexpected failure: a short message, details in a log file
        _crash(exc)
    sys.exit(rv if isinstance(rv, int) else 0)


def _crash(exc: BaseException) -> None:
    """An unexpected failure: a short message, details in a log file, exit 3."""
    try:
        log = _write_crash_log(exc)
    except OSError:  # the log cannot be written either (a full disk)
        print(
            _("ttdn: lỗi không lường trước ({error}).", error=f"{type(exc).__name__}: {exc}"),
            file=sys.stderr,
        )
        sys.exit(3)
    print(
        _(
            "ttdn: lỗi không lường trước ({error}).\n"
            "Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người phát triển.",
            error=f"{type(exc).__name__}: {exc}",
            log=log,
        ),
        file=sys.stderr,
    )
    sys.exit(3)


_DISK_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _usage_error(message: str, command_path: str | None) -> None:
    hint = _("\nXem: {command} --help", command=command_path) if command_path else ""
    print(_("ttdn: lỗi cách dùng: {message}", message=message) + hint, file=sys.stderr)
    sys.exit(EXIT_USAGE)


def _choose_lang(args: list[str]) -> tuple[str, list[str]]:
    """(language of the run, ``args`` without ``--lang``); an unknown language exits 2.

    ``--lang`` is an option of ``ttdn`` itself: it is looked for among the options before
    the command only (``ttdn --lang en status``), never in a command's own arguments."""
    env, bad_env = env_lang()
    chosen: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-"):
        arg = args[i]
        if arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang":
                if i + 1 >= len(args):
                    set_lang(env)
                    _usage_error(_("tuỳ chọn {option} cần một giá trị", option="--lang"), "ttdn")
                value = args[i + 1]
                i += 2
            else:
                value = arg.partition("=")[2]
                i += 1
            if value.strip().lower() not in LANGS:
                set_lang(env)
                _usage_error(
                    _(
                        "giá trị “{value}” không hợp lệ cho {option}; chọn một trong {choices}",
                        value=value,
                        option="--lang",
                        choices="vi, en",
                    ),
                    "ttdn",
                )
            chosen = value.strip().lower()
            continue
        rest.append(arg)
        i += 1
    rest += args[i:]
    if chosen is None and bad_env is not None:
        # The language is unknown: say it in both.
        for lang in LANGS:
            msg = in_lang(
                lang,
                "biến môi trường {name}=“{value}” không hợp lệ; dùng vi hoặc en",
                name=ENV,
                value=bad_env,
            )
            print(in_lang(lang, "ttdn: lỗi cách dùng: {message}", message=msg), file=sys.stderr)
        sys.exit(EXIT_USAGE)
    return chosen or env, rest


def _help_only(cmd, args: list[str]) -> bool:
    """``ttdn [COMMAND…] --help``: print the help at once, as click would.

    On the normal path typer converts the options of every group on the way (the completion
    options of ``ttdn`` itself) through its pydantic-based adapters before it reaches
    ``--help``: ~0.1 s of imports for a help text."""
    if not args or args[-1] != "--help" or any(a.startswith("-") for a in args[:-1]):
        return False
    ctx = cmd.context_class(cmd, info_name="ttdn", **cmd.context_settings)
    for name in args[:-1]:
        get = getattr(ctx.command, "get_command", None)
        sub = get(ctx, name) if get else None
        if sub is None:
            return False  # let click report the unknown command
        ctx = sub.context_class(sub, parent=ctx, info_name=name, **sub.context_settings)
    typer.echo(ctx.get_help(), color=ctx.color)
    return True


def _write_crash_log(exc: BaseException) -> str:
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="ttdn-loi-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(" ".join(sys.argv) + "\n\n")
        f.write("".join(traceback.format_exception(exc)))
    return path


def _usage_message(exc) -> str:
    """Click's usage messages in the language of the run (the common cases; click's own
    English otherwise)."""
    import re

    msg = exc.format_message()
    # An unknown option close to known ones: click's own suggestion, as a public attribute.
    possibilities = sorted(getattr(exc, "possibilities", None) or [])
    option = getattr(exc, "option_name", None)
    if possibilities and option and msg.startswith("No such option"):
        return _(
            "không có tuỳ chọn {option}; có phải ý bạn là {other}?",
            option=option,
            other=", ".join(possibilities),
        )
    patterns = [
        (
            r"No such option: (\S+)(?:\s+Did you mean (\S+)\?)?",
            lambda m: (
                _(
                    "không có tuỳ chọn {option}; {option} là tuỳ chọn của ttdn, đặt trước tên "
                    "lệnh (ví dụ: ttdn --lang en status)",
                    option="--lang",
                )
                if m.group(1).split("=")[0] == "--lang"
                else _(
                    "không có tuỳ chọn {option}; có phải ý bạn là {other}?",
                    option=m.group(1),
                    other=m.group(2),
                )
                if m.group(2)
                else _("không có tuỳ chọn {option}", option=m.group(1))
            ),
        ),
        (
            r"No such command '([^']+)'",
            lambda m: _("không có lệnh “{command}”", command=m.group(1)),
        ),
        (r"Missing command", lambda m: _("thiếu lệnh")),
        (
            r"Missing argument '([^']+)'",
            lambda m: _("thiếu tham số {argument}", argument=m.group(1)),
        ),
        (
            r"Missing option '([^']+)'",
            lambda m: _("thiếu tuỳ chọn {option}", option=m.group(1)),
        ),
        (
            r"Option '([^']+)' requires an argument",
            lambda m: _("tuỳ chọn {option} cần một giá trị", option=m.group(1)),
        ),
        (
            r"Invalid value for '([^']+)': (?:Value error, )?'([^']*)' is not one of (.*)\.",
            lambda m: _(
                "giá trị “{value}” không hợp lệ cho {option}; chọn một trong {choices}",
                value=m.group(2),
                option=m.group(1),
                choices=m.group(3),
            ),
        ),
        (
            r"Invalid value for '([^']+)': (.*)",
            lambda m: _(
                "giá trị không hợp lệ cho {option}: {detail}",
                option=m.group(1),
                detail=m.group(2),
            ),
        ),
        (
            r"Option '([^']+)' does not take a value",
            lambda m: _("tuỳ chọn {option} không nhận giá trị", option=m.group(1)),
        ),
        (
            r"Option '([^']+)' requires (\d+) arguments",
            lambda m: _("tuỳ chọn {option} cần {n} giá trị", option=m.group(1), n=int(m.group(2))),
        ),
        (
            r"Argument '([^']+)' takes (\d+) values",
            lambda m: _(
                "tham số {argument} cần {n} giá trị", argument=m.group(1), n=int(m.group(2))
            ),
        ),
        (
            # "argument(s)" in the click that typer vendors, "argument"/"arguments" in click 8
            r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)",
            lambda m: _("thừa tham số: {arguments}", arguments=m.group(1)),
        ),
    ]
    for pat, repl in patterns:
        m = re.search(pat, msg)
        if m:
            return repl(m)
    return msg


if __name__ == "__main__":  # pragma: no cover
    main()
