"""Vården i siffror (VIS) export files -> the tidy table.

VIS exports (vardenisiffror.se, "Exportera") are semicolon-separated, decimal comma, UTF-8
with BOM, one row per indicator x unit x period x sex, with Swedish headers
(``Datum och tid för uttag;Register/källa;Titel;Diagramrubrik;Indikator-Id;Mätperiod;Länskod;
…;Värde;Täljare;Nämnare/antal fall;KI-Låg;KI-Hög;…``). The last header differs between
exports and is not used. ``read_vis_export`` turns one file into the tidy table described in
``docs/developing.md``; every problem raises :class:`DataValidationError` naming file, line,
column, value and expectation.

Decisions (why, so that results can be traced):

* **Indicator id** = ``"vis:" + slug(Titel)``, e.g. ``vis:stort_fortroende_for_vardcentraler``.
  VIS gives each sex its own ``Indikator-Id`` (uuid); the three uuids share the title, so they
  share the id and are told apart by ``sex``. Uuids are kept in ``vis_indicator_metadata``.
* **Periods.** ``YYYY`` -> that year. Sub-annual periods get a distinct id, never mixed with
  annual values: half-years ``YYYY H1``/``H2`` -> suffix ``/h1``, ``/h2``; months
  ``YYYY januari`` … -> ``/m01`` … ``/m12``; ranges ``YYYY-YYYY`` -> year = last year, suffix
  ``/<n>ar``. Väntetider i vården (phone access, doctor visit within 7 days) publishes
  half-years and single measurement months; the months are not a partition of the
  half-years (months are measurement periods; H1 numerators are not their sum), so nothing
  is summed here. ``pool_half_years`` offers the documented exact pooling H1+H2 (sum of
  numerators over sum of denominators) as ``/helar`` when wanted.
* **Ages.** ``Alla`` -> no suffix; any other age group -> suffix ``/alder_<slug>``
  (the 2019 exports only contain ``Alla``).
* **Missing values.** ``-`` and ``UNK`` mean "not published". Rows without a value are
  excluded, counted and logged, and returned in :class:`ParseReport` ``excluded``. VIS writes
  ``Nämnare`` = 0 (with ``Täljare`` ``-`` or 0) when it has no counts: both are read as NaN.
  HME index values of exactly 0 are placeholders for regions without a result (real values
  are 70-82) and are excluded the same way.
* **Riket.** The 2019 exports hold only län rows (``Enhetstyp`` = ``Län``, ``Länskod`` 1-25);
  VIS has no Riket row in them. A row with ``Enhetstyp`` ``Riket``, ``Länskod`` 0 or the name
  ``Riket`` would be read as ``"00"``. ``Enhetsnamn`` must agree with ``Länskod``.
* **Units.** ``%`` -> ``procent``; ``Kronor`` -> ``kr/inv`` only when the title or chart title
  says "per invånare", ``kr/viktad vårdkontakt`` for cost per weighted contact, else
  ``kronor``; ``Antal per tusen`` -> ``antal/1 000 inv`` (per inhabitants per the title);
  ``Antal per hundra tusen`` -> ``antal/100 000 inv``; ``Index`` -> ``index``.
* **Counts and weights.** Väntetider values equal 100·Täljare/Nämnare to rounding;
  Vårdbarometern values are weighted survey shares, so 100·T/N differs by up to ~6 points
  (``max_abs_diff_pct`` in the metadata).

The low-level reader ``read_semicolon_csv`` is shared with ``analysis.sources.skr``.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.calendar_sv import MONTHS_SV
from analysis.regions import region_name, to_region_code
from analysis.sources.textfile import decode_utf8
from analysis.validation import (
    KEY,
    MAX_YEAR,
    MIN_YEAR,
    TIDY_COLUMNS,
    DataValidationError,
    Problem,
    validate_tidy,
)

log = logging.getLogger(__name__)

SOURCE = "vis"

#: Columns this reader needs (the export has more; the last header varies between files).
REQUIRED_COLUMNS: list[str] = [
    "Register/källa",
    "Titel",
    "Diagramrubrik",
    "Indikator-Id",
    "Mätperiod",
    "Länskod",
    "Enhetstyp",
    "Enhetsnamn",
    "Ålder",
    "Kön/Totalt",
    "Måttenhet",
    "Värde",
    "Täljare",
    "Nämnare/antal fall",
    "KI-Låg",
    "KI-Hög",
]

#: Tokens VIS uses for "not published".
MISSING_TOKENS = frozenset({"-", "UNK"})

SEX_CODES = {"Totalt": "T", "Kvinnor": "K", "Män": "M"}

MONTHS = {m: i for i, m in enumerate(MONTHS_SV, start=1)}

_NUMBER = re.compile(r"[-−]?\d+(?:,\d+)?(?:[eE][-+]?\d+)?")
_DELIMITERS = {",": "','", "\t": "tab", "|": "'|'"}
_LINE = "_line"


# ---------------------------------------------------------------------------------------------
# Shared low-level reading


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """Readable ASCII id part: lower case, diacritics folded, runs of other characters -> ``_``."""
    text = text.replace("+", " plus ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _fail(file: str, row: int | None, column: str, value: object, expected: str) -> DataValidationError:
    return DataValidationError([Problem(file, row, column, value, expected)], context=file)


def _decode(data: bytes, file: str) -> str:
    """Decode UTF-8 (BOM optional); on failure name the line, column, offending text and cause."""
    return decode_utf8(data, file, ";")


def read_semicolon_csv(path: str | Path, required: Sequence[str]) -> pd.DataFrame:
    """Read a semicolon-separated UTF-8 file as strings, one column per header plus ``_line``.

    ``_line`` is the 1-based physical line (header = 1). Structural problems (empty file,
    wrong encoding or delimiter, missing columns, rows with the wrong number of fields,
    truncated last line, no data rows) raise :class:`DataValidationError`.
    """
    file = str(path)
    data = Path(path).read_bytes()
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise _fail(file, 1, "<header>", "", "a header line with the columns " + ";".join(required))
    text = _decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    rows: list[list[str]] = []
    lines: list[int] = []
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line: nothing to read
        rows.append(row)
        lines.append(reader.line_num)
    header = [h.strip() for h in rows[0]]
    if len(header) == 1:
        found = [name for d, name in _DELIMITERS.items() if d in header[0]]
        hint = f" (the header is separated by {found[0]})" if found else ""
        raise _fail(file, lines[0], "<header>", header[0][:80], f"semicolon-separated columns{hint}")
    problems = []
    for col in required:
        if col not in header:
            extra = [h for h in header if h not in required]
            close = difflib.get_close_matches(col, extra, n=1, cutoff=0.6)
            problems.append(
                Problem(
                    file,
                    lines[0],
                    col,
                    close[0] if close else "<missing>",
                    f"a column named '{col}'" + (" (renamed?)" if close else "") + f"; header is {header}",
                )
            )
    dupes = sorted({h for h in header if header.count(h) > 1})
    problems += [Problem(file, lines[0], h, h, "each column name once") for h in dupes]
    if problems:
        raise DataValidationError(problems, context=file)
    if len(rows) == 1:
        raise _fail(file, lines[0] + 1, "<rows>", "<end of file>", "at least one data row after the header")
    ends_cleanly = text.endswith(("\n", "\r"))
    for i, (row, line) in enumerate(zip(rows[1:], lines[1:], strict=True), start=1):
        if len(row) == len(header):
            continue
        column = header[len(row)] if len(row) < len(header) else "<extra field>"
        shown = ";".join(row)
        shown = shown if len(shown) <= 100 else "…" + shown[-99:]
        if i == len(rows) - 1 and not ends_cleanly and len(row) < len(header):
            expected = (
                f"a complete last line with {len(header)} fields; found {len(row)} "
                "(truncated last line: the file ends in the middle of a row)"
            )
        else:
            expected = f"{len(header)} ';'-separated fields as in the header; found {len(row)}"
        problems.append(Problem(file, line, column, shown, expected))
    if not ends_cleanly and not problems:  # complete field count, but cut inside the last field
        shown = ";".join(rows[-1])
        shown = shown if len(shown) <= 100 else "…" + shown[-99:]
        problems.append(
            Problem(
                file,
                lines[-1],
                header[-1],
                shown,
                "a newline after the last row (the file ends inside a row, e.g. 6,2 cut to 6: "
                "it looks truncated; fetch it again)",
            )
        )
    if problems:
        raise DataValidationError(problems, context=file)
    frame = pd.DataFrame([[f.strip() for f in r] for r in rows[1:]], columns=header, dtype=str)
    frame[_LINE] = lines[1:]
    return frame


def parse_numbers(
    raw: pd.DataFrame,
    column: str,
    file: str,
    problems: list[Problem],
    missing: Iterable[str] = MISSING_TOKENS,
) -> pd.Series:
    """Decimal-comma numbers (exponent allowed) -> float; missing tokens -> NaN; else a problem."""
    s = raw[column]
    missing = frozenset(missing)
    is_missing = s.isin(missing)
    ok = s.str.fullmatch(_NUMBER.pattern)
    tokens = " or ".join(f"'{t}'" for t in sorted(missing))
    tokens = f", or {tokens} for not published" if tokens else ""
    for idx in raw.index[~ok & ~is_missing]:
        value = s[idx]
        hint = " (found a decimal point)" if re.fullmatch(r"-?\d+\.\d+", value) else ""
        problems.append(
            Problem(
                file,
                int(raw.at[idx, _LINE]),
                column,
                value,
                f"a number with decimal comma (e.g. 63,5){hint}{tokens}",
            )
        )
    clean = s.where(ok).str.replace(",", ".", regex=False).str.replace("−", "-", regex=False)
    return pd.to_numeric(clean, errors="coerce").astype(float)


def check_duplicates(
    keys: pd.DataFrame, raw: pd.DataFrame, file: str, column: str, problems: list[Problem]
) -> None:
    """Add a problem for every row whose key already occurred on an earlier line."""
    complete = keys.notna().all(axis=1)
    k = keys[complete]
    dup = k.duplicated(keep=False)
    if not dup.any():
        return
    first_line: dict[tuple, int] = {}
    for idx in k.index[dup]:
        key = tuple(k.loc[idx])
        line = int(raw.at[idx, _LINE])
        if key not in first_line:
            first_line[key] = line
            continue
        problems.append(
            Problem(
                file,
                line,
                column,
                " / ".join(str(v) for v in key),
                f"a unique key; the same key is already on row {first_line[key]}",
            )
        )


def flag_rows(
    raw: pd.DataFrame, mask: pd.Series, column: str, expected, file: str, problems: list[Problem]
) -> None:
    """Add a problem for every row where ``mask`` holds: ``column`` is not what ``expected`` says.

    ``expected`` is the text, or a function of the row index where the text names the row's values.
    """
    for idx in raw.index[mask.fillna(False)]:
        exp = expected(idx) if callable(expected) else expected
        problems.append(Problem(file, int(raw.at[idx, _LINE]), column, raw.at[idx, column], exp))


def parse_each(raw: pd.DataFrame, column: str, parse, errors: type[Exception]) -> pd.Series:
    """``parse`` each distinct value of ``column`` once; None where it raises ``errors``."""
    parsed = {}
    for value in raw[column].unique():
        try:
            parsed[value] = parse(value)
        except errors:
            parsed[value] = None
    return raw[column].map(parsed)


# ---------------------------------------------------------------------------------------------
# Report


@dataclass
class ParseReport:
    """What a reader kept, excluded (with reasons and lines) and noted about one file."""

    file: str
    n_rows: int
    n_kept: int
    excluded: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def n_excluded(self) -> int:
        return len(self.excluded)

    def counts(self) -> dict[str, int]:
        """Number of excluded rows per reason."""
        if self.excluded.empty:
            return {}
        return {str(k): int(v) for k, v in self.excluded["reason"].value_counts().items()}

    def summary(self) -> str:
        parts = [f"{self.file}: {self.n_rows} rows read, {self.n_kept} kept, {self.n_excluded} excluded"]
        parts += [f"  excluded, {reason}: {n}" for reason, n in self.counts().items()]
        parts += [f"  note: {n}" for n in self.notes]
        return "\n".join(parts)


EXCLUDED_COLUMNS = ["source_row", "indicator", "region_code", "period", "sex", "column", "value", "reason"]


# ---------------------------------------------------------------------------------------------
# VIS specifics


def parse_period(text: str) -> tuple[int, str, str]:
    """``Mätperiod`` -> (year, indicator suffix, kind). Raises ``ValueError`` if not understood."""
    t = " ".join(text.split())
    if m := re.fullmatch(r"(\d{4})", t):
        year, suffix, kind = int(m[1]), "", "year"
    elif m := re.fullmatch(r"(\d{4}) ?[Hh]([12])", t):
        year, suffix, kind = int(m[1]), f"/h{m[2]}", "half-year"
    elif (m := re.fullmatch(r"(\d{4}) ([A-Za-zåäöÅÄÖ]+)", t)) and m[2].lower() in MONTHS:
        year, suffix, kind = int(m[1]), f"/m{MONTHS[m[2].lower()]:02d}", "month"
    elif (m := re.fullmatch(r"(\d{4}) ?[-–] ?(\d{4})", t)) and int(m[1]) < int(m[2]):
        year, suffix, kind = int(m[2]), f"/{int(m[2]) - int(m[1]) + 1}ar", "multi-year"
    else:
        raise ValueError(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(text)
    return year, suffix, kind


def age_suffix(age: str) -> str:
    """``Alla`` -> ``""``; any other age group -> ``/alder_<slug>``."""
    return "" if age.strip().casefold() == "alla" else f"/alder_{slugify(age)}"


def vis_unit(unit: str, title: str, chart_title: str) -> str | None:
    """Map VIS ``Måttenhet`` to the compendium's unit, reading the titles where needed."""
    text = f"{title} {chart_title}".casefold()
    per_inhabitant = "per invånare" in text or "per 1 000 invånare" in text or "per 100 000 invånare" in text
    match unit.strip():
        case "%":
            return "procent"
        case "Kronor":
            if "per invånare" in text:
                return "kr/inv"
            if "per viktad vårdkontakt" in text:
                return "kr/viktad vårdkontakt"
            if "per vårdkontakt" in text:
                return "kr/vårdkontakt"
            return "kronor"
        case "Antal per tusen":
            return "antal/1 000 inv" if per_inhabitant else "antal/1 000"
        case "Antal per hundra tusen":
            return "antal/100 000 inv" if per_inhabitant else "antal/100 000"
        case "Index":
            return "index"
        case "Antal":
            return "antal"
    return None


_KNOWN_UNITS = "'%', 'Kronor', 'Antal per tusen', 'Antal per hundra tusen', 'Index' or 'Antal'"


def _regions(raw: pd.DataFrame, file: str, problems: list[Problem]) -> pd.Series:
    """``Länskod`` (+ ``Enhetstyp``/``Enhetsnamn``) -> canonical region code, checked."""
    out = pd.Series(pd.NA, index=raw.index, dtype=object)
    combos = raw.groupby(["Länskod", "Enhetstyp", "Enhetsnamn"], sort=False).groups
    for (code_raw, kind, name), index in combos.items():
        try:
            by_name = to_region_code(name)
        except KeyError:
            by_name = None
        expected, column, value, code = None, "Länskod", code_raw, None
        if kind.casefold() in {"riket", "land"} or (by_name == "00" and code_raw in {"", "-", "0", "00"}):
            code = "00"
        elif kind.casefold() != "län":
            column, value = "Enhetstyp", kind
            expected = "'Län' (or 'Riket'): this reader handles län-level exports"
        else:
            try:
                code = to_region_code(code_raw)
            except KeyError:
                expected = "a län code as used by SCB (1 Stockholm … 25 Norrbotten) or 0 for Riket"
            if code is not None and by_name is not None and by_name != code:
                column, value = "Enhetsnamn", name
                expected = f"the name of län {code_raw} ({region_name(code)}) to match Länskod"
        if expected:
            problems += [Problem(file, int(raw.at[i, _LINE]), column, value, expected) for i in index]
        else:
            out.loc[index] = code
    return out


def _annotate(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the file and add parsed columns (``_indicator``, ``_year``, ``_value``, …)."""
    file = str(path)
    raw = read_semicolon_csv(path, REQUIRED_COLUMNS)
    problems: list[Problem] = []
    line = raw[_LINE].astype(int)

    raw["_region"] = _regions(raw, file, problems)

    raw["_sex"] = raw["Kön/Totalt"].map(SEX_CODES)
    flag_rows(raw, raw["_sex"].isna(), "Kön/Totalt", "'Totalt', 'Kvinnor' or 'Män'", file, problems)

    parsed = parse_each(raw, "Mätperiod", parse_period, ValueError)
    flag_rows(
        raw,
        parsed.isna(),
        "Mätperiod",
        f"a year YYYY ({MIN_YEAR}-{MAX_YEAR}), 'YYYY H1'/'YYYY H2', 'YYYY <månad>' or 'YYYY-YYYY'",
        file,
        problems,
    )
    raw["_year"] = parsed.map(lambda p: p[0] if p else pd.NA)
    raw["_period_kind"] = parsed.map(lambda p: p[2] if p else pd.NA)
    period_suffix = parsed.map(lambda p: p[1] if p else "")

    title_slug = raw["Titel"].map({t: slugify(t) for t in raw["Titel"].unique()})
    flag_rows(raw, title_slug == "", "Titel", "a non-empty indicator title", file, problems)
    raw["_indicator"] = ("vis:" + title_slug + raw["Ålder"].map(age_suffix) + period_suffix).where(
        title_slug != ""
    )

    units = {
        k: vis_unit(*k)
        for k in raw[["Måttenhet", "Titel", "Diagramrubrik"]].drop_duplicates().itertuples(index=False)
    }
    raw["_unit"] = [units[k] for k in raw[["Måttenhet", "Titel", "Diagramrubrik"]].itertuples(index=False)]
    flag_rows(raw, raw["_unit"].isna(), "Måttenhet", _KNOWN_UNITS, file, problems)
    for _ind, g in raw.dropna(subset=["_indicator"]).groupby("_indicator", sort=False):
        if g["Måttenhet"].nunique() > 1:
            first = g.iloc[0]
            for idx in g.index[g["Måttenhet"] != first["Måttenhet"]]:
                problems.append(
                    Problem(
                        file,
                        int(line[idx]),
                        "Måttenhet",
                        raw.at[idx, "Måttenhet"],
                        f"'{first['Måttenhet']}' as on row {first[_LINE]} "
                        f"(one unit per indicator; {_ind} mixes units)",
                    )
                )

    value = parse_numbers(raw, "Värde", file, problems)
    num = parse_numbers(raw, "Täljare", file, problems)
    den = parse_numbers(raw, "Nämnare/antal fall", file, problems)
    lo = parse_numbers(raw, "KI-Låg", file, problems)
    hi = parse_numbers(raw, "KI-Hög", file, problems)

    def add(mask: pd.Series, column: str, expected) -> None:
        flag_rows(raw, mask, column, expected, file, problems)

    pct = raw["_unit"] == "procent"
    add(pct & ((value < 0) | (value > 100)), "Värde", "a percentage between 0 and 100")
    add(~pct & (value < 0), "Värde", "a non-negative value (no VIS unit here can be negative)")
    add(den < 0, "Nämnare/antal fall", "a non-negative count (denominator)")
    add(num < 0, "Täljare", "a non-negative count (numerator)")
    add(
        (num > den) & (den >= 0),
        "Täljare",
        lambda i: f"at most the denominator (Nämnare/antal fall = {raw.at[i, 'Nämnare/antal fall']})",
    )
    add(lo > hi, "KI-Låg", lambda i: f"a lower limit at most KI-Hög ({raw.at[i, 'KI-Hög']})")
    add(lo.isna() != hi.isna(), "KI-Låg", "both KI-Låg and KI-Hög, or neither")

    # Nämnare 0 with no (or zero) numerator is VIS's way of writing "no counts published".
    unpublished = (den == 0) & (num.isna() | (num == 0))
    raw["_n_den0"] = unpublished
    raw["_value"] = value
    raw["_numerator"] = num.mask(unpublished)
    raw["_denominator"] = den.mask(unpublished)
    raw["_ci_low"], raw["_ci_high"] = lo, hi

    keys = raw[["_indicator", "_region", "_year", "_sex"]]
    check_duplicates(keys, raw, file, "Titel+Ålder+Mätperiod+Länskod+Kön/Totalt", problems)

    reason = pd.Series(pd.NA, index=raw.index, dtype=object)
    missing = raw["Värde"].isin(MISSING_TOKENS)
    reason[missing] = "value not published ('" + raw.loc[missing, "Värde"] + "')"
    placeholder = (raw["_unit"] == "index") & (value == 0)
    reason[placeholder] = "index value 0 = no result for the region (placeholder)"
    raw["_excluded"] = reason
    return raw, problems


def _parse(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, ParseReport]:
    file = str(path)
    raw, problems = _annotate(path)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column))
        raise DataValidationError(problems, context=file)
    keep = raw["_excluded"].isna()
    kept = raw[keep]
    tidy = pd.DataFrame(
        {
            "source": SOURCE,
            "indicator": kept["_indicator"],
            "region_code": kept["_region"],
            "year": kept["_year"].astype(int),
            "sex": kept["_sex"],
            "value": kept["_value"],
            "unit": kept["_unit"],
            "numerator": kept["_numerator"],
            "denominator": kept["_denominator"],
            "ci_low": kept["_ci_low"],
            "ci_high": kept["_ci_high"],
            "source_file": file,
            "source_row": kept[_LINE].astype(int),
        }
    )[TIDY_COLUMNS]
    tidy = validate_tidy(tidy, context=file)
    ex = raw[~keep]
    excluded = pd.DataFrame(
        {
            "source_row": ex[_LINE].astype(int),
            "indicator": ex["_indicator"],
            "region_code": ex["_region"],
            "period": ex["Mätperiod"],
            "sex": ex["_sex"],
            "column": "Värde",
            "value": ex["Värde"],
            "reason": ex["_excluded"],
        },
        columns=EXCLUDED_COLUMNS,
    ).reset_index(drop=True)
    notes = []
    n_den0 = int(raw.loc[keep, "_n_den0"].sum())
    if n_den0:
        notes.append(
            f"{n_den0} kept rows have Nämnare 0 (no counts published): numerator/denominator set to NaN"
        )
    kinds = raw.loc[keep, "_period_kind"].value_counts()
    sub = {k: int(v) for k, v in kinds.items() if k != "year"}
    if sub:
        notes.append(f"sub-annual or multi-year rows kept under suffixed ids: {sub}")
    report = ParseReport(file, len(raw), len(tidy), excluded, notes)
    log.info(report.summary())
    return raw, tidy, report


def parse_vis_export(path: str | Path) -> tuple[pd.DataFrame, ParseReport]:
    """Read one VIS export: the tidy table and the report of excluded rows (never silent)."""
    _raw, tidy, report = _parse(path)
    return tidy, report


def read_vis_export(path: str | Path) -> pd.DataFrame:
    """Read one VIS export file as a validated tidy table (exclusions are logged)."""
    tidy, report = parse_vis_export(path)
    if report.n_excluded:
        log.warning("%s: %d rows without a value excluded: %s", path, report.n_excluded, report.counts())
    return tidy


def _period_order(period: str) -> tuple:
    try:
        year, suffix, _ = parse_period(period)
    except ValueError:
        return (9999, period)
    return (year, suffix)


def vis_indicator_metadata(path: str | Path) -> pd.DataFrame:
    """One row per indicator id x sex: VIS uuid, titles, register, units, periods and counts.

    ``max_abs_diff_pct`` is max |100·Täljare/Nämnare − Värde| over rows with both counts
    (percent indicators only): ~0.05 means counts reproduce the value, larger means weighting.
    """
    raw, _tidy, _report = _parse(path)
    extra = [c for c in raw.columns if not c.startswith("_") and c not in REQUIRED_COLUMNS]
    last = extra[-1] if extra else None
    rows = []
    for (ind, sex), g in raw.groupby(["_indicator", "_sex"], sort=True):
        kept = g[g["_excluded"].isna()]
        both = kept["_numerator"].notna() & kept["_denominator"].notna() & (kept["_unit"] == "procent")
        diff = (100 * kept["_numerator"] / kept["_denominator"] - kept["_value"]).abs()[both]
        periods = sorted(g["Mätperiod"].unique(), key=_period_order)
        rows.append(
            {
                "indicator": ind,
                "sex": sex,
                "vis_id": ", ".join(g["Indikator-Id"].unique()),
                "title": g["Titel"].iloc[0],
                "chart_title": g["Diagramrubrik"].iloc[0].strip(),
                "register": g["Register/källa"].iloc[0],
                "area": g[last].iloc[0] if last else "",
                "unit": g["_unit"].iloc[0],
                "unit_raw": g["Måttenhet"].iloc[0],
                "period_kind": g["_period_kind"].iloc[0],
                "periods": ", ".join(periods),
                "first_year": int(kept["_year"].min()) if len(kept) else pd.NA,
                "last_year": int(kept["_year"].max()) if len(kept) else pd.NA,
                "n_rows": len(g),
                "n_values": len(kept),
                "n_excluded": len(g) - len(kept),
                "n_regions": kept["_region"].nunique(),
                "has_numerator": bool(kept["_numerator"].notna().any()),
                "has_denominator": bool(kept["_denominator"].notna().any()),
                "has_ci": bool(kept["_ci_low"].notna().any()),
                "max_abs_diff_pct": float(diff.max()) if len(diff) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def pool_half_years(tidy: pd.DataFrame) -> pd.DataFrame:
    """Exact annual pooling of half-year percentages: ``/h1`` + ``/h2`` -> ``/helar``.

    value = 100 · (T1 + T2) / (N1 + N2); only where both halves publish numerator and
    denominator. ``source_row`` is 0 (derived from two rows). Years with one half are left out
    (they stay available under ``/h1``/``/h2``).
    """
    halves = tidy[tidy["indicator"].str.endswith(("/h1", "/h2")) & (tidy["unit"] == "procent")].copy()
    halves["base"] = halves["indicator"].str[:-3]
    halves["half"] = halves["indicator"].str[-2:]
    halves = halves[halves["numerator"].notna() & halves["denominator"].notna()]
    keys = ["source", "base", "region_code", "year", "sex"]
    wide = halves.pivot_table(
        index=keys, columns="half", values=["numerator", "denominator"], aggfunc="first"
    )
    if wide.empty:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    wide = wide.dropna()
    num = wide[("numerator", "h1")] + wide[("numerator", "h2")]
    den = wide[("denominator", "h1")] + wide[("denominator", "h2")]
    files = halves.groupby(keys)["source_file"].first()
    out = pd.DataFrame(
        {
            "numerator": num,
            "denominator": den,
            "value": 100 * num / den,
            "unit": "procent",
            "ci_low": np.nan,
            "ci_high": np.nan,
            "source_file": files.reindex(num.index),
            "source_row": 0,
        }
    ).reset_index()
    out["indicator"] = out["base"] + "/helar"
    return out[TIDY_COLUMNS].reset_index(drop=True)


def combine_vis(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack tidy tables from several VIS exports; drop rows repeated identically in a later file.

    Exports overlap (e.g. "Nettokostnad för primärvård" is in both 2019 files). Identical
    repeats are dropped (logged); the same key with a different value raises.
    """
    both = pd.concat(tables, ignore_index=True)
    dup = both.duplicated(KEY, keep=False)
    if not dup.any():
        return both
    cols = ["value", "numerator", "denominator", "ci_low", "ci_high"]
    problems = []
    for _key, g in both[dup].groupby(KEY, sort=False):
        first = g.iloc[0]
        for _, other in g.iloc[1:].iterrows():
            same = all(
                (pd.isna(first[c]) and pd.isna(other[c])) or np.isclose(first[c], other[c]) for c in cols
            ) and (first["unit"] == other["unit"])
            if not same:
                problems.append(
                    Problem(
                        str(other["source_file"]),
                        int(other["source_row"]),
                        "Värde",
                        other["value"],
                        f"{first['value']} as in {first['source_file']}, row {first['source_row']} "
                        "(same indicator, region, year and sex)",
                    )
                )
    if problems:
        raise DataValidationError(problems, context="combining VIS exports")
    n = int(both.duplicated(KEY).sum())
    log.info("combine_vis: %d rows repeated identically in a later export dropped", n)
    return both.drop_duplicates(KEY, keep="first").reset_index(drop=True)
