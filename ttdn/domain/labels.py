"""The labels of the model's codes (message ids, no language here): kinds of agency,
statuses, indicators, reporting periods.

Kept apart from :mod:`ttdn.domain.model` so that an output can put a code into words
without importing pydantic (the terminal draws a remembered answer with no model built).
"""

from __future__ import annotations

from ttdn.domain.messages import N_

AGENCY_KIND_LABELS: dict[str, str] = {
    "department": N_("sở, ban, ngành Thành phố"),
    "office": N_("văn phòng"),
    "city_organization": N_("tổ chức cấp Thành phố"),
    "press": N_("cơ quan báo chí"),
    "commune": N_("UBND phường, xã"),
    "city_government": N_("chính quyền Thành phố"),
    "party": N_("cơ quan Đảng"),
    "steering_committee": N_("ban chỉ đạo"),
    "central": N_("cơ quan Trung ương"),
    "enterprise": N_("doanh nghiệp"),
    "public_service_unit": N_("đơn vị sự nghiệp"),
    "international": N_("tổ chức quốc tế"),
}

STATUS_LABELS: dict[str, str] = {
    "not_started": N_("chưa triển khai"),
    "in_progress": N_("đang thực hiện"),
    "done": N_("hoàn thành"),
    "paused": N_("tạm dừng"),
    "cancelled": N_("huỷ bỏ"),
}

# Numeric indicators an agency may report per progress entry, with their Vietnamese labels.
INDICATORS: dict[str, str] = {
    "news_articles": N_("tin, bài"),
    "publications": N_("ấn phẩm"),
    "events": N_("sự kiện"),
    "videos": N_("video, clip"),
    "trainings": N_("hội nghị, tập huấn"),
    "delegations": N_("đoàn công tác"),
    "reach": N_("lượt tiếp cận"),
}

PERIOD_LABELS: dict[str, str] = {"H1": N_("6 tháng"), "annual": N_("năm")}

REPORT_NAMES: dict[str, str] = {"H1": N_("Báo cáo 6 tháng"), "annual": N_("Báo cáo năm")}
