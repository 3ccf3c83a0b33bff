"""Adding or updating many agencies at once from a table (CSV or Excel): ``ttdn agencies import``.

One row per agency. The columns are recognised by their header, in Vietnamese or English,
whatever the case, accents or order ("Tên", "ten", "Name"); other columns (such as "STT")
are ignored with a note. A row updates the agency whose slug it names (or whose slug its
name gives, "Sở Du lịch" → ``so-du-lich``) and adds it otherwise; an empty cell keeps what
the file already says.

Every row is checked, then the whole data folder with the new files, before anything is
written: one bad row and nothing is written. The files are written in the canonical layout
of ``ttdn fmt`` (an updated file keeps its comments), each atomically, while holding the
data folder's lock so that two imports cannot lose each other's changes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ttdn.data.fsutil import LockBusy, atomic_write_text, data_lock
from ttdn.domain.model import AGENCY_KIND_LABELS, EMAIL_PATTERN, Agency
from ttdn.i18n import N_, _, error_line, every_lang, translate
from ttdn.text import fold, nfc, slugify

# The columns, in the order of the agency file: field → the header names accepted (message
# ids, so each is accepted in Vietnamese and in English; the field name itself is too).
COLUMNS: dict[str, tuple[str, ...]] = {
    "slug": (N_("mã tệp"),),
    "name": (N_("tên"), N_("tên đầy đủ")),
    "short_name": (N_("tên ngắn"),),
    "name_en": (N_("tên tiếng Anh"),),
    "kind": (N_("loại"), N_("Loại cơ quan")),
    "code": (N_("mã chính thức"), N_("mã đơn vị hành chính")),
    "abbreviation": (N_("chữ viết tắt"),),
    "email": (N_("thư điện tử"),),
}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_EMAIL = re.compile(EMAIL_PATTERN)
_COMMUNE_CODE = re.compile(r"^[0-9]{5}$")


class AgencyImportError(Exception):
    """Nothing was written; ``lines`` say why, ``code`` is the exit code (2: the file
    cannot be used at all, 1: some rows or the resulting data have errors)."""

    def __init__(self, lines: list[str], code: int = 1) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


def _fatal(message: str) -> AgencyImportError:
    """The file cannot be used at all (exit 2)."""
    return AgencyImportError([error_line(message)], code=2)


@dataclass
class Row:
    """One row of the table: the cells of the known columns, with where each one is."""

    file: str
    line: int  # the row's number in the file (CSV line, worksheet row)
    values: dict[str, str]  # field → the cell's text (stripped; "" when empty)
    cells: dict[str, str] = field(default_factory=dict)  # field → where it is, for messages
    control: dict[str, str] = field(default_factory=dict)  # field → "U+0009": refused

    def where(self, key: str | None = None) -> str:
        """``file:line``, and the cell of ``key`` if given: "cột “email”" or "ô G5"."""
        head = f"{self.file}:{self.line}"
        return f"{head}: {self.cells[key]}" if key in self.cells else head


@dataclass
class Table:
    rows: list[Row]
    ignored: list[str] = field(default_factory=list)  # headers of columns not used


@dataclass
class ImportResult:
    """What the import did (or, in a dry run, would do): file paths under the data root."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading tables


def _headers() -> dict[str, str]:
    """Folded header → field."""
    out: dict[str, str] = {}
    for key, labels in COLUMNS.items():
        out[fold(key)] = key
        for label in labels:
            for text in every_lang(label):
                out[fold(text)] = key
    out[fold("e-mail")] = "email"
    return out


def _cell_text(value: object) -> str:
    """A cell as text: numbers as written (70.0 → "70"), NFC, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _control(text: str) -> str | None:
    """The first control or invisible formatting character of ``text`` ("U+0009"), if any."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf"):
            return f"U+{ord(ch):04X}"
    return None


def _make_rows(file: str, records: Iterable[tuple[int, list[object], list[str]]]) -> Table:
    """Rows from ``(line, cell values, cell names)``; the first non-empty record is the header."""
    known = _headers()
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    table = Table([])
    header_seen = False
    for line, values, names in records:
        texts = [_cell_text(v) for v in values]
        if not any(texts):
            continue
        if not header_seen:
            header_seen = True
            for i, text in enumerate(texts):
                if not text:
                    continue
                key = known.get(fold(text))
                if key is None:
                    table.ignored.append(text)
                elif key in headers:
                    raise _fatal(
                        f"{file}:{line}: "
                        + _(
                            "hai cột cùng là “{first}” và “{second}”; chỉ giữ một cột",
                            first=headers[key],
                            second=text,
                        )
                    )
                else:
                    columns[i] = key
                    headers[key] = text
            if "name" not in headers and "slug" not in headers:
                raise _fatal(
                    f"{file}:{line}: "
                    + _(
                        "không thấy cột tên cơ quan (“{name}”) ở dòng tiêu đề; các cột "
                        "nhận được: {columns}",
                        name=translate(COLUMNS["name"][0]),
                        columns=", ".join(translate(c[0]) for c in COLUMNS.values()),
                    )
                )
            continue
        row = Row(file, line, {})
        for i, key in columns.items():
            row.values[key] = texts[i] if i < len(texts) else ""
            cell = names[i] if i < len(names) else ""
            row.cells[key] = (
                _("ô {cell} (cột “{column}”)", cell=cell, column=headers[key])
                if cell
                else _("cột “{column}”", column=headers[key])
            )
            bad = _control(row.values[key])
            if bad:
                row.control[key] = bad
        table.rows.append(row)
    return table


def read_csv(path: Path) -> Table:
    """The rows of a CSV file (UTF-8, with or without BOM; separated by "," ";" or tab)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fatal(
            _(
                "{path}: tệp CSV không phải UTF-8; trong Excel hãy lưu dạng “CSV UTF-8”",
                path=path,
            )
        ) from None
    first = text.split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def records() -> Iterable[tuple[int, list[object], list[str]]]:
        start = 1
        try:
            for values in reader:
                yield start, list(values), []
                start = reader.line_num + 1
        except csv.Error as exc:
            raise _fatal(
                f"{path}:{reader.line_num}: " + _("dòng CSV không đọc được ({error})", error=exc)
            ) from None

    return _make_rows(str(path), records())


def read_xlsx(path: Path) -> Table:
    """The rows of the first worksheet of an Excel workbook."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    from ttdn.data.zipcap import ZipTooLarge, check_zip
    from ttdn.edit.xlsx_import import zip_too_large

    try:
        check_zip(path)
    except ZipTooLarge as exc:
        raise _fatal(zip_too_large(path, exc)) from None
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as exc:
        raise _fatal(
            _(
                "không đọc được “{path}” như một bảng tính Excel (.xlsx): {error}",
                path=path,
                error=exc,
            )
        ) from None
    try:
        ws = wb.worksheets[0]
        records = [
            (r, list(values), [f"{get_column_letter(c)}{r}" for c in range(1, len(values) + 1)])
            for r, values in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
    finally:
        wb.close()
    return _make_rows(str(path), records)


def read_table(path: Path) -> Table:
    """The rows of ``path``, a .csv or .xlsx file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _fatal(_("“{path}”: chỉ nhập được tệp .csv hoặc .xlsx", path=path))
    if not path.is_file():
        raise _fatal(_("không có tệp “{path}”", path=path))
    return read_csv(path) if suffix == ".csv" else read_xlsx(path)


# --------------------------------------------------------------------------- checking rows


def _kinds() -> dict[str, str]:
    """Folded kind id or label (either language) → kind id."""
    out: dict[str, str] = {}
    for kind, label in AGENCY_KIND_LABELS.items():
        out[fold(kind)] = kind
        for text in every_lang(label):
            out[fold(text)] = kind
    return out


@dataclass
class _Planned:
    slug: str
    rel: str
    row: Row
    data: dict  # the agency file's data after the import
    old: dict | None  # before (None: a new file)
    text: str | None  # the file's text before


def _existing(root: Path, slug: str) -> tuple[str, str | None, dict | None]:
    """(path under the root, text, data) of agency ``slug``'s file; text None if absent."""
    from ttdn.data.yamlsource import parse

    for ext in (".yaml", ".yml"):
        rel = f"agencies/{slug}{ext}"
        path = root / rel
        if path.is_file():
            raw = path.read_bytes()
            src = parse(rel, raw)
            data = src.data if isinstance(src.data, dict) and not src.problems else None
            return rel, raw.decode("utf-8", errors="replace"), data
    return f"agencies/{slug}.yaml", None, None


def _plan(root: Path, rows: list[Row]) -> tuple[list[_Planned], list[str]]:
    """What each row would write, and the errors of the rows (by row and column)."""
    kinds = _kinds()
    errors: list[str] = []
    planned: list[_Planned] = []
    seen: dict[str, Row] = {}
    for row in rows:
        v = row.values
        problems: list[tuple[str | None, str]] = [
            (key, _("có ký tự điều khiển hoặc ký tự ẩn ({char}); hãy xoá ký tự này", char=char))
            for key, char in row.control.items()
        ]
        if problems:
            errors += [f"{row.where(k)}: {m}" for k, m in problems]
            continue
        slug = v.get("slug", "")
        if slug and not _SLUG.match(slug):
            problems.append(
                (
                    "slug",
                    _(
                        "“{value}” không phải mã tệp hợp lệ: chỉ dùng chữ thường không dấu, chữ "
                        "số và dấu “-” (ví dụ so-du-lich)",
                        value=slug,
                    ),
                )
            )
        elif not slug:
            slug = slugify(v.get("name", ""))
            if not slug:
                problems.append(("name", _("thiếu tên cơ quan (hoặc mã tệp)")))
        if slug and slug in seen:
            problems.append(
                (
                    "slug" if "slug" in v else "name",
                    _("cơ quan “{slug}” đã có ở dòng {line}", slug=slug, line=seen[slug].line),
                )
            )
        if problems:
            errors += [f"{row.where(k)}: {m}" for k, m in problems]
            continue
        seen[slug] = row
        rel, text, old = _existing(root, slug)
        if text is not None and old is None:
            errors.append(
                f"{row.where()}: "
                + _("tệp {path} đang có lỗi; sửa trước khi nhập (ttdn validate)", path=rel)
            )
            continue
        data = dict(old or {})
        for key in COLUMNS:
            if key != "slug" and v.get(key):
                data[key] = v[key]
        if "kind" in v and v["kind"]:
            kind = kinds.get(fold(v["kind"]))
            if kind is None:
                problems.append(
                    (
                        "kind",
                        _(
                            "loại “{value}” không có; chọn một trong: {choices}",
                            value=v["kind"],
                            choices=", ".join(AGENCY_KIND_LABELS),
                        ),
                    )
                )
            else:
                data["kind"] = kind
        if old is None:
            if not v.get("name"):
                problems.append(("name", _("cơ quan mới “{slug}” cần có tên", slug=slug)))
            if not v.get("kind"):
                problems.append(("kind", _("cơ quan mới “{slug}” cần có loại", slug=slug)))
            data.setdefault("short_name", v.get("name", ""))
        if v.get("email") and not _EMAIL.match(v["email"]):
            problems.append(
                ("email", _("“{value}” không phải địa chỉ thư điện tử", value=v["email"]))
            )
        if (
            data.get("kind") == "commune"
            and data.get("code")
            and not _COMMUNE_CODE.match(str(data["code"]))
        ):
            problems.append(
                (
                    "code",
                    _(
                        "mã đơn vị hành chính của phường, xã gồm 5 chữ số (“{value}”); ô kiểu "
                        "số làm mất các số 0 đầu, hãy nhập mã dạng chữ",
                        value=data["code"],
                    ),
                )
            )
        if not problems:
            try:
                Agency.model_validate(data)
            except ValueError as exc:  # pydantic: what the checks above do not foresee
                for err in getattr(exc, "errors", list)():
                    key = str(err["loc"][0]) if err.get("loc") else None
                    problems.append(
                        (key, _("giá trị không hợp lệ ({kind})", kind=err.get("type", "")))
                    )
        if problems:
            errors += [f"{row.where(k)}: {m}" for k, m in problems]
            continue
        planned.append(_Planned(slug, rel, row, data, old, text))
    return planned, errors


# --------------------------------------------------------------------------- writing


def _replace_top_level(text: str, rel: str, changes: dict[str, object]) -> str:
    """``text`` with the values of top-level keys ``changes`` replaced (or added at the end),
    each in place so that comments around it stay; then in canonical layout."""
    from ttdn.edit.fmt import dump, format_text

    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines = text.split("\n")
    spans: dict[str, tuple[int, int, str]] = {}  # key → (first line, last line, comment)
    for k, v in node.value if isinstance(node, yaml.MappingNode) else []:
        end = v.end_mark.line
        comment = ""
        if v.style in ("|", ">"):
            if v.end_mark.column == 0:
                end -= 1
            after = lines[k.start_mark.line].split(":", 1)[1].strip()
            comment = after[after.index("#") :] if "#" in after else ""
        else:
            rest = lines[end][v.end_mark.column :].strip()
            comment = rest if rest.startswith("#") else ""
        spans[k.value] = (k.start_mark.line, end, comment)
    tail: list[str] = []
    for key, value in sorted(
        changes.items(), key=lambda kv: -spans.get(kv[0], (len(lines), 0, ""))[0]
    ):
        new = dump({key: value}, rel).rstrip("\n").split("\n")
        if key in spans:
            first, last, comment = spans[key]
            if comment:
                new[0] += "  " + comment
            lines[first : last + 1] = new
        else:
            tail = new + tail
    body = "\n".join(lines).rstrip("\n") + "\n"
    return format_text(body + ("\n".join(tail) + "\n" if tail else ""), rel)


def _new_file(rel: str, data: dict) -> str:
    from ttdn.edit.fmt import dump
    from ttdn.outputs.jsonschema import modeline

    return dump(data, rel, modeline("agency") + "\n")


def import_rows(root: Path, rows: list[Row], *, dry_run: bool = False) -> ImportResult:
    """Add or update the agencies of ``rows`` in the data folder ``root``.

    Raises :class:`AgencyImportError` (nothing written) when a row is wrong or the data
    would have errors in the files written. The whole read-modify-write holds the data
    root's lock (:func:`ttdn.data.fsutil.data_lock`).
    """
    root = Path(root)
    try:
        with data_lock(root):
            return _import_locked(root, rows, dry_run)
    except LockBusy as exc:
        from ttdn.outputs.problems import words

        raise AgencyImportError([error_line(words(exc.message))], code=1) from None


def _import_locked(root: Path, rows: list[Row], dry_run: bool) -> ImportResult:
    """:func:`import_rows` once the lock is held: plan, check, write."""
    from ttdn.checks.validate import validate
    from ttdn.data.loader import load
    from ttdn.data.yamlsource import parse
    from ttdn.outputs.problems import problem_line

    planned, errors = _plan(root, rows)
    if errors:
        n = len({e.split(": ", 1)[0] for e in errors})
        raise AgencyImportError(
            errors + [_("ttdn: không ghi gì: {n} dòng có lỗi; hãy sửa rồi nhập lại.", n=n)]
        )
    res = ImportResult()
    texts: dict[str, str] = {}
    for p in planned:
        if p.old is None:
            texts[p.rel] = _new_file(p.rel, p.data)
            res.added.append(p.rel)
        elif p.data == p.old:
            res.unchanged.append(p.rel)
        else:
            changes = {k: p.data[k] for k in p.data if p.old.get(k) != p.data[k]}
            texts[p.rel] = _replace_top_level(p.text or "", p.rel, changes)
            res.updated.append(p.rel)
    if texts:
        ds = load(root)
        sources = dict(ds.sources)
        for rel, text in texts.items():
            sources[rel] = parse(rel, text.encode("utf-8"))
        after = [
            p for p in validate(load(root, sources)) if p.file in texts and p.severity == "error"
        ]
        if after:
            raise AgencyImportError(
                [problem_line(p) for p in after] + [_("ttdn: không ghi gì vì dữ liệu mới có lỗi.")]
            )
    if not dry_run:
        for rel, text in texts.items():
            atomic_write_text(root / rel, text, sweep=True, root=root)
    return res


def import_file(root: Path, path: Path, *, dry_run: bool = False) -> ImportResult:
    """:func:`import_rows` on the rows of a .csv or .xlsx file; ignored columns as notes."""
    table = read_table(path)
    res = import_rows(root, table.rows, dry_run=dry_run)
    res.notes += [_("Bỏ qua cột “{column}”.", column=c) for c in table.ignored]
    return res
