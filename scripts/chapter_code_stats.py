"""Count the code in the chapters: lines, data wrangling calls and function definitions.

Lines are non-blank, non-comment lines inside ``{code-cell}`` blocks. Wrangling calls are
``.groupby(``, ``.merge(``, ``.pivot(`` and ``.pivot_table(``; they belong in the package
(issue: chapters only draw and phrase). Used by ``tests/test_chapter_style.py``.

    python scripts/chapter_code_stats.py          # table, largest first, and the total
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)
WRANGLE = re.compile(r"\.(groupby|merge|pivot|pivot_table)\(")
DEF = re.compile(r"^\s*def ", re.M)


def stats(text: str) -> dict[str, int]:
    """Code lines, wrangling calls and function definitions in one chapter's text."""
    cells = CELL.findall(text)
    lines = sum(1 for c in cells for ln in c.splitlines() if ln.strip() and not ln.strip().startswith("#"))
    return {
        "lines": lines,
        "wrangling": sum(len(WRANGLE.findall(c)) for c in cells),
        "defs": sum(len(DEF.findall(c)) for c in cells),
    }


def all_stats(chapters: Path) -> dict[str, dict[str, int]]:
    """:func:`stats` for every chapter file."""
    return {p.name: stats(p.read_text(encoding="utf-8")) for p in sorted(chapters.glob("*.md"))}


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    table = all_stats(root / "chapters")
    for name, s in sorted(table.items(), key=lambda kv: -kv[1]["lines"]):
        print(f"{s['lines']:5d} {s['wrangling']:3d} {s['defs']:3d}  {name}")
    total = {k: sum(s[k] for s in table.values()) for k in ("lines", "wrangling", "defs")}
    print(f"{total['lines']:5d} {total['wrangling']:3d} {total['defs']:3d}  total (lines, wrangling, defs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
