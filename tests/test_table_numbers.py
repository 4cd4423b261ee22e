"""Typed table numbers ("**Tabell 14.2.**") agree with the chapter numbers the book gives.

Figures are numbered by Sphinx; tables carry their number in a bold caption written in the
chapter, so moving a chapter in ``_toc.yml`` would leave them naming another chapter.
"""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

CAPTION = re.compile(r"^\*\*Tabell (\d+)\.(\d+)\.?\*\*", re.MULTILINE)


def chapter_numbers() -> dict[str, int]:
    """Chapter stem -> its number: the numbered parts count on from one part to the next."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    stems = [c["file"] for p in toc["parts"] if p.get("numbered") for c in p.get("chapters", [])]
    return {stem: k for k, stem in enumerate(stems, start=1)}


def test_numbered_table_captions_name_their_own_chapter():
    numbers = chapter_numbers()
    assert numbers["kap14_patienters_erfarenheter"] == 14  # the report's chapters keep theirs
    wrong, seen = [], 0
    for stem, number in numbers.items():
        text = (ROOT / "chapters" / f"{stem}.md").read_text(encoding="utf-8")
        found = [(int(a), int(b)) for a, b in CAPTION.findall(text)]
        seen += len(found)
        wrong += [f"{stem}: Tabell {a}.{b}" for a, b in found if a != number]
        # in page order, from 1 without gaps
        assert [b for _, b in found] == list(range(1, len(found) + 1)), stem
    assert seen > 0 and not wrong, wrong


def test_appendix_table_captions_carry_their_appendix_letter():
    """Appendices are lettered in the PDF and on the site (analysis.sphinx_swedish), and their
    figures are numbered with the letter: a typed table number must use the same letter."""
    from analysis.sphinx_swedish import appendix_letters

    letters = appendix_letters(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    assert letters and "metod_validering" in letters
    typed = re.compile(r"\b[Tt]abell ([A-Z])\.(\d+)")
    wrong, seen = [], 0
    for stem, letter in letters.items():
        text = (ROOT / "chapters" / f"{stem}.md").read_text(encoding="utf-8")
        found = typed.findall(text)
        seen += len(found)
        wrong += [f"{stem}: tabell {a}.{b}" for a, b in found if a != letter]
        captions = [int(b) for a, b in re.findall(r"^\*\*Tabell ([A-Z])\.(\d+)\.?\*\*", text, re.MULTILINE)]
        assert captions == list(range(1, len(captions) + 1)), stem
    assert seen > 0 and not wrong, wrong
