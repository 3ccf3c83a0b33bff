"""Words naming the sections and fields of the data, for the changes and textconv."""

from __future__ import annotations

from ttdn.i18n import N_

SECTION_LABELS = {
    "plan": N_("Thông tin kế hoạch"),
    "tasks": N_("Nhiệm vụ"),
    "progress": N_("Tiến độ"),
    "reports": N_("Báo cáo định kỳ"),
}
SECTION_ORDER = ["plan", "tasks", "progress", "reports"]

# Changes a review flags as warnings, listed first: the code (stable, in the JSON) and its words.
WARNINGS = {
    "deadline-later": N_("hạn lùi lại"),
    "task-removed": N_("bỏ nhiệm vụ"),
    "lead-changed": N_("đổi cơ quan chủ trì"),
}

TASK_LABELS = {
    "ref": N_("số thứ tự"),
    "content": N_("nội dung"),
    "timeline": N_("tiến độ"),
    "due": N_("hạn"),
    "lead": N_("chủ trì"),
    "lead_as_printed": N_("tên cơ quan chủ trì như in"),
    "coordinators": N_("phối hợp"),
    "coordinator_groups": N_("nhóm phối hợp"),
    "coordinators_as_printed": N_("cột phối hợp như in"),
    "implements": N_("thực hiện nhiệm vụ cấp trên"),
    "carried_over": N_("chuyển từ năm trước"),
    "note": N_("ghi chú"),
}

# The order in which a task's changes are listed: what matters most to a reader first.
TASK_ORDER = [
    "ref",
    "timeline",
    "lead",
    "coordinators",
    "coordinator_groups",
    "content",
    "lead_as_printed",
    "coordinators_as_printed",
    "implements",
    "carried_over",
    "note",
]

PLAN_LABELS = {
    "title": N_("tên kế hoạch"),
    "kind": N_("loại kế hoạch"),
    "year": N_("năm kế hoạch"),
    "issuer": N_("cơ quan ban hành"),
    "parent": N_("kế hoạch cấp trên"),
    "number": N_("số văn bản"),
    "number_note": N_("ghi chú về số văn bản"),
    "date": N_("ngày ban hành"),
    "date_note": N_("ghi chú về ngày ban hành"),
    "signatory": N_("người ký"),
    "preamble": N_("đoạn mở đầu"),
    "legal_bases": N_("căn cứ ban hành"),
    "purposes": N_("mục đích"),
    "requirements": N_("yêu cầu"),
    "content": N_("nội dung thực hiện"),
    "funding": N_("kinh phí thực hiện"),
    "implementation": N_("tổ chức thực hiện"),
    "closing": N_("đoạn kết"),
    "recipients": N_("nơi nhận"),
    "reporting": N_("chế độ báo cáo"),
    "appendix": N_("phụ lục"),
    "sample": N_("dữ liệu mẫu"),
}

AGENCY_LABELS = {
    "name": N_("tên"),
    "short_name": N_("tên ngắn"),
    "name_en": N_("tên tiếng Anh"),
    "kind": N_("loại"),
    "code": N_("mã chính thức"),
    "abbreviation": N_("chữ viết tắt"),
    "email": N_("thư điện tử"),
    "aliases": N_("cách viết khác"),
    "parent": N_("cơ quan cấp trên"),
    "note": N_("ghi chú"),
    "sample": N_("dữ liệu mẫu"),
}

GROUP_LABELS = {
    "name": N_("tên"),
    "members": N_("thành viên của nhóm"),
    "note": N_("ghi chú"),
}

ENTRY_LABELS = {
    "status": N_("trạng thái"),
    "result": N_("kết quả"),
    "note": N_("ghi chú"),
    "indicators": N_("chỉ tiêu"),
    "evidence": N_("minh chứng"),
}

REPORT_LABELS = {
    "submitted": N_("ngày gửi"),
    "number": N_("số"),
    "highlights": N_("kết quả nổi bật"),
    "limitations": N_("hạn chế"),
    "causes": N_("nguyên nhân"),
    "directions": N_("phương hướng"),
    "recommendations": N_("đề xuất, kiến nghị"),
}
