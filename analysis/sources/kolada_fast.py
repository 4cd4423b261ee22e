"""A memory-lean reader for well-formed Kolada snapshot files (pyarrow's CSV reader).

The row-by-row reader in :mod:`analysis.sources.kolada` names every problem with file, row and
column, but holds each field as a Python string: a 1 000 000-row file (35 MB) peaked at 1,3 GB.
This reader parses with pyarrow into dictionary-encoded columns, checks the few distinct values
of each column (KPI ids, region ids and names, years, genders) and the numbers as a whole, and
returns the tidy table with categorical text columns: peak memory stays within about three
times the file size. It only *detects* problems: on any doubt (encoding, a ragged or quoted
row, blank lines, an unknown value) it returns ``None`` and the caller reads
the file row by row, which then reports exactly what is wrong and where.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.validation import MAX_YEAR, MIN_YEAR

#: What a value must look like to be read here (a subset of what ``float()`` accepts).
_NUMBER = r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
_CHUNK = 1 << 22


def _clean_lines(path: Path) -> int | None:
    """Number of lines if the file is UTF-8 and every line is non-blank, else None (streamed)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines, last, blank = 0, b"\n", False
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None
            blank = (
                blank or b"\n\n" in chunk or b"\n\r\n" in chunk or (last == b"\n" and chunk[:1] in b"\r\n")
            )
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if blank or last != b"\n":
        return None
    return lines


def _constant(text: str, n: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index([text], dtype="str"))


def _categorical(indices: np.ndarray, dictionary: Sequence[str], mapping: Callable[[str], str] | None = None):
    values = [mapping(v) for v in dictionary] if mapping else list(dictionary)
    categories = list(dict.fromkeys(values))
    position = {v: i for i, v in enumerate(categories)}
    remap = np.array([position[v] for v in values], dtype=np.int16)
    codes = remap[indices] if len(values) else indices
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype="str"))


def read_snapshot_fast(
    path: Path | str,
    columns: Sequence[str],
    region_ids: Mapping[str, str],
    region_of_name: Callable[[str], str | None],
    kpi_re: re.Pattern,
    source: str,
    units: Mapping[str, str],
    unknown_unit: str,
) -> pd.DataFrame | None:
    """The tidy table of a well-formed snapshot (text columns categorical), or None on any doubt.

    ``region_of_name`` maps a region name to its code (None when unknown).
    """
    path = Path(path)
    lines = _clean_lines(path)
    if not lines or lines < 2:
        return None
    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {c: dictionary for c in columns if c != "value"} | {"value": pa.string()}
    n = lines - 1  # one row per line (blank lines sent the file to the row-by-row reader)
    numbers = np.empty(n)
    texts = [c for c in columns if c != "value"]
    codes = {c: np.empty(n, dtype=np.int16) for c in texts}  # few distinct values per column
    seen: dict[str, dict[str, int]] = {c: {} for c in texts}
    done = 0
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=1 << 17, use_threads=False),  # small read-ahead
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
        if reader.schema.names != list(columns):
            return None  # extra or reordered columns
        for batch in reader:  # one block at a time into preallocated arrays: never the whole table
            size = batch.num_rows
            if done + size > n:
                return None
            value = batch.column("value")
            if not pc.all(pc.match_substring_regex(value, _NUMBER)).as_py():
                return None
            numbers[done : done + size] = pc.cast(value, pa.float64()).to_numpy(zero_copy_only=False)
            for column in texts:
                array = batch.column(column)
                known = seen[column]
                local = np.array(
                    [known.setdefault(v, len(known)) for v in array.dictionary.to_pylist()], dtype=np.int32
                )
                codes[column][done : done + size] = local[array.indices.to_numpy(zero_copy_only=False)]
            done += size
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if done != n:
        return None
    dictionaries = {c: list(seen[c]) for c in texts}
    kpis, rids, rnames = dictionaries["kpi"], dictionaries["region_code"], dictionaries["region"]
    years, sexes = dictionaries["year"], dictionaries["gender"]
    if not all(kpi_re.match(k) for k in kpis) or not all(r in region_ids for r in rids):
        return None
    if not all(re.fullmatch(r"\d{4}", y) and MIN_YEAR <= int(y) <= MAX_YEAR for y in years):
        return None
    if not set(sexes) <= {"T", "K", "M"}:
        return None
    pairs = np.zeros((len(rids), len(rnames)), dtype=bool)  # which (region id, name) occur
    pairs[codes["region_code"], codes.pop("region")] = True
    for i, j in zip(*np.nonzero(pairs), strict=True):
        if region_of_name(rnames[j]) != region_ids[rids[i]]:
            return None
    # duplicate keys are left to validate_tidy, which names both rows as the row-by-row reader would
    n = len(numbers)
    missing = np.full(n, np.nan)  # one array behind the four empty columns (copy-on-write)
    unit_of = {k: units.get(k, unknown_unit) for k in kpis}
    frame = pd.DataFrame(
        {
            "source": _constant(source, n),
            "indicator": _categorical(codes["kpi"], kpis),
            "region_code": _categorical(codes["region_code"], rids, region_ids.__getitem__),
            "year": np.array([int(y) for y in years], dtype=np.int64)[codes.pop("year")],
            "sex": _categorical(codes.pop("gender"), sexes),
            "value": numbers,
            "unit": _categorical(codes.pop("kpi"), kpis, unit_of.__getitem__),
            **dict.fromkeys(("numerator", "denominator", "ci_low", "ci_high"), missing),
            "source_file": _constant(str(path), n),
            "source_row": np.arange(2, n + 2, dtype=np.int64),
        },
        copy=False,  # no consolidated copy of the numeric columns
    )
    return frame


def plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with categorical text columns as plain strings (for small, filtered tables)."""
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "str" for c in categorical})
