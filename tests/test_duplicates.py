"""Repeated code in ``analysis/`` and the chapters stays within the accepted list of docs/developing.md.

``duplicates`` (the team's tool, on PATH where it is installed) reads source files only, so the
chapters' code cells are written out as one ``.py`` file per chapter next to a copy of the
package, and the tool runs on that tree. Every pair it reports must match an entry of the
section "Accepted repetition" in ``docs/developing.md``: a pair of file patterns and, where
given, a pattern both places must contain (matched by file, never by line number).
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from analysis.codedeps import _source

#: One accepted entry: - `a` ~ `b`[, places matching `regex`]: reason
ENTRY = re.compile(r"^- `([^`]+)` ~ `([^`]+)`(?:, places matching `([^`]+)`)?: \S")
#: One reported pair: D3 a.py:10-24 ~ b.py:40-54 ...
PAIR = re.compile(r"^D\d+ (\S+?):(\d+)-(\d+) ~ (\S+?):(\d+)-(\d+)\b")


def accepted_entries(text: str) -> list[tuple[str, str, re.Pattern | None]]:
    """The entries of the section "Accepted repetition" of the developer guide."""
    section = re.search(r"^### Accepted repetition\n(.*?)(?=^#)", text + "\n#", re.S | re.M)
    assert section, 'docs/developing.md has no section "### Accepted repetition"'
    entries = []
    for line in section.group(1).splitlines():
        if m := ENTRY.match(line):
            entries.append((m[1], m[2], re.compile(m[3]) if m[3] else None))
    return entries


def reported_pairs(output: str) -> list[tuple[str, range, str, range]]:
    """(file, lines, file, lines) for every pair row of the tool's output."""
    pairs = []
    for line in output.splitlines():
        if m := PAIR.match(line):
            pairs.append((m[1], range(int(m[2]), int(m[3]) + 1), m[4], range(int(m[5]), int(m[6]) + 1)))
    return pairs


def is_accepted(pair, entries, text_of) -> bool:
    """Whether an entry covers both files (either order) and, if it names a pattern, both places."""
    a, lines_a, b, lines_b = pair
    for pat_a, pat_b, where in entries:
        for (x, lx), (y, ly) in (((a, lines_a), (b, lines_b)), ((b, lines_b), (a, lines_a))):
            if not (fnmatch.fnmatch(x, pat_a) and fnmatch.fnmatch(y, pat_b)):
                continue
            if where is None or (where.search(text_of(x, lx)) and where.search(text_of(y, ly))):
                return True
    return False


def scan_tree(root: Path, dest: Path) -> None:
    """The package's modules and one ``.py`` file per chapter (its code cells) under ``dest``."""
    for path in sorted(root.glob("analysis/**/*.py")):
        if "__pycache__" in path.parts:
            continue
        target = dest / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (dest / "chapters").mkdir()
    for path in sorted(root.glob("chapters/*.md")):
        code = _source(path)
        if code.strip():
            (dest / "chapters" / f"{path.stem}.py").write_text(code, encoding="utf-8")


def test_accepted_entries_match_files_and_places():
    entries = accepted_entries(
        "### Accepted repetition\n\n"
        "- `analysis/schemas/*.py` ~ `analysis/schemas/*.py`: declarations.\n"
        "- `chapters/*` ~ `chapters/*`, places matching `publish\\(`: one call per figure.\n"
        "- not an entry\n"
        "## Next\n- `analysis/*` ~ `analysis/*`: outside the section.\n"
    )
    assert len(entries) == 2
    text = {"chapters/a.py": "x = 1\n_ = publish(\n", "chapters/b.py": "_ = publish(\ny = 2\n"}.get

    def text_of(f, lines):
        return "\n".join((text(f) or "").splitlines()[lines.start - 1 : lines.stop - 1])

    assert is_accepted(
        ("analysis/schemas/tidy.py", range(1, 7), "analysis/schemas/x.py", range(1, 7)), entries, text_of
    )
    assert is_accepted(("chapters/a.py", range(2, 3), "chapters/b.py", range(1, 2)), entries, text_of)
    assert not is_accepted(("chapters/a.py", range(1, 2), "chapters/b.py", range(1, 2)), entries, text_of)
    assert not is_accepted(
        ("analysis/schemas/tidy.py", range(1, 7), "analysis/x.py", range(1, 7)), entries, text_of
    )
    pairs = reported_pairs("2 pairs\nD1 a/b.py:10-24 ~ c.py:40-54 shape (+1 more run)\nleft out: x\n")
    assert pairs == [("a/b.py", range(10, 25), "c.py", range(40, 55))]


@pytest.mark.skipif(shutil.which("duplicates") is None, reason="the `duplicates` tool is not on PATH")
def test_no_repeated_code_beyond_the_accepted_list(tmp_path):
    scan_tree(ROOT, tmp_path)
    run = subprocess.run(
        ["duplicates", "--repo", str(tmp_path), "--most", "200", "--seconds", "300"],
        capture_output=True,
        text=True,
        check=True,
    )
    out = run.stdout
    assert "incomplete:" not in out, f"duplicates did not read everything:\n{out}"
    assert not re.search(r"^\(\+\d+ more pairs\)", out, re.M), f"more pairs than listed:\n{out}"
    entries = accepted_entries((ROOT / "docs" / "developing.md").read_text(encoding="utf-8"))

    def text_of(rel: str, lines: range) -> str:
        rows = (tmp_path / rel).read_text(encoding="utf-8").splitlines()
        return "\n".join(rows[lines.start - 1 : lines.stop - 1])

    pairs = reported_pairs(out)
    assert pairs or out.startswith("no duplicates"), f"output not understood:\n{out}"
    new = [
        f"{a}:{la.start}-{la.stop - 1} ~ {b}:{lb.start}-{lb.stop - 1}"
        for a, la, b, lb in pairs
        if not is_accepted((a, la, b, lb), entries, text_of)
    ]
    assert new == [], (
        "repeated code not in the accepted list of docs/developing.md (chapters/x.py = the code cells of "
        "chapters/x.md): one helper for both, or a justified entry under 'Accepted repetition':\n"
        + "\n".join(new)
    )
