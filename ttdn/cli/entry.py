"""Entry point: Vietnamese usage errors (exit 2), no tracebacks, fast --help."""

from __future__ import annotations

import gc
import os
import sys

import typer

from ttdn.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    app,
)

# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: Vietnamese usage errors (exit 2), no tracebacks."""
    try:
        from typer._click import exceptions as cx  # typer ≥ 0.22 vendors click
    except ImportError:  # pragma: no cover
        from click import exceptions as cx  # type: ignore[no-redef]
    cmd = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else argv
    if _help_only(cmd, args):
        sys.exit(EXIT_OK)
    try:
        rv = cmd.main(args=args, prog_name="ttdn", standalone_mode=False)
    except cx.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except cx.UsageError as exc:
        hint = f"\nXem: {exc.ctx.command_path} --help" if exc.ctx else ""
        print(f"ttdn: lỗi cách dùng: {_usage_vi(exc)}{hint}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("ttdn: đã dừng.", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
    except Exception as exc:  # an unexpected failure: a short message, details in a log file
        log = _write_crash_log(exc)
        print(
            f"ttdn: lỗi không lường trước ({type(exc).__name__}: {exc}).\n"
            f"Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người phát triển.",
            file=sys.stderr,
        )
        sys.exit(3)
    finally:
        gc.unfreeze()  # see open_data; matters only when main() runs inside a longer process
    sys.exit(rv if isinstance(rv, int) else 0)


def _help_only(cmd, args: list[str]) -> bool:
    """``ttdn [COMMAND…] --help``: print the help at once, as click would.

    On the normal path typer converts the options of every group on the way (the completion
    options of ``ttdn`` itself) through its pydantic-based adapters before it reaches
    ``--help``: ~0.1 s of imports for a help text."""
    if not args or args[-1] != "--help" or any(a.startswith("-") for a in args[:-1]):
        return False
    try:
        from typer._click import echo
    except ImportError:  # pragma: no cover
        from click import echo  # type: ignore[no-redef]
    ctx = cmd.context_class(cmd, info_name="ttdn", **cmd.context_settings)
    for name in args[:-1]:
        get = getattr(ctx.command, "get_command", None)
        sub = get(ctx, name) if get else None
        if sub is None:
            return False  # let click report the unknown command
        ctx = sub.context_class(sub, parent=ctx, info_name=name, **sub.context_settings)
    echo(ctx.get_help(), color=ctx.color)
    return True


def _write_crash_log(exc: BaseException) -> str:
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="ttdn-loi-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(" ".join(sys.argv) + "\n\n")
        f.write("".join(traceback.format_exception(exc)))
    return path


def _usage_vi(exc) -> str:
    """Click's usage messages, in Vietnamese for the common cases."""
    import re

    msg = exc.format_message()
    patterns = [
        (
            r"No such option: (\S+)(?:\s+Did you mean (\S+)\?)?",
            lambda m: (
                f"không có tuỳ chọn {m.group(1)}"
                + (f"; có phải ý bạn là {m.group(2)}?" if m.group(2) else "")
            ),
        ),
        (r"No such command '([^']+)'", lambda m: f"không có lệnh “{m.group(1)}”"),
        (r"Missing argument '([^']+)'", lambda m: f"thiếu tham số {m.group(1)}"),
        (r"Missing option '([^']+)'", lambda m: f"thiếu tuỳ chọn {m.group(1)}"),
        (
            r"Option '([^']+)' requires an argument",
            lambda m: f"tuỳ chọn {m.group(1)} cần một giá trị",
        ),
        (
            r"Invalid value for '([^']+)': '([^']*)' is not one of (.*)\.",
            lambda m: (
                f"giá trị “{m.group(2)}” không hợp lệ cho {m.group(1)}; chọn một trong {m.group(3)}"
            ),
        ),
        (
            r"Invalid value for '([^']+)': (.*)",
            lambda m: f"giá trị không hợp lệ cho {m.group(1)}: {m.group(2)}",
        ),
        (r"Got unexpected extra arguments? \((.*)\)", lambda m: f"thừa tham số: {m.group(1)}"),
    ]
    for pat, repl in patterns:
        m = re.search(pat, msg)
        if m:
            return repl(m)
    return msg


if __name__ == "__main__":  # pragma: no cover
    main()
