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
_PLAN_WORD = re.compile(r"^Kế hoạch\s+", re.IGNORECASE)


def abbreviation(agency: Agency | None) -> str:
    """The abbreviation used in document symbols: "Sở Du lịch" → "SDL", "Sở Văn hoá và Thể
    thao" → "SVHTT", "Ủy ban nhân dân …" → "UBND"; "…" when no short, sure one exists."""
    if agency is None:
        return BLANK
    if agency.abbreviation:  # registered in the agency's file
        return agency.abbreviation
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


def parent_line(ds: Dataset, agency: Agency | None) -> str:
    """The line above the agency's name (tên cơ quan chủ quản), abbreviated as NĐ 30 allows:
    "UBND THÀNH PHỐ HÀ NỘI"."""
    if agency is None or agency.parent is None:
        return ""
    parent = ds.agencies.get(agency.parent)
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


def agency_rule(name_upper: str) -> str:
    """The short rule under the agency's name: underscores about 2/5 of the name's printed
    width (NĐ 30: 1/3 to 1/2), the name's width estimated for bold capitals at 13 pt."""
    col_cm, char_cm, underscore_cm = 6.1, 0.26, 0.23
    width = min(len(name_upper) * char_cm, col_cm)
    return "_" * max(3, round(0.4 * width / underscore_cm))


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
