"""The kinds of Word document ttdn writes, their shipped templates and where those are.

- ``agency``: one agency's six-month or annual report (``bao-cao-co-quan.docx``);
- ``city``: the consolidated city report written by the plan's reporting recipient
  (Sở Văn hoá và Thể thao; ``bao-cao-tong-hop.docx``);
- ``reminder``: the công văn đôn đốc from that recipient to one agency listing its overdue
  tasks and missing reports (``cong-van-don-doc.docx``).

The templates in ``templates/`` are the source: staff edit them in Word or LibreOffice.
A checkout reads them there; an installed wheel carries them as ``ttdn_templates``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ttdn.i18n import N_

KINDS = ("agency", "city", "reminder")
TEMPLATE_FILES = {
    "agency": "bao-cao-co-quan.docx",
    "city": "bao-cao-tong-hop.docx",
    "reminder": "cong-van-don-doc.docx",
}
KIND_LABELS = {
    "agency": N_("báo cáo của cơ quan"),
    "city": N_("báo cáo tổng hợp"),
    "reminder": N_("công văn đôn đốc"),
}

TEMPLATES_DIR = Path(__file__).resolve().parents[3] / "templates"


def template_dirs() -> list[Path]:
    """Where the shipped templates are: a checkout's ``templates/``, then the wheel's copy
    (``ttdn_templates``)."""
    dirs = [TEMPLATES_DIR]
    try:
        spec = importlib.util.find_spec("ttdn_templates")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        dirs += [Path(p) for p in (spec.submodule_search_locations or [])]
    return dirs


def shipped_template_path(kind: str) -> Path:
    """The shipped template of ``kind``: the first folder of :func:`template_dirs` that has
    it (the checkout's path, even if missing, when none has)."""
    for folder in template_dirs():
        path = folder / TEMPLATE_FILES[kind]
        if path.is_file():
            return path
    return TEMPLATES_DIR / TEMPLATE_FILES[kind]
