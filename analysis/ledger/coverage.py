"""Element coverage: which of the report's numeric elements the compendium *shows*.

A figure or table shows a report element when the chapter publishes it with
``publish(..., shows=["001 Fig 40"])`` (:mod:`analysis.figures`): the provenance line then
opens with "Återger Vårdanalys (2025), figur 40." and the figure's data sidecar lists the id.

* :func:`shown_from_sidecars` reads the sidecars the executed chapters wrote (the workflow's
  measure, before the site is built); :func:`coverage_table` joins it with the ledger.
* :func:`html_displays` reads the same marker back from a built page, with the sections and
  figure ids around it, and :func:`status_conflicts` says where a status claims more than the
  site shows: an element that is reproduced, partly reproduced or differs must be shown in its
  chapter at its anchor, and every element counted as shown must be on its page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from analysis.presentation.references import shown_elements

#: Statuses that say the compendium did something with the element's values, so it must show it.
DISPLAY_STATUSES = (
    "reproduced",
    "reproduced (arithmetic)",
    "consistent (related measure)",
    "partly reproduced",
    "differs",
    "shown with open data",
)

#: The report whose numeric elements the coverage counts (issue 13: 82 elements of 001).
COVERAGE_REPORT = "001"

SHOWN_COLUMNS = ["element", "chapter", "name", "kind"]
COVERAGE_COLUMNS = ["element", "title", "chapter", "anchor", "status", "shown", "shown_in", "shown_as"]


def numeric_elements(ledger: pd.DataFrame, report: str = COVERAGE_REPORT) -> pd.DataFrame:
    """The report's figures and tables that hold numbers (map class FULL, PARTIAL or NONE)."""
    keep = (
        (ledger["report"] == report)
        & ledger["kind"].isin(["figur", "tabell", "bilaga"])
        & ledger["map_class"].isin(["FULL", "PARTIAL", "NONE"])
    )
    return ledger[keep]


def shown_from_sidecars(figdata_dirs: Iterable[Path | str]) -> pd.DataFrame:
    """One row per (element, figure or table) from the JSON sidecars of executed chapters.

    Each directory is one chapter's figure data (``results/figdata/<chapter>/``); the chapter
    is the directory's name.
    """
    rows = []
    for d in figdata_dirs:
        d = Path(d)
        for path in sorted(d.glob("*.json")):
            meta = json.loads(path.read_text(encoding="utf-8"))
            for element in meta.get("shows") or []:
                rows.append(
                    {"element": element, "chapter": d.name, "name": meta["name"], "kind": meta["kind"]}
                )
    return pd.DataFrame(rows, columns=SHOWN_COLUMNS)


def coverage_table(ledger: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The report's numeric elements with their status and whether (where, as what) they are shown."""
    rows = []
    for e in numeric_elements(ledger).itertuples(index=False):
        mine = shown[shown["element"] == e.element]
        rows.append(
            {
                "element": e.element,
                "title": e.title,
                "chapter": e.chapter,
                "anchor": e.anchor,
                "status": e.status,
                "shown": bool(len(mine)),
                "shown_in": ";".join(dict.fromkeys(mine["chapter"])),
                "shown_as": ";".join(dict.fromkeys(mine["kind"])),
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _PageReader(HTMLParser):
    """Collects the provenance paragraphs of a built page with the ids of what encloses them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.paragraph: list[str] | None = None
        self.links: list[str] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _VOID:
            return
        if tag == "span" and a.get("id") and self.stack and self.stack[-1][0] == "section":
            self.stack[-1][1].add(a["id"])  # a MyST label "(sec-x)=" is a span first in its section
        self.stack.append((tag, {a["id"]} if a.get("id") else set()))
        if tag == "p" and self.paragraph is None:
            self.paragraph, self.links = [], []
        if tag == "a" and self.paragraph is not None and a.get("href"):
            self.links.append(a["href"])

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_data(self, data):
        if self.paragraph is not None:
            self.paragraph.append(data)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == "p" and self.paragraph is not None and tag == "p":
                self._paragraph_done()
            if open_tag == tag:
                break

    def _paragraph_done(self):
        text = " ".join("".join(self.paragraph).split())
        data = [h.rsplit("/", 1)[-1].removesuffix(".csv") for h in self.links if "_static/data/" in h]
        if "Källa:" in text and data:
            anchors = set().union(*(ids for t, ids in self.stack if t in ("section", "figure", "div")))
            self.found.append(
                {"name": data[0], "elements": shown_elements(text), "anchors": sorted(anchors), "text": text}
            )
        self.paragraph = None


def html_displays(page_html: str) -> pd.DataFrame:
    """Every figure or table on a built page (its provenance line), the elements it says it
    shows and the ids of the sections and figures around it."""
    reader = _PageReader()
    reader.feed(page_html)
    reader.close()
    return pd.DataFrame(reader.found, columns=["name", "elements", "anchors", "text"])


def status_conflicts(ledger: pd.DataFrame, pages: Mapping[str, str], shown: pd.DataFrame) -> list[str]:
    """Where the ledger or the coverage claims more than the built site shows (empty when honest).

    ``pages`` maps a chapter stem to its built HTML. An element whose status is in
    :data:`DISPLAY_STATUSES`, or that :func:`coverage_table` counts as shown, must be cited by a
    figure or table on its chapter's page, inside its anchor when the spec gives one; and every
    element a page says it shows must be counted as shown.
    """
    on_page = {stem: html_displays(text) for stem, text in pages.items()}
    problems = []
    counted = set(shown["element"])
    for e in numeric_elements(ledger).itertuples(index=False):
        if e.status not in DISPLAY_STATUSES and e.element not in counted:
            continue
        why = f"status {e.status!r}" if e.status in DISPLAY_STATUSES else "counted as shown"
        if e.chapter not in on_page:
            problems.append(f"{e.element} ({why}): its chapter {e.chapter!r} is not on the site")
            continue
        d = on_page[e.chapter]
        hits = d[d["elements"].map(lambda els, x=e.element: x in els)]
        if hits.empty:
            problems.append(f"{e.element} ({why}): no figure or table on {e.chapter} shows it")
        elif e.anchor and not hits["anchors"].map(lambda a, x=e.anchor: x in a).any():
            problems.append(f"{e.element} ({why}): shown on {e.chapter}, but not at its anchor {e.anchor!r}")
    for stem, d in on_page.items():
        for els in d["elements"]:
            for element in els:
                if element not in counted:
                    problems.append(f"{element}: shown on {stem} but not counted by the coverage")
    return problems
