"""Committed files that pair report elements with analysis-sheet series, read and checked.

``data-raw/system_definitions.csv`` pairs chapter 15's register figures with Kolada series
(:mod:`analysis.trends.system`); ``data-raw/core_indicators_003.csv`` transcribes
Socialstyrelsen's 12 core indicators and the sheet series that measure them
(:mod:`analysis.core_indicators`). The workflow reads both when it plans which series a rule
needs, so this module imports only pandas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.validation import DataValidationError

#: Columns of ``data-raw/system_definitions.csv``.
DEFINITION_COLUMNS = [
    "element",
    "page",
    "page_exact",
    "section",
    "line",
    "report_measure",
    "report_unit",
    "report_years",
    "indicator",
    "kolada_title",
    "kolada_unit",
    "scale_to_report",
    "match",
    "difference_sv",
]
#: How close Kolada's definition is to the report's.
MATCHES = ("samma", "närliggande", "delvis")


def read_definitions(path: Path | str) -> pd.DataFrame:
    """Read the element-to-series pairing; raise naming file, row and column on a bad value."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    missing = [c for c in DEFINITION_COLUMNS if c not in df.columns]
    if missing:
        raise DataValidationError([f"{path}: missing columns {', '.join(missing)}"])
    for i, r in df.iterrows():
        row = i + 2  # header is line 1
        for col in ("page", "line"):
            if not r[col].isdigit():
                problems.append(f"{path}, row {row}, column {col}: {r[col]!r} is not a whole number")
        try:
            if float(r["scale_to_report"]) <= 0:
                raise ValueError
        except ValueError:
            problems.append(f"{path}, row {row}, column scale_to_report: {r['scale_to_report']!r} is not > 0")
        if r["match"] not in MATCHES:
            problems.append(
                f"{path}, row {row}, column match: {r['match']!r} not one of {', '.join(MATCHES)}"
            )
        if r["page_exact"] not in ("ja", "nej"):
            problems.append(f"{path}, row {row}, column page_exact: {r['page_exact']!r} not 'ja' or 'nej'")
        if not r["element"].startswith(("Fig ", "Tabell ")):
            problems.append(f"{path}, row {row}, column element: {r['element']!r} is not a report element id")
    if problems:
        raise DataValidationError(problems)
    out = df[DEFINITION_COLUMNS].copy()
    out["page"] = out["page"].astype(int)
    out["line"] = out["line"].astype(int)
    out["scale_to_report"] = out["scale_to_report"].astype(float)
    return out


COLUMNS = ["number", "indicator", "goals", "page", "line", "sheet_ids", "comparison"]


def read_core_indicators(path) -> pd.DataFrame:
    """The committed list, checked: 12 numbered rows, page and line for each, known columns."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = [c for c in COLUMNS if c not in df.columns]
    if problems:
        raise ValueError(f"{path}: missing columns {problems}")
    df = df[COLUMNS].copy()
    for col in ("number", "page", "line"):
        df[col] = pd.to_numeric(df[col], errors="raise").astype(int)
    if sorted(df["number"]) != list(range(1, len(df) + 1)):
        raise ValueError(f"{path}: indicators must be numbered 1..{len(df)} once each")
    without = df[(df["sheet_ids"] != "") & (df["comparison"] == "")]
    if len(without):
        raise ValueError(f"{path}: rows {without['number'].tolist()} name series but not how they compare")
    return df
