"""SKR cost per inhabitant by area of activity (2008-2017) -> the tidy table.

File: ``Huvudområde;Område;Delområde;Underkonto;År;Region;Värde``, semicolon-separated,
decimal comma (some tiny values in exponent form, ``3,06507E-05``), UTF-8 with BOM; values are
net cost in kronor per inhabitant. Read with the shared ``read_semicolon_csv`` (see
``analysis.sources.vis``); every problem raises :class:`DataValidationError` with file,
line, column, value and expectation.

Decisions:

* **Indicator ids** follow the hierarchy: ``skr:<område>/<delområde>`` for the published
  Delområde rows (Underkonto "Nettokostnad exkl läkemedel"), e.g.
  ``skr:primarvard/barnhalsovard``; other Underkonton add a third level
  (``…/darav_lakemedel_rekvisition``, ``…/darav_lakemedel_formanen``,
  ``skr:landstinget_totalt/totalt/interna_ranteintakter``, ``…/pensionsutbetalningar_fore_1998``).
  An Område name used under two Huvudområden (Politisk verksamhet) is qualified:
  ``skr:politisk_verksamhet_inom_halso_och_sjukvard``.
* **Område totals** (``skr:primarvard``): the file has *no* Område-level rows, so totals are
  derived as the sum of the Delområde net-cost rows for the region and year (a Delområde row
  absent for a region means no such activity there, e.g. no sluten primärvård, or primary
  care home care run by the municipalities in Jämtland Härjedalen and Värmland). Derived rows
  carry ``source_row`` 0; ``SkrReport.area_sums`` lists, for each, how many Delområden
  contributed and which were absent. If a file does publish totals (Delområde ``Totalt`` next
  to other Delområden), they are compared with the sum in ``SkrReport.total_check``.
* **Riket exkl gotland** is not a region: it becomes a separate indicator variant with suffix
  ``@riket_exkl_gotland`` and region ``"00"`` (Gotland is region and municipality at once,
  so SKR shows the national figure both with and without it). ``Riket`` is ``"00"``.
* **Unit** ``"kr/inv (netto)"``: net costs can legitimately be negative (127 rows, e.g.
  Jämförelsestörande poster, revenue-heavy regional development items), while
  ``analysis.validation`` requires ``kr/inv`` to be non-negative.
* Nothing is excluded: every row becomes one tidy row; non-numbers raise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.regions import to_region_code
from analysis.sources.vis import (
    EXCLUDED_COLUMNS,
    ParseReport,
    check_duplicates,
    flag_rows,
    parse_each,
    parse_numbers,
    read_semicolon_csv,
    slugify,
)
from analysis.validation import MAX_YEAR, MIN_YEAR, TIDY_COLUMNS, DataValidationError, Problem, validate_tidy

log = logging.getLogger(__name__)

SOURCE = "skr"
UNIT = "kr/inv (netto)"
REQUIRED_COLUMNS = ["Huvudområde", "Område", "Delområde", "Underkonto", "År", "Region", "Värde"]
NET_COST = "Nettokostnad exkl läkemedel"
EXCL_GOTLAND = "@riket_exkl_gotland"

#: Underkonto -> id level ("": the default net cost, no extra level).
UNDERKONTO_IDS: dict[str, str] = {
    NET_COST: "",
    "därav läkemedelskostnader på rekvisition": "darav_lakemedel_rekvisition",
    "därav läkemedelskostnader inom förmånen": "darav_lakemedel_formanen",
    "Pensionsutbetalningar avseende pensionsförmåner intjänade t o m 1997 samt tillhörande löneskatt": (
        "pensionsutbetalningar_fore_1998"
    ),
    "Interna ränteintäkter": "interna_ranteintakter",
}
_TOTAL_NAMES = {"totalt", "summa", "total"}
_LINE = "_line"


@dataclass
class SkrReport(ParseReport):
    """``ParseReport`` plus the derived Område sums and any published-total comparison."""

    area_sums: pd.DataFrame = field(default_factory=pd.DataFrame)
    total_check: pd.DataFrame = field(default_factory=pd.DataFrame)


def _region(text: str) -> tuple[str, str]:
    """Region name -> (code, indicator variant suffix)."""
    if slugify(text) == "riket_exkl_gotland":
        return "00", EXCL_GOTLAND
    return to_region_code(text), ""


def _area_slugs(raw: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(Huvudområde, Område) -> Område slug, qualified when an Område spans Huvudområden."""
    pairs = raw[["Huvudområde", "Område"]].drop_duplicates()
    shared = set(pairs.loc[pairs["Område"].duplicated(keep=False), "Område"])
    return {
        (h, o): slugify(o) + (f"_inom_{slugify(h)}" if o in shared else "")
        for h, o in pairs.itertuples(index=False)
    }


def _tidy_costs(indicator, region_code, year, value, file: str, source_row) -> pd.DataFrame:
    """Cost rows in the tidy layout: both sexes, kronor, no counts or intervals."""
    return pd.DataFrame(
        {
            "source": SOURCE,
            "indicator": indicator,
            "region_code": region_code,
            "year": year,
            "sex": "T",
            "value": value,
            "unit": UNIT,
            "numerator": np.nan,
            "denominator": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "source_file": file,
            "source_row": source_row,
        }
    )[TIDY_COLUMNS]


def parse_skr_costs(path: str | Path) -> tuple[pd.DataFrame, SkrReport]:
    """Read the SKR cost file: tidy table (published rows + derived Område totals) and report."""
    file = str(path)
    raw = read_semicolon_csv(path, REQUIRED_COLUMNS)
    problems: list[Problem] = []
    line = raw[_LINE].astype(int)

    for col in ["Huvudområde", "Område", "Delområde", "Underkonto"]:
        flag_rows(raw, raw[col].map(slugify) == "", col, "a non-empty name", file, problems)

    year_ok = raw["År"].str.fullmatch(r"\d{4}")
    year = pd.to_numeric(raw["År"].where(year_ok), errors="coerce")
    bad_year = ~year_ok | (year < MIN_YEAR) | (year > MAX_YEAR)
    flag_rows(raw, bad_year, "År", f"a year YYYY between {MIN_YEAR} and {MAX_YEAR}", file, problems)

    mapped = parse_each(raw, "Region", _region, KeyError)
    flag_rows(
        raw,
        mapped.isna(),
        "Region",
        "a region name such as 'Stockholm' or 'Västra Götaland', 'Riket' or 'Riket exkl gotland'",
        file,
        problems,
    )
    region = mapped.map(lambda m: m[0] if m else pd.NA)
    variant = mapped.map(lambda m: m[1] if m else "")

    value = parse_numbers(raw, "Värde", file, problems, missing=())

    areas = _area_slugs(raw)
    area = pd.Series(
        [areas[k] for k in raw[["Huvudområde", "Område"]].itertuples(index=False)], index=raw.index
    )
    # Closed mapping: an unknown account (Underkonto) would silently become a new indicator and
    # drop out of the derived Område totals, so it stops the build instead.
    flag_rows(
        raw,
        ~raw["Underkonto"].isin(UNDERKONTO_IDS),
        "Underkonto",
        "one of the known accounts: "
        + "; ".join(f"'{u}'" for u in UNDERKONTO_IDS)
        + " (a new account must be added to analysis.sources.skr.UNDERKONTO_IDS)",
        file,
        problems,
    )
    sub = pd.Series([UNDERKONTO_IDS.get(u, "") for u in raw["Underkonto"]], index=raw.index)
    indicator = "skr:" + area + "/" + raw["Delområde"].map(slugify) + sub.map(lambda s: f"/{s}" if s else "")
    indicator = indicator + variant

    keys = pd.DataFrame({"indicator": indicator, "region": region, "year": year.where(~bad_year)})
    check_duplicates(keys, raw, file, "Huvudområde+Område+Delområde+Underkonto+År+Region", problems)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column))
        raise DataValidationError(problems, context=file)

    published = _tidy_costs(indicator, region, year.astype(int), value, file, line)

    # Område totals = sum of Delområde net-cost rows (published totals, if any, are compared).
    net = raw["Underkonto"] == NET_COST
    is_total = raw["Delområde"].str.casefold().isin(_TOTAL_NAMES)
    parts = pd.DataFrame(
        {
            "area_id": "skr:" + area + variant,
            "region_code": region,
            "year": year.astype(int),
            "delomrade": raw["Delområde"],
            "value": value,
        }
    )
    n_delomr = parts[net & ~is_total].groupby("area_id")["delomrade"].nunique()
    has_parts = parts["area_id"].map(n_delomr).fillna(0) > 0
    components = parts[net & ~is_total & has_parts]
    all_parts = components.groupby("area_id")["delomrade"].agg(lambda s: sorted(set(s)))
    grouped = components.groupby(["area_id", "region_code", "year"])
    area_sums = grouped.agg(value=("value", "sum"), n_parts=("delomrade", "nunique")).reset_index()
    present = grouped["delomrade"].agg(set).reset_index(drop=True)
    area_sums["n_parts_in_area"] = area_sums["area_id"].map(all_parts.map(len))
    area_sums["missing_parts"] = [
        ", ".join(p for p in all_parts[a] if p not in have)
        for a, have in zip(area_sums["area_id"], present, strict=True)
    ]
    area_sums = area_sums.rename(columns={"area_id": "indicator"})

    totals = parts[net & is_total].rename(columns={"area_id": "indicator", "value": "published"})
    total_check = totals.merge(area_sums[["indicator", "region_code", "year", "value"]], how="left")
    total_check["difference"] = total_check["published"] - total_check["value"]

    derived = _tidy_costs(
        area_sums["indicator"], area_sums["region_code"], area_sums["year"], area_sums["value"], file, 0
    )
    clash = derived["indicator"].isin(set(published["indicator"]))
    if clash.any():
        raise DataValidationError(
            [
                Problem(
                    file, None, "Område", i, "an Område whose derived total id is not also a published id"
                )
                for i in sorted(set(derived.loc[clash, "indicator"]))
            ],
            context=file,
        )
    tidy = validate_tidy(pd.concat([published, derived], ignore_index=True), context=file)

    notes = []
    if total_check.empty:
        notes.append(
            "no Område-level totals in the file: Område totals are derived as sums of their "
            f"Delområden ({len(derived)} rows, source_row 0)"
        )
    else:
        off = total_check["difference"].abs() > 0.5
        notes.append(
            f"published Område totals vs sum of Delområden: {int(off.sum())} of {len(off)} differ > 0.5 kr"
        )
    incomplete = area_sums["missing_parts"] != ""
    notes.append(
        f"{int(incomplete.sum())} of {len(area_sums)} derived totals lack some Delområde row (read as 0)"
    )
    n_var = int((variant != "").sum())
    notes.append(f"{n_var} 'Riket exkl gotland' rows kept as indicator variant {EXCL_GOTLAND} (region 00)")
    n_neg = int((value < 0).sum())
    notes.append(f"{n_neg} negative net costs (kept)")
    report = SkrReport(
        file,
        len(raw),
        len(tidy),
        pd.DataFrame(columns=EXCLUDED_COLUMNS),
        notes,
        area_sums=area_sums,
        total_check=total_check,
    )
    log.info(report.summary())
    return tidy, report


def read_skr_costs(path: str | Path) -> pd.DataFrame:
    """Read the SKR cost-per-inhabitant file as a validated tidy table (incl. Område totals)."""
    tidy, _report = parse_skr_costs(path)
    return tidy


def skr_indicator_names(path: str | Path, tidy: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each SKR indicator id with a reader's name from the file's own headings (columns
    ``indicator``, ``name``): "Område: Delområde, underkonto", and "(riket utom Gotland)" on
    that variant. ``tidy``: the file already parsed by :func:`read_skr_costs`, if at hand."""
    meta = skr_indicator_metadata(path, tidy)
    unnamed = meta.loc[meta["omrade"].isna(), "indicator"].tolist()
    if unnamed:  # every id comes from the file's headings, so this is a parsing bug, not bad data
        raise ValueError(f"{path}: no Område heading found for the SKR series {unnamed}")
    names = []
    for r in meta.itertuples(index=False):
        parts = [p for p in (r.delomrade, r.underkonto if r.underkonto != NET_COST else "") if p]
        name = f"{r.omrade}: {', '.join(parts)}" if parts else str(r.omrade)
        names.append(name + (" (riket utom Gotland)" if str(r.indicator).endswith(EXCL_GOTLAND) else ""))
    return pd.DataFrame({"indicator": meta["indicator"], "name": names})


def skr_indicator_metadata(path: str | Path, tidy: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per SKR indicator id: names from the file, derived or not, years and regions.

    ``tidy``: the file already parsed by :func:`read_skr_costs` (else it is parsed here)."""
    file = str(path)
    raw = read_semicolon_csv(path, REQUIRED_COLUMNS)
    if tidy is None:
        tidy = read_skr_costs(path)
    areas = _area_slugs(raw)
    names: dict[str, dict] = {}
    for h, o, d, u in (
        raw[["Huvudområde", "Område", "Delområde", "Underkonto"]].drop_duplicates().itertuples(index=False)
    ):
        sub = UNDERKONTO_IDS.get(u, slugify(u))
        base = f"skr:{areas[(h, o)]}"
        ind = f"{base}/{slugify(d)}" + (f"/{sub}" if sub else "")
        for v in ("", EXCL_GOTLAND):
            names[ind + v] = {"huvudomrade": h, "omrade": o, "delomrade": d, "underkonto": u}
            names.setdefault(
                base + v, {"huvudomrade": h, "omrade": o, "delomrade": "", "underkonto": NET_COST}
            )
    g = tidy.groupby("indicator")
    out = pd.DataFrame(
        {
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
            "n_values": g.size(),
            "n_regions": g["region_code"].nunique(),
            "derived": g["source_row"].max() == 0,
        }
    ).reset_index()
    meta = pd.DataFrame.from_dict(names, orient="index").rename_axis("indicator").reset_index()
    out = out.merge(meta, on="indicator", how="left")
    out["unit"] = UNIT
    out["source_file"] = file
    return out
