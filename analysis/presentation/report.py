"""A report's transcribed values as chapters use them: rows, single values, source lines, glue.

Chapters that redraw a report's figures and tables used to carry their own copies of these
helpers (``element``, ``one``, ``source``, ``glue_num``); they now call :class:`Transcribed`.
Every look-up stops with a Swedish message that says what is missing and where to add it.
"""

from __future__ import annotations

import pandas as pd

from analysis.presentation.references import REPORTS, report_name
from analysis.presentation.text import fmt_num

#: Where the workflow writes the transcriptions (``rule tidy_report_values``).
VALUES = "results/tidy/report_values.parquet"

#: Full titles for source lines, by internal report number.
TITLES = {"001": "Omtag för omställning", "004": "Uppföljningen av omställningen 2022"}


def pages_text(pages) -> str:
    """``[123, 125, 124]`` -> ``'s. 123–125'``; one page -> ``'s. 123'``; none -> ``''``."""
    p = sorted({int(x) for x in pd.to_numeric(pd.Series(pages, dtype=object), errors="coerce").dropna()})
    if not p:
        return ""
    return f"s. {p[0]}" if len(p) == 1 else f"s. {p[0]}–{p[-1]}"


class Transcribed:
    """The transcribed values of one report (``results/tidy/report_values.parquet``)."""

    def __init__(self, values: pd.DataFrame | str = VALUES, report: str = "001"):
        if report not in REPORTS:
            raise KeyError(f"unknown report {report!r}")
        table = pd.read_parquet(values) if isinstance(values, str) else values
        self.report = report
        self.rows = table[table["report"] == report]

    def element(self, name: str, series=None, **where) -> pd.DataFrame:
        """Rows of one element (optionally some series, and columns equal to ``where``)."""
        rows = self.rows[self.rows["element"] == name]
        if series is not None:
            rows = rows[rows["series"].isin([series] if isinstance(series, str) else list(series))]
        for col, val in where.items():
            rows = rows[rows[col] == val]
        if rows.empty:
            what = ", ".join(str(x) for x in (name, series, *where.values()) if x is not None)
            raise LookupError(
                f"Rapport {self.report}, {what} saknas i transkriptionerna: "
                "transkribera värdena i data-raw/transcriptions/ och kör om."
            )
        return rows

    def one(self, name: str, series: str, group: str | None = None, **where) -> float:
        """The single value of a series (optionally one group; ``where``: year, region_code, …)."""
        if group is not None:
            where = {"group": group, **where}
        rows = self.element(name, series, **where)
        if len(rows) != 1:
            raise ValueError(f"{name}, {series}, {where}: väntade en rad, fick {len(rows)}.")
        return float(rows["value"].iloc[0])

    def text(self, name: str, series: str, group: str | None = None, decimals: int = 0, **where) -> str:
        """:meth:`one` as Swedish text."""
        return fmt_num(self.one(name, series, group, **where), decimals)

    def source(self, rows: pd.DataFrame, label: str) -> str:
        """Source line: report, what was read, printed pages (the transcription is in the data link)."""
        parts = [report_name(self.report)]
        if self.report in TITLES:
            parts.append(TITLES[self.report])
        parts.append(label)
        pages = pages_text(rows["page"])
        if pages:
            parts.append(pages)
        return ", ".join(parts) + " (kompendiets transkription)"

    def printed_table(self, name: str, labels: dict[str, str], table: str, decimals: int = 0) -> dict:
        """Every printed value of element ``name`` as a small table (keyword dict of ``publish_table``).

        ``labels`` gives the Swedish row text per series and must cover every series of the
        element, so the table holds all its printed values and is marked as showing it.
        Approximate values (the report writes "ungefär", "en dryg tiondel") say so.
        """
        from analysis.presentation.notebook import publication

        rows = self.element(name)
        missing = sorted(set(rows["series"]) - set(labels))
        if missing:
            raise KeyError(f"{name}: ingen text för serierna {missing}")
        label = rows["series"].map(labels)
        several = rows["series"].duplicated(keep=False)
        label = label.where(~several, label + ": " + rows["group"].astype(str))
        shown = pd.DataFrame(
            {
                "Uppgift": label,
                "År": rows["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
                "Värde": [
                    ("ungefär " if st == "approximate" else "")
                    + f"{fmt_num(v, decimals)} {u.removeprefix('antal ')}"
                    for v, u, st in zip(rows["value"], rows["unit"], rows["status"], strict=True)
                ],
            }
        ).set_index("Uppgift")
        if (shown["År"] == "").all():
            shown = shown.drop(columns="År")
        number = name.split()[-1]
        kind = "figur" if name.startswith("Fig") else "tabell"
        return publication(
            shown,
            rows,
            table,
            self.source(rows, f"{kind} {number}"),
            "analysis.presentation.report.Transcribed",
            "report_values",
            shows=[f"{self.report} {name}"],
        )

    def glue(
        self, key: str, name: str, series: str, group: str | None = None, decimals: int = 0, **where
    ) -> None:
        """Glue one transcribed value as Swedish text under ``key``."""
        from analysis.presentation.chapter import glue_text

        glue_text(key, self.text(name, series, group, decimals, **where))


#: The sheet of single transcribed values that chapters glue into their prose.
CHAPTER_VALUES = "data-raw/chapter_values.csv"
_SHEET_COLUMNS = ["chapter", "key", "element", "series", "group", "year", "region_code", "decimals"]


def read_chapter_values(path: str = CHAPTER_VALUES) -> pd.DataFrame:
    """The sheet of glued values, checked: its columns, unique glue keys, integer years and decimals.

    One row per ``{glue:text}`` key: the chapter, the report element and series, optionally the
    group, year or region that pick one value, and the decimals to show. Chapters declare the
    sheet in ``compendium.inputs`` so that an edit re-runs them.
    """
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in _SHEET_COLUMNS if c not in sheet.columns]
    if missing:
        raise ValueError(f"{path}: saknar kolumnerna {missing}")
    dup = sorted(set(sheet["key"][sheet["key"].duplicated()]))
    if dup:
        raise ValueError(f"{path}: nycklarna {dup} förekommer flera gånger")
    for col in ("year", "decimals"):
        bad = sheet[col][(sheet[col] != "") & ~sheet[col].str.fullmatch(r"\d+")]
        if len(bad):
            raise ValueError(f"{path}: {col} måste vara heltal, fick {sorted(set(bad))}")
    return sheet


def glue_values(chapter: str, values: pd.DataFrame | str = VALUES, path: str = CHAPTER_VALUES) -> int:
    """Glue every value the sheet lists for ``chapter`` (report 001) as Swedish text; returns how many."""
    sheet = read_chapter_values(path)
    rows = sheet[sheet["chapter"] == chapter]
    if rows.empty:
        raise LookupError(f"{path} har inga värden för kapitlet {chapter!r}")
    report = Transcribed(values)
    for r in rows.itertuples(index=False):
        where = {"year": int(r.year)} if r.year else {}
        if r.region_code:
            where["region_code"] = r.region_code
        report.glue(r.key, r.element, r.series, r.group or None, int(r.decimals or 0), **where)
    return len(rows)
