"""Messages as values: a message id and its parameters, put into words at the edge.

Everything below the outputs (the domain, the data layer, the checks) says what it found as
a :class:`Message`: the message id (the Vietnamese :meth:`str.format` template, which is the
key of the translation catalogue) and the values of its fields. Nothing here knows the
language of the run; :mod:`ttdn.outputs.problems` renders a message in that language.

A parameter is a string or a number (data, shown as is), or one of the composed values
below, rendered in the language of the run too:

- a nested :class:`Message` (a sentence inside a sentence: a "did you mean" hint);
- :class:`OneOf`: names to choose from (“a” or “b”);
- :class:`Labels`: keys with the message id of their label (``key (label), …``);
- a tuple of parameters: their texts one after the other (a sentence and a hint after it).

Parameters are hashable (a problem is a hashable value): data shown in a message is passed
as text (``str(value)``), numbers as numbers (an English plural needs the number).

Message ids are written literally at the call, ``msg("không có cơ quan “{slug}”.", slug=s)``,
so that the catalogue tests (and the extraction of messages) find them; :func:`N_` marks a
literal that is held as a message id for later (a label, a field description).
"""

from __future__ import annotations

from dataclasses import dataclass

from ttdn.text import suggest


def N_(msgid: str, /) -> str:
    """Mark a literal as a message id without translating it (no language here)."""
    return msgid


@dataclass(frozen=True, slots=True)
class OneOf:
    """Names to choose from, rendered “a” or “b” in the language of the run."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Labels:
    """``(key, label message id)`` pairs, rendered ``key (label), …``."""

    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, labels: dict[str, str]) -> Labels:
        """The keys and labels of a mapping, in its order."""
        return cls(tuple(labels.items()))


@dataclass(frozen=True, slots=True)
class Message:
    """A message id and its parameters, ``(name, value)`` pairs in the order given."""

    id: str
    params: tuple[tuple[str, object], ...] = ()

    def param(self, name: str, default: object = None) -> object:
        """The value of parameter ``name``."""
        return next((v for k, v in self.params if k == name), default)


def msg(msgid: str, /, **params: object) -> Message:
    """The message ``msgid`` (a literal message id) with ``params``."""
    return Message(msgid, tuple(params.items()))


def suggestion(word: str, candidates) -> Message | str:
    """The " did you mean …?" hint for ``word`` among ``candidates``; "" when nothing is
    close (a hint is appended to a sentence, so it starts with a space)."""
    found = suggest(word, candidates)
    if not found:
        return ""
    return msg(" Có phải ý bạn là {names}?", names=OneOf(tuple(found)))


# ------------------------------------------------------------------ as plain data


def to_data(value: object) -> object:
    """A message or parameter as JSON-able plain data (for a cache or a JSON output)."""
    if isinstance(value, Message):
        return {"id": value.id, "params": [[k, to_data(v)] for k, v in value.params]}
    if isinstance(value, OneOf):
        return {"one_of": list(value.names)}
    if isinstance(value, Labels):
        return {"labels": [list(p) for p in value.pairs]}
    if isinstance(value, tuple):
        return {"concat": [to_data(v) for v in value]}
    return value


def from_data(data: object) -> object:
    """The inverse of :func:`to_data`; anything unexpected comes back as a plain value."""
    if isinstance(data, dict):
        if "id" in data and isinstance(data["id"], str):
            params = data.get("params") or []
            return Message(data["id"], tuple((str(k), from_data(v)) for k, v in params))
        if "one_of" in data:
            return OneOf(tuple(str(n) for n in data["one_of"]))
        if "labels" in data:
            return Labels(tuple((str(k), str(v)) for k, v in data["labels"]))
        if "concat" in data:
            return tuple(from_data(v) for v in data["concat"])
        return str(data)
    if isinstance(data, list):
        return str(data)
    return data
