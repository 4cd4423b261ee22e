"""National respondent counts of Hälso- och sjukvårdsbarometern (``kolada_extra/hsb_national_respondents.csv``).

The counts are copied from the survey's publications as text ("50854", "drygt 40 000
(planned)"). Only the national rows (``scope == "Riket"``) are read; the first number in the
cell is the count. A cell without a number, a missing column or a year that is not a year
stops the build naming file, row and column (header = row 1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.validation import DataValidationError, Problem

COLUMNS = ("year", "scope", "respondents")
_COUNT = re.compile(r"^\D*?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)")


def read_hsb_respondents(path: Path | str) -> pd.Series:
    """National respondents per year (a Series indexed by year), from the copied publications."""
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise DataValidationError(
            [Problem(str(path), 1, c, "<missing>", "this column in the header") for c in missing], str(path)
        )
    problems, counts = [], {}
    for i, row in raw.iterrows():
        line = int(i) + 2
        if not re.fullmatch(r"(19|20)\d{2}", row["year"].strip()):
            problems.append(Problem(str(path), line, "year", row["year"], "a four-digit year"))
            continue
        m = _COUNT.match(row["respondents"].strip())
        if not m:
            problems.append(
                Problem(
                    str(path),
                    line,
                    "respondents",
                    row["respondents"],
                    "a count such as 50854 or 'drygt 40 000'",
                )
            )
            continue
        if row["scope"].strip() == "Riket":
            counts[int(row["year"])] = float(re.sub(r"\D", "", m.group(1)))
    if problems:
        raise DataValidationError(problems, str(path))
    if not counts:
        raise DataValidationError(
            [Problem(str(path), None, "scope", "", "at least one row for 'Riket'")], str(path)
        )
    return pd.Series(counts, name="respondents").sort_index()


def respondents_by_year(counts: pd.Series, years) -> pd.Series:
    """Respondents for ``years``: the published count, else the median of the published years."""
    years = pd.Index([int(y) for y in years])
    return pd.Series(counts.reindex(years).fillna(counts.median()).to_numpy(), index=years)
