"""Reading one YAML data file: bytes → Python values, with the position of every value.

The checks that PyYAML does not do are done here, and every problem is returned as a
:class:`~ttdn.domain.problems.Problem` instead of raised:

- the file is UTF-8 (a legacy Vietnamese encoding is named, with the first bad line),
  without byte-order mark, with LF line endings, in NFC, without zero-width characters;
- unresolved git merge-conflict markers;
- characters YAML refuses (a NUL byte, other control characters), located;
- duplicate keys in a mapping (compared after NFC), which PyYAML silently accepts;
- aliases (refused outright: a "billion laughs" document is cheap to parse and explodes in
  whatever walks it), merge keys, non-scalar keys, and any tag beyond YAML's plain types
  (``!!python/…``).

There is one reader, for clean and bad files alike: libyaml's parser (``CSafeLoader``)
gives the events, and a loop with an explicit stack (no recursion, so nesting is limited
only by libyaml's own limit of 1,000 levels, which is reported as a located problem) builds
the values, recording the line and column of every value and key. Scalars are resolved and
built by PyYAML's own resolver and constructors; dates stay strings here and are parsed by
the model, so an impossible date such as 2026-02-30 becomes a precise error instead of an
exception. Building from events skips PyYAML's node tree, which is most of ``yaml.load``'s
time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ttdn.data.dataroot import MAX_FILE_BYTES
from ttdn.domain.messages import Message, msg
from ttdn.domain.problems import Problem
from ttdn.text import ZERO_WIDTH

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# MAX_FILE_BYTES: a file larger is refused before parsing (the scale budget covers ~10 MB
# spread over hundreds of files; one hand-edited file is never this large).

Path_ = tuple[str | int, ...]

_CONFLICT = re.compile(rb"^(<{7}|={7}|>{7}|\|{7})(?: |$|\r?\n)", re.MULTILINE)
# What the YAML reader refuses (YAML 1.1 §5.1, the same set in libyaml and PyYAML).
_REFUSED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
_MERGE = _TAG + "merge"
_ALLOWED_TAGS = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


class _Reader(Loader):  # type: ignore[misc,valid-type]
    """libyaml's parser with PyYAML's resolver and constructors; timestamps stay strings."""


_Reader.add_constructor(_TAG + "timestamp", yaml.constructor.BaseConstructor.construct_scalar)


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


def _reparsed(src: Source) -> Source:
    """The same file read again (for values let go by :meth:`Source.forget_data`)."""
    return parse(src.file, src.raw) if src.raw is not None else Source(src.file, None)


def _lazy_data(src: Source) -> object:
    again = _reparsed(src)
    src.positions, src.key_positions = again.positions, again.key_positions
    return again.data


def _lazy_positions(src: Source) -> dict:
    again = _reparsed(src)
    src.key_positions = again.key_positions
    return again.positions


def _lazy_key_positions(src: Source) -> dict:
    again = _reparsed(src)
    src.positions = again.positions
    return again.key_positions


def _lazy_lines(src: Source) -> list[str]:
    text = None if src.raw is None else _text_of(src.raw)
    return [] if text is None else text.split("\n")


@dataclass
class Source:
    """One parsed file: its data, the positions of its values and keys, and its problems.

    ``raw`` keeps the file's bytes: ``lines`` are computed from them on first use, and
    ``data`` and the positions are read again from them when they were let go
    (:meth:`forget_data`) or never read (:meth:`from_cache`).
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
        """Let go of the parsed values and positions (read again from ``raw`` if asked for):
        once a clean file is validated, its model object holds the same data."""
        if self.raw is not None:
            for name in ("data", "positions", "key_positions"):
                self.__dict__["_lazy_" + name] = _PENDING

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
        self,
        code: str,
        path: Path_,
        message: Message,
        *,
        key: bool = False,
        severity: str = "error",
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
    if "maximum nesting depth" in problem:
        return msg(
            "dữ liệu lồng nhau quá sâu (quá 1000 cấp danh sách hoặc bảng); hãy viết phẳng hơn"
        )
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


def _refused_character(file: str, text: str) -> Problem:
    """The first character the YAML reader refuses (a NUL byte, another control character)."""
    m = _REFUSED.search(text)
    if m is None:  # not expected: the reader refuses exactly this set
        return Problem("yaml-syntax", file, 0, 0, msg("tệp có ký tự YAML không cho phép"))
    line = text.count("\n", 0, m.start()) + 1
    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return Problem(
        "yaml-syntax",
        file,
        line,
        col,
        msg(
            "có ký tự điều khiển U+{code} không được phép trong tệp dữ liệu (thường do "
            "dán từ tệp khác); hãy xoá ký tự này",
            code=f"{ord(m.group()):04X}",
        ),
    )


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
                    "tệp quá lớn (trên {limit} MB); hãy tách thành nhiều tệp",
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
    src.positions, src.key_positions = {}, {}
    problems = src.problems
    text = _checked_text(file, raw, problems)
    if text is None:
        src.lines = []
        return src
    reader = _Reader(text)
    try:
        empty = _build(reader, src)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problems.append(Problem("yaml-syntax", file, line, col, _yaml_error_message(exc, text)))
        src.data = None
        return src
    except yaml.YAMLError:  # the reader refused a character (a NUL byte, …)
        problems.append(_refused_character(file, text))
        src.data = None
        return src
    finally:
        reader.dispose()
    if empty:
        problems.append(
            Problem(
                "empty-file",
                file,
                1,
                1,
                msg("tệp rỗng hoặc chỉ có chú thích; hãy thêm nội dung hoặc xoá tệp"),
            )
        )
    elif src.data is None and not problems:  # e.g. a file holding only "~" or "null"
        problems.append(
            Problem(
                "empty-file",
                file,
                1,
                1,
                msg("tệp không có nội dung (chỉ một giá trị rỗng); hãy thêm nội dung hoặc xoá tệp"),
            )
        )
    return src


_KEY = object()  # what a mapping frame holds in place of a key while it waits for one
_STARTS = (MappingStartEvent, SequenceStartEvent)
_ENDS = (MappingEndEvent, SequenceEndEvent)


def _skip(ev: yaml.Event, get) -> None:
    """Consume the rest of the node that ``ev`` starts (a refused key or value)."""
    depth = 1 if isinstance(ev, _STARTS) else 0
    while depth:
        e = get()
        if isinstance(e, _STARTS):
            depth += 1
        elif isinstance(e, _ENDS):
            depth -= 1


def _build(reader: _Reader, src: Source) -> bool:
    """Build ``src.data`` from the reader's events; True when the file has no document.

    Containers are built on an explicit stack of frames ``[container, path, key,
    first_seen, key_path]``: for mappings, ``key`` is the key whose value comes next (or
    ``_KEY`` while waiting for one), ``first_seen`` the line of each NFC key, ``key_path`` the
    path of the next value; for sequences all three are None. A refused node (an
    alias, a tag, a duplicate, merge or complex key with its value) is reported and skipped.
    """
    file, problems = src.file, src.problems
    positions, key_positions = src.positions, src.key_positions
    anchors: dict[str, tuple[int, int]] = {}
    reported: set[tuple[int, int]] = set()
    plain: dict[str, object] = {}  # plain scalar → its value (they repeat: statuses, dates)
    get = reader.get_event
    get()  # stream start
    if get().__class__ is StreamEndEvent:
        return True
    stack: list[list] = []
    data: object = None
    while True:
        ev = get()
        cls = ev.__class__
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            value = stack.pop()[0]
        else:
            mark = ev.start_mark
            where = (mark.line + 1, mark.column + 1)
            top = stack[-1] if stack else None
            if top is not None and top[2] is _KEY:
                if cls is ScalarEvent and ev.anchor is None:
                    key = ev.value
                    if key.isascii() and key not in top[3] and key != "<<":  # the usual key
                        top[3][key] = where[0]
                        top[2] = key
                        top[4] = top[1] + (key,)
                        key_positions[top[4]] = where
                        continue
                _key(ev, where, top, key_positions, problems, file, anchors, reported, get)
                continue
            path = () if top is None else top[4] or top[1] + (len(top[0]),)
            positions[path] = where
            if cls is AliasEvent:
                _alias(ev, where, problems, file, anchors, reported)
                value = None
            elif cls is ScalarEvent:
                if ev.anchor is not None:  # an anchor alone is harmless; aliases are refused
                    anchors[ev.anchor] = where
                value = ev.value
                if ev.tag is None:
                    if ev.implicit[0]:  # plain (else quoted or block: a string)
                        built = plain.get(value, _KEY)
                        if built is _KEY:
                            known = len(problems)
                            built = _scalar(reader, ev, where, problems, file)
                            if len(problems) == known:  # a refused tag is reported each time
                                plain[value] = built
                        value = built
                else:
                    value = _scalar(reader, ev, where, problems, file)
            elif (
                ev.tag is not None
                and ev.tag != "!"
                and ev.tag != (_MAP if cls is MappingStartEvent else _SEQ)
            ):
                problems.append(_tag_problem(file, where, ev.tag))
                _skip(ev, get)
                value = None
            else:
                if ev.anchor is not None:
                    anchors[ev.anchor] = where
                if cls is MappingStartEvent:
                    stack.append([{}, path, _KEY, {}, None])
                else:
                    stack.append([[], path, None, None, None])
                continue
        if not stack:
            data = value
            break
        top = stack[-1]
        if top[3] is None:
            top[0].append(value)
        else:
            top[0][top[2]] = value
            top[2] = _KEY
            top[4] = None
    get()  # document end
    ev = get()
    if ev.__class__ is DocumentStartEvent:  # as yaml.compose says it
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            None,
            "but found another document",
            ev.start_mark,
        )
    src.data = data
    return False


def _key(ev, where, top, key_positions, problems, file, anchors, reported, get) -> None:
    """Take the key ``ev`` of the mapping frame ``top``, or refuse it and skip its value."""
    if ev.__class__ is ScalarEvent:
        key = ev.value
        if ev.anchor is not None:
            anchors[ev.anchor] = where
        norm = key if key.isascii() else unicodedata.normalize("NFC", key)
        first_seen = top[3]
        if key == "<<" and ev.implicit[0]:
            problems.append(
                Problem(
                    "yaml-alias", file, *where, msg("tệp dữ liệu không được dùng khoá gộp “<<”")
                )
            )
        elif norm in first_seen:
            problems.append(
                Problem(
                    "duplicate-key",
                    file,
                    *where,
                    msg(
                        "khoá “{key}” xuất hiện hai lần trong cùng một bảng "
                        "(lần đầu ở dòng {line}); YAML sẽ lặng lẽ bỏ giá trị đầu",
                        key=norm,
                        line=first_seen[norm],
                    ),
                )
            )
        else:
            first_seen[norm] = where[0]
            top[2] = key
            top[4] = top[1] + (key,)
            key_positions[top[4]] = where
            return
    elif ev.__class__ is AliasEvent:
        _alias(ev, where, problems, file, anchors, reported)
    else:
        problems.append(
            Problem(
                "yaml-key", file, *where, msg("khoá phải là một chữ, không phải danh sách hay bảng")
            )
        )
        _skip(ev, get)
    _skip(get(), get)  # the refused key's value


def _alias(ev, where, problems, file, anchors, reported) -> None:
    """Report an alias once, at the anchor it points to (where the shared value is)."""
    at = anchors.get(ev.anchor)
    if at is None:  # as yaml.compose says it
        raise yaml.composer.ComposerError(
            None, None, f"found undefined alias {ev.anchor!r}", ev.start_mark
        )
    if at not in reported:
        reported.add(at)
        problems.append(
            Problem(
                "yaml-alias",
                file,
                *at,
                msg(
                    "tệp dữ liệu không được dùng tham chiếu YAML "
                    "(&anchor / *alias); hãy viết đầy đủ giá trị"
                ),
            )
        )


def _tag_problem(file: str, where: tuple[int, int], tag: str) -> Problem:
    return Problem(
        "yaml-tag",
        file,
        *where,
        msg("thẻ YAML “{tag}” không được phép trong tệp dữ liệu", tag=tag.replace(_TAG, "!!")),
    )


def _scalar(reader: _Reader, ev: ScalarEvent, where, problems, file) -> object:
    """The value of a scalar, resolved and built as PyYAML does (dates stay strings)."""
    value = ev.value
    tag = ev.tag
    if tag is None or tag == "!":
        if not ev.implicit[0]:  # quoted or block: a string
            return value
        tag = reader.resolve(yaml.ScalarNode, value, ev.implicit)
    if tag == _STR:
        return value
    if tag not in _ALLOWED_TAGS:
        problems.append(_tag_problem(file, where, tag))
        return None
    try:
        return reader.yaml_constructors[tag](reader, yaml.ScalarNode(tag, value))
    except (yaml.YAMLError, ValueError, KeyError, TypeError):
        return value  # e.g. "!!int abc": the model reports the type
