"""Nghị định 30/2020 conventions of Vietnamese official documents: the abbreviation in a
document's symbol, the parent body's line, the short rule under the issuer's name, the
place of the date line, the signatory's title, numbers with their symbol, capitals and
list punctuation, and shortened quotes of a task's content.
"""

from __future__ import annotations

import re
import unicodedata

from ttdn.domain.dataset import Dataset
from ttdn.domain.model import Agency
from ttdn.i18n import N_, _
from ttdn.outputs.words import BLANK, one_line

SAMPLE_MARK = N_("DỮ LIỆU MẪU — số liệu tiến độ là mẫu, không phải số liệu thật")
PLACE = "Hà Nội"
# characters of a task's content quoted in the body (the appendix has the full text)
SHORT_CONTENT = 160


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def first_lower(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("UBND")."""
    if not text:
        return text
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word.isupper():
        return text
    return text[:1].lower() + text[1:]


def brief(text: str, limit: int = SHORT_CONTENT) -> str:
    """``text`` cut to about ``limit`` characters for the body of a report (the appendix has
    the full text): at a clause (";", ",") if one ends late enough, else at a word; never
    inside a parenthesis; "…" marks the cut."""
    text = one_line(text).rstrip(" .;:,")
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = -1
    for sep in ("; ", ", ", " "):
        i = head.rfind(sep)
        if i >= limit * 0.55:
            cut = i
            break
    head = head[:cut] if cut > 0 else head
    while head.count("(") > head.count(")"):
        i = head.rfind("(")
        if i < limit * 0.4:
            break
        head = head[:i]
    return head.rstrip(" .;:,(") + "…"


def end_punct(items: list[str]) -> list[str]:
    """ ";" after every item of a list but the last, "." after the last (NĐ 30 lists)."""
    out = []
    for i, s in enumerate(items):
        s = s.rstrip(" ;.")
        out.append(s + ("." if i == len(items) - 1 else ";"))
    return out


_CONNECTORS = {"và", "các", "của"}
# Kinds of agency under the city's People's Committee when no parent is registered.
_CITY_BODIES = {"department", "office", "city_organization", "public_service_unit"}
_PLAN_WORD = re.compile(r"^Kế hoạch\s+", re.IGNORECASE)


def abbreviation(agency: Agency | None) -> str:
    """The abbreviation used in document symbols: the one registered in the agency's file
    (every agency of the shipped registry has one; a missing one is a validation warning),
    else one made from its name ("Sở Du lịch" → "SDL", "Sở Văn hoá và Thể thao" → "SVHTT",
    "Ủy ban nhân dân …" → "UBND"); "…" when no short, sure one can be made."""
    if agency is None:
        return BLANK
    if agency.abbreviation:  # registered in the agency's file
        return one_line(agency.abbreviation)
    name = unicodedata.normalize("NFC", agency.name)
    low = name.lower()
    for prefix, abbr in (
        ("ủy ban nhân dân", "UBND"),
        ("uỷ ban nhân dân", "UBND"),
        ("ubnd", "UBND"),
        ("hội đồng nhân dân", "HĐND"),
        ("văn phòng", "VP"),
    ):
        if low.startswith(prefix):
            return abbr
    letters = []
    for word in re.split(r"[\s,\-]+", name):
        if not word or word.lower() in _CONNECTORS:
            continue
        if len(word) > 1 and word.isupper():
            letters.append(word)
        else:
            letters.append(word[0].upper())
    abbr = re.sub(r"[^0-9A-ZĐ]", "", "".join(letters))
    return abbr if 2 <= len(abbr) <= 6 else BLANK


def _city_government(ds: Dataset) -> Agency | None:
    """The registry's People's Committee of the city (kind city_government, "Ủy ban nhân
    dân …")."""
    for a in ds.agencies.values():
        if a.kind == "city_government" and re.match(r"^(?:Ủy|Uỷ) ban nhân dân", a.name):
            return a
    return None


def parent_line(ds: Dataset, agency: Agency | None) -> str:
    """The line above the agency's name (tên cơ quan chủ quản), abbreviated as NĐ 30 allows:
    "UBND THÀNH PHỐ HÀ NỘI". By kind when no parent is registered: the city's bodies (sở,
    văn phòng, tổ chức, đơn vị sự nghiệp) are under UBND Thành phố; a UBND phường/xã, UBND
    or HĐND Thành phố and the others have no such line."""
    if agency is None:
        return ""
    parent = ds.agencies.get(agency.parent) if agency.parent else None
    if parent is None and agency.parent is None and agency.kind in _CITY_BODIES:
        parent = _city_government(ds)
    if parent is None:
        return ""
    name = parent.name
    for long, short in (
        ("Ủy ban nhân dân", "UBND"),
        ("Uỷ ban nhân dân", "UBND"),
        ("Hội đồng nhân dân", "HĐND"),
    ):
        if name.startswith(long):
            name = short + name[len(long) :]
    return upper(one_line(name))


# Advance widths of Times New Roman Bold (Adobe's Times-Bold metrics, 1/1000 em), enough
# to estimate how wide a line of the header's bold capitals is printed.
_BOLD_WIDTHS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ ,-.()0123456789",
        [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778]
        + [722, 556, 667, 722, 722, 1000, 722, 722, 667, 722, 250, 250, 333, 250, 333, 333]
        + [500] * 10,
        strict=True,
    )
)
HEADER_PT = 13  # the agency's name: bold capitals, 13 pt (NĐ 30)
HEADER_WIDTH_PT = 178  # what a line of the header's left column holds (of 181 pt)


def text_width_pt(text: str, size: float = HEADER_PT) -> float:
    """The printed width of ``text`` in bold capitals at ``size`` points (estimated from
    the base letter: Vietnamese marks do not change a letter's width)."""
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        base = unicodedata.normalize("NFD", ch)[0].upper() if ch != "Đ" else ch
        total += _BOLD_WIDTHS.get(base, 722)
    return total * size / 1000


# Words of one meaning made of several syllables, never split across lines in the header.
_UNITS = (
    "ỦY BAN NHÂN DÂN",
    "UỶ BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "BAN CHỈ ĐẠO",
    "BAN QUẢN LÝ",
    "TỔNG CÔNG TY",
    "CƠ QUAN",
    "VĂN PHÒNG",
    "LIÊN HIỆP",
    "TỔ CHỨC",
    "HỮU NGHỊ",
    "NÔNG NGHIỆP",
    "MÔI TRƯỜNG",
    "VĂN HOÁ",
    "VĂN HÓA",
    "THỂ THAO",
    "DU LỊCH",
    "TÀI CHÍNH",
    "CÔNG THƯƠNG",
    "DÂN TỘC",
    "TÔN GIÁO",
    "NỘI VỤ",
    "PHÁT THANH",
    "TRUYỀN HÌNH",
    "GIÁO DỤC",
    "ĐÀO TẠO",
    "Y TẾ",
    "XÂY DỰNG",
    "KHOA HỌC",
    "CÔNG NGHỆ",
    "TƯ PHÁP",
    "NGOẠI VỤ",
    "THANH TRA",
    "THÔNG TIN",
    "ĐỐI NGOẠI",
    "CÔNG TÁC",
    "TUYÊN GIÁO",
    "DÂN VẬN",
    "THÀNH ỦY",
    "BẢO TÀNG",
    "QUỐC TẾ",
    "HÀNG KHÔNG",
    "VIỆT NAM",
)
# A place: these words and every word after them up to a comma or "VÀ" (THÀNH PHỐ HÀ NỘI).
_PLACE_WORDS = ("THÀNH PHỐ", "PHƯỜNG", "XÃ", "TỈNH", "QUẬN", "HUYỆN", "THỊ XÃ")
_GOOD_BREAK_BEFORE = ("VÀ", "CÁC", "ỦY BAN", "UỶ BAN", "HỘI ĐỒNG") + _PLACE_WORDS


def _header_units(name: str) -> list[str]:
    """``name`` (capitals) as the pieces a line break may fall between: words of several
    syllables and place names kept whole."""
    words = name.split()
    units: list[str] = []
    i = 0
    while i < len(words):
        rest = " ".join(words[i:])
        place = next((p for p in _PLACE_WORDS if rest == p or rest.startswith(p + " ")), None)
        if place is not None and (i > 0 or len(words) > len(place.split())):
            j = i + len(place.split())
            while j < len(words) and words[j] != "VÀ" and not words[j - 1].endswith(","):
                j += 1
            units.append(" ".join(words[i:j]))
            i = j
            continue
        unit = next((u for u in _UNITS if rest == u or rest.startswith(u + " ")), None)
        n = len(unit.split()) if unit else 1
        units.append(" ".join(words[i : i + n]))
        i += n
    return units


def header_lines(name_upper: str, width_pt: float = HEADER_WIDTH_PT) -> list[str]:
    """The agency's name in the header as NĐ 30 shows it: on as few lines as fit the column,
    broken only between words (never inside a place name such as HÀ NỘI), preferably
    before "VÀ", "CÁC", a place or after a comma, in lines of balanced length."""
    name = " ".join(name_upper.split())
    if not name or text_width_pt(name) <= width_pt:
        return [name] if name else []
    units = _header_units(name)
    n = len(units)
    best: tuple[float, list[str]] | None = None
    for mask in range(1 << (n - 1)):
        lines, cur, cost = [], [units[0]], 0.0
        for k in range(1, n):
            if mask >> (k - 1) & 1:
                lines.append(" ".join(cur))
                nxt = units[k]
                good = cur[-1].endswith(",") or any(
                    nxt == w or nxt.startswith(w + " ") for w in _GOOD_BREAK_BEFORE
                )
                cost += 0 if good else 40
                if cur[-1] in ("VÀ", "CÁC", "CỦA"):
                    cost += 200  # a line does not end on a connector
                cur = [nxt]
            else:
                cur.append(units[k])
        lines.append(" ".join(cur))
        if len(lines) > 4:
            continue
        widths = [text_width_pt(x) for x in lines]
        over = sum(max(0.0, w - width_pt) for w in widths)
        cost += 1000 * len(lines) + 10000 * over + (max(widths) - min(widths)) / 4
        if best is None or cost < best[0]:
            best = (cost, lines)
    assert best is not None
    return best[1]


def agency_rule(name_upper: str) -> str:
    """The short rule under the agency's name: underscores about 2/5 of the printed width
    of the name's longest line (NĐ 30: 1/3 to 1/2)."""
    underscore_pt = 6.5  # "_" in bold at 13 pt
    width = min(max((text_width_pt(x) for x in name_upper.split("\n")), default=0), HEADER_WIDTH_PT)
    return "_" * max(3, round(0.4 * width / underscore_pt))


def place_of(agency: Agency | None) -> str:
    """The place name of the date line: "Hà Nội"; a commune writes its own name."""
    if agency is not None and agency.kind == "commune":
        m = re.match(
            r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:phường|xã)\s+(.+)$", agency.name
        )
        if m:
            return one_line(m.group(1))
    return PLACE


def signer_lines(agency: Agency | None) -> list[str]:
    """The authority and title above the signature, by kind of agency (adjustable with
    ``--signer-title``)."""
    kind = agency.kind if agency else None
    if kind == "department":
        return [_("GIÁM ĐỐC")]
    if kind == "office":
        return [_("CHÁNH VĂN PHÒNG")]
    if kind == "commune":
        return [_("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH")]
    return [_("THỦ TRƯỞNG CƠ QUAN")]


def foreign_symbol(number: str, symbol: str) -> str | None:
    """The symbol written in ``number`` ("125/BC-SDL" → "BC-SDL") when it is not ``symbol``
    (a "…" in ``symbol`` matches anything: a công văn's drafting unit, "SVHTT-…"); None when
    it is, or when ``number`` has no symbol."""
    if "/" not in number:
        return None
    given = one_line(number).split("/", 1)[1].strip()
    wanted = ".+".join(re.escape(part) for part in symbol.split(BLANK))
    return None if re.fullmatch(wanted, given, re.IGNORECASE) else given


def number_parts(number_opt: str | None, symbol: str) -> tuple[str, str]:
    """(number, "…/BC-SDL", the number with its symbol). A number given with its symbol
    ("125/BC-SDL") is used whole; a bare number below 10 gets a leading zero (NĐ 30)."""
    if number_opt is None or not one_line(number_opt):
        return BLANK, f"{BLANK}/{symbol}"
    n = one_line(number_opt)
    if "/" in n:
        return n, n
    if n.isdigit() and int(n) < 10:
        n = f"{int(n):02d}"
    return n, f"{n}/{symbol}"


def plan_about(title: str) -> str:
    """What a plan is about, as written after "về": its title without "Kế hoạch", the
    first letter lower-cased ("Kế hoạch Tổ chức …" → "tổ chức …")."""
    return first_lower(_PLAN_WORD.sub("", one_line(title)))
