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
