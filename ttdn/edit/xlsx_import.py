"""``ttdn import xlsx``: progress filled in a workbook exported by ``ttdn export xlsx``,
recorded in the agencies' progress files.

:func:`import_workbook` reads the filled-in rows back and turns each into a progress entry
built exactly as ``ttdn progress set`` builds it (:func:`ttdn.edit.record.build_entry`); every
row is checked first and nothing is written when any row is wrong, each error naming its
sheet and row. The workbook says which plan and agency it was exported for (custom document
properties), so importing needs no options. The columns are found by their headers, in
either language (:mod:`ttdn.outputs.xlsx.columns`).

openpyxl is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import STATUS_LABELS
from ttdn.domain.schedule import format_date
from ttdn.i18n import _, error_line, every_lang, translate
from ttdn.outputs.xlsx.columns import (
    DATE_HEADER,
    ID_HEADER,
    INDICATOR_HEADERS,
    NEW_STATUS_HEADER,
    NOTE_HEADER,
    PROP_AGENCY,
    PROP_PLAN,
    RESULT_HEADER,
    XlsxError,
    indicator_columns_read,
    indicator_header,
)
from ttdn.text import parse_day


@dataclass
class FilledRow:
    """One row of a sheet with something written in its fill-in columns."""

    sheet: str
    row: int
    task_id: str | None
    status: object = None
    date: object = None
    result: object = None
    note: object = None
    indicators: dict[str, object] = field(default_factory=dict)
    formulas: list[tuple[str, str]] = field(default_factory=list)  # (cell, formula) uncomputed

    @property
    def where(self) -> str:
        return _("Trang tính {sheet}, dòng {row}", sheet=self.sheet, row=self.row)


@dataclass
class Workbook:
    """What was read from a workbook: where it came from and the filled-in rows."""

    plan: str | None
    agency: str | None
    rows: list[FilledRow]


def _norm_header(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split()).lower()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def zip_too_large(path: Path, exc) -> str:
    """The message for a :class:`ttdn.data.zipcap.ZipTooLarge` in the file ``path``."""
    return _(
        "“{path}” bị từ chối: phần “{member}” giải nén ra {size} MB (quá giới hạn); "
        "tệp có thể là “bom zip” — hãy lưu lại tệp bằng Excel hoặc Word",
        path=path,
        member=exc.member,
        size=exc.size // (1024 * 1024),
    )


def read_workbook(path: Path) -> Workbook:
    """The filled-in rows of every sheet that has the fill-in columns."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    from ttdn.data.zipcap import ZipTooLarge, check_zip

    try:
        check_zip(path)
    except ZipTooLarge as exc:
        raise XlsxError([error_line(zip_too_large(path, exc))], code=1) from None
    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as exc:
        raise XlsxError(
            [
                error_line(
                    _(
                        "không đọc được “{path}” như một bảng tính Excel (.xlsx): {error}",
                        path=path,
                        error=exc,
                    )
                )
            ],
            code=2,
        ) from None
    # formulas: a cell holding one is read as its cached value (above); one never computed
    # (saved by a program that does not calculate) has none and must not pass as blank
    formula_book = load_workbook(path, read_only=True, data_only=False)
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    rows: list[FilledRow] = []
    found = False
    # the workbook may have been exported in either language
    ind_by_header = {
        _norm_header(text): k for k in INDICATOR_HEADERS for text in indicator_columns_read(k)
    }
    by_header = {
        _norm_header(text): key
        for header, key in (
            (NEW_STATUS_HEADER, "status"),
            (DATE_HEADER, "date"),
            (RESULT_HEADER, "result"),
            (NOTE_HEADER, "note"),
        )
        for text in every_lang(header)
    }
    id_headers = {_norm_header(text) for text in every_lang(ID_HEADER)}
    for ws, fws in zip(wb.worksheets, formula_book.worksheets, strict=False):
        header_row, cols = None, {}
        for r, values in enumerate(ws.iter_rows(min_row=1, max_row=12, values_only=True), 1):
            names = [_norm_header(v) for v in values]
            found_id = [i for i, n in enumerate(names) if n in id_headers]
            if found_id:
                header_row = r
                id_col = found_id[0]
                cols = {"id": id_col}
                for i, n in enumerate(names):
                    if i <= id_col:
                        continue
                    key = by_header.get(n) or (
                        f"ind:{ind_by_header[n]}" if n in ind_by_header else None
                    )
                    if key and key not in cols:
                        cols[key] = i
                break
        if header_row is None:
            continue
        found = True
        formula_rows = fws.iter_rows(min_row=header_row + 1, values_only=True)
        for r, values in enumerate(
            ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1
        ):
            values = list(values)
            raw = list(next(formula_rows, ()))

            def get(key: str, values=values, cols=cols):
                i = cols.get(key)
                return values[i] if i is not None and i < len(values) else None

            filled = {k: get(k) for k in cols if k != "id"}
            formulas = [
                (f"{get_column_letter(i + 1)}{r}", raw[i])
                for k, i in cols.items()
                if k != "id"
                and i < len(raw)
                and isinstance(raw[i], str)
                and raw[i].startswith("=")
                and _blank(get(k))
            ]
            if all(_blank(v) for v in filled.values()) and not formulas:
                continue
            tid = get("id")
            rows.append(
                FilledRow(
                    sheet=ws.title,
                    row=r,
                    task_id=None if _blank(tid) else str(tid).strip(),
                    status=filled.get("status"),
                    date=filled.get("date"),
                    result=filled.get("result"),
                    note=filled.get("note"),
                    indicators={
                        k[4:]: v
                        for k, v in filled.items()
                        if k.startswith("ind:") and not _blank(v)
                    },
                    formulas=formulas,
                )
            )
    formula_book.close()  # read-only mode keeps the file open until then
    if not found:
        raise XlsxError(
            [
                error_line(
                    _(
                        "“{path}” không có trang tính nào có cột “{id_header}” và "
                        "“{status_header}”; hãy dùng tệp xuất bằng “ttdn export xlsx”",
                        path=path,
                        id_header=translate(ID_HEADER),
                        status_header=translate(NEW_STATUS_HEADER),
                    )
                )
            ],
            code=2,
        )
    return Workbook(props.get(PROP_PLAN), props.get(PROP_AGENCY), rows)


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: an Excel date, dd/mm/yyyy or yyyy-mm-dd text, or a serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        return None
    return parse_day(str(value))


_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def parse_count(value: object) -> int | None:
    """A non-negative whole number (12, 12.0, "1.200", "1 200"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 and value.is_integer() else None
    text = str(value).strip().replace("\u00a0", " ")
    if text.isdigit():
        return int(text)
    if _THOUSANDS.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    return None


def _text(value: object) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):  # a datetime too
        value = format_date(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip() or None


def entries_from_rows(
    pd: PlanData,
    rows: list[FilledRow],
    agency: str | None,
    today: dt.date,
    parent: PlanData | None = None,
) -> tuple[list[tuple[str, dict]], list[str]]:
    """(entries to append, one error per bad row); entries built like progress set.

    ``parent``: the plan above an agency's own plan ``pd``, whose tasks the agency
    coordinates are in the same workbook: a row of such a task is recorded there."""
    from ttdn.edit.record import RecordError, build_entry, parse_status

    items: list[tuple[str, dict]] = []
    errors: list[str] = []
    choices = ", ".join(translate(v) for v in STATUS_LABELS.values())
    cells = {
        "result": _("cột “{header}”", header=translate(RESULT_HEADER)),
        "note": _("cột “{header}”", header=translate(NOTE_HEADER)),
    }
    for fr in rows:
        problems: list[str] = [
            _(
                "ô {cell} có công thức “{formula}” chưa được tính (tệp không lưu kết quả); "
                "hãy mở tệp bằng Excel rồi lưu lại, hoặc ghi giá trị thay công thức",
                cell=cell,
                formula=formula,
            )
            for cell, formula in fr.formulas
        ]
        if fr.task_id is None:
            problems.append(
                _(
                    "thiếu mã nhiệm vụ (cột ẩn “{header}”); đừng thêm dòng mới, hãy điền "
                    "vào dòng của nhiệm vụ",
                    header=translate(ID_HEADER),
                )
            )
        status = None
        if _blank(fr.status):
            problems.append(
                _(
                    "chưa chọn “{header}”; chọn: {choices}",
                    header=translate(NEW_STATUS_HEADER),
                    choices=choices,
                )
            )
        else:
            status = parse_status(fr.status)
            if status is None:
                problems.append(
                    _(
                        "trạng thái “{value}” không hợp lệ; chọn: {choices}",
                        value=_text(fr.status),
                        choices=choices,
                    )
                )
        date = today
        if not _blank(fr.date):
            date = parse_date(fr.date)
            if date is None:
                problems.append(
                    _(
                        "ngày “{value}” không hợp lệ; ghi theo dạng ngày/tháng/năm, "
                        "ví dụ 15/05/2026",
                        value=_text(fr.date),
                    )
                )
        indicators: dict[str, int] = {}
        for key, raw in fr.indicators.items():
            n = parse_count(raw)
            if n is None:
                problems.append(
                    _(
                        "chỉ tiêu “{name}” phải là số nguyên không âm, không phải “{value}”",
                        name=indicator_header(key),
                        value=_text(raw),
                    )
                )
            else:
                indicators[key] = n
        if not problems:
            try:
                row_plan = pd
                if parent is not None and fr.task_id not in pd.tasks:
                    row_plan = parent if fr.task_id in parent.tasks else pd
                items.append(
                    build_entry(
                        row_plan,
                        fr.task_id,  # type: ignore[arg-type]
                        status,  # type: ignore[arg-type]
                        date,  # type: ignore[arg-type]
                        note=_text(fr.note),
                        result=_text(fr.result),
                        indicators=indicators,
                        agency=agency,
                        field_names=cells,
                    )
                )
            except RecordError as exc:
                prefix = error_line("")
                problems += [line.removeprefix(prefix) for line in exc.lines]
            except ValueError as exc:  # pydantic: e.g. a date out of range
                problems.append(_("giá trị không hợp lệ ({kind})", kind=exc.__class__.__name__))
        errors += [f"{fr.where}: {p}" for p in problems]
    return items, errors


@dataclass
class ImportResult:
    plan: str
    agency: str | None
    entries: list[tuple[str, dict]]
    files: list[str]
    notes: list[str] = field(default_factory=list)
    skipped: int = 0  # rows already recorded exactly so (the task's latest entry): not again


def import_workbook(
    ds: Dataset,
    path: Path,
    *,
    plan_id: str | None = None,
    agency: str | None = None,
    today: dt.date,
    dry_run: bool = False,
) -> ImportResult:
    """Record every filled-in row of ``path``; nothing is written when any row is wrong.

    ``plan_id`` and ``agency`` default to what the workbook was exported for; given and
    different from it, they are refused (the rows belong to that plan and agency).
    """
    from ttdn.edit.record import RecordError, append_entries

    book = read_workbook(Path(path))
    if plan_id and book.plan and plan_id != book.plan:
        raise XlsxError(
            [
                error_line(
                    _(
                        "tệp được xuất cho kế hoạch “{exported}”, không phải “{given}”",
                        exported=book.plan,
                        given=plan_id,
                    )
                )
            ],
            code=2,
        )
    if agency and book.agency and agency != book.agency:
        raise XlsxError(
            [
                error_line(
                    _(
                        "tệp được xuất cho cơ quan “{exported}”, không phải “{given}”",
                        exported=book.agency,
                        given=agency,
                    )
                )
            ],
            code=2,
        )
    chosen = plan_id or book.plan
    slug = agency or book.agency
    if chosen is None:
        from ttdn.domain.plans import PlanNotFound, select_plan
        from ttdn.outputs.problems import words

        try:
            pd = select_plan(ds, None, today)
        except PlanNotFound as exc:
            raise XlsxError([error_line(words(exc.message))], code=2) from None
    elif chosen in ds.plans:
        pd = ds.plans[chosen]
    else:
        raise XlsxError(
            [error_line(_("thư mục dữ liệu không có kế hoạch “{plan}” của tệp này", plan=chosen))],
            code=2,
        )
    if slug is not None and slug not in ds.agencies:
        raise XlsxError(
            [error_line(_("thư mục dữ liệu không có cơ quan “{slug}” của tệp này", slug=slug))],
            code=2,
        )
    parent = ds.plans.get(pd.plan.parent or "") if pd.plan.kind == "agency" else None
    items, errors = entries_from_rows(pd, book.rows, slug, today, parent)
    if errors:
        n = len({e.split(":", 1)[0] for e in errors})
        raise XlsxError(
            errors + [_("ttdn: không ghi gì: {n} dòng có lỗi; hãy sửa rồi nhập lại.", n=n)], code=1
        )
    notes = _rollup_notes(ds, pd, items)
    files: list[str] = []
    skipped = 0
    if items and not dry_run:
        try:
            done = append_entries(ds, items)
        except RecordError as exc:
            raise XlsxError(exc.lines, code=exc.code) from None
        files, skipped, items = done.files, done.skipped, done.written
    elif items:
        files = list(dict.fromkeys(rel for rel, _entry in items))
    return ImportResult(pd.id, slug, items, files, notes, skipped)


def _rollup_notes(ds: Dataset, pd: PlanData, items: list[tuple[str, dict]]) -> list[str]:
    """Warnings for entries on tasks whose status comes from other plans (roll-up)."""
    implemented: dict[str, set[str]] = {}
    for other in ds.plans.values():
        if other.plan.parent == pd.id and other.id != pd.id:
            for tr in other.tasks.values():
                if tr.task.implements:
                    implemented.setdefault(tr.task.implements, set()).add(other.id)
    notes = []
    for tid in dict.fromkeys(entry["task"] for _rel, entry in items):
        if tid in implemented:
            plans = ", ".join(sorted(implemented[tid]))
            notes.append(
                _(
                    "Lưu ý: trạng thái nhiệm vụ {ref} được tổng hợp từ kế hoạch {plans}; lần "
                    "cập nhật này chỉ được liệt kê như đóng góp (ghi vào kế hoạch đó bằng "
                    "--plan để thay đổi trạng thái).",
                    ref=pd.tasks[tid].task.ref,
                    plans=plans,
                )
            )
    return notes
