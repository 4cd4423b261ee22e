"""What the analyses expect a source to hold, checked where the source is read.

A file can be well formed and still lack what the analyses need: a Vården i siffror title
respelled in a new export gives its series a new id, so the series the analysis sheet names
silently disappears (and a chapter later fails with a bare ``KeyError``); an SKR file without
Riket rows leaves the national cost share undefined. These checks stop the tidy rule instead,
naming the input file, the row and the column to look at.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.validation import DataValidationError, Problem


def _first_row(table: pd.DataFrame, indicator: str) -> tuple[str, int | None]:
    rows = table[table["indicator"] == indicator].sort_values(["source_file", "source_row"])
    return str(rows["source_file"].iloc[0]), int(rows["source_row"].iloc[0])


def missing_sheet_series(
    table: pd.DataFrame,
    sheet: pd.DataFrame,
    provider: str,
    column: str,
    titles: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Problems for each sheet row of ``provider`` whose id is absent from the tidy ``table``.

    When a similar id is present (the likely respelling), the problem points at the first row
    of that series in its source file, with its title (``titles``: id -> title as written).
    """
    titles = titles or {}
    present = sorted(set(table["indicator"]))
    files = ", ".join(sorted(set(table["source_file"].astype(str)))) or "<no file>"
    problems = []
    for row in sheet[sheet["provider"] == provider].itertuples():
        if row.id in present:
            continue
        wanted = f"the series {row.id!r} that the analysis sheet lists as {row.name_sv!r}"
        close = difflib.get_close_matches(row.id, present, n=1, cutoff=0.6)
        if close:
            file, line = _first_row(table, close[0])
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    titles.get(close[0], close[0]),
                    f"{wanted}; this {column} gives {close[0]!r} instead (respelled? correct the file or "
                    "the sheet's id in data-raw/indicators.csv)",
                )
            )
        else:
            problems.append(Problem(files, None, column, "<absent>", f"{wanted}; no similar {column} found"))
    return problems


def require_sheet_series(
    table: pd.DataFrame,
    sheet: pd.DataFrame,
    provider: str,
    column: str,
    titles: Mapping[str, str] | None = None,
) -> None:
    """Raise :class:`DataValidationError` unless every ``provider`` series of the sheet is present."""
    problems = missing_sheet_series(table, sheet, provider, column, titles)
    if problems:
        raise DataValidationError(problems, context=f"series of the analysis sheet ({provider})")


def require_regions(
    table: pd.DataFrame, codes: Iterable[str], file: str, column: str, why: str, exclude_suffix: str = ""
) -> None:
    """Raise unless each region code in ``codes`` has rows (``"00"``: Riket).

    ``exclude_suffix``: indicator ids ending with it do not count (e.g. SKR's variant "Riket
    exkl gotland", which is not the national total).
    """
    rows = table if not exclude_suffix else table[~table["indicator"].str.endswith(exclude_suffix)]
    have = set(rows["region_code"])
    problems = [
        Problem(
            file,
            None,
            column,
            f"<no row for {code}>",
            f"rows for region {code!r}{' (Riket)' if code == '00' else ''}: {why}; "
            f"the file has {len(have)} regions and none is {code!r}",
        )
        for code in codes
        if code not in have
    ]
    if problems:
        raise DataValidationError(problems, context=file)
