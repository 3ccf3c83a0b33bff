"""``ttdn fmt``: every data file in one canonical layout, so that diffs show only real edits.

The layout:

- keys in the order of the model's fields (unknown keys after them, in their own order);
- block style, 2-space indentation, sequence items indented under their key (``  - ``);
- a text longer than one line of :data:`WIDTH` columns, or containing a line break, is a
  folded block scalar (``>-``) wrapped at :data:`WIDTH` columns; a paragraph break is a blank
  line inside the block;
- other strings plain, quoted only when YAML would otherwise read them as something else;
- NFC, LF line ends, no byte-order mark, no zero-width characters, one final newline;
- comments kept: full-line comments travel with the key or list item they precede, a comment
  at the end of a line stays at the end of that entry's first line, comments above the first
  key stay at the top of the file.

**Stable wrapping.** A folded text that was already wrapped keeps its line breaks as long
as every line fits; only a line that grew too long changes: its last words move to the start
of the next line if they fit there, else onto a new line. Editing one word therefore changes
one line of the file (two when the line overflows), never the rest of the paragraph, which a
greedy re-wrap would shift. Texts not yet folded are wrapped greedily.

**Safety.** The emitter is written by hand (driven by the pydantic model; PyYAML only parses
and answers "would this plain scalar read back as a string?"). Before anything is written,
the new text is parsed again with the loader's own parser and must give exactly the same
data (types included) and the same comments; otherwise the file is left alone and the
problem reported. Writes are atomic.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import io
import math
import re
import typing
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel

from ttdn.data.fsutil import atomic_write_bytes, data_lock, data_root_of
from ttdn.data.loader import classify
from ttdn.data.yamlsource import Loader as _FastLoader
from ttdn.data.yamlsource import parse
from ttdn.domain.messages import msg
from ttdn.domain.model import Agency, GroupsFile, Plan, ProgressFile, TaskSection
from ttdn.domain.problems import Problem
from ttdn.i18n import _
from ttdn.text import ZERO_WIDTH

WIDTH = 88
INDENT = 2
MAX_DEPTH = 100  # levels of nesting fmt writes (the emitter recurses)

ROOT_MODELS: dict[str, type[BaseModel]] = {
    "agency": Agency,
    "groups": GroupsFile,
    "plan": Plan,
    "tasks": TaskSection,
    "progress": ProgressFile,
}

Path_ = tuple[str | int, ...]
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class FmtError(Exception):
    """A file cannot be formatted; ``problems`` say why (the file is left unchanged)."""

    def __init__(self, problems: list[Problem]) -> None:
        from ttdn.outputs.problems import problem_line

        super().__init__("; ".join(problem_line(p) for p in problems))
        self.problems = problems


# ---------------------------------------------------------------------------- text repair


def normalize_text(text: str) -> str:
    """LF line ends, NFC, no BOM or zero-width characters (the repairs fmt makes to text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return ZERO_WIDTH.sub("", text)


# ---------------------------------------------------------------------------- reading


@dataclass
class _Comment:
    line: int  # 0-based
    column: int
    text: str
    full_line: bool


_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]+(#.*)")


def _find_comments(text: str, lines: list[str]) -> list[tuple[int, int, str]]:
    """Every comment of ``text`` as (line, column, text), both 0-based.

    Found with PyYAML's public token stream: between two tokens there is only white space
    and comments, so a ``#`` there starts a comment that runs to the end of its line; the
    only comment inside a token is the one after a block scalar's header (``key: >- # …``).
    """
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    found: list[tuple[int, int, str]] = []

    def gap(a: int, b: int) -> None:
        i = text.find("#", a, b)
        while i != -1:
            line = bisect.bisect_right(starts, i) - 1
            column = i - starts[line]
            found.append((line, column, lines[line][column:].rstrip()))
            i = text.find("#", starts[line + 1], b) if line + 1 < len(starts) else -1

    done = 0
    for tok in yaml.scan(text, Loader=_FastLoader):
        start = starts[tok.start_mark.line] + tok.start_mark.column
        if start > done:
            gap(done, start)
        if isinstance(tok, yaml.ScalarToken) and tok.style in ("|", ">"):
            line, column = tok.start_mark.line, tok.start_mark.column
            m = _BLOCK_HEADER.match(lines[line], column)
            if m:
                found.append((line, m.start(1), m.group(1).rstrip()))
        done = max(done, starts[tok.end_mark.line] + tok.end_mark.column)
    if done < len(text):
        gap(done, len(text))
    return found


@dataclass
class _Layout:
    """What the emitter keeps from the original file besides its data."""

    header: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)
    before: dict[Path_, list[str]] = field(default_factory=dict)
    eol: dict[Path_, str] = field(default_factory=dict)
    folded: dict[Path_, list[str]] = field(default_factory=dict)  # original lines of >- texts
    plain: set[Path_] = field(default_factory=set)  # scalars written plain


def _read_layout(text: str) -> tuple[_Layout, list[str]]:
    """Comments and original wrapping of ``text`` (already parsed without problems)."""
    lines = text.split("\n")
    head = 0
    while head < len(lines) and (not lines[head].strip() or lines[head].lstrip().startswith("#")):
        head += 1
    node = yaml.compose(text, Loader=_FastLoader)
    if "#" not in "\n".join(lines[head:]):
        # The only comments are the whole lines above the first key.
        found = [
            (n, lines[n].index("#"), lines[n].strip()) for n in range(head) if lines[n].strip()
        ]
    else:
        found = _find_comments(text, lines)
    layout = _Layout()
    entries: list[tuple[int, int, Path_]] = []  # (line, depth, path)

    def walk(n: yaml.Node, path: Path_) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                child = path + (k.value,)
                entries.append((k.start_mark.line, len(child), child))
                walk(v, child)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                child = path + (i,)
                entries.append((v.start_mark.line, len(child), child))
                walk(v, child)
        elif isinstance(n, yaml.ScalarNode):
            if not n.style:  # plain: None from PyYAML, "" from libyaml
                layout.plain.add(path)
            elif n.style == ">":
                end = n.end_mark.line + (1 if n.end_mark.column > 0 else 0)
                layout.folded[path] = [ln.strip() for ln in lines[n.start_mark.line + 1 : end]]

    if node is not None:
        walk(node, ())
    entries.sort(key=lambda e: (e[0], e[1]))
    starts = [e[0] for e in entries]
    comments = [_Comment(ln, col, t, not lines[ln][:col].strip()) for ln, col, t in found]
    for c in comments:
        lo, hi = bisect.bisect_left(starts, c.line), bisect.bisect_right(starts, c.line)
        if c.full_line:
            # Before the next entry; the outermost one when several start on that line.
            if not entries or c.line < starts[0]:
                layout.header.append(c.text)
            elif hi == len(entries):
                layout.trailer.append(c.text)
            else:
                layout.before.setdefault(entries[hi][2], []).append(c.text)
            continue
        # At the end of a line: the innermost entry starting on it, else the last one before.
        if lo < hi:
            target = entries[hi - 1][2]
        elif lo > 0:
            target = entries[lo - 1][2]
        else:
            layout.header.append(c.text)
            continue
        if target in layout.eol:
            layout.before.setdefault(target, []).append(c.text)
        else:
            layout.eol[target] = c.text
    return layout, [c.text for c in comments]


# ---------------------------------------------------------------------------- scalars

_resolver = yaml.resolver.Resolver()
_analyzer = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_BREAK = re.compile(r"(?<=[^ ]) (?=[^ ])")


def _printable(ch: str) -> bool:
    o = ord(ch)
    return (
        0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD
        or 0x10000 <= o <= 0x10FFFF
    ) and o != 0xFEFF


_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _double_quoted(s: str) -> str:
    out = []
    for ch in s:
        if ch in _ESCAPES and (ch != "\xa0"):
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _quoted(s: str) -> str:
    if '"' in s and "\\" not in s and all(_printable(c) for c in s):
        return "'" + s.replace("'", "''") + "'"
    return _double_quoted(s)


def _plain_ok(s: str) -> bool:
    if not s:
        return False
    a = _analyzer.analyze_scalar(s)
    return not a.empty and not a.multiline and a.allow_block_plain


# Numbers in YAML 1.2 (the editor's yaml-language-server): "00196" is a string to PyYAML
# (YAML 1.1) but a number there, so such strings are quoted too.
_NUMBER_12 = re.compile(
    r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$"
)


def _str_inline(s: str, plain_dates: bool) -> str:
    """``s`` on one line: plain when it reads back as the same string, else quoted."""
    if _plain_ok(s) and not _NUMBER_12.match(s):
        tag = _resolver.resolve(yaml.ScalarNode, s, (True, False))
        if tag == _STR or (tag == _TIMESTAMP and plain_dates):
            return s
    return _quoted(s)


def _key(k: object) -> str:
    s = str(k)
    if _plain_ok(s) and _resolver.resolve(yaml.ScalarNode, s, (True, False)) == _STR:
        return s
    return _quoted(s)


def _non_str(v: object) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return ".nan"
        if math.isinf(v):
            return ".inf" if v > 0 else "-.inf"
        r = repr(v).lower()
        if "." not in r and "e" in r:
            r = r.replace("e", ".0e", 1)
        return r
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    raise TypeError(f"cannot write {type(v).__name__} values")


def _foldable(s: str) -> bool:
    if not s or s[0] == "\n" or s[-1] == "\n":
        return False
    if any(not _printable(c) for c in s if c != "\n"):
        return False
    return all(not p or (p[0] != " " and p[-1] != " ") for p in s.split("\n"))


def _tokens(text: str) -> list[str]:
    return _BREAK.split(text)


def _greedy(tokens: list[str], avail: int) -> list[str]:
    out: list[str] = []
    line = ""
    for t in tokens:
        if line and len(line) + 1 + len(t) <= avail:
            line += " " + t
        elif line:
            out.append(line)
            line = t
        else:
            line = t
    if line:
        out.append(line)
    return out


def _fit(tokens: list[str], avail: int) -> tuple[str, list[str]]:
    """The longest start of ``tokens`` that fits in ``avail`` columns (at least one token)."""
    line, n = tokens[0], 1
    while n < len(tokens) and len(line) + 1 + len(tokens[n]) <= avail:
        line += " " + tokens[n]
        n += 1
    return line, tokens[n:]


def _rewrap(hint: list[str], avail: int) -> list[str]:
    """Keep the lines of ``hint``; only a line that is too long changes.

    Its last words move to the start of the next line when they fit there, else onto a new
    line of their own: an edit changes at most two lines and never reflows a paragraph.
    """
    out: list[str] = []
    carry: list[str] = []
    for h in hint:
        toks = _tokens(h)
        if carry:
            joined = " ".join(carry + toks)
            if len(joined) <= avail:
                out.append(joined)
                carry = []
                continue
            out.extend(_greedy(carry, avail))
            carry = []
        line, carry = _fit(toks, avail)
        out.append(line)
    if carry:
        out.extend(_greedy(carry, avail))
    return out


def _hints(s: str, original: list[str] | None) -> list[list[str] | None]:
    """Per paragraph of ``s``, its original lines when they still spell it exactly."""
    paras = [p for p in s.split("\n") if p]
    if original is None:
        return [None] * len(paras)
    groups: list[list[str]] = []
    cur: list[str] = []
    for ln in original:
        if ln:
            cur.append(ln)
        elif cur:
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    if len(groups) != len(paras):
        return [None] * len(paras)
    return [g if " ".join(g) == p else None for g, p in zip(groups, paras, strict=True)]


def _folded(s: str, indent: int, original: list[str] | None) -> list[str]:
    """Content lines of ``>-`` for ``s``, indented by ``indent``.

    Each line break of ``s`` is one blank line (YAML folding: a break followed by k empty
    lines reads as k breaks), so ``"a\nb"`` has one blank line and ``"a\n\nb"`` two.
    """
    avail = WIDTH - indent
    pad = " " * indent
    hints = iter(_hints(s, original))
    out: list[str] = []
    for j, para in enumerate(s.split("\n")):
        if j > 0:
            out.append("")
        if para:
            hint = next(hints)
            lines = _rewrap(hint, avail) if hint else _greedy(_tokens(para), avail)
            out.extend(pad + ln for ln in lines)
    return out


# ---------------------------------------------------------------------------- emitting


@dataclass(frozen=True)
class _Ctx:
    """What the model says about a value: its model (mappings), whether it is a date."""

    model: type[BaseModel] | None = None
    known: bool = False  # the model describes this value
    date: bool = False


def _find_model(ann: object) -> type[BaseModel] | None:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in typing.get_args(ann):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _has_date(ann: object) -> bool:
    if ann is dt.date:
        return True
    return any(_has_date(a) for a in typing.get_args(ann))


def _child_ctx(ctx: _Ctx, key: str) -> _Ctx:
    if ctx.model is not None:
        info = ctx.model.model_fields.get(key)
        if info is None:
            return _Ctx()
        return _Ctx(_find_model(info.annotation), True, _has_date(info.annotation))
    return _Ctx(known=ctx.known)


def _ordered_keys(d: dict, model: type[BaseModel] | None) -> list:
    if model is None:
        return list(d)
    fields = [k for k in model.model_fields if k in d]
    return fields + [k for k in d if k not in model.model_fields]


class _Emitter:
    def __init__(self, layout: _Layout) -> None:
        self.layout = layout

    def document(self, data: object, ctx: _Ctx) -> str:
        if isinstance(data, dict) and data:
            body = self.mapping(data, 0, (), ctx)
        elif isinstance(data, list) and data:
            body = self.sequence(data, 0, (), ctx)
        else:
            body = [self.inline(data, (), ctx)]
        return "\n".join(self.layout.header + body + self.layout.trailer) + "\n"

    def inline(self, v: object, path: Path_, ctx: _Ctx) -> str:
        if isinstance(v, str):
            plain_dates = ctx.date or (not ctx.known and path in self.layout.plain)
            return _str_inline(v, plain_dates)
        if isinstance(v, dict):
            return "{}"
        if isinstance(v, list):
            return "[]"
        return _non_str(v)

    def entry(self, head: str, v: object, indent: int, path: Path_, ctx: _Ctx) -> list[str]:
        """``head`` ("key:" or "-", already indented) followed by the value ``v``."""
        eol = self.layout.eol.get(path)
        com = f"  {eol}" if eol else ""
        if isinstance(v, dict) and v:
            return [head + com] + self.mapping(v, indent + INDENT, path, ctx)
        if isinstance(v, list) and v:
            return [head + com] + self.sequence(v, indent + INDENT, path, ctx)
        text = self.inline(v, path, ctx)
        if isinstance(v, str) and ("\n" in v or len(head) + 1 + len(text) > WIDTH):
            original = self.layout.folded.get(path)
            if _foldable(v):
                return [head + " >-" + com] + _folded(v, indent + INDENT, original)
            if v.endswith("\n") and _foldable(v[:-1]):  # one final line break: ">" keeps it
                return [head + " >" + com] + _folded(v[:-1], indent + INDENT, original)
        return [head + " " + text + com]

    def mapping(self, d: dict, indent: int, path: Path_, ctx: _Ctx) -> list[str]:
        pad = " " * indent
        out: list[str] = []
        for k in _ordered_keys(d, ctx.model):
            child = path + (k,)
            out += [pad + c for c in self.layout.before.get(child, [])]
            out += self.entry(pad + _key(k) + ":", d[k], indent, child, _child_ctx(ctx, k))
        return out

    def sequence(self, items: list, indent: int, path: Path_, ctx: _Ctx) -> list[str]:
        pad = " " * indent
        out: list[str] = []
        for i, v in enumerate(items):
            child = path + (i,)
            out += [pad + c for c in self.layout.before.get(child, [])]
            if isinstance(v, (dict, list)) and v:
                if child in self.layout.eol:
                    out.append(pad + self.layout.eol[child])
                if isinstance(v, dict):
                    sub = self.mapping(v, indent + INDENT, child, ctx)
                else:
                    sub = self.sequence(v, indent + INDENT, child, ctx)
                # Comments above the item's first key go above the "- " line.
                while sub and sub[0].lstrip().startswith("#"):
                    out.append(pad + sub.pop(0).lstrip())
                out.append(pad + "- " + sub[0][indent + INDENT :])
                out += sub[1:]
            else:
                out += self.entry(pad + "-", v, indent, child, ctx)
        return out


def _same(a: object, b: object) -> bool:
    """Equal data, types included (``1``, ``1.0`` and ``True`` differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)  # type: ignore[arg-type]
    return a == b


def _same_data(a: object, b: object) -> bool:
    """Equal data, ignoring the order of keys."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return set(a) == set(b) and all(_same_data(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_data(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return _same(a, b)


# ---------------------------------------------------------------------------- public API


def root_model(rel: str | None) -> type[BaseModel] | None:
    """The model of the data file at ``rel`` (relative to the data root), if it is one."""
    kind = classify(rel) if rel else None
    return ROOT_MODELS.get(kind) if kind else None


def format_text(text: str, rel: str | None = None, *, rewrap: bool = False) -> str:
    """The canonical form of ``text``, the content of data file ``rel``.

    ``rewrap``: wrap every folded text afresh, ignoring its current line breaks.

    Raises :class:`FmtError` when the file cannot be read as YAML data, or (a bug) when the
    canonical form would not give back the same data and comments.
    """
    name = rel or _("<tệp>")
    text = normalize_text(text)
    src = parse(name, text.encode("utf-8"))
    if src.problems or src.data is None:
        raise FmtError(src.problems or [Problem("empty-file", name, 1, 1, msg("tệp rỗng"))])
    deepest = max(src.positions, key=len)
    if len(deepest) > MAX_DEPTH:  # the emitter recurses; data files are a few levels deep
        line, col = src.where(deepest)
        raise FmtError(
            [
                Problem(
                    "fmt-failed",
                    name,
                    line,
                    col,
                    msg(
                        "dữ liệu lồng nhau quá sâu ({depth} cấp, tối đa {limit}) nên "
                        "ttdn fmt không sửa tệp này",
                        depth=len(deepest),
                        limit=MAX_DEPTH,
                    ),
                )
            ]
        )
    layout, comments = _read_layout(text)
    if rewrap:
        layout.folded.clear()
    model = root_model(rel)
    out = _Emitter(layout).document(src.data, _Ctx(model, model is not None))
    again = parse(name, out.encode("utf-8"))
    if again.problems or not _same_data(again.data, src.data):
        raise FmtError(
            [
                Problem(
                    "fmt-failed",
                    name,
                    0,
                    0,
                    msg(
                        "ttdn fmt không giữ nguyên được dữ liệu của tệp này nên không sửa "
                        "tệp; đây là lỗi của ttdn, hãy báo cho người phát triển"
                    ),
                )
            ]
        )
    kept = _read_layout(out)[1] if comments or "#" in out else []
    if sorted(kept) != sorted(comments):
        raise FmtError(
            [
                Problem(
                    "fmt-comments",
                    name,
                    0,
                    0,
                    msg(
                        "ttdn fmt không giữ được mọi chú thích (#) của tệp này nên không "
                        "sửa tệp; hãy chuyển chú thích lên dòng riêng, ngay trên khoá"
                    ),
                )
            ]
        )
    return out


def format_bytes(raw: bytes, rel: str | None = None, *, rewrap: bool = False) -> bytes:
    """:func:`format_text` on the bytes of a file (BOM removed; not UTF-8: FmtError)."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        problems = [p for p in parse(rel or _("<tệp>"), raw).problems if p.code == "encoding"]
        raise FmtError(problems) from None
    return format_text(text, rel, rewrap=rewrap).encode("utf-8")


def sequence_item(value: object, indent: int, model: type[BaseModel] | None = None) -> str:
    """One ``- …`` list item in canonical form, its dash at column ``indent``."""
    ctx = _Ctx(model, model is not None)
    return "\n".join(_Emitter(_Layout()).sequence([value], indent, ("item",), ctx)) + "\n"


def data_rel(path: Path) -> str | None:
    """``path`` relative to the data root that contains it (None: not in a data root)."""
    path = Path(path).resolve()
    fallback = None
    for anc in path.parents:
        rel = path.relative_to(anc).as_posix()
        if classify(rel) is None:
            continue
        if (anc / "plans").is_dir() or (anc / "agencies").is_dir():
            return rel
        fallback = fallback or rel
    return fallback


@dataclass
class FileResult:
    path: Path
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to format: files as given, YAML files under directories (sorted)."""
    from ttdn.data.loader import iter_data_files

    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(iter_data_files(p))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(str(p))
    return out


def format_file(path: Path, check: bool = False, rewrap: bool = False) -> FileResult:
    """Format one file in place (atomically), or with ``check`` only say if it would change.

    Rewriting a file of a data root holds the root's lock (:func:`data_lock`) from the read
    to the write, so an entry that ``progress set`` appends meanwhile is not lost;
    :class:`~ttdn.data.fsutil.LockBusy` when another writer keeps it too long.
    """
    root = None if check else data_root_of(path)
    with data_lock(root) if root is not None else contextlib.nullcontext():
        return _format_file(path, check, rewrap, locked=root is not None)


def _format_file(path: Path, check: bool, rewrap: bool, *, locked: bool) -> FileResult:
    from ttdn.data.dataroot import MAX_FILE_BYTES, DataReadError, read_data_bytes
    from ttdn.data.loader import read_problem

    res = FileResult(Path(path))
    try:  # the loader's rules: no FIFO or device, no link out of the folder, the size limit
        raw = read_data_bytes(Path(path).parent, Path(path).name, MAX_FILE_BYTES)
    except DataReadError as exc:
        res.problems.append(read_problem(str(path), exc))
        return res
    rel = data_rel(path)
    try:
        new = format_bytes(raw, rel, rewrap=rewrap)
    except FmtError as exc:
        shown = str(path)
        res.problems = [
            Problem(p.code, shown, p.line, p.column, p.message, p.severity) for p in exc.problems
        ]
        return res
    res.changed = new != raw
    if res.changed and not check:
        atomic_write_bytes(Path(path), new, sweep=locked, root=Path(path).parent)  # no link
    return res


def dump(data: object, rel: str, header: str = "") -> str:
    """New data as file text in the canonical layout (for files ttdn creates).

    ``rel`` (the path under the data root) selects the model that orders keys; ``header`` is
    a block of full-line comments put at the top.
    """
    text = header + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=88, default_flow_style=False
    )
    return format_text(text, rel)
