"""Report references as readers know them: "Vårdanalys (2025), figur 33, s. 231".

Internally the five source reports are numbered 000–004 and their elements carry ids such
as ``"001 Fig 33"`` or ``"001-P01"``. Those ids are for the workflow; reader text cites the
author and year (the same keys as the bibliography) and the element as printed.
"""

from __future__ import annotations

import re

#: Internal report number -> (author as cited, year), matching references.bib.
REPORTS = {
    "000": ("Regeringen", "2026"),
    "001": ("Vårdanalys", "2025"),
    "002": ("Regeringen", "2023"),
    "003": ("Socialstyrelsen", "2026"),
    "004": ("Socialstyrelsen", "2023"),
}

_KINDS = {"fig": "figur", "figur": "figur", "tabell": "tabell", "bilaga": "bilaga", "kapitel": "kapitel"}


def report_name(report: str) -> str:
    """``'001'`` -> ``'Vårdanalys (2025)'``; raises on an unknown report number."""
    key = str(report).strip().zfill(3)
    if key not in REPORTS:
        raise KeyError(f"unknown report {report!r}; known: {sorted(REPORTS)}")
    author, year = REPORTS[key]
    return f"{author} ({year})"


def element_text(element: str) -> str:
    """An element id as printed in reader text: ``'Fig 33'`` -> ``'figur 33'``, ``'P01'`` -> ``'texten'``."""
    text = str(element).strip()
    match = re.fullmatch(r"(\w+)\.?\s*(.*)", text)
    if match and match.group(1).lower() in _KINDS:
        rest = match.group(2).strip()
        return f"{_KINDS[match.group(1).lower()]} {rest}".strip()
    if re.fullmatch(r"P\d+", text):
        return "texten"
    return text


def report_ref(report: str, element: str | None = None, page: int | str | None = None) -> str:
    """``('001', 'Fig 33', 231)`` -> ``'Vårdanalys (2025), figur 33, s. 231'`` (element and page optional)."""
    parts = [report_name(report)]
    if element:
        parts.append(element_text(element))
    if page not in (None, "") and str(page) != "nan":
        page_text = str(page)
        if page_text.endswith(".0"):
            page_text = page_text[:-2]
        parts.append(f"s. {page_text}")
    return ", ".join(parts)


def element_ref(element_id: str, page: int | str | None = None) -> str:
    """A ledger element id (``'001 Fig 33'``, ``'004-P01'``) as a reader reference."""
    match = re.fullmatch(r"(\d{3})(?: |-)(.+)", str(element_id).strip())
    if match is None:
        raise ValueError(f"not an element id: {element_id!r}")
    return report_ref(match.group(1), match.group(2), page)


_ELEMENT_ID = re.compile(r"\b(00[0-4])(?: |-)((?:Fig|Tabell|Bilaga)\.? ?\d+|P\d+)\b", re.IGNORECASE)


def readable_ids(text: str) -> str:
    """Replace internal element ids inside free text (notes from ``data-raw``) with reader references.

    ``'kontroll av textens antal (001-P05)'`` -> ``'kontroll av textens antal (Vårdanalys (2025), texten)'``.
    """
    return _ELEMENT_ID.sub(lambda m: report_ref(m.group(1), m.group(2)), str(text))
