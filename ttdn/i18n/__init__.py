"""The language of the interface: Vietnamese by default, English on request.

Every user-facing text is written in the code in Vietnamese and passed through :func:`_`::

    _("không có cơ quan “{slug}”.", slug=slug)

The Vietnamese text is the message id: a :meth:`str.format` template with named fields.
In English, the gettext catalogue ``ttdn/i18n/locale/en/LC_MESSAGES/ttdn.po`` maps each
message id to its English template (same fields); its compiled ``ttdn.mo`` ships with ttdn and
is read by the standard library's :mod:`gettext`. ``python -m ttdn.i18n.catalogue`` keeps the
catalogue in step with the code (:mod:`ttdn.i18n.catalogue`); a test checks that every
``_()`` text has an English entry with the same fields and that the catalogue has no stale
entry.

Vietnamese nouns do not change with a number; English ones do. An English template says
``{n} {n:day|days}``: a field formatted with a spec holding ``|`` gives the singular when the
value is 1, the plural otherwise.

- :func:`_` translates a message written literally at the call (the only form the test and
  a reader can check);
- :func:`N_` only marks a literal as a message id where the text must stay Vietnamese at
  that point (labels in dictionaries, pydantic field descriptions, Typer help strings): it
  is translated later, where it is shown, by :func:`translate`;
- :func:`translate` translates a message id held in a variable (``STATUS_LABELS[s]``);
  a text that is not a message id (data: an agency name, a task's content) comes back
  unchanged.

The language is chosen once per run, before anything is printed: ``ttdn --lang en …``,
else ``$TTDN_LANG``, else Vietnamese (:func:`ttdn.cli.entry.main`). Data files are never
translated. This module imports nothing heavy, and reads the catalogue only when English is
chosen: ``ttdn --help`` stays fast.
"""

from __future__ import annotations

import os
import string
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

LANGS = ("vi", "en")
DEFAULT = "vi"
ENV = "TTDN_LANG"
DOMAIN = "ttdn"
LOCALE_DIR = Path(__file__).parent / "locale"

_lang = DEFAULT
_en: gettext.NullTranslations | None = None


def _english(msgid: str) -> str:
    """The English template of ``msgid``; ``msgid`` itself when it has none."""
    global _en
    if _en is None:
        import gettext

        # languages given: nothing is read from $LANGUAGE / $LC_ALL; the file ships with ttdn.
        _en = gettext.translation(DOMAIN, LOCALE_DIR, languages=["en"])
    return _en.gettext(msgid)


def normalize(value: str | None) -> str | None:
    """``vi`` or ``en`` from what a user may write ("EN", "en_US.UTF-8", "vi-VN"); None
    when it names another language (or nothing)."""
    if value is None:
        return None
    head = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return head if head in LANGS else None


def set_lang(lang: str) -> None:
    """Use ``lang`` (``vi`` or ``en``) from now on."""
    global _lang
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    _lang = lang


def get_lang() -> str:
    return _lang


def env_lang() -> tuple[str, str | None]:
    """(language from ``$TTDN_LANG`` or the default, the raw value when it is not valid)."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT, None
    lang = normalize(raw)
    return (lang, None) if lang else (DEFAULT, raw)


class _Plural(string.Formatter):
    """``{n:day|days}`` → "day" when n is 1, else "days"; other specs as usual."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, _sep, other = format_spec.partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_plural = _Plural()


def _format(text: str, fields: dict[str, object], lang: str) -> str:
    if not fields:
        return text
    if lang == "en" and "|" in text:
        return _plural.vformat(text, (), fields)
    return text.format(**fields)


def _(msgid: str, /, **fields: object) -> str:
    """The message ``msgid`` (Vietnamese, a literal) in the current language, formatted."""
    text = _english(msgid) if _lang == "en" else msgid
    return _format(text, fields, _lang)


def error_line(message: str) -> str:
    """``ttdn: lỗi: message``: how every error reaches the user, in the language of the run."""
    return _("ttdn: lỗi: {message}", message=message)


def N_(msgid: str, /) -> str:
    """Mark a literal as a message id without translating it (see :func:`translate`)."""
    return msgid


def translate(msgid: str, /, **fields: object) -> str:
    """A message id held in a variable, in the current language; anything else unchanged."""
    text = _english(msgid) if _lang == "en" else msgid
    return _format(text, fields, _lang)


def in_lang(lang: str, msgid: str, /, **fields: object) -> str:
    """``msgid`` in ``lang`` whatever the current language (a message that must be given
    in both languages, before the language is known)."""
    text = _english(msgid) if lang == "en" else msgid
    return _format(text, fields, lang)


def every_lang(msgid: str, /) -> list[str]:
    """``msgid`` in every language (Vietnamese first): what a user may have written back,
    e.g. the headers and status labels of a workbook exported in either language."""
    en = _english(msgid)
    return [msgid] if en == msgid else [msgid, en]
