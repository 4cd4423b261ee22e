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


#: Kinds of report element that a figure or table of the compendium can show.
_SHOWN_KINDS = {"Fig": "figur", "Tabell": "tabell", "Bilaga": "bilaga"}
_SHOWN_SENTENCE = re.compile(r"Återger (.+?)\.(?:\s|$)")
_REPORT_IN_TEXT = re.compile(r"(\w+ \(\d{4}\)), (.+)")
_KIND_NUMBERS = re.compile(r"(figur|tabell|bilaga) ((?:\d+(?:, | och )?)+)")


def shown_sentence(element_ids) -> str:
    """The marker under a figure or table that shows report elements, as readers see it.

    ``['001 Fig 10', '001 Fig 11', '001 Tabell 4']`` ->
    ``'Återger Vårdanalys (2025), figur 10 och 11 samt tabell 4.'``. :func:`shown_elements`
    reads it back, so the built site can be checked against the reproduction ledger.
    """
    from analysis.presentation.text import join_sv

    groups: dict[str, dict[str, list[int]]] = {}
    for eid in element_ids:
        match = re.fullmatch(r"(\d{3})(?: |-)(Fig|Tabell|Bilaga) (\d+)", str(eid).strip())
        if match is None:
            raise ValueError(f"only figures, tables and appendices can be shown, not {eid!r}")
        report, kind, number = match.groups()
        report_name(report)  # raises on an unknown report
        numbers = groups.setdefault(report, {}).setdefault(_SHOWN_KINDS[kind], [])
        if int(number) not in numbers:
            numbers.append(int(number))
    if not groups:
        return ""
    parts = [
        f"{report_name(r)}, "
        + " samt ".join(f"{k} {join_sv([str(n) for n in ns])}" for k, ns in kinds.items())
        for r, kinds in groups.items()
    ]
    return "Återger " + "; ".join(parts) + "."


def shown_elements(text: str) -> list[str]:
    """The element ids named by the :func:`shown_sentence` in ``text`` (empty if there is none)."""
    match = _SHOWN_SENTENCE.search(" ".join(str(text).split()))
    if match is None:
        return []
    by_author_year = {f"{a} ({y})": r for r, (a, y) in REPORTS.items()}
    kinds = {v: k for k, v in _SHOWN_KINDS.items()}
    out = []
    for part in match.group(1).split("; "):
        found = _REPORT_IN_TEXT.fullmatch(part)
        report = by_author_year.get(found.group(1)) if found else None
        if report is None:
            raise ValueError(f"not a report reference: {part!r} in {match.group(0)!r}")
        body = found.group(2)
        for kind, numbers in _KIND_NUMBERS.findall(body):
            out.extend(f"{report} {kinds[kind]} {n}" for n in re.findall(r"\d+", numbers))
    return out
