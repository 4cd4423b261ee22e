"""Chapter code follows the project's ruff settings, like all other Python in the project."""

import subprocess
import sys

from conftest import ROOT


def test_chapter_code_cells_are_formatted_and_lint_clean():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lint_chapters.py")], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
