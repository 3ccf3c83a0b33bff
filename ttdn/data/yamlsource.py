"""Reading one YAML data file: bytes → Python values, with the position of every value.

The checks that PyYAML does not do are done here, and every problem is returned as a
:class:`~ttdn.domain.problems.Problem` instead of raised:

- the file is UTF-8 (a legacy Vietnamese encoding is named, with the first bad line),
  without byte-order mark, with LF line endings, in NFC, without zero-width characters;
- unresolved git merge-conflict markers;
- duplicate keys in a mapping (compared after NFC), which PyYAML silently accepts;
- aliases and anchors (refused outright: a "billion laughs" document is cheap to parse and
  explodes in whatever walks it), and any tag beyond YAML's plain types (``!!python/…``).

Parsing runs in libyaml (``CSafeLoader``). A clean file (the usual case) is built straight
from the parser's events, without a node tree or a position table; anything unusual (a
syntax error, an anchor, a tag, a duplicate or complex key, an empty document) is built again
by the careful walk over the composed node tree, which records positions and reports the
problem. Positions and lines of a clean file are computed from its bytes only when a problem
must be located in it (:class:`Source` keeps the bytes). Dates stay strings here and are
parsed by the model, so an impossible date such as 2026-02-30 becomes a precise error
instead of an exception.
"""

from __future__ import annotations

import gc
import math
import re
import unicodedata
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ttdn.domain.messages import Message, msg
from ttdn.domain.problems import Problem
from ttdn.text import ZERO_WIDTH

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A file larger than this is refused before parsing (the scale budget covers ~10 MB spread
# over hundreds of files; one hand-edited file is never this large).
MAX_FILE_BYTES = 20 * 1024 * 1024

Path_ = tuple[str | int, ...]

_CONFLICT = re.compile(rb"^(<{7}|={7}|>{7}|\|{7})(?: |$|\r?\n)", re.MULTILINE)
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_BOOL_TRUE = {"yes", "true", "on", "y"}


_PENDING = object()


class _Lazy:
    """A :class:`Source` attribute computed from the file's bytes on first use."""

    def __init__(self, name: str, compute, default: object = _PENDING) -> None:
        self.attr = "_lazy_" + name
        self.compute = compute
        self.default = default

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.default
        value = obj.__dict__.get(self.attr, _PENDING)
        if value is _PENDING:
            value = self.compute(obj)
            obj.__dict__[self.attr] = value
        return value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.attr] = _PENDING if value is self else value


def _text_of(raw: bytes) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _lazy_data(src: Source) -> object:
    return None if src.raw is None else parse(src.file, src.raw).data


def _lazy_tables(src: Source) -> tuple[dict, dict]:
    """Positions of values and keys, by the careful walk (problems were reported before)."""
    scratch = Source(src.file)
    scratch.positions, scratch.key_positions = {}, {}
    text = None if src.raw is None else _text_of(src.raw)
    if text is not None:
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            node = yaml.compose(text, Loader=Loader)
            if node is not None:
                _Builder(scratch).build(node, ())
        except yaml.YAMLError:
            pass
        finally:
            if gc_was_enabled:
                gc.enable()
    return scratch.positions, scratch.key_positions


def _lazy_positions(src: Source) -> dict:
    src.positions, src.key_positions = _lazy_tables(src)
    return src.positions


def _lazy_key_positions(src: Source) -> dict:
    src.positions, src.key_positions = _lazy_tables(src)
    return src.key_positions


def _lazy_lines(src: Source) -> list[str]:
    text = None if src.raw is None else _text_of(src.raw)
    return [] if text is None else text.split("\n")


@dataclass
class Source:
    """One parsed file: its data, the positions of its values and keys, and its problems.

    ``raw`` keeps the file's bytes: ``positions``, ``key_positions`` and ``lines`` are
    computed from them on first use, and ``data`` too when the Source was made from the
    cache (:func:`from_cache`).
    """

    file: str
    data: object = _Lazy("data", _lazy_data, default=None)  # type: ignore[assignment]
    problems: list[Problem] = field(default_factory=list)
    raw: bytes | None = field(default=None, repr=False)
    positions: dict[Path_, tuple[int, int]] = field(  # type: ignore[assignment]
        default=_Lazy("positions", _lazy_positions), init=False, repr=False, compare=False
    )
    key_positions: dict[Path_, tuple[int, int]] = field(  # type: ignore[assignment]
        default=_Lazy("key_positions", _lazy_key_positions),
        init=False,
        repr=False,
        compare=False,
    )
    lines: list[str] = field(  # type: ignore[assignment]
        default=_Lazy("lines", _lazy_lines), init=False, repr=False, compare=False
    )

    def forget_data(self) -> None:
        """Let go of the parsed values (they are parsed again from ``raw`` if asked for):
        once a clean file is validated, its model object holds the same data."""
        if self.raw is not None:
            self.__dict__["_lazy_data"] = _PENDING

    @classmethod
    def from_cache(cls, file: str, raw: bytes) -> Source:
        """A Source for a file known to be clean: everything is computed on first use."""
        return cls(file, _PENDING, raw=raw)

    @property
    def ok(self) -> bool:
        """True when the file could be parsed (it may still have text problems)."""
        return self.data is not None

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value (or key) at ``path``, or of its nearest parent."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.key_positions:
                return self.key_positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def problem(
        self, code: str, path: Path_, message: Message, *, key: bool = False, severity: str = "error"
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(code, self.file, line, col, message, severity)  # type: ignore[arg-type]


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _decode(file: str, raw: bytes, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                "bom",
                file,
                1,
                1,
                msg("tệp bắt đầu bằng dấu BOM (byte-order mark); chạy “ttdn fmt” để bỏ"),
            )
        )
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(raw, exc.start)
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(
                "encoding",
                file,
                line,
                col,
                msg(
                    "tệp không phải mã UTF-8 (có thể là bảng mã cũ Windows-1258 hoặc TCVN3); "
                    "mở tệp và lưu lại với bảng mã UTF-8"
                ),
            )
        )
        return None


def _text_checks(file: str, text: str, problems: list[Problem]) -> None:
    """NFC, CRLF and zero-width characters, reported at the first offending lines."""
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.append(
            Problem(
                "crlf",
                file,
                line,
                1,
                msg(
                    "tệp dùng ký tự xuống dòng kiểu Windows (CRLF); "
                    "chạy “ttdn fmt” để chuyển sang LF"
                ),
            )
        )
    if not unicodedata.is_normalized("NFC", text):
        for n, line_text in enumerate(text.split("\n"), 1):
            if not unicodedata.is_normalized("NFC", line_text):
                problems.append(
                    Problem(
                        "not-nfc",
                        file,
                        n,
                        1,
                        msg(
                            "chữ tiếng Việt không ở dạng dựng sẵn (NFC), thường do "
                            "dán từ PDF hoặc soạn trên macOS; chạy “ttdn fmt” để sửa"
                        ),
                    )
                )
                break
    m = ZERO_WIDTH.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        problems.append(
            Problem(
                "zero-width",
                file,
                line,
                col,
                msg(
                    "có ký tự vô hình U+{code} (ký tự độ rộng 0); chạy “ttdn fmt” để xoá",
                    code=f"{ord(m.group()):04X}",
                ),
            )
        )


def _yaml_error_message(exc: yaml.MarkedYAMLError, text: str = "") -> Message:
    problem = (exc.problem or "").lower()
    mark = exc.problem_mark
    char = ""
    if mark is not None and text:
        lines = text.split("\n")
        if mark.line < len(lines):
            char = lines[mark.line][mark.column : mark.column + 1]
            if "\t" in lines[mark.line][: mark.column + 1]:
                char = "\t"
    if char == "\t" or "tab" in problem or "\\t" in problem:
        return msg("dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách")
    if "mapping values are not allowed" in problem:
        return msg(
            "dấu hai chấm đặt sai chỗ; nếu giá trị có “: ”, hãy đặt nó trong ngoặc kép "
            "hoặc viết dạng khối (>-)"
        )
    if "could not find expected ':'" in problem:
        return msg("thiếu dấu hai chấm sau tên khoá, hoặc dòng thụt lề sai")
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return msg("thụt lề không đúng: dòng này không thẳng hàng với các khoá cùng cấp")
    if "did not find expected '-'" in problem:
        return msg("thụt lề không đúng trong danh sách (thiếu dấu “-”?)")
    if "found unexpected end of stream" in problem or "unexpected end" in problem:
        return msg("tệp kết thúc giữa chừng (thiếu dấu ngoặc kép hoặc ngoặc đóng?)")
    if "found undefined alias" in problem or "alias" in problem:
        return msg(
            "dùng tham chiếu YAML (*alias) không có; tệp dữ liệu không được dùng &anchor/*alias"
        )
    if "unknown escape" in problem:
        return msg(
            "chuỗi trong ngoặc kép có ký tự thoát “\\” không hợp lệ; dùng ngoặc đơn hoặc bỏ “\\”"
        )
    return msg("lỗi cú pháp YAML (chi tiết kỹ thuật: {detail})", detail=str(exc.problem or exc))


def _checked_text(file: str, raw: bytes, problems: list[Problem]) -> str | None:
    """The decoded text after the file-level checks; None when it cannot be parsed."""
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                "too-large",
                file,
                0,
                0,
                msg(
                    "tệp quá lớn ({size} MB, tối đa {limit} MB); hãy tách thành nhiều tệp",
                    size=len(raw) // (1024 * 1024),
                    limit=MAX_FILE_BYTES // (1024 * 1024),
                ),
            )
        )
        return None
    m = _CONFLICT.search(raw)
    if m:
        problems.append(
            Problem(
                "merge-conflict",
                file,
                _line_of_offset(raw, m.start()),
                1,
                msg(
                    "còn dấu xung đột khi gộp nhánh git (<<<<<<<, =======, >>>>>>>); "
                    "hãy chọn nội dung đúng và xoá các dòng đánh dấu"
                ),
            )
        )
        return None
    text = _decode(file, raw, problems)
    if text is not None:
        _text_checks(file, text, problems)
    return text


def parse(file: str, raw: bytes) -> Source:
    """Parse ``raw`` (the bytes of ``file``, a path relative to the data root)."""
    src = Source(file, raw=raw)
    problems = src.problems
    text = _checked_text(file, raw, problems)
    if text is not None and not problems:
        data = _fast(raw)
        if data is not None:
            src.data = data
            return src
    src.positions, src.key_positions = {}, {}
    src.lines = [] if text is None else text.split("\n")
    if text is None:
        return src
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the node tree is acyclic; the cyclic collector only costs time here
    try:
        try:
            node = yaml.compose(text, Loader=Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            problems.append(Problem("yaml-syntax", file, line, col, _yaml_error_message(exc, text)))
            return src
        except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
            problems.append(
                Problem("yaml-syntax", file, 0, 0, msg("lỗi đọc YAML ({detail})", detail=str(exc)))
            )
            return src
        if node is None:
            problems.append(
                Problem(
                    "empty-file",
                    file,
                    1,
                    1,
                    msg("tệp rỗng hoặc chỉ có chú thích; hãy thêm nội dung hoặc xoá tệp"),
                )
            )
            return src
        src.data = _Builder(src).build(node, ())
        if src.data is None and not src.problems:  # e.g. a file holding only "~" or "null"
            problems.append(
                Problem(
                    "empty-file",
                    file,
                    1,
                    1,
                    msg(
                        "tệp không có nội dung (chỉ một giá trị rỗng); "
                        "hãy thêm nội dung hoặc xoá tệp"
                    ),
                )
            )
    finally:
        if gc_was_enabled:
            gc.enable()
    return src


class _Builder:
    """Builds Python values from a composed node tree, recording positions and problems."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.seen: set[int] = set()
        self.alias_reported = False

    def build(self, node: yaml.Node, path: Path_) -> object:
        src = self.src
        mark = node.start_mark
        src.positions[path] = (mark.line + 1, mark.column + 1)
        if id(node) in self.seen:
            src.problems.append(
                Problem(
                    "yaml-alias",
                    src.file,
                    mark.line + 1,
                    mark.column + 1,
                    msg(
                        "tệp dữ liệu không được dùng tham chiếu YAML "
                        "(&anchor / *alias); hãy viết đầy đủ giá trị"
                    ),
                )
            )
            return None
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            src.problems.append(
                Problem(
                    "yaml-tag",
                    src.file,
                    mark.line + 1,
                    mark.column + 1,
                    msg(
                        "thẻ YAML “{tag}” không được phép trong tệp dữ liệu",
                        tag=tag.replace(_TAG, "!!"),
                    ),
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            self.seen.add(id(node))
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.seen.add(id(node))
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return _scalar(tag[len(_TAG) :], node.value)  # an allowed tag starts with _TAG

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        src = self.src
        out: dict = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                m = key_node.start_mark
                src.problems.append(
                    Problem(
                        "yaml-key",
                        src.file,
                        m.line + 1,
                        m.column + 1,
                        msg("khoá phải là một chữ, không phải danh sách hay bảng"),
                    )
                )
                continue
            if key_node.tag == _TAG + "merge":
                m = key_node.start_mark
                src.problems.append(
                    Problem(
                        "yaml-alias",
                        src.file,
                        m.line + 1,
                        m.column + 1,
                        msg("tệp dữ liệu không được dùng khoá gộp “<<”"),
                    )
                )
                continue
            key = key_node.value
            if not isinstance(key, str):
                key = str(key)
            norm = unicodedata.normalize("NFC", key)
            km = key_node.start_mark
            if norm in first_seen:
                src.problems.append(
                    Problem(
                        "duplicate-key",
                        src.file,
                        km.line + 1,
                        km.column + 1,
                        msg(
                            "khoá “{key}” xuất hiện hai lần trong cùng một bảng "
                            "(lần đầu ở dòng {line}); YAML sẽ lặng lẽ bỏ giá trị đầu",
                            key=norm,
                            line=first_seen[norm],
                        ),
                    )
                )
                continue
            first_seen[norm] = km.line + 1
            child = path + (key,)
            src.key_positions[child] = (km.line + 1, km.column + 1)
            out[key] = self.build(value_node, child)
        return out


class _Fallback(Exception):
    """The fast path met something the careful walk must handle."""


_RESOLVERS: dict[str, list[tuple[str, re.Pattern]]] = {
    k: [*v, *Loader.yaml_implicit_resolvers.get(None, [])]
    for k, v in Loader.yaml_implicit_resolvers.items()
    if k is not None
}
_WILDCARD = bool(Loader.yaml_implicit_resolvers.get(None))


def _fast(raw: bytes) -> object:
    """The data of a clean file straight from parser events; None: use the careful walk.

    Called only when the text checks passed. Returns None (never wrong data) for anything the
    careful walk would report or treat specially: syntax errors, anchors, aliases, explicit
    tags, non-scalar, tagged, merge, non-ASCII or duplicate keys, resolved tags that are not
    allowed, several documents, and empty or null documents.
    """
    if _WILDCARD:
        return None
    parser = Loader(raw)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        get = parser.get_event
        get()  # stream start
        if get().__class__ is StreamEndEvent:  # no document
            return None
        data = _fast_node(get(), get)
        get()  # document end
        if get().__class__ is not StreamEndEvent:  # several documents
            return None
        return data
    except (_Fallback, yaml.YAMLError):
        return None
    finally:
        parser.dispose()
        if gc_was_enabled:
            gc.enable()


def _fast_node(ev, get) -> object:
    cls = ev.__class__
    if cls is ScalarEvent:
        if ev.anchor is not None or ev.tag is not None:
            raise _Fallback
        value = ev.value
        if not ev.implicit[0]:  # quoted or block scalar: a string
            return value
        resolvers = _RESOLVERS.get(value[:1])
        if resolvers is not None:
            for tag, regexp in resolvers:
                if regexp.match(value):
                    if tag not in _ALLOWED_TAGS:
                        raise _Fallback
                    return _scalar(tag[18:], value)
        return value
    if cls is MappingStartEvent:
        if ev.anchor is not None or ev.tag is not None:
            raise _Fallback
        out: dict = {}
        while True:
            k = get()
            if k.__class__ is not ScalarEvent:
                if k.__class__ is MappingEndEvent:
                    return out
                raise _Fallback
            key = k.value
            if (
                k.anchor is not None
                or k.tag is not None
                or key in out
                or not key.isascii()
                or key == "<<"
            ):
                raise _Fallback
            out[key] = _fast_node(get(), get)
    if cls is SequenceStartEvent:
        if ev.anchor is not None or ev.tag is not None:
            raise _Fallback
        items = []
        while True:
            ev = get()
            if ev.__class__ is SequenceEndEvent:
                return items
            items.append(_fast_node(ev, get))
    raise _Fallback  # an alias


def _scalar(kind: str, value: str) -> object:
    """Plain YAML 1.1 scalar types; timestamps stay strings for the model to parse."""
    if kind == "str" or kind == "timestamp" or kind == "binary":
        return value
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() in _BOOL_TRUE
    if kind == "int":
        v = value.replace("_", "")
        sign = -1 if v.startswith("-") else 1
        v = v.lstrip("+-")
        try:
            if v.startswith("0x"):
                return sign * int(v[2:], 16)
            if v.startswith("0b"):
                return sign * int(v[2:], 2)
            if v.startswith("0o"):
                return sign * int(v[2:], 8)
            if len(v) > 1 and v.startswith("0"):
                return sign * int(v, 8)
            return sign * int(v)
        except ValueError:
            return value
    if kind == "float":
        v = value.replace("_", "").lower()
        if v in (".inf", "+.inf"):
            return math.inf
        if v == "-.inf":
            return -math.inf
        if v == ".nan":
            return math.nan
        try:
            return float(v)
        except ValueError:
            return value
    return value
