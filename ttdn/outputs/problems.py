"""Problems and messages put into words, in the language of the run: the one place where a
:class:`~ttdn.domain.messages.Message` becomes text.

Used by every output that shows problems: ``validate`` (text and JSON), ``progress set``,
``import``, ``fmt``, and the refusal to compute on data with errors.
"""

from __future__ import annotations

import json

from ttdn.domain.messages import Labels, Message, OneOf, suggestion
from ttdn.domain.problems import Problem
from ttdn.i18n import _, translate


def words(value: object) -> str:
    """A message (or a parameter of one) as text in the language of the run."""
    if isinstance(value, Message):
        fields = {k: _param(v) for k, v in value.params}
        return translate(value.id, **fields)
    return str(_param(value))


def _param(value: object) -> object:
    if isinstance(value, Message):
        return words(value)
    if isinstance(value, OneOf):
        return _(" hoặc ").join(f"“{n}”" for n in value.names)
    if isinstance(value, Labels):
        return ", ".join(f"{k} ({translate(label)})" for k, label in value.pairs)
    if isinstance(value, tuple):
        return "".join(words(v) for v in value)
    return value  # numbers keep their type: a plural field ({n:day|days}) needs the number


def problem_line(p: Problem) -> str:
    """The compiler-style one-line form: ``file:line:col: error[code]: message``."""
    where = p.file
    if p.line:
        where += f":{p.line}:{p.column or 1}"
    return f"{where}: {p.severity}[{p.code}]: {words(p.message)}"


def problem_json(p: Problem) -> dict:
    """The ``--format json`` object of one problem (``message`` in words)."""
    return {
        "code": p.code,
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "message": words(p.message),
        "severity": p.severity,
    }


def problems_json(problems: list[Problem]) -> str:
    """The ``--format json`` form: a list of objects."""
    return json.dumps([problem_json(p) for p in problems], ensure_ascii=False, indent=2)


def did_you_mean(word: str, candidates) -> str:
    """ " Có phải ý bạn là “x”?" in words, or the empty string."""
    return words(suggestion(word, candidates))


def choices_text(labels: dict[str, str]) -> str:
    """“key (label), …”: what may be used, for an error message."""
    return words(Labels.of(labels))
