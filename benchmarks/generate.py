"""Synthetic SAMPLE data at city scale, reproducible from a seed.

``generate(root, scale=1, seed=2026)`` writes a complete data root:

- 200 agencies: UBND Thành phố and its Văn phòng, 20 departments, 5 city organisations, 5
  public service units, 15 press, 15 central and 12 enterprise agencies, and 126 phường/xã
  with made-up names. Every name ends in "(mẫu)" and every file says it is sample data;
- the city plan ``ha-noi-2026`` (9 sections, 225 tasks) and one agency plan per agency
  (``<slug>-2026``, ``kind: agency``, ``parent: ha-noi-2026``; most tasks ``implements`` a
  city task), 6,000 tasks in all, with the timeline forms of real plans;
- four progress entries per task (status, result text, indicators, sometimes a note and
  evidence) and the six-month and annual reports of every agency that must report: about
  10 MB of YAML in about a thousand files.

``scale=10`` multiplies the tasks of every section, and so the entries, by ten (60,000
tasks, ~100 MB) while keeping the same agencies and files. Output depends only on
``(scale, seed)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ttdn.text import slugify

YEAR = 2026
CITY_PLAN = f"ha-noi-{YEAR}"
CITY_TASKS = 225  # at scale 1; agency plans share the rest of TOTAL_TASKS
# The "whole city" scenario (scale "city"): the city plan and one plan for each of 156 bodies
# (those that must report, then press agencies), each of CITY_PLAN_TASKS tasks of four entries.
CITY_BODIES = 156
CITY_PLAN_TASKS = 30
SUBJECT_KINDS = ("department", "office", "city_organization", "commune")
TOTAL_TASKS = 6000
LAST_ENTRY = dt.date(YEAR, 11, 25)

HEADER = (
    "# DỮ LIỆU MẪU TỔNG HỢP để đo hiệu năng ttdn (benchmarks/generate.py, seed {seed}, "
    "scale {scale}).\n"
    "# SYNTHETIC SAMPLE DATA for benchmarks — not real agencies' plans or figures.\n"
)

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# ------------------------------------------------------------------------------ agencies

# (slug, name, short name, id prefix)
DEPARTMENTS = [
    ("so-van-hoa-va-the-thao", "Sở Văn hóa và Thể thao", "Sở VHTT", "vhtt"),
    ("so-du-lich", "Sở Du lịch", "Sở DL", "dl"),
    ("so-tai-chinh", "Sở Tài chính", "Sở TC", "tc"),
    ("so-cong-thuong", "Sở Công Thương", "Sở CT", "ct"),
    ("so-noi-vu", "Sở Nội vụ", "Sở NV", "nv"),
    ("so-ngoai-vu", "Sở Ngoại vụ", "Sở NgV", "ngv"),
    ("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", "Sở NNMT", "nnmt"),
    ("so-xay-dung", "Sở Xây dựng", "Sở XD", "xd"),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", "Sở KHCN", "khcn"),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "Sở GDĐT", "gddt"),
    ("so-y-te", "Sở Y tế", "Sở YT", "yt"),
    ("so-tu-phap", "Sở Tư pháp", "Sở TP", "stp"),
    ("so-dan-toc-va-ton-giao", "Sở Dân tộc và Tôn giáo", "Sở DTTG", "dttg"),
    ("so-quy-hoach-kien-truc", "Sở Quy hoạch - Kiến trúc", "Sở QHKT", "qhkt"),
    ("thanh-tra-thanh-pho", "Thanh tra Thành phố", "TTTP", "tttp"),
    (
        "ban-quan-ly-cac-khu-cong-nghiep-va-che-xuat",
        "Ban Quản lý các khu công nghiệp và chế xuất",
        "BQL KCN",
        "kcn",
    ),
    ("ban-quan-ly-khu-cong-nghe-cao", "Ban Quản lý Khu công nghệ cao", "BQL CNC", "cnc"),
    ("so-an-toan-thuc-pham", "Sở An toàn thực phẩm", "Sở ATTP", "attp"),
    ("cong-an-thanh-pho", "Công an Thành phố", "CATP", "catp"),
    ("bo-tu-lenh-thu-do", "Bộ Tư lệnh Thủ đô", "BTL Thủ đô", "btl"),
]
CITY_ORGANIZATIONS = [
    "Liên hiệp các tổ chức hữu nghị Thành phố",
    "Hội Liên hiệp Phụ nữ Thành phố",
    "Thành đoàn",
    "Liên đoàn Lao động Thành phố",
    "Ủy ban Mặt trận Tổ quốc Thành phố",
]
PUBLIC_SERVICE_UNITS = [
    "Bảo tàng Hà Nội",
    "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
    "Thư viện Hà Nội",
    "Nhà hát Thăng Long",
    "Trung tâm Bảo tồn Di sản Thăng Long",
]
PRESS = [
    "Cơ quan Báo và Phát thanh, Truyền hình Hà Nội",
    "Báo Kinh tế Đô thị",
    "Báo Văn hóa Thủ đô",
    "Tạp chí Người Hà Nội",
    "Báo Hà Nội Hôm nay",
    "Đài Phát thanh Hồ Gươm",
    "Tạp chí Du lịch Thủ đô",
    "Báo Tuổi trẻ Thủ đô",
    "Tạp chí Văn hiến Thăng Long",
    "Báo Đầu tư Hà Nội",
    "Kênh Truyền hình Sông Hồng",
    "Báo điện tử Phố Cổ",
    "Tạp chí Kinh tế Thủ đô",
    "Báo Hà Nội Quốc tế",
    "Trung tâm Truyền thông Hồ Tây",
]
CENTRAL = [
    "Bộ Ngoại giao",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Thông tấn xã Việt Nam",
    "Đài Tiếng nói Việt Nam",
    "Đài Truyền hình Việt Nam",
    "Cục Du lịch Quốc gia Việt Nam",
    "Bộ Công Thương",
    "Bộ Khoa học và Công nghệ",
    "Bộ Tài chính",
    "Bộ Nội vụ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Cục Báo chí",
    "Cục Văn hóa cơ sở",
]
ENTERPRISES = [
    "Tổng công ty Hàng không Việt Nam",
    "Cảng hàng không quốc tế Nội Bài",
    "Tổng công ty Du lịch Hà Nội",
    "Tổng công ty Vận tải Hà Nội",
    "Công ty cổ phần Truyền thông Thăng Long",
    "Công ty cổ phần Lữ hành Hồ Gươm",
    "Tổng công ty Thương mại Hà Nội",
    "Công ty cổ phần Sự kiện Ba Vì",
    "Công ty cổ phần Xuất bản Long Biên",
    "Công ty cổ phần Làng nghề Bát Tràng Việt",
    "Công ty TNHH Quảng bá Văn Miếu",
    "Công ty cổ phần Dịch vụ Hội nghị Mỹ Đình",
]
# Syllables of made-up ward and commune names ("Thịnh An", "Phúc Hưng"…)
SYLLABLES = [
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Thịnh",
    "Hưng",
    "Long",
    "Phúc",
    "Thọ",
    "Khánh",
    "Lộc",
    "Thuận",
    "Yên",
    "Thành",
    "Tân",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Đức",
    "Minh",
    "Quang",
    "Vĩnh",
    "Xuân",
    "Hồng",
    "Kim",
    "Ngọc",
    "Hải",
    "Sơn",
    "Lâm",
    "Mỹ",
    "Gia",
    "Thanh",
    "Đại",
    "Hợp",
    "Tiến",
    "Thắng",
    "Cường",
    "Lạc",
    "Định",
    "Nghĩa",
    "Tường",
    "Liên",
    "Kiến",
    "Hiệp",
    "Phong",
    "Vân",
    "Cát",
    "Đoan",
]
N_COMMUNES = 126

GROUPS = [
    {"id": "cac-co-quan-don-vi-lien-quan", "name": "Các cơ quan, đơn vị liên quan"},
    {
        "id": "cac-so-ban-nganh",
        "name": "Các sở, ban, ngành",
        "members": {"kinds": ["department", "office"]},
    },
    {"id": "ubnd-cac-phuong-xa", "name": "UBND các phường, xã", "members": {"kinds": ["commune"]}},
    {
        "id": "cac-co-quan-bao-chi",
        "name": "Các cơ quan thông tấn báo chí",
        "members": {"kinds": ["press"]},
    },
    {"id": "cac-doan-the", "name": "Các đoàn thể"},
    {"id": "cac-doanh-nghiep-hiep-hoi", "name": "Các doanh nghiệp, hiệp hội"},
]

# ------------------------------------------------------------------------------ text pools

VERBS = [
    "Tuyên truyền, quảng bá",
    "Tổ chức thông tin đối ngoại về",
    "Xây dựng và đăng tải tin, bài về",
    "Phối hợp sản xuất phóng sự, video clip giới thiệu",
    "Biên soạn, phát hành ấn phẩm về",
    "Tổ chức hội nghị, tọa đàm về",
    "Cập nhật thông tin song ngữ Việt - Anh về",
    "Tăng cường thông tin trên không gian mạng về",
    "Tổ chức đoàn công tác quảng bá",
    "Triển khai chuỗi hoạt động truyền thông về",
    "Hỗ trợ phóng viên nước ngoài tìm hiểu về",
    "Lồng ghép nội dung thông tin đối ngoại trong các hoạt động về",
]
OBJECTS = [
    "hình ảnh Thủ đô Hà Nội hòa bình, văn hiến, văn minh, hiện đại",
    "các điểm đến, sản phẩm du lịch mới của Thủ đô",
    "kết quả phát triển kinh tế - xã hội của Thành phố năm {year}",
    "di sản văn hóa vật thể và phi vật thể trên địa bàn",
    "môi trường đầu tư, kinh doanh và các dự án kêu gọi đầu tư",
    "các làng nghề truyền thống và sản phẩm OCOP",
    "công tác bảo vệ chủ quyền biển, đảo và biên giới quốc gia",
    "thành tựu bảo đảm quyền con người, tự do tín ngưỡng, tôn giáo",
    "các sự kiện văn hóa, thể thao, lễ hội quốc tế tổ chức tại Hà Nội",
    "chương trình chuyển đổi số và xây dựng đô thị thông minh",
    "cộng đồng người Việt Nam ở nước ngoài hướng về Thủ đô",
    "quan hệ hợp tác giữa Hà Nội với các thủ đô, thành phố trên thế giới",
    "công tác đấu tranh phản bác thông tin sai trái, xuyên tạc",
    "kết quả thực hiện Nghị quyết của Đảng bộ Thành phố",
]
CHANNELS = [
    "trên các cơ quan báo chí Trung ương và Thành phố",
    "trên Cổng thông tin điện tử và các trang mạng xã hội chính thức",
    "qua hệ thống thông tin cơ sở và bảng tin điện tử công cộng",
    "tại các hội chợ, triển lãm trong nước và quốc tế",
    "trên các nền tảng số (Facebook, YouTube, Zalo, TikTok)",
    "thông qua các đoàn công tác và đoàn khách quốc tế đến làm việc",
    "bằng tiếng Việt, tiếng Anh, tiếng Pháp và tiếng Trung",
]
PURPOSES = [
    "góp phần nâng cao vị thế và sức hấp dẫn của Thủ đô",
    "thu hút khách du lịch và nhà đầu tư quốc tế",
    "tạo sự đồng thuận của các tầng lớp nhân dân",
    "lan tỏa giá trị văn hóa, con người Hà Nội đến bạn bè quốc tế",
    "bảo đảm thông tin kịp thời, chính xác, đúng định hướng",
]
TIMELINES = [
    ("Năm {year}", 14),
    ("Thường xuyên", 12),
    ("Quý I", 4),
    ("Quý II", 5),
    ("Quý III", 5),
    ("Quý IV", 6),
    ("Quý II, III", 2),
    ("Hằng quý", 6),
    ("Hằng tháng", 2),
    ("Theo kế hoạch", 5),
    ("Cả năm", 3),
    ("6 tháng đầu năm", 3),
    ("6 tháng cuối năm", 3),
    ("Trước ngày 20/6", 2),
    ("Trước ngày 20/11", 2),
    ("Tháng {month}", 12),
    ("Tháng {month}-{month2}", 3),
    ("Theo chỉ đạo", 1),
]
RESULT_OPENERS = [
    "Đã đăng tải {n} tin, bài",
    "Phối hợp sản xuất {n} phóng sự, video clip",
    "Phát hành {n} ấn phẩm song ngữ",
    "Tổ chức {n} hội nghị, tọa đàm",
    "Cập nhật {n} tin, bài tiếng Anh",
    "Tiếp đón và cung cấp thông tin cho {n} đoàn khách",
    "Tổ chức {n} sự kiện quảng bá",
    "Thực hiện {n} chuyên mục trên sóng phát thanh",
]
RESULT_TAILS = [
    "thu hút khoảng {reach} lượt tiếp cận trên các nền tảng số",
    "được nhiều cơ quan báo chí Trung ương đăng lại",
    "nội dung tập trung vào các sự kiện lớn của Thủ đô trong {period}",
    "bảo đảm đúng tiến độ và định hướng của Thành phố",
    "với sự tham gia của đại diện các cơ quan ngoại giao và tổ chức quốc tế",
    "góp phần quảng bá hình ảnh địa phương tới bạn bè quốc tế",
]
RESULT_EXTRAS = [
    "Các nội dung được lưu trữ đầy đủ để phục vụ báo cáo định kỳ.",
    "Đơn vị tiếp tục rà soát, bổ sung nội dung cho các tháng tiếp theo.",
    "Một số sản phẩm đã được dịch sang tiếng Anh và tiếng Trung.",
    "Kinh phí thực hiện từ nguồn ngân sách được giao đầu năm.",
    "Đã gửi sản phẩm tới Sở Văn hóa và Thể thao để tổng hợp chung.",
]
NOTES = [
    "Chờ ý kiến chỉ đạo về kinh phí thực hiện (mẫu).",
    "Điều chỉnh thời gian do trùng lịch sự kiện của Thành phố (mẫu).",
    "Đối tác nước ngoài đề nghị lùi lịch làm việc sang quý sau (mẫu).",
    "Đã báo cáo lãnh đạo đơn vị; tiếp tục theo dõi (mẫu).",
    "Nội dung lồng ghép với nhiệm vụ khác cùng kỳ (mẫu).",
]
HIGHLIGHTS = [
    "Công tác thông tin đối ngoại được triển khai đồng bộ, bám sát Kế hoạch của Thành phố.",
    "Số lượng tin, bài tiếng nước ngoài tăng rõ rệt so với cùng kỳ năm trước.",
    "Các sự kiện quảng bá thu hút đông đảo khách quốc tế và được báo chí đưa tin rộng rãi.",
    "Ứng dụng nền tảng số giúp nâng cao lượt tiếp cận với người đọc ở nước ngoài.",
]
LIMITATIONS = [
    "Nguồn nhân lực làm công tác thông tin đối ngoại còn mỏng, chủ yếu kiêm nhiệm.",
    "Sản phẩm thông tin bằng tiếng nước ngoài còn ít, chưa đa dạng về hình thức.",
    "Việc cập nhật tiến độ trên hệ thống có lúc chưa kịp thời.",
]
CAUSES = [
    "Kinh phí được giao muộn so với kế hoạch.",
    "Thiếu cán bộ có trình độ ngoại ngữ chuyên sâu.",
    "Một số hoạt động phụ thuộc vào lịch làm việc của đối tác nước ngoài.",
]
DIRECTIONS = [
    "Tiếp tục đổi mới nội dung, hình thức thông tin đối ngoại, ưu tiên nền tảng số.",
    "Tăng cường phối hợp với các cơ quan báo chí trong và ngoài nước.",
    "Hoàn thành các nhiệm vụ còn lại trong năm theo đúng tiến độ.",
]
RECOMMENDATIONS = [
    "Đề nghị Thành phố bổ sung kinh phí dịch thuật và sản xuất ấn phẩm.",
    "Đề nghị tổ chức tập huấn nghiệp vụ thông tin đối ngoại cho cán bộ cơ sở.",
    "Đề nghị Sở Văn hóa và Thể thao chia sẻ kho tư liệu ảnh, video dùng chung.",
]
CITY_SECTIONS = [  # (section, department slug) — the lead of every task of the section
    ("I", "so-van-hoa-va-the-thao"),
    ("II", "van-phong-ubnd-thanh-pho"),
    ("III", "so-du-lich"),
    ("IV", "so-tai-chinh"),
    ("V", "so-cong-thuong"),
    ("VI", "so-noi-vu"),
    ("VII", "so-ngoai-vu"),
    ("VIII", "so-nong-nghiep-va-moi-truong"),
    ("IX", "so-giao-duc-va-dao-tao"),
]
AGENCY_SECTIONS = {
    "big": [
        ("I", "TUYÊN TRUYỀN, QUẢNG BÁ HÌNH ẢNH THỦ ĐÔ", "tt"),
        ("II", "HỢP TÁC, XÚC TIẾN VÀ THÔNG TIN QUỐC TẾ", "ht"),
        ("III", "BỒI DƯỠNG, KIỂM TRA VÀ BÁO CÁO", "bd"),
    ],
    "small": [("I", "NHIỆM VỤ THÔNG TIN ĐỐI NGOẠI", "nv")],
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class Stats:
    files: int = 0
    bytes: int = 0
    agencies: int = 0
    plans: int = 0
    tasks: int = 0
    entries: int = 0
    reports: int = 0


@dataclass
class AgencyRec:
    slug: str
    name: str
    short: str
    kind: str
    prefix: str


def _sample_name(name: str) -> str:
    return f"{name} (mẫu)"


def agencies(rng: random.Random) -> list[AgencyRec]:
    """The 200 agencies, in a fixed order."""
    out = [
        AgencyRec(
            "ubnd-thanh-pho-ha-noi", "UBND thành phố Hà Nội", "UBND TP", "city_government", "ub"
        ),
        AgencyRec(
            "van-phong-ubnd-thanh-pho", "Văn phòng UBND Thành phố", "VP UBND", "office", "vp"
        ),
    ]
    out += [AgencyRec(s, n, sh, "department", p) for s, n, sh, p in DEPARTMENTS]
    for kind, names in (
        ("city_organization", CITY_ORGANIZATIONS),
        ("public_service_unit", PUBLIC_SERVICE_UNITS),
        ("press", PRESS),
        ("central", CENTRAL),
        ("enterprise", ENTERPRISES),
    ):
        out += [AgencyRec(slugify(n), n, n, kind, "dv") for n in names]
    pairs = [(a, b) for a in SYLLABLES for b in SYLLABLES if a != b]
    rng.shuffle(pairs)
    seen: set[str] = set()
    n_wards = 0
    for a, b in pairs:
        if len(seen) == N_COMMUNES:
            break
        ward = n_wards < 74
        place = f"{a} {b}"
        name = f"UBND {'phường' if ward else 'xã'} {place}"
        slug = slugify(name)
        if (
            slug in seen
            or slug.replace("phuong", "xa") in seen
            or slug.replace("xa", "phuong") in seen
        ):
            continue
        seen.add(slug)
        n_wards += ward
        short = f"{'P.' if ward else 'X.'} {place}"
        out.append(AgencyRec(slug, name, short, "commune", "px"))
    assert len(out) == 200, len(out)
    assert len({a.slug for a in out}) == 200
    return out


def _pick_timeline(rng: random.Random) -> str:
    forms, weights = zip(*TIMELINES, strict=True)
    form = rng.choices(forms, weights)[0]
    month = rng.randint(1, 11)
    return form.format(year=YEAR, month=month, month2=month + 1)


def _content(rng: random.Random) -> str:
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS).format(year=YEAR)} {rng.choice(CHANNELS)}"
    if rng.random() < 0.6:
        text += f", {rng.choice(PURPOSES)}"
    return text


def _result(rng: random.Random, when: dt.date) -> str:
    period = f"quý {ROMAN[(when.month - 1) // 3]}"
    n = rng.randint(2, 60)
    reach = f"{rng.randint(2, 400) * 1000:,}".replace(",", ".")
    tail = rng.choice(RESULT_TAILS).format(reach=reach, period=period)
    text = f"{rng.choice(RESULT_OPENERS).format(n=n)}, {tail}."
    if rng.random() < 0.45:
        text += " " + rng.choice(RESULT_EXTRAS)
    return text


def _indicators(rng: random.Random) -> dict[str, int]:
    keys = [
        "news_articles",
        "publications",
        "events",
        "videos",
        "trainings",
        "delegations",
        "reach",
    ]
    out: dict[str, int] = {}
    for key in rng.sample(keys, rng.randint(1, 3)):
        if key == "reach":
            out[key] = rng.randint(5, 500) * 1000
        elif key == "news_articles":
            out[key] = rng.randint(1, 120)
        else:
            out[key] = rng.randint(1, 12)
    return out


def _dates(rng: random.Random, timeline: str) -> list[dt.date]:
    """Four increasing dates in the plan year; one per quarter for quarterly tasks."""
    if timeline == "Hằng quý":
        # one per quarter, none after LAST_ENTRY
        return [
            dt.date(YEAR, q * 3 - 2, 1) + dt.timedelta(days=rng.randint(5, 80 if q < 4 else 50))
            for q in range(1, 5)
        ]
    start = dt.date(YEAR, 1, 5).toordinal()
    span = LAST_ENTRY.toordinal() - start
    days = sorted(rng.sample(range(span), 4))
    return [dt.date.fromordinal(start + d) for d in days]


def _entries(rng: random.Random, task_id: str, timeline: str) -> list[dict]:
    final = rng.choices(
        ["done", "in_progress", "paused", "cancelled", "not_started"], [50, 35, 6, 3, 6]
    )[0]
    dates = _dates(rng, timeline)
    statuses = ["in_progress", "in_progress", "in_progress", final]
    if final == "not_started":
        statuses = ["not_started"] * 4
    out = []
    totals: dict[str, int] = {}  # indicators are running totals: they only grow
    for d, status in zip(dates, statuses, strict=True):
        e: dict = {"task": task_id, "date": d, "status": status}
        if status in ("in_progress", "done"):
            e["result"] = _result(rng, d)
            for key, n in _indicators(rng).items():
                totals[key] = totals.get(key, 0) + n
            e["indicators"] = dict(totals)
        if status in ("paused", "cancelled", "not_started") or rng.random() < 0.12:
            e["note"] = rng.choice(NOTES)
        if status == "done" or rng.random() < 0.15:
            e["evidence"] = [
                f"Báo cáo số {rng.randint(10, 400)}/BC-{task_id.upper()} "
                f"ngày {d.day}/{d.month}/{YEAR} (mẫu)"
            ]
        out.append(e)
    return out


def _reports(rng: random.Random, a: AgencyRec) -> list[dict]:
    out = []
    for period, due, start in (
        ("H1", dt.date(YEAR, 6, 20), dt.date(YEAR, 6, 1)),
        ("annual", dt.date(YEAR, 11, 20), dt.date(YEAR, 11, 2)),
    ):
        roll = rng.random()
        if roll < 0.12:
            continue  # not submitted
        if roll < 0.22:
            submitted = due + dt.timedelta(days=rng.randint(0, 5))
        else:
            submitted = start + dt.timedelta(days=rng.randint(0, (due - start).days - 1))
        out.append(
            {
                "period": period,
                "submitted": submitted,
                "number": f"{rng.randint(20, 480)}/BC-{a.prefix.upper()} (mẫu)",
                "highlights": " ".join(rng.sample(HIGHLIGHTS, 2)),
                "limitations": " ".join(rng.sample(LIMITATIONS, 2)),
                "causes": " ".join(rng.sample(CAUSES, 2)),
                "directions": " ".join(rng.sample(DIRECTIONS, 2)),
                "recommendations": rng.choice(RECOMMENDATIONS),
            }
        )
    return out


class _Writer:
    def __init__(self, root: Path, seed: int, scale: int) -> None:
        self.root = root
        self.header = HEADER.format(seed=seed, scale=scale)
        self.stats = Stats()

    def write(self, rel: str, data: dict) -> None:
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
        raw = unicodedata.normalize("NFC", self.header + text).encode("utf-8")
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        self.stats.files += 1
        self.stats.bytes += len(raw)


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), each at least 1."""
    w = sum(weights)
    exact = [total * x / w for x in weights]
    counts = [max(1, int(x)) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(counts) < total:
        counts[order[i % len(order)]] += 1
        i += 1
    while sum(counts) > total:
        j = order[-1 - (i % len(order))]
        if counts[j] > 1:
            counts[j] -= 1
        i += 1
    return counts


def generate(root: Path, *, scale: int | str = 1, seed: int = 2026) -> Stats:
    """Write the data root ``root`` (must not exist or be empty); returns what was written.

    ``scale``: 1 or 10 (6,000 or 60,000 tasks), or ``"city"``: the whole city scenario
    (:data:`CITY_BODIES` agency plans of :data:`CITY_PLAN_TASKS` tasks)."""
    city = scale == "city"
    factor = 1 if city else int(scale)
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    rng = random.Random(f"ttdn-benchmarks-{seed}")
    w = _Writer(root, seed, scale)
    ags = agencies(rng)
    by_slug = {a.slug: a for a in ags}
    for a in ags:
        body: dict = {"name": _sample_name(a.name), "short_name": a.short, "kind": a.kind}
        body["abbreviation"] = a.prefix.upper()  # the symbol of its documents (…/BC-ABBR)
        if a.kind in (
            "department",
            "office",
            "commune",
            "city_organization",
            "public_service_unit",
        ):
            body["parent"] = "ubnd-thanh-pho-ha-noi"
        body["note"] = "Cơ quan giả định trong dữ liệu mẫu để đo hiệu năng."
        body["sample"] = True
        w.write(f"agencies/{a.slug}.yaml", body)
    w.write("groups.yaml", {"groups": GROUPS})
    w.stats.agencies = len(ags)

    coordinators_pool = [a.slug for a in ags if a.kind in ("department", "press", "central")]
    group_ids = [g["id"] for g in GROUPS]
    entries_by_file: dict[str, list[dict]] = {}

    def task(tid: str, ref: str, lead: str, implements: str | None) -> dict:
        timeline = _pick_timeline(rng)
        coords = [c for c in rng.sample(coordinators_pool, rng.randint(0, 3)) if c != lead]
        t: dict = {
            "id": tid,
            "ref": ref,
            "content": _content(rng),
            "timeline": timeline,
            "lead": lead,
            "lead_as_printed": _sample_name(by_slug[lead].name),
        }
        if coords:
            t["coordinators"] = coords
        groups = rng.sample(group_ids, rng.randint(0, 2))
        if groups:
            t["coordinator_groups"] = groups
        if implements:
            t["implements"] = implements
        return t

    # The city plan.
    city_dir = f"plans/{CITY_PLAN}"
    w.write(
        f"{city_dir}/plan.yaml",
        {
            "title": f"Kế hoạch tổ chức hoạt động thông tin đối ngoại thành phố Hà Nội năm {YEAR} "
            "(dữ liệu mẫu)",
            "kind": "city",
            "year": YEAR,
            "issuer": "ubnd-thanh-pho-ha-noi",
            "preamble": "Kế hoạch giả định, sinh tự động để đo hiệu năng công cụ ttdn.",
            "reporting": {
                "recipient": "so-van-hoa-va-the-thao",
                "subject_kinds": ["department", "office", "city_organization", "commune"],
                "periods": [
                    {"id": "H1", "name": "Báo cáo 6 tháng", "due_before": dt.date(YEAR, 6, 20)},
                    {"id": "annual", "name": "Báo cáo năm", "due_before": dt.date(YEAR, 11, 20)},
                ],
            },
            "sample": True,
        },
    )
    city_task_ids: list[str] = []
    involved: dict[str, list[str]] = {}  # agency → the city tasks it leads or coordinates
    per_section = _split(CITY_TASKS * factor, [1.0 + rng.random() * 0.4 for _ in CITY_SECTIONS])
    for n, ((section, lead), count) in enumerate(zip(CITY_SECTIONS, per_section, strict=True), 1):
        prefix = by_slug[lead].prefix
        tasks = []
        for i in range(1, count + 1):
            t = task(f"{prefix}-{i:02d}", f"{section}.{i}", lead, None)
            tasks.append(t)
            city_task_ids.append(t["id"])
            for slug in [lead, *t.get("coordinators", [])]:
                involved.setdefault(slug, []).append(t["id"])
            entries_by_file.setdefault(f"{city_dir}/progress/{lead}.yaml", []).extend(
                _entries(rng, t["id"], t["timeline"])
            )
        w.write(
            f"{city_dir}/tasks/{n:02d}-{lead}.yaml",
            {"section": section, "title": by_slug[lead].name.upper(), "tasks": tasks},
        )
        w.stats.tasks += count

    # One plan per agency (the city government issues the city plan instead).
    planners = [a for a in ags if a.kind != "city_government"]
    weights = [
        {"department": 3.0, "office": 3.0, "commune": 1.35}.get(a.kind, 1.0)
        * (0.8 + 0.4 * rng.random())
        for a in planners
    ]
    if city:
        subjects = [a for a in planners if a.kind in SUBJECT_KINDS]
        others = [a for a in planners if a.kind == "press"]
        planners = (subjects + others)[:CITY_BODIES]
        assert len(planners) == CITY_BODIES, len(planners)
        counts = [CITY_PLAN_TASKS] * len(planners)
    else:
        counts = _split((TOTAL_TASKS - CITY_TASKS) * factor, weights)
    for a, count in zip(planners, counts, strict=True):
        plan_id = f"{a.slug}-{YEAR}"
        pdir = f"plans/{plan_id}"
        w.write(
            f"{pdir}/plan.yaml",
            {
                "title": f"Kế hoạch thông tin đối ngoại năm {YEAR} của {_sample_name(a.name)}",
                "kind": "agency",
                "year": YEAR,
                "issuer": a.slug,
                "parent": CITY_PLAN,
                "sample": True,
            },
        )
        sections = AGENCY_SECTIONS["big" if a.kind in ("department", "office") else "small"]
        split = _split(count, [1.0] * len(sections)) if count >= len(sections) else [count]
        entries: list[dict] = []
        for n, ((section, title, prefix), k) in enumerate(zip(sections, split, strict=False), 1):
            tasks = []
            for i in range(1, k + 1):
                # an agency plan implements city tasks its agency leads or coordinates
                pool = involved.get(a.slug)
                implements = rng.choice(pool) if pool and rng.random() < 0.85 else None
                t = task(f"{prefix}-{i:02d}", f"{section}.{i}", a.slug, implements)
                tasks.append(t)
                entries.extend(_entries(rng, t["id"], t["timeline"]))
            w.write(
                f"{pdir}/tasks/{n:02d}-{slugify(title)}.yaml",
                {"section": section, "title": title, "tasks": tasks},
            )
            w.stats.tasks += k
        entries.sort(key=lambda e: e["date"])
        w.write(
            f"{pdir}/progress/{a.slug}.yaml", {"agency": a.slug, "sample": True, "entries": entries}
        )
        w.stats.entries += len(entries)
        w.stats.plans += 1
    w.stats.plans += 1

    # City-plan progress: the entries of the city tasks' leads, and every report due.
    must_report = [
        a for a in ags if a.kind in ("department", "office", "city_organization", "commune")
    ]
    for a in must_report:
        rel = f"{city_dir}/progress/{a.slug}.yaml"
        entries = sorted(entries_by_file.pop(rel, []), key=lambda e: e["date"])
        body: dict = {"agency": a.slug, "sample": True}
        reports = _reports(rng, a)
        if reports:
            body["reports"] = reports
            w.stats.reports += len(reports)
        body["entries"] = entries
        w.write(rel, body)
        w.stats.entries += len(entries)
    assert not entries_by_file, sorted(entries_by_file)
    return w.stats


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write synthetic SAMPLE data at city scale.",
    )
    ap.add_argument("root", type=Path, help="new data root folder")
    ap.add_argument("--scale", default="1", choices=("1", "10", "city"))
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args(argv)
    scale = args.scale if args.scale == "city" else int(args.scale)
    s = generate(args.root, scale=scale, seed=args.seed)
    if args.json:
        print(json.dumps(dataclasses.asdict(s)))
        return
    print(
        f"{args.root}: {s.files} files, {s.bytes / 1e6:.1f} MB, {s.agencies} agencies, "
        f"{s.plans} plans, {s.tasks} tasks, {s.entries} entries, {s.reports} reports"
    )


if __name__ == "__main__":
    main()
