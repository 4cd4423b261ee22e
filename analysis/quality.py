"""Data quality of the Kolada table: plausible ranges, reviewed exceptions, quarantine, covered years.

A value that is structurally sound (right columns, region, year, a number) but impossible or
implausible for its indicator (a share of 146 %, a negative cost) does not stop the build:
:func:`screen` sets it aside with the reason, and the set-aside values are written to
``results/tidy/quarantine.parquet``, logged and listed on the reader page *Datakvalitet*.
Structural problems still raise (see ``analysis.validation``). Known-bad source values are
handled by a committed, reviewed exceptions file (``data-raw/exceptions.csv``): each line
excludes or corrects one value, with reason, source and date, and is applied with a log line.
In strict mode any quarantined value is an error instead.

Which years are analysed comes from the data, not the clock: :func:`covered_years` keeps,
per indicator, the years up to the latest one with adequate regional coverage (a configurable
share of the 21 regions) or up to an explicit last year; later or incomplete years are set
aside and reported, never dropped silently.

Reasons are Swedish because they are shown to readers as they are.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.presentation.text import fmt_num
from analysis.regions import REGION_CODES, RIKET, to_region_code
from analysis.validation import DataValidationError, Problem

logger = logging.getLogger(__name__)

#: Default possible range by unit: (min, max, reason). ``None`` = unbounded on that side.
UNIT_RANGES: dict[str, tuple[float | None, float | None, str]] = {
    "procent": (0.0, 100.0, "en andel i procent ligger mellan 0 och 100"),
    "%": (0.0, 100.0, "en andel i procent ligger mellan 0 och 100"),
    "kr/inv": (0.0, None, "en kostnad per invånare kan inte vara negativ"),
    "antal": (0.0, None, "ett antal kan inte vara negativt"),
    "antal/100 000 inv": (0.0, None, "ett antal per invånare kan inte vara negativt"),
    "antal/1 000 inv": (0.0, None, "ett antal per invånare kan inte vara negativt"),
    "antal/100 vårdplatser": (0.0, None, "ett antal per vårdplats kan inte vara negativt"),
    "vårddygn/1 000 inv": (0.0, None, "antalet vårddygn kan inte vara negativt"),
    "dagar": (0.0, None, "en vårdtid kan inte vara negativ"),
}

RANGE_COLUMNS = ["id", "min", "max", "reason"]
EXCEPTION_COLUMNS = ["indicator", "region", "year", "sex", "action", "value", "reason", "source", "date"]
ACTIONS = ("exclude", "correct")

#: Columns of the paper trail ``results/tidy/quarantine.parquet``. ``action`` is
#: ``quarantine`` (outside the range), ``exclude``/``correct`` (a reviewed exception applied)
#: or ``not_applied`` (an exception whose value is no longer in the data, or has changed).
TRAIL_COLUMNS = [
    "source",
    "indicator",
    "region_code",
    "year",
    "sex",
    "value",
    "new_value",
    "action",
    "reason",
    "reference",
    "date",
    "source_file",
    "source_row",
]

#: Columns of the year report ``results/tidy/kolada_years.parquet``: one row per indicator
#: and year after its last analysed year.
YEAR_COLUMNS = ["indicator", "year", "n_regions", "share", "last_year", "status", "n_values"]


class DataQualityError(ValueError):
    """Strict mode: values would be quarantined; the message lists each with file and row."""


# --------------------------------------------------------------------------- ranges


def _bound(text: str) -> float | None:
    return None if text.strip() == "" else float(text)


def read_plausible_ranges(path: Path | str, known_ids: set[str] | None = None) -> pd.DataFrame:
    """Read ``plausible_ranges.csv`` (id, min, max, reason); raise naming file, row, column.

    An empty bound means "the unit's default" on that side. Unknown ids (when ``known_ids``
    is given), min > max, non-numbers and an empty reason are errors.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    name = str(path)
    missing = [c for c in RANGE_COLUMNS if c not in raw.columns]
    if missing:
        raise DataValidationError(
            [Problem(name, 1, c, "<missing>", "the columns " + ", ".join(RANGE_COLUMNS)) for c in missing],
            name,
        )
    problems = []
    for i, row in raw.iterrows():
        line = int(i) + 2
        bounds = {}
        for col in ("min", "max"):
            try:
                bounds[col] = _bound(row[col])
            except ValueError:
                problems.append(Problem(name, line, col, row[col], "a number with a decimal point, or empty"))
        if known_ids is not None and row["id"] not in known_ids:
            problems.append(Problem(name, line, "id", row["id"], "an indicator id of the registry"))
        if not row["reason"].strip():
            problems.append(Problem(name, line, "reason", row["reason"], "why the range is plausible"))
        lo, hi = bounds.get("min"), bounds.get("max")
        if lo is not None and hi is not None and lo > hi:
            problems.append(Problem(name, line, "min", row["min"], f"at most max ({row['max']})"))
    if raw["id"].duplicated().any():
        for i in raw.index[raw["id"].duplicated()]:
            problems.append(Problem(name, int(i) + 2, "id", raw.at[i, "id"], "each id once"))
    if problems:
        raise DataValidationError(problems, name)
    out = raw[RANGE_COLUMNS].copy()
    out["min"] = out["min"].map(_bound)
    out["max"] = out["max"].map(_bound)
    return out


def range_table(units: Mapping[str, str], overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indicator -> (min, max, reason): the unit's default, narrowed by a per-indicator row.

    An empty bound in ``overrides`` keeps the unit default on that side. Indicators with an
    unknown unit and no override get no bounds (nothing is checked).
    """
    rows = []
    extra = overrides.set_index("id") if overrides is not None and len(overrides) else None
    for ind, unit in units.items():
        lo, hi, reason = UNIT_RANGES.get(unit, (None, None, ""))
        if extra is not None and ind in extra.index:
            o = extra.loc[ind]
            lo = lo if o["min"] is None or pd.isna(o["min"]) else float(o["min"])
            hi = hi if o["max"] is None or pd.isna(o["max"]) else float(o["max"])
            reason = str(o["reason"])
        rows.append({"indicator": ind, "unit": unit, "min": lo, "max": hi, "reason": reason})
    return pd.DataFrame(rows, columns=["indicator", "unit", "min", "max", "reason"])


def _range_text(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"{fmt_num(lo, _decimals(lo))}–{fmt_num(hi, _decimals(hi))}"
    if lo is not None:
        return f"minst {fmt_num(lo, _decimals(lo))}"
    return f"högst {fmt_num(hi, _decimals(hi))}"


def _decimals(x: float) -> int:
    return 0 if float(x).is_integer() else 1


def quarantine(df: pd.DataFrame, ranges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``df`` into values inside their indicator's range and those set aside (with reason)."""
    r = ranges.set_index("indicator")
    lo = df["indicator"].map(r["min"]).astype(float)
    hi = df["indicator"].map(r["max"]).astype(float)
    out = (lo.notna() & (df["value"] < lo)) | (hi.notna() & (df["value"] > hi))
    bad = df[out].copy()
    reasons = []
    for idx, row in bad.iterrows():
        low = None if pd.isna(lo[idx]) else float(lo[idx])
        high = None if pd.isna(hi[idx]) else float(hi[idx])
        why = r.at[row["indicator"], "reason"]
        reasons.append(
            f"{fmt_num(row['value'], 1)} ligger utanför intervallet {_range_text(low, high)}"
            + (f" ({why})" if why else "")
        )
    trail = _trail(bad, action="quarantine", reason=reasons)
    for row in trail.itertuples(index=False):
        logger.warning(
            "quarantined %s/%s/%d/%s = %s (%s, row %s): %s",
            row.indicator,
            row.region_code,
            row.year,
            row.sex,
            row.value,
            row.source_file,
            row.source_row,
            row.reason,
        )
    return df[~out].reset_index(drop=True), trail


def _trail(rows: pd.DataFrame, **columns) -> pd.DataFrame:
    out = pd.DataFrame(
        {c: rows[c].to_numpy() for c in TRAIL_COLUMNS if c in rows.columns}, index=range(len(rows))
    )
    for col, value in columns.items():
        out[col] = value
    for col in TRAIL_COLUMNS:
        if col not in out.columns:
            out[col] = float("nan") if col == "new_value" else ""
    return _typed_trail(out[TRAIL_COLUMNS])


def _typed_trail(trail: pd.DataFrame) -> pd.DataFrame:
    str_cols = [
        "source",
        "indicator",
        "region_code",
        "sex",
        "action",
        "reason",
        "reference",
        "date",
        "source_file",
    ]
    out = trail.astype({c: "str" for c in str_cols})
    return out.astype({"year": "int64", "value": "float64", "new_value": "float64", "source_row": "int64"})


def empty_trail() -> pd.DataFrame:
    """A paper trail with no rows (right columns and dtypes)."""
    return _typed_trail(pd.DataFrame({c: [] for c in TRAIL_COLUMNS}))


# --------------------------------------------------------------------------- exceptions


def read_exceptions(path: Path | str, known_ids: set[str] | None = None) -> pd.DataFrame:
    """Read the reviewed exceptions file; raise naming file, row, column for every problem.

    Columns: indicator, region (code or Swedish name), year, sex (empty = T), action
    (``exclude`` or ``correct``), value (for ``correct`` the corrected value; for ``exclude``
    optionally the source value being excluded, so the exception lapses if the source
    revises it), reason, source (who/what documents it), date (YYYY-MM-DD of the review).
    Returns the rows with ``region_code``, int ``year`` and float ``value`` (NaN if empty).
    """
    path = Path(path)
    name = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in EXCEPTION_COLUMNS if c not in raw.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(name, 1, c, "<missing>", "the columns " + ", ".join(EXCEPTION_COLUMNS))
                for c in missing
            ],
            name,
        )
    problems, rows = [], []
    for i, row in raw.iterrows():
        line = int(i) + 2
        rec = {c: row[c].strip() for c in EXCEPTION_COLUMNS}
        if known_ids is not None and rec["indicator"] not in known_ids:
            problems.append(
                Problem(name, line, "indicator", rec["indicator"], "an indicator id of the registry")
            )
        try:
            rec["region_code"] = to_region_code(rec["region"])
        except KeyError:
            problems.append(
                Problem(name, line, "region", rec["region"], "a region code or Swedish region name")
            )
        if not (rec["year"].isdigit() and len(rec["year"]) == 4):
            problems.append(Problem(name, line, "year", rec["year"], "a four-digit year"))
        rec["sex"] = rec["sex"] or "T"
        if rec["sex"] not in ("T", "K", "M"):
            problems.append(Problem(name, line, "sex", rec["sex"], "'T', 'K', 'M' or empty (= T)"))
        if rec["action"] not in ACTIONS:
            problems.append(Problem(name, line, "action", rec["action"], "'exclude' or 'correct'"))
        try:
            rec["value"] = float(rec["value"]) if rec["value"] else math.nan
        except ValueError:
            problems.append(Problem(name, line, "value", rec["value"], "a number with a decimal point"))
            rec["value"] = math.nan
        if rec["action"] == "correct" and math.isnan(rec["value"]):
            problems.append(Problem(name, line, "value", "", "the corrected value (action 'correct')"))
        for col in ("reason", "source"):
            if not rec[col]:
                problems.append(Problem(name, line, col, "", f"a {col} (the review must be documented)"))
        try:
            pd.Timestamp(rec["date"])
            ok = len(rec["date"]) == 10
        except ValueError:
            ok = False
        if not ok:
            problems.append(Problem(name, line, "date", rec["date"], "the review date as YYYY-MM-DD"))
        rec["line"] = line
        rows.append(rec)
    if problems:
        raise DataValidationError(problems, name)
    cols = ["indicator", "region_code", "year", "sex", "action", "value", "reason", "source", "date", "line"]
    out = pd.DataFrame(rows, columns=[*cols, "region"])[cols]
    key = ["indicator", "region_code", "year", "sex"]
    dupes = out[out.duplicated(key, keep=False)]
    if len(dupes):
        raise DataValidationError(
            [
                Problem(name, int(r.line), "indicator", r.indicator, "one exception per value")
                for r in dupes.itertuples()
            ],
            name,
        )
    return out.astype({"year": "int64", "value": "float64"})


def apply_exceptions(df: pd.DataFrame, exceptions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Exclude or correct the values the reviewed exceptions name; return (table, paper trail).

    Each applied exception is logged. An exception whose value is not in the data, or whose
    ``exclude`` guard value no longer matches the source value (the source revised it),
    is not applied: it is logged as a warning and kept in the trail as ``not_applied``.
    """
    key = ["indicator", "region_code", "year", "sex"]
    out = df.copy()
    trails = []
    index = {tuple(k): i for i, k in zip(out.index, out[key].itertuples(index=False), strict=True)}
    drop = []
    for ex in exceptions.itertuples(index=False):
        where = f"{ex.indicator}/{ex.region_code}/{ex.year}/{ex.sex}"
        i = index.get((ex.indicator, ex.region_code, int(ex.year), ex.sex))
        ref = ex.source
        if i is None:
            logger.warning("exception not applied (no such value in the data): %s", where)
            trails.append(_exception_row(ex, math.nan, "not_applied", "värdet finns inte i data", ref))
            continue
        original = float(out.at[i, "value"])
        src = (out.at[i, "source_file"], int(out.at[i, "source_row"]))
        if ex.action == "exclude":
            if not math.isnan(ex.value) and not math.isclose(original, ex.value, rel_tol=1e-9, abs_tol=1e-12):
                logger.warning(
                    "exception not applied (source value is now %s, the exception names %s): %s",
                    original,
                    ex.value,
                    where,
                )
                trails.append(
                    _exception_row(
                        ex, original, "not_applied", f"källans värde har ändrats: {ex.reason}", ref, src
                    )
                )
                continue
            drop.append(i)
            logger.info("exception applied: excluded %s = %s (%s; %s)", where, original, ex.reason, ref)
            trails.append(_exception_row(ex, original, "exclude", ex.reason, ref, src))
        else:
            out.at[i, "value"] = float(ex.value)
            logger.info(
                "exception applied: corrected %s %s -> %s (%s; %s)", where, original, ex.value, ex.reason, ref
            )
            trails.append(
                _exception_row(ex, original, "correct", ex.reason, ref, src, new_value=float(ex.value))
            )
    out = out.drop(index=drop).reset_index(drop=True)
    trail = _typed_trail(pd.DataFrame(trails, columns=TRAIL_COLUMNS)) if trails else empty_trail()
    return out, trail


def _exception_row(ex, value, action, reason, reference, src=("", 0), new_value=math.nan) -> dict:
    return {
        "source": "kolada",
        "indicator": ex.indicator,
        "region_code": ex.region_code,
        "year": int(ex.year),
        "sex": ex.sex,
        "value": value,
        "new_value": new_value,
        "action": action,
        "reason": reason,
        "reference": reference,
        "date": ex.date,
        "source_file": src[0],
        "source_row": src[1],
    }


# --------------------------------------------------------------------------- screening


def screen(
    df: pd.DataFrame, ranges: pd.DataFrame, exceptions: pd.DataFrame | None = None, strict: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the reviewed exceptions, then set aside values outside their range.

    Returns (clean table, paper trail). With ``strict`` any value that would be quarantined
    raises :class:`DataQualityError` naming file, row, indicator and reason.
    """
    trails = []
    if exceptions is not None and len(exceptions):
        df, applied = apply_exceptions(df, exceptions)
        trails.append(applied)
    kept, quarantined = quarantine(df, ranges)
    if strict and len(quarantined):
        lines = [
            f"{r.source_file}, row {r.source_row}, column 'value': {r.indicator}/{r.region_code}/{r.year}/{r.sex}: "
            f"{r.reason}"
            for r in quarantined.itertuples(index=False)
        ]
        raise DataQualityError(
            f"{len(quarantined)} value(s) outside their plausible range (strict mode: quality.strict is true). "
            "Correct or exclude each in data-raw/exceptions.csv, or turn strict mode off to quarantine them:\n  "
            + "\n  ".join(lines[:50])
        )
    trails.append(quarantined)
    trails = [t for t in trails if len(t)]
    trail = pd.concat(trails, ignore_index=True) if trails else empty_trail()
    if len(quarantined):
        logger.warning("%d value(s) quarantined (listed on the page Datakvalitet)", len(quarantined))
    return kept, trail


# --------------------------------------------------------------------------- years


def region_coverage(df: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and year: regions with a total (sex T) value and their share of the 21.

    Indicators published for Riket alone are measured against Riket (share 0 or 1).
    """
    totals = df[df["sex"] == "T"]
    rows = []
    for ind, g in totals.groupby("indicator", sort=True):
        regional = bool(set(g["region_code"]) - {RIKET})
        expected = set(REGION_CODES) if regional else {RIKET}
        for year, gy in g.groupby("year"):
            n = len(set(gy["region_code"]) & expected)
            rows.append((ind, int(year), n, n / len(expected)))
    return pd.DataFrame(rows, columns=["indicator", "year", "n_regions", "share"])


def national_years(rows: pd.DataFrame, min_share: float) -> tuple[list[int], list[int]]:
    """Years of one indicator whose national value is comparable, and the years that are not.

    The one coverage rule for national series in models: a national value built from only part
    of the regions (e.g. 13 of 21 in a series' first year) is not comparable with the full
    years, so trend and variance models use the years where at least ``min_share`` of the
    regions report (``models.min_region_share_national``) and name the rest. :func:`covered_years`
    applies the looser data-year threshold that decides which years exist at all.
    """
    cov = region_coverage(rows.assign(sex=rows.get("sex", "T")))
    years = sorted(int(y) for y in rows["year"].unique())
    share = dict(zip(cov["year"], cov["share"], strict=True))
    ok = [y for y in years if share.get(y, 0.0) >= min_share]
    return ok, [y for y in years if y not in ok]


def covered_years(
    df: pd.DataFrame, min_share: float, last_year: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep, per indicator, the years up to its last adequately covered year; report the rest.

    The last year of an indicator is ``last_year`` when given (an explicit setting), else the
    latest year in which at least ``min_share`` of the regions have a value. Values of later
    years are set aside (all regions, Riket and sexes of that indicator-year) and each such
    indicator-year is reported with its coverage and status; nothing is dropped silently.
    Returns (kept table, year report with :data:`YEAR_COLUMNS`).
    """
    cov = region_coverage(df)
    cutoff: dict[str, int] = {}
    for ind, g in cov.groupby("indicator"):
        if last_year is not None:
            cutoff[ind] = int(last_year)
        else:
            adequate = g.loc[g["share"] >= min_share, "year"]
            cutoff[ind] = int(adequate.max()) if len(adequate) else int(g["year"].min()) - 1
    limit = df["indicator"].map(cutoff)
    later = limit.notna() & (df["year"] > limit)
    report = []
    for (ind, year), g in df[later].groupby(["indicator", "year"]):
        c = cov[(cov["indicator"] == ind) & (cov["year"] == year)]
        n, share = (int(c["n_regions"].iloc[0]), float(c["share"].iloc[0])) if len(c) else (0, 0.0)
        status = "after_last_year" if last_year is not None else "incomplete"
        report.append((ind, int(year), n, share, cutoff[ind], status, len(g)))
        logger.warning(
            "%s %d set aside: %d region(s) (%.0f %%), %s; last year used: %d",
            ind,
            year,
            n,
            100 * share,
            "after the configured last year" if status == "after_last_year" else f"below {min_share:.0%}",
            cutoff[ind],
        )
    years = pd.DataFrame(report, columns=YEAR_COLUMNS).astype(
        {"year": "int64", "n_regions": "int64", "share": "float64", "last_year": "int64", "n_values": "int64"}
    )
    return df[~later].reset_index(drop=True), years
