"""The ``ttdn`` program: the console script (``ttdn.__main__:run``) and ``python -m ttdn``
start here.

It runs :func:`ttdn.cli.main` and ends the process normally with its exit status
(``sys.exit``): exit handlers run and every stream is flushed by the interpreter. The one
thing it adds is Ctrl-C while Python is still importing ttdn (or anywhere the CLI's own
handler does not reach): one line, exit 130, no traceback.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Entry point of the ``ttdn`` console script."""
    from ttdn.outputs.streams import install

    out, _err = install()  # before anything is printed or opened (see ttdn.outputs.streams)
    try:
        try:
            from ttdn.cli import main

            main()
        finally:
            sys.stdout.flush()
    except SystemExit as exc:
        _end(out, exc.code)
    except KeyboardInterrupt:  # Ctrl-C while Python was still importing ttdn
        from ttdn.i18n import env_lang, in_lang

        args = sys.argv[1:]
        asked = "--lang=en" in args or any(
            a == "--lang" and b == "en" for a, b in zip(args, args[1:], strict=False)
        )
        lang = "en" if asked else env_lang()[0]
        print(in_lang(lang, "ttdn: đã dừng."), file=sys.stderr)
        sys.exit(130)


def _end(out, code: object) -> None:
    """Exit with ``code``, as the README documents when the output was lost or its reader
    left (:mod:`ttdn.outputs.streams`)."""
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if out.gone and out.lost is None:
        sys.exit(0 if status in (0, 1) and out.wrote else status)
    if out.lost is None:
        sys.exit(code)
    from ttdn.data.fsutil import DATA_WRITES
    from ttdn.i18n import _, error_line

    if DATA_WRITES and status == 0:
        print(
            _(
                "ttdn: lưu ý: dữ liệu đã ghi xong, chỉ lời báo trên đầu ra chuẩn (stdout) bị "
                "mất ({reason}); đừng chạy lại lệnh",
                reason=out.lost,
            ),
            file=sys.stderr,
        )
        sys.exit(0)
    print(
        error_line(_("không ghi được đầu ra chuẩn (stdout): {reason}", reason=out.lost)),
        file=sys.stderr,
    )
    sys.exit(max(status, 1))


if __name__ == "__main__":
    run()
