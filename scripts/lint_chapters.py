"""Lint and format the code cells of the MyST chapters with the project's ruff settings.

Chapters are MyST-Markdown notebooks; their ``{code-cell}`` blocks are Python like any other
and follow the same rules. Only the code inside the blocks is touched: prose, front matter
and cell options stay byte-identical (jupytext's round trip would rewrite the front matter).

    .venv/bin/python scripts/lint_chapters.py            # report findings, exit 1 if any
    .venv/bin/python scripts/lint_chapters.py --fix      # format cells and sort imports in place

Linting sees all cells of a chapter as one module (names flow from cell to cell), so an
import at the top of a later cell is allowed (E402), as ruff allows for notebooks; findings
are reported with the chapter's own line numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUFF = [sys.executable, "-m", "ruff"]
CELL = re.compile(r"^(```\{code-cell\}[^\n]*\n)((?::[^\n]*\n)*)(.*?)(^```\s*$)", re.S | re.M)
IGNORE = "E402"


def _ruff(args: list[str], code: str, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*RUFF, *args, "--config", str(ROOT / "pyproject.toml"), "--stdin-filename", name, "-"],
        input=code,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def fix(path: Path) -> bool:
    """Format every code cell and sort its imports; return whether the file changed."""
    text = path.read_text(encoding="utf-8")

    def one(m: re.Match) -> str:
        code = m.group(3)
        if not code.strip() or code.lstrip().startswith(("%", "!")):
            return m.group(0)
        sorted_ = _ruff(["check", "--select", "I", "--fix", "--exit-zero", "-q"], code, f"{path.stem}.py")
        formatted = _ruff(["format"], sorted_.stdout or code, f"{path.stem}.py")
        if formatted.returncode != 0:
            raise SystemExit(f"{path}: ruff format failed:\n{formatted.stderr}")
        return m.group(1) + m.group(2) + formatted.stdout + m.group(4)

    new = CELL.sub(one, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def check(path: Path) -> list[str]:
    """Lint findings and unformatted cells, as ``file:line: code message`` lines."""
    text = path.read_text(encoding="utf-8")
    module, origin = [], []  # module line -> chapter line
    problems = []
    for m in CELL.finditer(text):
        code = m.group(3)
        first = text.count("\n", 0, m.start(3)) + 1
        if code.strip() and _ruff(["format", "--check"], code, f"{path.stem}.py").returncode != 0:
            problems.append(f"{path.relative_to(ROOT)}:{first}: cell not formatted (run with --fix)")
        for i, line in enumerate(code.splitlines()):
            module.append(line)
            origin.append(first + i)
    if not module:
        return problems
    out = _ruff(
        ["check", "--output-format", "json", "--extend-ignore", IGNORE, "--exit-zero"],
        "\n".join(module) + "\n",
        f"{path.stem}.py",
    )
    for f in json.loads(out.stdout or "[]"):
        row = f["location"]["row"]
        line = origin[row - 1] if 0 < row <= len(origin) else 0
        problems.append(f"{path.relative_to(ROOT)}:{line}: {f['code']} {f['message']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="format cells and sort imports in place")
    parser.add_argument("chapters", nargs="*", type=Path, help="default: chapters/*.md")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.chapters] or sorted((ROOT / "chapters").glob("*.md"))
    if args.fix:
        for p in paths:
            if fix(p):
                print(f"formatted {p.relative_to(ROOT)}")
    problems = [line for p in paths for line in check(p)]
    print("\n".join(problems) if problems else "chapters: all checks passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
