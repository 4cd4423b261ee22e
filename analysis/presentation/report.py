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
    p = sorted({int(x) for x in pd.Series(pages).dropna()})
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

    def glue(self, key: str, name: str, series: str, group: str | None = None, decimals: int = 0, **where) -> None:
        """Glue one transcribed value as Swedish text under ``key``."""
        from analysis.presentation.chapter import glue_text

        glue_text(key, self.text(name, series, group, decimals, **where))
