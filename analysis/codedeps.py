"""Which package files a workflow script or chapter runs: the code inputs of its rule.

Snakemake re-runs a rule when its inputs change. Listing the package modules a rule uses by
hand goes stale (an edit to ``validation.py`` re-ran nothing), so every rule's code inputs
are derived here from the import graph: the ``analysis`` modules a file imports, directly or
through other package modules. Chapters (MyST-Markdown notebooks) are read through their
``{code-cell}`` blocks. Only static imports are seen; the package avoids dynamic ones.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

PACKAGE = "analysis"
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


def _imports(root: Path, path: Path) -> set[Path]:
    """Package files imported by ``path`` (one level), parents' ``__init__`` included."""
    tree = ast.parse(_source(path), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    found: set[Path] = set()
    for name in names:
        if name.split(".")[0] != PACKAGE:
            continue
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            file = _module_file(root, ".".join(parts[:i]))
            if file is not None:
                found.add(file)
    return found


@cache
def code_deps(path: str, root: str = ".") -> list[str]:
    """Package files (relative to ``root``) that ``path`` imports, transitively, sorted."""
    base = Path(root)
    seen: set[Path] = set()
    todo = list(_imports(base, base / path))
    if Path(path).parts[0] == PACKAGE:
        todo.append(base / path)
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        todo.extend(_imports(base, file) - seen)
    return sorted(str(p.relative_to(base)) for p in seen)
