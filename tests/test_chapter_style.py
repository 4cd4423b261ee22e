"""All Python follows the project's ruff settings (chapter code too), the workflow snakefmt's."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, cwd=ROOT)


def test_chapter_code_cells_are_formatted_and_lint_clean():
    proc = _run(sys.executable, str(ROOT / "scripts" / "lint_chapters.py"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_python_is_ruff_clean_and_formatted():
    for args in (["check", "."], ["format", "--check", "."]):
        proc = _run(str(BIN / "ruff"), *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_is_snakefmt_formatted():
    files = [
        "Snakefile",
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "workflow" / "rules").glob("*.smk")),
    ]
    unformatted = [f for f in files if _run(str(BIN / "snakefmt"), "--check", f).returncode != 0]
    assert unformatted == [], f"run: snakefmt {' '.join(unformatted)}"
