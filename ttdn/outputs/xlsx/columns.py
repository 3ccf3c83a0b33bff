"""The layout of the workbooks ``ttdn export xlsx`` writes and ``ttdn import xlsx`` reads back:
sheets, columns and their headers, rows, fills, the document properties that remember what
the workbook was exported for, and the error both sides raise."""

from __future__ import annotations

from ttdn.domain.model import INDICATORS
from ttdn.i18n import N_, translate

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

# The sheet "Báo cáo" of an agency's workbook: (key, header, width). The plan part (what is
# due, its state), then the fill-in part: that the report was sent (date, number, file) and
# its narrative, pre-filled with what is recorded; last, the hidden period id ("H1").
# The narrative headers are the headings ``progress narrative`` reads and the templates print.
PERIOD_ID_HEADER = N_("Mã kỳ báo cáo")
SUBMITTED_HEADER = N_("Ngày gửi")
NUMBER_HEADER = N_("Số, ký hiệu")
FILE_HEADER = N_("Tệp đính kèm")
NARRATIVE_HEADERS = {
    "highlights": N_("Ưu điểm"),
    "limitations": N_("Hạn chế"),
    "causes": N_("Nguyên nhân"),
    "directions": N_("Phương hướng"),
    "recommendations": N_("Kiến nghị"),
}
REPORT_PLAN_COLUMNS = [
    ("name", N_("Kỳ báo cáo"), 28),
    ("due", N_("Hạn (gửi trước ngày)"), 14),
    ("state", N_("Tình trạng"), 26),
]
REPORT_FORM_COLUMNS = [
    ("submitted", SUBMITTED_HEADER, 12),
    ("number", NUMBER_HEADER, 20),
    ("file", FILE_HEADER, 24),
    *[(key, header, 40) for key, header in NARRATIVE_HEADERS.items()],
    ("period", PERIOD_ID_HEADER, 10),
]

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
    """The name of an indicator, capitalised ("Tin, bài")."""
    return _capitalised(lang_text if lang_text is not None else translate(INDICATORS[key]))


# Indicators are running totals since the start of the year: their columns say so.
CUMULATIVE_HEADER = N_("{name} (luỹ kế)")


def indicator_column(key: str) -> str:
    """The header of an indicator's column, in the language of the run: "Tin, bài (luỹ kế)"."""
    return translate(CUMULATIVE_HEADER, name=indicator_header(key))


def indicator_columns_read(key: str) -> list[str]:
    """Every header an indicator's column may have in a workbook read back: either
    language, with or without "(luỹ kế)" (workbooks exported before it was added)."""
    from ttdn.i18n import every_lang

    names = [indicator_header(key, text) for text in every_lang(INDICATORS[key])]
    return names + [
        template.format(name=name) for name in names for template in every_lang(CUMULATIVE_HEADER)
    ]


class XlsxError(Exception):
    """The workbook cannot be exported or imported; ``lines`` say why, ``code`` is the exit code."""

    def __init__(self, lines: list[str], code: int = 1) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code
