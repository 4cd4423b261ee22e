"""Which package files a workflow script or chapter runs: the code inputs of its rule.

Snakemake re-runs a rule when its inputs change. Listing the package modules a rule uses by
hand goes stale (an edit to ``validation.py`` re-ran nothing), so every rule's code inputs
are derived here from the import graph: the ``analysis`` modules a file imports, directly or
through other package modules. Chapters (MyST-Markdown notebooks) are read through their
``{code-cell}`` blocks. Only static imports are seen; the package avoids dynamic ones.

Subpackages re-export their submodules' names in ``__init__.py``, so following every import
of an ``__init__`` would make a rule that needs one name depend on the whole subpackage (an
edit anywhere in ``analysis.trends`` re-ran the slow validation). Instead, ``from pkg import
X`` is followed to the module(s) that bind ``X`` in ``pkg/__init__.py`` (through its own
``from … import`` lines), and the ``__init__`` itself always counts, with the imports its own
code uses. When the ``__init__`` defines ``X`` itself, star-imports, or does not bind it, the
whole package is followed, as before.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path

PACKAGE = "analysis"
WHOLE = None  # request for a whole module (all its imports), as opposed to a set of names
_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def _source(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        cells = []
        for block in _CELL.findall(text):
            lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith(("%", "!", ":"))]
            cells.append("\n".join(lines))
        return "\n".join(cells)
    return text


def _module_file(root: Path, module: str) -> Path | None:
    base = root / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(root: Path, path: Path) -> str:
    """Dotted name of a package file (``pkg/__init__.py`` is ``pkg``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(root: Path, path: Path, node: ast.ImportFrom) -> str | None:
    """The module a ``from … import`` names, relative imports resolved against ``path``."""
    if node.level == 0:
        return node.module
    if path.suffix != ".py" or path.parts[len(root.parts)] != PACKAGE:
        return None
    package = _module_name(root, path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    if node.level - 1 >= len(package):
        return None
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


Edge = tuple[Path, "frozenset[str] | None"]


def _target(root: Path, module: str, names: frozenset[str] | None) -> list[Edge]:
    """Files a module import runs: each parent ``__init__`` (for its own code only), the module."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return []
    edges: list[Edge] = []
    for i in range(1, len(parts)):
        file = _module_file(root, ".".join(parts[:i]))
        if file is not None:
            edges.append((file, frozenset()))
    file = _module_file(root, module)
    if file is not None:
        edges.append((file, names))
    return edges


def _from_import(root: Path, module: str, name: str) -> list[Edge]:
    """``from module import name``: the submodule ``name`` if it is one, else the name."""
    if name != "*" and _module_file(root, f"{module}.{name}") is not None:
        return _target(root, module, frozenset()) + _target(root, f"{module}.{name}", WHOLE)
    return _target(root, module, WHOLE if name == "*" else frozenset({name}))


def _top_level(body: list[ast.stmt]):
    """Statements run at import, descending into ``if``/``try``/``with`` blocks."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.If, ast.Try, ast.With)):
            for block in ("body", "orelse", "finalbody"):
                yield from _top_level(getattr(stmt, block, []))
            for handler in getattr(stmt, "handlers", []):
                yield from _top_level(handler.body)


@cache
def _tree(path: Path, mtime: int) -> ast.Module:
    """A file's syntax tree (cached per modification time: tests edit files between calls)."""
    return ast.parse(_source(path), filename=str(path))


def _parse(root: Path, path: Path) -> tuple[dict[str, list[Edge]], set[str], list[Edge]]:
    """A file's imports: edges per bound name, names bound otherwise, edges with no name."""
    return _imports(root, path, path.stat().st_mtime_ns)


@cache
def _imports(root: Path, path: Path, mtime: int) -> tuple[dict[str, list[Edge]], set[str], list[Edge]]:
    """``_parse`` cached per modification time (a workflow asks for the same file thousands of
    times; the result is only read, never changed)."""
    tree = _tree(path, mtime)
    by_name: dict[str, list[Edge]] = {}
    unnamed: list[Edge] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                edges = _target(root, alias.name, WHOLE)
                if alias.asname:
                    by_name.setdefault(alias.asname, []).extend(edges)
                else:
                    unnamed.extend(edges)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(root, path, node)
            if module is None:
                continue
            for alias in node.names:
                edges = _from_import(root, module, alias.name)
                if alias.name == "*":
                    unnamed.extend(edges)
                else:
                    by_name.setdefault(alias.asname or alias.name, []).extend(edges)
    defined: set[str] = set()
    for stmt in _top_level(tree.body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(stmt.name)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                defined.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return by_name, defined, unnamed


def _own_code_names(path: Path) -> frozenset[str]:
    """Names loaded by a file's code other than its imports (what its own statements use)."""
    return _own_names(path, path.stat().st_mtime_ns)


@cache
def _own_names(path: Path, mtime: int) -> frozenset[str]:
    tree = _tree(path, mtime)
    return frozenset(
        node.id
        for stmt in tree.body
        if not isinstance(stmt, (ast.Import, ast.ImportFrom))
        for node in ast.walk(stmt)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    )


def defining_file(root: Path, module: str, name: str) -> Path:
    """The package file that defines ``module.name``, found by reading, not importing, the code.

    A name a module re-exports (``from .build import build_ledger``) is followed to the file
    that defines it; a name taken from outside the package stays with ``module``. Importing
    would run the module (``analysis.variance`` imports scipy.stats: a second per page).
    """
    file = _module_file(root, module)
    if file is None:
        raise ValueError(f"{module} is not a module of the package under {root}")
    for stmt in _top_level(_tree(file, file.stat().st_mtime_ns).body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name == name:
            return file
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return file
        if isinstance(stmt, ast.ImportFrom):
            source = _absolute(root, file, stmt)
            for alias in stmt.names:
                if (alias.asname or alias.name) != name or not source or source.split(".")[0] != PACKAGE:
                    continue
                submodule = _module_file(root, f"{source}.{alias.name}")
                return submodule if submodule is not None else defining_file(root, source, alias.name)
    return file


def _edges(root: Path, path: Path, names: frozenset[str] | None) -> list[Edge]:
    """What running ``path`` needs, given the names asked of it (``WHOLE``: everything)."""
    by_name, defined, unnamed = _parse(root, path)
    refinable = path.name == "__init__.py" and names is not WHOLE
    if refinable and not any(name in defined or name not in by_name for name in names):
        wanted = set(names) | _own_code_names(path)
        if not unnamed:
            return [edge for name in sorted(wanted) for edge in by_name.get(name, [])]
    return unnamed + [edge for edges in by_name.values() for edge in edges]


#: Where the answers are kept between runs (the workflow asks for every rule at each start).
CACHE = Path(".cache") / "codedeps.json"


def _fingerprint(base: Path, path: str) -> str:
    """Digest of the names, sizes and modification times of the package files and ``path``."""
    stats = [*_package_stats(base), _stat(base, base / path)]
    return hashlib.sha256(json.dumps(stats).encode()).hexdigest()


def _stat(base: Path, file: Path) -> tuple[str, int, int]:
    info = file.stat()
    return str(file.relative_to(base)), info.st_mtime_ns, info.st_size


@cache
def _package_stats(base: Path) -> tuple[tuple[str, int, int], ...]:
    """The package files' stats, once per process (as :func:`code_deps`' own answers)."""
    return tuple(_stat(base, f) for f in sorted((base / PACKAGE).rglob("*.py")))


@cache
def code_deps(path: str, root: str = ".") -> list[str]:
    """Package files (relative to ``root``) that ``path`` imports, transitively, sorted.

    Answers are kept in ``<root>/.cache/codedeps.json`` under a fingerprint of every package
    file and ``path`` (name, size, modification time), so an unchanged tree is not parsed again.
    """
    base = Path(root)
    store = base / CACHE
    key = _fingerprint(base, path)
    try:
        saved = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if path in saved and saved[path]["key"] == key:
        return saved[path]["deps"]
    saved[path] = {"key": key, "deps": _code_deps(base, path)}
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.with_name(f"{store.name}.{os.getpid()}")
    tmp.write_text(json.dumps(saved), encoding="utf-8")
    tmp.replace(store)
    return saved[path]["deps"]


def _code_deps(base: Path, path: str) -> list[str]:
    """The walk of the import graph behind :func:`code_deps`."""
    asked: dict[Path, frozenset[str] | None] = {}
    todo: list[Edge] = [(base / path, WHOLE)]
    while todo:
        file, names = todo.pop()
        if file in asked:
            before = asked[file]
            if before is WHOLE or (names is not WHOLE and names <= before):
                continue
            names = WHOLE if names is WHOLE else before | names
        asked[file] = names
        todo.extend(_edges(base, file, names))
    if Path(path).parts[0] != PACKAGE:
        asked.pop(base / path)
    return sorted(str(p.relative_to(base)) for p in asked)
