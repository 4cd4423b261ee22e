"""Declared schemas for result tables, checked by the rule that writes them.

A chapter reads ``results/**/*.parquet`` and trusts its columns, types and values. When a
source changes shape (a respelled title, a region that is no longer there) the failure must
stop at the data layer, naming file, row and column, not surface as a bare ``KeyError`` in a
chapter. So every result table a chapter reads is declared here (one module per result
folder: columns, what each holds, which values are allowed, where a value may be missing,
which key is unique) and written through :func:`write_result`, which validates with pandera
and raises :class:`~analysis.validation.DataValidationError` listing every problem.

Declared columns must be present; extra columns are allowed (a new column is additive and
cannot break a reader). Floats may be missing (NaN) unless declared otherwise; text, integer,
year, region and flag columns may not, unless declared ``nullable=True``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.regions import ALL_CODES
from analysis.registry import DIRECTIONS as DIRECTIONS  # re-exported for the schema modules
from analysis.validation import MAX_YEAR, MIN_YEAR, DataValidationError, Problem

#: Sexes of the tidy table: total, women, men.
SEXES: tuple[str, ...] = ("T", "K", "M")


def _is_text(value) -> bool:
    return isinstance(value, str)


def _dtype_check(test, name: str) -> pa.Check:
    """A column-level type check; its name is what the error message says was expected."""
    return pa.Check(lambda s: bool(test(s)), name=name)


def _numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _integer(s: pd.Series) -> bool:
    if pd.api.types.is_integer_dtype(s):
        return True
    # a float column holding whole numbers (years or pages with gaps, written by pandas as float)
    return pd.api.types.is_float_dtype(s) and bool(np.all(np.isnan(s) | (s == np.round(s))))


def text(nullable: bool = False, values: Iterable[str] | None = None) -> pa.Column:
    """A text column; ``values`` restricts it to an allowed set."""
    checks = [pa.Check(_is_text, element_wise=True, name="text")]
    if values is not None:
        allowed = sorted(set(values))
        checks.append(pa.Check.isin(allowed, error="one of " + ", ".join(repr(v) for v in allowed)))
    return pa.Column(None, checks, nullable=nullable)


def number(nullable: bool = True, min: float | None = None, max: float | None = None, finite: bool = True):
    """A numeric column (integers or floats; NaN allowed unless ``nullable=False``)."""
    checks = [_dtype_check(_numeric, "numbers")]
    if finite:
        checks.append(pa.Check(lambda v: bool(np.isfinite(v)), element_wise=True, name="a finite number"))
    if min is not None:
        checks.append(pa.Check.ge(min, error=f"a number of at least {min:g}"))
    if max is not None:
        checks.append(pa.Check.le(max, error=f"a number of at most {max:g}"))
    return pa.Column(None, checks, nullable=nullable)


def integer(nullable: bool = False, min: int | None = None, max: int | None = None) -> pa.Column:
    """A whole-number column (counts, ranks, seeds)."""
    checks = [_dtype_check(_integer, "whole numbers")]
    if min is not None:
        checks.append(pa.Check.ge(min, error=f"a whole number of at least {min}"))
    if max is not None:
        checks.append(pa.Check.le(max, error=f"a whole number of at most {max}"))
    return pa.Column(None, checks, nullable=nullable)


def count(nullable: bool = False) -> pa.Column:
    """A non-negative whole number."""
    return integer(nullable, min=0)


def year(nullable: bool = False) -> pa.Column:
    """A calendar year within the project's window."""
    return pa.Column(
        None,
        [
            _dtype_check(_integer, "whole years"),
            pa.Check.in_range(MIN_YEAR, MAX_YEAR, error=f"a year between {MIN_YEAR} and {MAX_YEAR}"),
        ],
        nullable=nullable,
    )


def region(nullable: bool = False) -> pa.Column:
    """A two-digit län code (``"00"`` = Riket), as :mod:`analysis.regions` defines them."""
    return pa.Column(
        None,
        [
            pa.Check(_is_text, element_wise=True, name="text"),
            pa.Check.isin(list(ALL_CODES), error="a two-digit län code or '00' (Riket)"),
        ],
        nullable=nullable,
    )


def probability(nullable: bool = True) -> pa.Column:
    """A p-value or share between 0 and 1."""
    return number(nullable, min=0.0, max=1.0)


def flag(nullable: bool = False) -> pa.Column:
    """A true/false column."""
    return pa.Column(None, [_dtype_check(pd.api.types.is_bool_dtype, "true/false values")], nullable=nullable)


def anything() -> pa.Column:
    """A column that must be present but whose type is not fixed (tables that may be empty)."""
    return pa.Column(None, nullable=True)


@dataclass(frozen=True)
class ResultSchema:
    """What a result table holds: declared columns, a unique key, rows and values that must exist.

    ``min_rows``: fewer rows is an error (an empty result where a chapter expects one).
    ``present``: column -> values that must occur in it (e.g. Riket, ``"00"``, in a table of
    shares from which the national figure is read).
    """

    name: str
    columns: Mapping[str, pa.Column]
    unique: tuple[str, ...] = ()
    min_rows: int = 1
    present: Mapping[str, tuple] = field(default_factory=dict)

    @property
    def pandera(self) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            dict(self.columns), unique=list(self.unique) or None, strict=False, name=self.name
        )

    def problems(self, df: pd.DataFrame, path: str) -> list[Problem]:
        """Every way ``df`` breaks this schema, located by file, row and column."""
        df = df.reset_index(drop=True)
        if len(df) == 0 and self.min_rows == 0 and len(df.columns) == 0:
            return []  # an allowed-empty table written without columns: nothing to check
        problems: list[Problem] = []
        if len(df) < self.min_rows:
            problems.append(
                Problem(path, None, "<rows>", len(df), f"at least {self.min_rows} row(s) in {self.name}")
            )
        for column, values in self.present.items():
            if column in df.columns:
                for value in values:
                    if not (df[column] == value).any():
                        problems.append(
                            Problem(path, None, column, "<absent>", f"a row with {column} = {value!r}")
                        )
        try:
            self.pandera.validate(df, lazy=True)
        except pa.errors.SchemaErrors as err:
            problems += _pandera_problems(df, path, self.unique, err.failure_cases)
        return problems

    def validate(self, df: pd.DataFrame, path: str | Path) -> pd.DataFrame:
        """Return ``df`` unchanged, or raise :class:`DataValidationError` listing every problem."""
        problems = self.problems(df, str(path))
        if problems:
            raise DataValidationError(problems, context=f"{path} (result table {self.name})")
        return df


def _where(df: pd.DataFrame, path: str, index) -> tuple[str, int | None]:
    """Result file and 1-based row; for tidy rows, the source file and line they came from."""
    if index is None or pd.isna(index) or int(index) not in df.index:
        return path, None
    index = int(index)
    if {"source_file", "source_row"} <= set(df.columns) and pd.notna(df.at[index, "source_row"]):
        return f"{df.at[index, 'source_file']} (via {path})", int(df.at[index, "source_row"])
    return path, index + 1


def _pandera_problems(df, path, unique, cases: pd.DataFrame) -> list[Problem]:
    problems, seen = [], set()
    for case in cases.itertuples(index=False):
        index = case.index if pd.notna(case.index) else None
        file, row = _where(df, path, index)
        check = str(case.check)
        if check in ("column_in_dataframe", "column_in_schema"):
            problems.append(
                Problem(path, None, str(case.failure_case), "<missing>", "this column (declared)")
            )
            continue
        if check == "multiple_fields_uniqueness":
            if index in seen:
                continue
            seen.add(index)
            key = (
                "/".join(str(df.at[int(index), c]) for c in unique)
                if index is not None
                else case.failure_case
            )
            problems.append(
                Problem(file, row, "+".join(unique), key, "a unique key; it occurs more than once")
            )
            continue
        if check == "not_nullable":
            problems.append(Problem(file, row, str(case.column), "<missing value>", "a value (not empty)"))
            continue
        value = case.failure_case
        if index is None and value is False:  # a column-level (type) check
            value = str(df[case.column].dtype) if case.column in df.columns else value
        problems.append(Problem(file, row, str(case.column), value, check))
    return problems


def write_result(df: pd.DataFrame, path: str | Path, schema: ResultSchema) -> None:
    """Validate ``df`` against ``schema`` and write it to ``path`` as parquet (no index).

    Nothing is written when the table breaks its schema, so the next rule never reads it.
    """
    schema.validate(df, path)
    df.to_parquet(path, index=False)
