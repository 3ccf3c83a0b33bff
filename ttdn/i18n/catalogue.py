"""The English catalogue, kept in step with the code: a development tool (needs Babel).

The message ids are the Vietnamese texts written in the code; their English is in the gettext
catalogue ``ttdn/i18n/locale/en/LC_MESSAGES/ttdn.po``, compiled to ``ttdn.mo`` (committed,
shipped in the wheel, read at run time by the standard library's :mod:`gettext`)::

    python -m ttdn.i18n.catalogue check           # exit 1 if the .po or .mo lag the code
    python -m ttdn.i18n.catalogue update          # add new ids (empty English), drop stale ones,
                                                  # rewrite the .po in order, compile the .mo
    python -m ttdn.i18n.catalogue compile         # the .mo from the .po (= pybabel compile)
    python -m ttdn.i18n.catalogue merge OLD.py    # carry over the English of a dict
                                                  # ``EN = {vi: en}`` (the former messages_en.py)

The message ids are found by reading the source (no import): the literal argument of
``_()``, ``N_()``, ``msg()`` (a message value, :mod:`ttdn.domain.messages`) and ``in_lang()``
(its second), every ``help=`` string (Typer options, arguments and groups; whitespace
normalised, as click re-wraps help anyway), and the docstring of every function declared with
``@….command`` (a command's help; a group's help is its ``help=``). The same extractor serves
``pybabel extract -F babel.toml`` (see :func:`babel_extract`).

An entry whose English is empty is "not translated": the English run shows the Vietnamese,
and ``check`` reports it.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import inspect
import io
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # ttdn/
ROOT = PACKAGE.parent
DOMAIN = "ttdn"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
PO = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")

# Calls whose literal argument is a message id: name → index of that argument.
MSGID_CALLS = {"_": 0, "N_": 0, "in_lang": 1, "msg": 0}
# Calls whose help= is not a message id (argparse in developer tools).
NOT_HELP_CALLS = {"add_argument", "add_parser", "ArgumentParser"}
# Fixed header dates: the files change only when a message does.
_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def normalize(text: str) -> str:
    """A help text as a message id: whitespace collapsed (click re-wraps help anyway)."""
    return " ".join(text.split())


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _is_command(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in fn.decorator_list:
        call = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(call, ast.Attribute) and call.attr == "command":
            return True
    return False


def extract_source(source: str) -> Iterator[tuple[int, str]]:
    """(line, message id) of every message id in one module's source, in order."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            i = MSGID_CALLS.get(name) if isinstance(node.func, ast.Name) else None
            if i is not None and len(node.args) > i:
                arg = node.args[i]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, arg.value))
            if name not in NOT_HELP_CALLS:
                for kw in node.keywords:
                    if (
                        kw.arg == "help"
                        and isinstance(kw.value, ast.Constant)
                        and isinstance(kw.value.value, str)
                    ):
                        found.append((kw.value.lineno, normalize(kw.value.value)))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                found.append((node.lineno, normalize(inspect.cleandoc(doc))))
    return iter(sorted(found))


def extract(package: Path = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    """Every message id of the package → where it is used ((path, line) from the repo root),
    in the order of first use (by file, then line)."""
    ids: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts):
        rel = path.relative_to(package.parent).as_posix()
        for line, msgid in extract_source(path.read_text(encoding="utf-8")):
            ids.setdefault(msgid, []).append((rel, line))
    return ids


def babel_extract(fileobj, keywords, comment_tags, options):
    """A Babel extraction method (``babel.cfg``): the same message ids as :func:`extract`."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, msgid in extract_source(source):
        yield line, "_", msgid, []


# --------------------------------------------------------------------------- the .po / .mo


def read(po: Path = PO) -> dict[str, str]:
    """The catalogue as {message id: English} (empty English for an untranslated entry)."""
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale="en", domain=DOMAIN)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str)}


def _catalog(entries: dict[str, str], where: dict[str, list[tuple[str, int]]]):
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale="en",
        domain=DOMAIN,
        project="ttdn",
        header_comment="# English texts of ttdn's messages (the message ids are Vietnamese).\n"
        "# Kept in step with the code by: python -m ttdn.i18n.catalogue update",
        creation_date=_DATE,
        revision_date=_DATE,
        fuzzy=False,
    )
    for msgid, english in entries.items():
        files = dict.fromkeys(path for path, _line in where.get(msgid, []))
        catalog.add(msgid, english, locations=[(f, None) for f in files], flags=())
    return catalog


def render_po(entries: dict[str, str], where: dict[str, list[tuple[str, int]]]) -> bytes:
    """The .po text of ``entries`` (in their order), one line per message, files as
    locations (no line numbers: they would change with every edit)."""
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, _catalog(entries, where), width=0, include_lineno=False, omit_header=False)
    return out.getvalue()


def read_mo(data: bytes) -> dict[str, str]:
    """The messages of a compiled catalogue (GNU .mo format), header left out."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _rev, count, ids_at, strs_at = struct.unpack(order + "4I", data[4:20])
    out = {}
    for i in range(count):
        n, at = struct.unpack(order + "2I", data[ids_at + 8 * i : ids_at + 8 * i + 8])
        m, sat = struct.unpack(order + "2I", data[strs_at + 8 * i : strs_at + 8 * i + 8])
        msgid = data[at : at + n].decode("utf-8")
        if msgid:
            out[msgid] = data[sat : sat + m].decode("utf-8")
    return out


def compile_mo(po: Path = PO) -> bytes:
    """The .mo that ``pybabel compile`` makes of ``po`` (untranslated entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale="en", domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def updated(current: dict[str, str], used: dict[str, list[tuple[str, int]]]) -> dict[str, str]:
    """The catalogue for the code: every used id (in order of use) with its English so far."""
    return {msgid: current.get(msgid, "") for msgid in used}


def problems(po: Path = PO, mo: Path = MO, package: Path = PACKAGE) -> list[str]:
    """What ``check`` reports: missing, stale and untranslated entries, a .mo out of date."""
    used = extract(package)
    current = read(po)
    out = [f"missing: {m!r} ({used[m][0][0]}:{used[m][0][1]})" for m in used if m not in current]
    out += [f"stale: {m!r}" for m in current if m not in used]
    out += [f"untranslated: {m!r}" for m, en in current.items() if m in used and not en]
    # The messages, not the bytes: the header of a .mo names the Babel version that made it.
    compiled = {k: v for k, v in current.items() if v}
    if not mo.is_file() or read_mo(mo.read_bytes()) != compiled:
        out.append(f"{mo.relative_to(ROOT).as_posix()} is not the compiled {po.name}")
    return out


def update(po: Path = PO, mo: Path = MO, package: Path = PACKAGE) -> None:
    """Rewrite the .po for the code (keeping every English text) and compile the .mo."""
    used = extract(package)
    current = read(po) if po.is_file() else {}
    po.write_bytes(render_po(updated(current, used), used))
    mo.write_bytes(compile_mo(po))


def merge_dict(path: Path, po: Path = PO, mo: Path = MO, package: Path = PACKAGE) -> list[str]:
    """Take the English of a ``messages_en.py``-style module (a literal dict assigned at module
    level, read without importing it) into the .po, then :func:`update`. Its entries win over
    the .po's. Returns the ids that the code does not use (left out)."""
    english: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Dict):
            english.update(ast.literal_eval(value))
    used = extract(package)
    current = read(po) if po.is_file() else {}
    current.update({k: v for k, v in english.items() if v})
    po.write_bytes(render_po(updated(current, used), used))
    mo.write_bytes(compile_mo(po))
    return sorted(k for k in english if k not in used)


def main(argv: list[str] | None = None) -> int:
    # The usage is the module's documentation (no ``help=`` here: in ttdn, a help string is
    # a message id).
    parser = argparse.ArgumentParser(
        prog="python -m ttdn.i18n.catalogue",
        description="\n\n".join(__doc__.split("\n\n")[1:3]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="action", required=True)
    for action in ("check", "update", "compile"):
        sub.add_parser(action)
    sub.add_parser("merge").add_argument("dict_file", type=Path, metavar="OLD_messages_en.py")
    args = parser.parse_args(argv)
    if args.action == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{PO.relative_to(ROOT).as_posix()}: {len(found)} problem(s)")
        return 1 if found else 0
    if args.action == "update":
        update()
    elif args.action == "compile":
        MO.write_bytes(compile_mo())
    else:
        for msgid in merge_dict(args.dict_file):
            print(f"not used by the code, left out: {msgid!r}")
    print(f"{PO.relative_to(ROOT).as_posix()}: {len(read())} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
