"""Pydantic validation errors → problems at the right line and column (their messages are
ids with parameters, put into words at the edge)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ttdn.data.yamlsource import Source
from ttdn.domain.messages import Message, N_, msg, suggestion
from ttdn.domain.model import EMAIL_PATTERN
from ttdn.domain.problems import Problem
from ttdn.text import suggest

_TYPE_NAMES = {
    "string_type": N_("một chữ (chuỗi)"),
    "int_type": N_("một số nguyên"),
    "int_parsing": N_("một số nguyên"),
    "int_from_float": N_("một số nguyên"),
    "bool_type": N_("true hoặc false"),
    "bool_parsing": N_("true hoặc false"),
    "list_type": N_("một danh sách (các dòng bắt đầu bằng “- ”)"),
    "dict_type": N_("một bảng (các dòng “khoá: giá trị”)"),
    "model_type": N_("một bảng (các dòng “khoá: giá trị”)"),
    "model_attributes_type": N_("một bảng (các dòng “khoá: giá trị”)"),
    "date_type": N_("một ngày dạng YYYY-MM-DD"),
}


def _field_at(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, Any]:
    """The model that owns the last named field in ``loc``, and that field's FieldInfo."""
    owner: type[BaseModel] | None = model
    info = None
    for part in loc:
        if isinstance(part, int) or owner is None:
            continue
        info = owner.model_fields.get(part)
        if info is None:
            return owner, None
        nxt = _model_in(info.annotation)
        if nxt is not None:
            owner_next = nxt
        else:
            owner_next = None
        last_owner = owner
        owner = owner_next
        if owner is None:
            return last_owner, info
    return owner, info


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _owner_of(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class whose fields the last element of ``loc`` belongs to."""
    owner: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int) or owner is None:
            continue
        info = owner.model_fields.get(part)
        owner = _model_in(info.annotation) if info else None
    return owner


def _describe(model: type[BaseModel], loc: tuple) -> Message | tuple | str:
    """The field at ``loc`` as a message parameter: “name” (its description)."""
    name = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if name is None:
        return msg("giá trị")
    _owner, info = _field_at(model, tuple(p for p in loc))
    desc = getattr(info, "description", None)
    # the description is a message id of the model (no parameters)
    return (f"“{name}” (", Message(desc), ")") if desc else f"“{name}”"


# a value quoted in a problem is cut here: the line must stay readable (900 nested lists…)
QUOTED_MAX = 80


def _clipped(value: object) -> str:
    """``value`` as a problem quotes it: on one line, at most :data:`QUOTED_MAX` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= QUOTED_MAX else text[: QUOTED_MAX - 1] + "…"


def problems_from(exc: ValidationError, model: type[BaseModel], src: Source) -> list[Problem]:
    """One problem per pydantic error, positioned with ``src``."""
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    # A misspelt key shows up twice: as an unknown key and as a missing field. Report it once,
    # as the unknown key with its suggestion.
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    explained: set[tuple] = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            loc = tuple(e["loc"])
            owner = _owner_of(model, loc)
            close = suggest(str(loc[-1]), list(owner.model_fields)) if owner else []
            for name in close[:1]:
                if loc[:-1] + (name,) in missing:
                    explained.add(loc[:-1] + (name,))
    for err in errors:
        if err["type"] == "missing" and tuple(err["loc"]) in explained:
            continue
        loc = tuple(err["loc"])
        etype = err["type"]
        value = err.get("input")
        value_text = _clipped(value)
        field = _describe(model, loc)
        if etype == "extra_forbidden":
            owner = _owner_of(model, loc)
            allowed = list(owner.model_fields) if owner else []
            key = loc[-1]
            hint = suggestion(str(key), allowed)
            if not hint and allowed:
                hint = msg(" Các khoá hợp lệ: {keys}.", keys=", ".join(allowed))
            message = msg("khoá “{key}” không có trong mẫu dữ liệu.{hint}", key=key, hint=hint)
            out.append(src.problem("unknown-key", loc, message, key=True))
            continue
        if etype == "missing":
            out.append(
                src.problem(
                    "missing-field", loc[:-1], msg("thiếu trường bắt buộc {field}", field=field)
                )
            )
            continue
        if etype == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
            choices = msg(" Chọn một trong: {choices}.", choices=", ".join(o for o in options if o))
            message = msg(
                "giá trị “{value}” không hợp lệ cho {field}.{hint}",
                value=value_text,
                field=field,
                hint=(suggestion(str(value), options), choices),
            )
            out.append(src.problem("bad-value", loc, message))
            continue
        if (
            etype == "string_pattern_mismatch"
            and err.get("ctx", {}).get("pattern") == EMAIL_PATTERN
        ):
            message = msg(
                "“{value}” không phải địa chỉ thư điện tử cho {field}",
                value=value_text,
                field=field,
            )
            out.append(src.problem("bad-value", loc, message))
            continue
        if etype == "string_pattern_mismatch":
            out.append(
                src.problem(
                    "bad-id",
                    loc,
                    msg(
                        "“{value}” không phải mã hợp lệ cho {field}: chỉ dùng chữ thường không "
                        "dấu, chữ số và dấu “-” (ví dụ so-du-lich)",
                        value=value_text,
                        field=field,
                    ),
                )
            )
            continue
        if etype in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
            out.append(
                src.problem(
                    "bad-date",
                    loc,
                    msg(
                        "ngày “{value}” không hợp lệ cho {field}: "
                        "cần một ngày có thật, dạng YYYY-MM-DD (ví dụ 2026-06-19)",
                        value=value_text,
                        field=field,
                    ),
                )
            )
            continue
        if etype == "string_too_short":
            out.append(
                src.problem("empty-value", loc, msg("{field} không được để trống", field=field))
            )
            continue
        if etype in ("greater_than_equal", "greater_than"):
            out.append(
                src.problem(
                    "bad-value",
                    loc,
                    msg("{field} không được là số âm (“{value}”)", field=field, value=value_text),
                )
            )
            continue
        if etype in ("less_than_equal", "less_than"):
            out.append(
                src.problem(
                    "bad-value", loc, msg("{field} quá lớn (“{value}”)", field=field, value=value_text)
                )
            )
            continue
        if etype == "string_too_long":
            out.append(src.problem("bad-value", loc, msg("{field} quá dài", field=field)))
            continue
        if etype in _TYPE_NAMES:
            shown = msg("trống") if value is None else f"“{value_text}”"
            out.append(
                src.problem(
                    "bad-type",
                    loc,
                    msg(
                        "{field} phải là {expected}, không phải {value}",
                        field=field,
                        expected=Message(_TYPE_NAMES[etype]),
                        value=shown,
                    ),
                )
            )
            continue
        out.append(
            src.problem(
                "bad-value",
                loc,
                msg("giá trị không hợp lệ cho {field} ({kind})", field=field, kind=etype),
            )
        )
    return out
