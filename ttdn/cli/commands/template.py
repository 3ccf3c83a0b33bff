"""``ttdn template check``: a Word template's Jinja syntax and variables."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ttdn.cli.common import (
    EXIT_PROBLEMS,
    app,
    read_input,
)
from ttdn.cli.helpfmt import Typer
from ttdn.i18n import _, translate

template_app = Typer(
    help="Mẫu văn bản Word (templates/*.docx).", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(template_app, name="template")


class TemplateKind(StrEnum):
    agency = "agency"
    city = "city"
    reminder = "reminder"


@template_app.command("check")
def template_check(
    file: Annotated[Path, typer.Argument(help="Tệp mẫu .docx.")],
    kind: Annotated[
        TemplateKind | None,
        typer.Option(
            "--kind",
            help="Loại mẫu: agency, city, reminder (mặc định: đoán theo tên tệp, "
            "rồi theo nội dung).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Kiểm tra một mẫu Word: lỗi cú pháp Jinja và biến không có trong danh sách (trước khi điền)."""
    from ttdn.outputs.documents.check import check_template
    from ttdn.outputs.documents.render import kind_label

    raw = read_input(file)
    chosen = kind.value if kind else None
    if chosen is None:
        name = file.name.lower()
        for key, k in (
            ("tong-hop", "city"),
            ("cong-van", "reminder"),
            ("don-doc", "reminder"),
            ("reminder", "reminder"),
            ("co-quan", "agency"),
        ):
            if key in name:
                chosen = k
                break
    found, problems = check_template(raw, chosen)
    if problems:
        for p in problems:
            print(p.format(str(file)), file=sys.stderr)
        which = f" ({translate(kind_label(found))})" if found else ""
        print(
            _("ttdn: mẫu “{file}”{kind} có {n} lỗi.", file=file, kind=which, n=len(problems)),
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_PROBLEMS)
    print(_("Mẫu hợp lệ: {file} ({kind}).", file=file, kind=translate(kind_label(found))))
