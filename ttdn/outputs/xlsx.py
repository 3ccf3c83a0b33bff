"""Excel workbooks: the appendix with each task's status, and columns for an agency to fill in.

``export_workbook`` writes the appendix as the plan prints it (TT, Nội dung, quy mô công
việc, Tiến độ thời gian, Cơ quan phụ trách, Cơ quan phối hợp) plus the computed due date,
status, last update and result; to the right, the fill-in part: a hidden task id, the new
status (a drop-down list of the Vietnamese labels), the date, result, note and one column per
indicator. One sheet per appendix section, or, for one agency, its tasks (led and
coordinated) on one sheet plus a sheet "Báo cáo" with its reporting obligations.

``import_workbook`` reads the filled-in rows back and turns each into a progress entry built
exactly as ``ttdn progress set`` builds it (:func:`ttdn.edit.record.build_entry`); every row is
checked first and nothing is written when any row is wrong, each error naming its sheet and
row. The workbook remembers the plan and agency it was exported for (custom document
properties), so importing needs no options.

openpyxl is imported inside the functions: ``import ttdn.outputs.xlsx`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ttdn.domain.dataset import Dataset, PlanData
from ttdn.domain.model import INDICATORS, STATUS_LABELS
from ttdn.domain.schedule import format_date
from ttdn.domain.status import (
    REPORT_STATE_LABELS,
    TaskStatus,
    coordinated_by,
    led_by,
    plan_status,
    report_status,
)
from ttdn.i18n import N_, _, error_line, every_lang, translate
from ttdn.outputs.words import report_name
from ttdn.text import fold

SAMPLE_MARK = N_("DỮ LIỆU MẪU")
OVERDUE_FILL = "FFC7CE"  # Excel's own "Bad" red
PLAN_HEAD_FILL = "DDEBF7"
FORM_HEAD_FILL = "FFE699"
FORM_CELL_FILL = "FFF9E5"
REPORT_SHEET = N_("Báo cáo")
AGENCY_SHEET = N_("Nhiệm vụ")
DATE_FORMAT = "DD/MM/YYYY"

# Custom document properties: what the workbook was exported for.
PROP_PLAN, PROP_AGENCY, PROP_AS_OF = "ttdn_plan", "ttdn_agency", "ttdn_as_of"

# Headers are message ids: the workbook is written in the language of the run, and read back
# in either language (the fill-in headers are how the import finds its columns).
ID_HEADER = N_("Mã nhiệm vụ")
NEW_STATUS_HEADER = N_("Trạng thái mới")
DATE_HEADER = N_("Ngày")
RESULT_HEADER = N_("Kết quả")
NOTE_HEADER = N_("Ghi chú")
INDICATOR_HEADERS = dict(INDICATORS)  # shown capitalised: indicator_header()

# (key, header, width): the plan part, then the fill-in part (from ID_HEADER on).
PLAN_COLUMNS = [
    ("ref", N_("TT"), 7),
    ("content", N_("Nội dung, quy mô công việc"), 58),
    ("timeline", N_("Tiến độ thời gian"), 14),
    ("lead", N_("Cơ quan phụ trách"), 20),
    ("coordinators", N_("Cơ quan phối hợp"), 26),
    ("due", N_("Hạn"), 11.5),
    ("status", N_("Trạng thái"), 17),
    ("last_update", N_("Cập nhật lần cuối"), 11.5),
    ("result", RESULT_HEADER, 36),
]
ROLE_COLUMN = ("role", N_("Vai trò"), 10)
FORM_COLUMNS = [
    ("id", ID_HEADER, 12),
    ("new_status", NEW_STATUS_HEADER, 17),
    ("new_date", DATE_HEADER, 11.5),
    ("new_result", RESULT_HEADER, 36),
    ("new_note", NOTE_HEADER, 26),
] + [(f"ind:{k}", h, 10) for k, h in INDICATOR_HEADERS.items()]

TITLE_ROWS = 3  # title, subtitle, how to fill in
GROUP_ROW = TITLE_ROWS + 1
HEADER_ROW = TITLE_ROWS + 2
FIRST_ROW = HEADER_ROW + 1

FLAG_TEXT = {
    "ongoing": N_("thường xuyên"),
    "open": N_("không ấn định ngày"),
    "unknown": N_("chưa rõ hạn"),
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def indicator_header(key: str, lang_text: str | None = None) -> str:
    """The header of an indicator's column: its label, capitalised ("Tin, bài")."""
    return _capitalised(lang_text if lang_text is not None else translate(INDICATORS[key]))


class XlsxError(Exception):
    """The workbook cannot be exported or imported; ``lines`` say why, ``code`` is the exit code."""

    def __init__(self, lines: list[str], code: int = 1) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


# --------------------------------------------------------------------------- export


def _lead_text(ds: Dataset, ts: TaskStatus) -> str:
    t = ts.task
    return t.lead_as_printed or ds.agency_name(t.lead)


def _coordinators_text(ds: Dataset, ts: TaskStatus) -> str:
    t = ts.task
    return t.coordinators_as_printed or ", ".join(ds.coordinator_names(t))


def status_text(ts: TaskStatus) -> str:
    """The status in words, with how late the task is ("quá hạn 12 ngày")."""
    label = translate(STATUS_LABELS[ts.status]) if ts.recorded else _("chưa ghi nhận")
    if ts.rolled_up:
        label += " *"
    if ts.flag == "overdue":
        late = (
            _("quá hạn {n} kỳ", n=len(ts.missed))
            if ts.missed
            else _("quá hạn {n} ngày", n=ts.days_overdue)
        )
        label += f" — {late}"
    return label


def _row_values(ds: Dataset, ts: TaskStatus, role: str | None) -> dict[str, object]:
    t = ts.task
    due: object = ts.due
    if ts.due is None:
        due = translate(FLAG_TEXT[ts.flag]) if ts.flag in FLAG_TEXT else ""
    values: dict[str, object] = {
        "ref": t.ref,
        "content": t.content,
        "timeline": t.timeline,
        "lead": _lead_text(ds, ts),
        "coordinators": _coordinators_text(ds, ts),
        "role": role,
        "due": due,
        "status": status_text(ts),
        "last_update": ts.last_update,
        "result": ts.result or "",
        "id": t.id,
    }
    return values


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("'")[:31] or _("Trang")
    title, n = base, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _line_count(text: str, width: float) -> int:
    chars = max(int(width * 1.15), 1)  # characters per line at the default font
    return sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))


class _Writer:
    """Builds the workbook; one instance per export."""

    def __init__(self, ds: Dataset, pd: PlanData, as_of: dt.date) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ds, self.pd, self.as_of = ds, pd, as_of
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.taken: set[str] = set()
        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.bold = Font(bold=True)
        self.fill = {
            name: PatternFill("solid", start_color=color, end_color=color)
            for name, color in (
                ("overdue", OVERDUE_FILL),
                ("plan", PLAN_HEAD_FILL),
                ("form", FORM_HEAD_FILL),
                ("cell", FORM_CELL_FILL),
            )
        }
        self.Font = Font

    @property
    def sample(self) -> bool:
        return self.ds.is_sample

    def _titles(self, ws, subtitle: str, how: str, last_col: int, width: float) -> None:
        """Title, subtitle and instructions, each merged across the printed columns."""
        from openpyxl.utils import get_column_letter

        title = self.pd.plan.title
        if self.sample:
            title = f"{translate(SAMPLE_MARK)} — {title}"
        rows = [
            (title, self.Font(bold=True, size=13, color="C00000" if self.sample else None)),
            (
                _(
                    "{subtitle} · Tình hình tính đến ngày {date}",
                    subtitle=subtitle,
                    date=format_date(self.as_of),
                )
                + (
                    _(" · {mark}: số liệu tiến độ không có thật", mark=translate(SAMPLE_MARK))
                    if self.sample
                    else ""
                ),
                self.Font(bold=True),
            ),
            (how, self.Font(italic=True, color="404040")),
        ]
        end = get_column_letter(last_col)
        for r, (text, font) in enumerate(rows, 1):
            cell = ws.cell(row=r, column=1, value=text)
            cell.font = font
            cell.alignment = self.wrap
            ws.merge_cells(f"A{r}:{end}{r}")
            # bold and larger text is wider: count on fewer characters per line
            lines = _line_count(text, width * (0.7 if r == 1 else 0.85))
            ws.row_dimensions[r].height = (18 if r == 1 else 15) * lines + 3

    def task_sheet(self, name: str, subtitle: str, rows: list[tuple[TaskStatus, str | None]]):
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        ws = self.wb.create_sheet(_sheet_title(name, self.taken))
        agency_mode = any(role for _ts, role in rows) or name == translate(AGENCY_SHEET)
        plan_cols = list(PLAN_COLUMNS)
        if agency_mode:
            plan_cols.insert(5, ROLE_COLUMN)
        columns = plan_cols + FORM_COLUMNS
        col_of = {key: i for i, (key, _h, _w) in enumerate(columns, 1)}
        n_plan = len(plan_cols)
        last_col = len(columns)
        rolled = any(ts.rolled_up for ts, _role in rows)
        how = _(
            "Cách báo cáo: với mỗi nhiệm vụ có cập nhật, chọn “{new_status}” trong danh sách, "
            "ghi ngày (để trống: hôm nay), kết quả, ghi chú và các chỉ tiêu (số); để trống các "
            "dòng không cập nhật, không thêm hay xoá dòng, rồi gửi lại tệp (nhập bằng "
            "“ttdn import xlsx”). Dòng tô đỏ: nhiệm vụ quá hạn.",
            new_status=translate(NEW_STATUS_HEADER),
        )
        if rolled:
            how += _(" * Trạng thái tổng hợp từ kế hoạch của cơ quan thực hiện.")
        self._titles(ws, subtitle, how, n_plan, sum(w for _k, _h, w in plan_cols))

        # Group header row, then the column headers.
        first_form = n_plan + 1
        groups = [
            (
                1,
                n_plan,
                _(
                    "PHỤ LỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN ĐẾN {date}",
                    date=format_date(self.as_of),
                ),
            ),
            (first_form, first_form + 4, _("PHẦN CƠ QUAN ĐIỀN")),
            (first_form + 5, last_col, _("CHỈ TIÊU (số lượng)")),
        ]
        for start, end, text in groups:
            cell = ws.cell(row=GROUP_ROW, column=start, value=text)
            ws.merge_cells(
                start_row=GROUP_ROW, start_column=start, end_row=GROUP_ROW, end_column=end
            )
            for c in range(start, end + 1):
                ws.cell(row=GROUP_ROW, column=c).fill = self.fill["plan" if start == 1 else "form"]
                ws.cell(row=GROUP_ROW, column=c).border = self.border
            cell.font = self.bold
            cell.alignment = self.center
        for i, (key, header, width) in enumerate(columns, 1):
            shown = indicator_header(key[4:]) if key.startswith("ind:") else translate(header)
            cell = ws.cell(row=HEADER_ROW, column=i, value=shown)
            cell.font = self.bold
            cell.alignment = self.center
            cell.border = self.border
            cell.fill = self.fill["plan" if i <= n_plan else "form"]
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.column_dimensions[get_column_letter(col_of["id"])].hidden = True
        ws.row_dimensions[HEADER_ROW].height = 32

        for r, (ts, role) in enumerate(rows, FIRST_ROW):
            values = _row_values(self.ds, ts, role)
            height = 1
            for key, _header, width in columns:
                i = col_of[key]
                cell = ws.cell(row=r, column=i, value=values.get(key))
                cell.alignment = self.wrap
                cell.border = self.border
                if key in ("due", "last_update", "new_date"):
                    cell.number_format = DATE_FORMAT
                elif key.startswith("ind:"):
                    cell.number_format = "#,##0"
                if i > n_plan and key != "id":
                    cell.fill = self.fill["cell"]
                elif ts.overdue:
                    cell.fill = self.fill["overdue"]
                if isinstance(cell.value, str) and key != "id":
                    height = max(height, _line_count(cell.value, width))
            ws.row_dimensions[r].height = min(15 * height + 3, 409)
        last_row = FIRST_ROW + len(rows) - 1

        if rows:
            letter = get_column_letter
            shown_labels = [translate(v) for v in STATUS_LABELS.values()]
            labels = ",".join(shown_labels)
            dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            dv.errorTitle, dv.error = (
                _("Trạng thái không hợp lệ"),
                _(
                    "Chọn một trạng thái trong danh sách: {choices}",
                    choices=", ".join(shown_labels),
                ),
            )
            dv.promptTitle, dv.prompt = translate(NEW_STATUS_HEADER), _("Chọn trong danh sách")
            dv.showErrorMessage = dv.showInputMessage = True
            c = letter(col_of["new_status"])
            dv.add(f"{c}{FIRST_ROW}:{c}{last_row}")
            dd = DataValidation(
                type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True
            )
            dd.errorTitle, dd.error = _("Ngày không hợp lệ"), _("Nhập một ngày, ví dụ 15/05/2026.")
            dd.showErrorMessage = True
            c = letter(col_of["new_date"])
            dd.add(f"{c}{FIRST_ROW}:{c}{last_row}")
            dn = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
            dn.errorTitle, dn.error = _("Chỉ tiêu không hợp lệ"), _("Nhập một số nguyên không âm.")
            dn.showErrorMessage = True
            first_ind = letter(col_of[f"ind:{next(iter(INDICATORS))}"])
            dn.add(f"{first_ind}{FIRST_ROW}:{letter(last_col)}{last_row}")
            for v in (dv, dd, dn):
                ws.add_data_validation(v)
            ws.auto_filter.ref = f"A{HEADER_ROW}:{letter(last_col)}{last_row}"

        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
        self._page(ws, n_plan, FIRST_ROW + len(rows) - 1)
        return ws

    def report_sheet(self, slug: str) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(_sheet_title(translate(REPORT_SHEET), self.taken))
        columns = [
            (_("Kỳ báo cáo"), 28),
            (_("Hạn (gửi trước ngày)"), 14),
            (_("Tình trạng"), 26),
            (_("Ngày gửi"), 12),
            (_("Số, ký hiệu"), 20),
        ]
        rep = self.pd.plan.reporting
        recipient = self.ds.agency_name(rep.recipient) if rep else ""
        how = (
            _("Báo cáo gửi {agency} để tổng hợp.", agency=recipient)
            if recipient
            else _("Kế hoạch không quy định.")
        ) + _(" Ghi nhận báo cáo đã gửi trong tệp tiến độ của cơ quan (mục reports).")
        self._titles(
            ws,
            _("Báo cáo định kỳ của {agency}", agency=self.ds.agency_name(slug)),
            how,
            len(columns),
            sum(w for _h, w in columns),
        )
        for i, (header, width) in enumerate(columns, 1):
            cell = ws.cell(row=HEADER_ROW, column=i, value=header)
            cell.font = self.bold
            cell.alignment = self.center
            cell.border = self.border
            cell.fill = self.fill["plan"]
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.row_dimensions[HEADER_ROW].height = 32
        reports = report_status(self.ds, self.pd, self.as_of, [slug])
        if not reports:
            ws.cell(
                row=FIRST_ROW,
                column=1,
                value=_("Cơ quan này không thuộc diện báo cáo theo kế hoạch."),
            )
        for r, rs in enumerate(reports, FIRST_ROW):
            state = translate(REPORT_STATE_LABELS[rs.state])
            if rs.state in ("missing", "submitted_late"):
                state += " " + _("{n} ngày", n=rs.days_late)
            name = report_name(rs.period, rs.name)
            values = [name, rs.due_before, state, rs.submitted, rs.number or ""]
            for i, v in enumerate(values, 1):
                cell = ws.cell(row=r, column=i, value=v)
                cell.alignment = self.wrap
                cell.border = self.border
                if isinstance(v, dt.date):
                    cell.number_format = DATE_FORMAT
                if rs.state == "missing":
                    cell.fill = self.fill["overdue"]
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
        self._page(ws, len(columns), FIRST_ROW + max(len(reports), 1) - 1)

    def _page(self, ws, last_col: int, last_row: int) -> None:
        """A4 landscape, one page wide, header row repeated; prints the plan part only (the
        fill-in columns are for the screen)."""
        from openpyxl.utils import get_column_letter

        ws.print_area = f"A1:{get_column_letter(last_col)}{max(last_row, HEADER_ROW)}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_margins.left = ws.page_margins.right = 0.4

    def finish(self, agency: str | None) -> bytes:
        from openpyxl.packaging.custom import StringProperty

        props = self.wb.properties
        props.title = self.pd.plan.title
        props.creator = "ttdn"
        props.subject = _("Phụ lục nhiệm vụ và tình hình thực hiện") + (
            f" ({translate(SAMPLE_MARK)})" if self.sample else ""
        )
        custom = self.wb.custom_doc_props
        custom.append(StringProperty(name=PROP_PLAN, value=self.pd.id))
        custom.append(StringProperty(name=PROP_AS_OF, value=self.as_of.isoformat()))
        if agency:
            custom.append(StringProperty(name=PROP_AGENCY, value=agency))
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


def export_workbook(ds: Dataset, pd: PlanData, as_of: dt.date, agency: str | None = None) -> bytes:
    """The workbook (.xlsx bytes): every section, or ``agency``'s tasks and reports."""
    statuses = plan_status(pd, as_of, ds)
    w = _Writer(ds, pd, as_of)
    if agency is None:
        by_file: dict[str, list[TaskStatus]] = {}
        for ts in statuses:
            by_file.setdefault(ts.ref.file, []).append(ts)
        for rel, section in pd.sections:
            rows = by_file.get(rel, [])
            if not rows:
                continue
            w.task_sheet(
                section.section,
                _("Phần {section}: {title}", section=section.section, title=section.title),
                [(ts, None) for ts in rows],
            )
    else:
        led = led_by(statuses, agency)
        led_ids = {ts.task.id for ts in led}
        coord = [ts for ts in coordinated_by(statuses, agency) if ts.task.id not in led_ids]
        rows = [(ts, _("chủ trì")) for ts in led] + [(ts, _("phối hợp")) for ts in coord]
        w.task_sheet(
            translate(AGENCY_SHEET),
            _(
                "Nhiệm vụ của {agency}: chủ trì {led}, phối hợp {coordinated}",
                agency=ds.agency_name(agency),
                led=len(led),
                coordinated=len(coord),
            ),
            rows,
        )
        w.report_sheet(agency)
    return w.finish(agency)


# --------------------------------------------------------------------------- import


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


def read_workbook(path: Path) -> Workbook:
    """The filled-in rows of every sheet that has the fill-in columns."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

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
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    rows: list[FilledRow] = []
    found = False
    # the workbook may have been exported in either language
    ind_by_header = {
        _norm_header(indicator_header(k, text)): k
        for k, label in INDICATOR_HEADERS.items()
        for text in every_lang(label)
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
    for ws in wb.worksheets:
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
        for r, values in enumerate(
            ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1
        ):
            values = list(values)

            def get(key: str, values=values, cols=cols):
                i = cols.get(key)
                return values[i] if i is not None and i < len(values) else None

            filled = {k: get(k) for k in cols if k != "id"}
            if all(_blank(v) for v in filled.values()):
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
                )
            )
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


def parse_status(value: object) -> str | None:
    """A status code from its label (Vietnamese or English) or code, whatever the case or
    diacritics."""
    text = unicodedata.normalize("NFC", str(value)).strip().lower()
    for code, label in STATUS_LABELS.items():
        if text == code or text in (x.lower() for x in every_lang(label)):
            return code
    folded = fold(text)
    for code, label in STATUS_LABELS.items():
        if folded == fold(code) or folded in (fold(x) for x in every_lang(label)):
            return code
    return None


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


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
    text = str(value).strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


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
    pd: PlanData, rows: list[FilledRow], agency: str | None, today: dt.date
) -> tuple[list[tuple[str, dict]], list[str]]:
    """(entries to append, one error per bad row); entries built like progress set."""
    from ttdn.edit.record import RecordError, build_entry

    items: list[tuple[str, dict]] = []
    errors: list[str] = []
    choices = ", ".join(translate(v) for v in STATUS_LABELS.values())
    for fr in rows:
        problems: list[str] = []
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
                items.append(
                    build_entry(
                        pd,
                        fr.task_id,  # type: ignore[arg-type]
                        status,  # type: ignore[arg-type]
                        date,  # type: ignore[arg-type]
                        note=_text(fr.note),
                        result=_text(fr.result),
                        indicators=indicators,
                        agency=agency,
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
    items, errors = entries_from_rows(pd, book.rows, slug, today)
    if errors:
        n = len({e.split(":", 1)[0] for e in errors})
        raise XlsxError(
            errors + [_("ttdn: không ghi gì: {n} dòng có lỗi; hãy sửa rồi nhập lại.", n=n)], code=1
        )
    notes = _rollup_notes(ds, pd, items)
    files: list[str] = []
    if items and not dry_run:
        try:
            files = append_entries(ds, items)
        except RecordError as exc:
            raise XlsxError(exc.lines, code=exc.code) from None
    elif items:
        files = list(dict.fromkeys(rel for rel, _entry in items))
    return ImportResult(pd.id, slug, items, files, notes)


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
