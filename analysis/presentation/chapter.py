"""Glue helpers shared by chapters, so no chapter re-implements them."""

from __future__ import annotations

import pandas as pd

#: The headline results every summary page shows, in this order (keys of findings.headline_rows).
HEADLINE_KEYS = (
    "fortroende",
    "tillgang",
    "aterinskrivning",
    "panel",
    "regioner",
    "andel",
    "fraga1_tillskott",
    "fraga2_undantrangning",
    "fraga45_vardplatser_hemsjukvard",
)
MISSING = "Ingen skattning i den här versionen av kompendiet."


def glue_text(name: str, text) -> None:
    """Glue a plain string for ``{glue:text}`` (rendered as text, so data strings stay inert)."""
    from myst_nb import glue

    glue(name, str(text), display=False)


def glue_headlines(headlines: pd.DataFrame, prefix: str) -> None:
    """Glue each headline sentence as ``<prefix>-<key>``; a missing one says so."""
    texts = dict(zip(headlines["key"], headlines["text_sv"], strict=True))
    for key in HEADLINE_KEYS:
        glue_text(f"{prefix}-{key}", texts.get(key, MISSING))


def glue_num(name: str, value: float, decimals: int = 0) -> None:
    """Glue a number as Swedish text (decimal comma) for ``{glue:text}``."""
    from analysis.presentation.text import fmt_num

    glue_text(name, fmt_num(value, decimals))
