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
    try:
        from ttdn.cli import main

        main()
    except KeyboardInterrupt:  # Ctrl-C while Python was still importing ttdn
        from ttdn.i18n import env_lang, in_lang

        args = sys.argv[1:]
        asked = "--lang=en" in args or any(
            a == "--lang" and b == "en" for a, b in zip(args, args[1:], strict=False)
        )
        lang = "en" if asked else env_lang()[0]
        print(in_lang(lang, "ttdn: đã dừng."), file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    run()
