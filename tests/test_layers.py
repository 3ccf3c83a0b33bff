"""The layers of ttdn, read from the source: every import of every module under ``ttdn/``
(at the top, inside functions, under ``TYPE_CHECKING``), parsed with :mod:`ast`.

- no import circle between modules;
- the domain (``ttdn.domain``) imports nothing of data, checks, edit, outputs, cli, nor a
  language module (``ttdn.i18n``, the catalogue): it speaks in message ids and parameters;
- nothing below ``ttdn.cli`` imports ``ttdn.cli``;
- data imports no checks, edit, outputs or cli; checks no edit, outputs or cli.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "ttdn"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PKG.rglob("*.py")) if "__pycache__" not in p.parts}


def _target(name: str) -> str | None:
    """The ttdn module ``name`` refers to (a module, else the package holding the name)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    """The ttdn modules ``module`` imports, anywhere in its source."""
    path = MODULES[module]
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from ttdn.outputs import contract`` imports the module ttdn.outputs.contract
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        for name in names:
            if name == "ttdn" or name.startswith("ttdn."):
                target = _target(name)
                if target and target != module:
                    out.add(target)
    return out


GRAPH = {m: _imports(m) for m in MODULES}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read():
    assert "ttdn.domain.model" in GRAPH["ttdn.domain.dataset"]
    assert "ttdn.outputs.contract" in GRAPH["ttdn.cli.commands.status"]  # a function-level import


def test_no_import_circle():
    assert _cycles() == []


FORBIDDEN = {
    "domain": {"data", "checks", "edit", "outputs", "cli", "i18n", "console"},
    "data": {"checks", "edit", "outputs", "cli"},
    "checks": {"edit", "outputs", "cli"},
    "edit": {"cli"},
    "outputs": {"cli"},
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    bad = sorted(
        f"{m} imports {t}"
        for m, targets in GRAPH.items()
        if _layer(m) == layer
        for t in targets
        if _layer(t) in FORBIDDEN[layer]
    )
    assert bad == []


def _below_cli_importing_it() -> list[str]:
    return sorted(
        f"{m} imports {t}"
        for m, targets in GRAPH.items()
        if _layer(m) != "cli" and m != "ttdn.__main__"
        for t in targets
        if _layer(t) == "cli"
    )


def test_nothing_below_the_cli_imports_it():
    assert _below_cli_importing_it() == []


def test_the_domain_speaks_no_language():
    """Everything the domain imports, transitively, is domain or language-free text."""
    seen: set[str] = set()
    todo = [m for m in GRAPH if _layer(m) == "domain"]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo.extend(GRAPH[m])
    assert sorted(m for m in seen if _layer(m) not in ("domain", "text")) == []


def test_the_domain_does_no_io():
    """No file is opened, read or written in the domain, and no process or OS call made."""
    io_calls = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "glob"}
    io_modules = {"os", "subprocess", "shutil", "io", "sys"}
    bad = []
    for m, path in MODULES.items():
        if _layer(m) != "domain":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
                if name in io_calls:
                    bad.append(f"{m}:{node.lineno}: {name}()")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
                bad += [
                    f"{m}:{node.lineno}: import {n}" for n in names if n.split(".")[0] in io_modules
                ]
    assert bad == []


def test_no_process_tricks_and_no_private_library_modules():
    """What issue 13's grep must not find, and no import of a library's private module
    (``from typer._click …``): ttdn keeps to the libraries' public names."""
    banned = ("marshal", "os._exit", "gc.disable", "gc.freeze", "_write_content_types")
    banned += ("PackageWriter",)
    private = re.compile(r"^\s*(?:from|import)\s+(?!ttdn\b)[A-Za-z_]\w*(?:\.\w+)*\._\w+", re.M)
    for path in PKG.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in banned:
            assert word not in text, (path, word)
        assert not private.search(text), (path, private.search(text).group())
