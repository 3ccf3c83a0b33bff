"""Help texts in the language of the run.

Typer reads help strings and docstrings when the commands are declared, at import time,
before the language is known; click adds its own English words ("Usage:", "Options:",
"[default: …]"). The command classes below translate all of it when the help is printed —
the same classes serve ``ttdn … --help`` on the fast path of :func:`ttdn.cli.entry.main`
and on click's own path, so both print the same text. Help strings are message ids of the
catalogue (whitespace-normalised: click re-wraps them anyway).
"""

from __future__ import annotations

import inspect

import typer
from typer.core import TyperCommand, TyperGroup

from ttdn.i18n import N_, _, translate

# Click's own help strings → their Vietnamese message ids (the completion options are
# ttdn's own: ttdn.cli.common._root).
_CLICK_HELP = {
    "Show this message and exit.": N_("Hiện hướng dẫn này rồi thoát."),
}


def help_text(text: str | None) -> str:
    """A help string or docstring in the language of the run."""
    if not text:
        return ""
    key = " ".join(inspect.cleandoc(text).split())
    shown = translate(_CLICK_HELP.get(key, key))
    return text if shown == key else shown


def _extras(tail: str) -> str:
    """Click's "  [default: x; required]" in the language of the run."""
    lead = tail[: len(tail) - len(tail.lstrip())]
    body = tail.strip()
    if not (body.startswith("[") and body.endswith("]")):
        return tail
    items = []
    for item in body[1:-1].split("; "):
        if item.startswith("default: "):
            item = _("mặc định: {value}", value=item[len("default: ") :])
        elif item == "required":
            item = _("bắt buộc")
        elif item.startswith("env var: "):
            item = _("biến môi trường: {name}", name=item[len("env var: ") :])
        items.append(item)
    return f"{lead}[{'; '.join(items)}]"


def _record(param, ctx) -> tuple[str, str] | None:
    rv = param.get_help_record(ctx)
    if rv is None:
        return None
    name, shown = rv
    own = param.help or ""
    if own and shown.startswith(own):
        return name, help_text(own) + _extras(shown[len(own) :])
    if not own:
        return name, _extras(shown)
    return name, shown


def short_help(text: str, limit: int = 45) -> str:
    """The help text's first sentence for a list of commands, at most ``limit`` characters,
    cut between words with "..." — Click's rule (``make_default_short_help``), which Typer
    0.29 keeps in its private ``typer._click``: written here so as not to import it."""
    words = text.split("\n\n", 1)[0].split()
    if words and words[0] == "\b":
        words = words[1:]
    total = 0
    for i, word in enumerate(words):
        total += len(word) + (i > 0)
        if total > limit:
            break
        if word.endswith("."):
            return " ".join(words[: i + 1])
        if total == limit and i != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += len("...")
    while i > 0:
        total -= len(words[i]) + (i > 0)
        if total <= limit:
            break
        i -= 1
    return " ".join(words[:i]) + "..."


class _Translated:
    """Overrides of click's help formatting shared by commands and groups."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Cách dùng: "))

    def format_help_text(self, ctx, formatter) -> None:
        text = help_text(self.help).partition("\f")[0] if self.help else ""
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(text))

    def get_short_help_str(self, limit: int = 45) -> str:
        text = help_text(self.short_help or self.help)
        return short_help(text, limit) if text else ""

    def _format_params(self, ctx, formatter) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            rv = _record(param, ctx)
            if rv is not None:
                (args if param.param_type_name == "argument" else opts).append(rv)
        if args:
            with formatter.section(_("Tham số")):
                formatter.write_dl(args)
        if opts:
            with formatter.section(_("Tuỳ chọn")):
                formatter.write_dl(opts)


class HelpCommand(_Translated, TyperCommand):
    def format_options(self, ctx, formatter) -> None:
        self._format_params(ctx, formatter)


class HelpGroup(_Translated, TyperGroup):
    def format_options(self, ctx, formatter) -> None:
        self._format_params(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        commands = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                commands.append((name, cmd))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
            rows = [(name, cmd.get_short_help_str(limit)) for name, cmd in commands]
            with formatter.section(_("Lệnh")):
                formatter.write_dl(rows)


class Typer(typer.Typer):
    """``typer.Typer`` whose groups and commands print translated help."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cls", HelpGroup)
        super().__init__(**kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", HelpCommand)
        return super().command(*args, **kwargs)
