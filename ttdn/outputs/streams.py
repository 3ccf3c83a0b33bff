"""Standard output and error that survive their terminal (issue #15): one seam, installed by
the program's entry (:mod:`ttdn.__main__`) before anything is printed.

- Control and escape characters (C0 but newline and tab, DEL, C1) are shown escaped
  (``\\x1b``): text from data files can never move the cursor, clear the screen or retitle
  the window. Rich's own colour sequences (SGR, ``ESC [ … m``) pass only when the stream is a
  colour terminal.
- Text is encoded to whatever the stream accepts, replacing what it cannot
  (``PYTHONIOENCODING=ascii`` prints ``?`` instead of failing).
- A closed standard output (``>&-``: ``sys.stdout`` is None) gets ``os.devnull`` on its
  descriptor, so that no file ttdn opens later takes descriptor 1; what would have been
  printed is *lost*.
- A write that fails (``/dev/full``) marks the output lost and drops the rest; a reader that
  left (``| head -1``, a broken pipe) marks it *gone*. The entry then ends the run as the
  README documents: a gone reader exits 0 quietly; lost output is one line on stderr and
  exit 1, except after a completed data write (exit 0 and a note: a retry would record the
  entry twice).
"""

from __future__ import annotations

import io
import os
import re
import sys

# C0 controls but \t and \n, DEL and the C1 controls
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SGR = re.compile("\x1b\\[[0-9;]*m")


def escape_controls(text: str, keep_sgr: bool = False) -> str:
    """``text`` with every control character shown as ``\\xNN`` (SGR colour kept if asked)."""
    if not _CONTROL.search(text):
        return text
    if keep_sgr:
        parts = _SGR.split(text)
        colours = _SGR.findall(text)
        out = [escape_controls(parts[0])]
        for colour, part in zip(colours, parts[1:], strict=True):
            out += [colour, escape_controls(part)]
        return "".join(out)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class GuardedStream(io.TextIOBase):
    """A text stream writing escaped text to ``inner``, remembering instead of raising when
    the output is lost (:attr:`lost`: the reason) or its reader gone (:attr:`gone`)."""

    def __init__(self, inner, lost: str | None = None) -> None:
        self.inner = inner
        self.lost = lost
        self.gone = False
        self.wrote = False  # anything was written (or would have been, when lost)

    # what rich and print look at
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "replace"

    def isatty(self) -> bool:
        try:
            return self.inner.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    def _keep_sgr(self) -> bool:
        return self.isatty() and "NO_COLOR" not in os.environ

    def write(self, s: str) -> int:
        if s:
            self.wrote = True
        if self.lost is not None or self.gone:
            return len(s)
        try:
            self.inner.write(escape_controls(s, self._keep_sgr()))
        except OSError as exc:
            self._failed(exc)
        return len(s)

    def flush(self) -> None:
        if self.lost is not None or self.gone:
            return
        try:
            self.inner.flush()
        except OSError as exc:
            self._failed(exc)

    def _failed(self, exc: OSError) -> None:
        import errno

        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
            self.gone = True
        else:
            self.lost = exc.strerror or str(exc)
        # whatever is left in the buffer goes nowhere: the interpreter's last flush is quiet
        try:
            fd = self.inner.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)
        except (OSError, ValueError):
            pass


def _reconfigured(stream):
    try:
        stream.reconfigure(errors="replace")
    except (AttributeError, ValueError, OSError):
        pass
    return stream


def install() -> tuple[GuardedStream, GuardedStream]:
    """Put guarded streams in ``sys.stdout`` and ``sys.stderr`` (see the module)."""
    lost = None
    out, err = sys.stdout, sys.stderr
    for fd, stream in ((1, out), (2, err)):
        if stream is None:
            try:  # hold the descriptor, so that no file ttdn opens becomes its output
                null = os.open(os.devnull, os.O_WRONLY)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            except OSError:
                pass
    if out is None:
        out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (lives for the run)
        lost = os.strerror(9)  # Bad file descriptor
    if err is None:
        err = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    guarded_out = GuardedStream(_reconfigured(out), lost)
    guarded_err = GuardedStream(_reconfigured(err))
    sys.stdout, sys.stderr = guarded_out, guarded_err
    return guarded_out, guarded_err
