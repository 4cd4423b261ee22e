"""Panels and scales: which years and indicators are comparable, and the analysis scale."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.regions import RIKET, comparable_years, comparison_years
from analysis.registry import MODEL_INPUT_FAMILIES, break_years

SCALES: tuple[str, ...] = ("logit", "log", "identity")

#: Percentages are clipped to [EPS, 1 - EPS] as proportions before the logit.
LOGIT_EPS = 0.001

_LOG_UNIT = re.compile(r"^(kr/|kronor|antal|vårddygn|tkr|mkr)")


def scale_for_unit(unit: str) -> str:
    """Analysis scale for a tidy unit: logit for percentages, log for costs and rates."""
    u = str(unit).strip()
    if u in ("procent", "%"):
        return "logit"
    if _LOG_UNIT.match(u):
        return "log"
    return "identity"


def transform(values, scale: str) -> np.ndarray:
    """Values on the analysis scale (percentages are given in per cent, 0-100)."""
    x = np.asarray(values, dtype=float)
    if scale == "logit":
        p = np.clip(x / 100.0, LOGIT_EPS, 1 - LOGIT_EPS)
        return np.log(p / (1 - p))
    if scale == "log":
        if np.any(x <= 0):
            raise ValueError("log scale needs positive values")
        return np.log(x)
    if scale == "identity":
        return x
    raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")


def panel(df: pd.DataFrame, scale: str) -> pd.DataFrame:
    """Regions-only panel sorted by region and year, with ``y`` on the analysis scale.

    Raises when a (region, year) cell occurs twice: panels must be one indicator, one sex.
    """
    need = {"region_code", "year", "value"}
    if missing := need - set(df.columns):
        raise ValueError(f"panel needs columns {sorted(need)}; missing {sorted(missing)}")
    cols = ["region_code", "year", "value"] + (["se"] if "se" in df.columns else [])
    p = df.loc[df["region_code"].astype(str) != RIKET, cols].copy()
    p["region_code"] = p["region_code"].astype(str)
    p["year"] = p["year"].astype(int)
    p = p[np.isfinite(p["value"].astype(float))]
    dup = p.duplicated(["region_code", "year"])
    if dup.any():
        first = p[dup].iloc[0]
        raise ValueError(f"duplicate region × year cell ({first['region_code']}, {first['year']})")
    p = p.sort_values(["region_code", "year"]).reset_index(drop=True)
    p["value"] = p["value"].astype(float)
    p["y"] = transform(p["value"], scale)
    return p


# ---------------------------------------------------------------------------------------------
# Two-way fixed-effects ANOVA


def usable_on_scale(values, scale: str) -> bool:
    """Whether values suit a scale: the logit needs 0.5-99.5 %, the log positive values.

    Zeros in a rate (e.g. no overcrowding in a year) or 0 %/100 % shares would get extreme
    leverage after clipping, so such panels are analysed on their original scale instead.
    """
    x = np.asarray(values, dtype=float)
    if scale == "logit":
        return bool(np.all((x >= 0.5) & (x <= 99.5)))
    if scale == "log":
        return bool(np.all(x > 0))
    return True


def select_panels(
    tidy: pd.DataFrame,
    registry: pd.DataFrame,
    *,
    min_regions: int,
    min_years: int = 3,
    exclude_families: tuple[str, ...] = MODEL_INPUT_FAMILIES,
) -> list[dict]:
    """Every registry indicator with a usable region × year panel in ``tidy`` (sex T).

    The population and finance families are model inputs, not care indicators, and are left out.
    Uses the registry's unit for the scale (falling back to the original scale when values sit
    on the scale's boundary, see :func:`usable_on_scale`) and its ``breaks`` to keep only
    comparable years; years with fewer than ``min_regions`` regions are dropped.
    Returns one dict per indicator (registry order): ``indicator, name, family, unit,
    direction, scale, years, data`` (the panel rows) and ``note``.
    """
    t = tidy[(tidy["sex"] == "T") & (tidy["region_code"] != RIKET)]
    out = []
    for row in registry.itertuples(index=False):
        if row.family in exclude_families:
            continue
        d = t[t["indicator"] == row.id]
        if d.empty:
            continue
        breaks = break_years(row.breaks)
        counts = d.groupby("year")["region_code"].nunique()
        all_years = set(int(y) for y in counts.index)
        keep_years = comparable_years(all_years, breaks)
        good_years = comparison_years(counts.to_dict(), breaks, min_regions)
        d = d[d["year"].isin(good_years)]
        if d["year"].nunique() < min_years or d["region_code"].nunique() < min_regions:
            continue
        notes = []
        if off_break := sorted(all_years - set(keep_years)):
            notes.append(f"år på andra sidan seriebrott utelämnade: {', '.join(map(str, off_break))}")
        if sparse := sorted(set(keep_years) - set(int(y) for y in good_years)):
            notes.append(f"år med färre än {min_regions} regioner utelämnade: {', '.join(map(str, sparse))}")
        scale = scale_for_unit(row.unit)
        if not usable_on_scale(d["value"], scale):
            why = "andelar under 0,5 eller över 99,5 procent" if scale == "logit" else "nollvärden"
            notes.append(f"{why}: analyserad på ursprunglig skala")
            scale = "identity"
        out.append(
            {
                "indicator": row.id,
                "name": row.name_sv,
                "family": row.family,
                "unit": row.unit,
                "direction": row.direction,
                "scale": scale,
                "years": sorted(int(y) for y in d["year"].unique()),
                "data": d[["region_code", "year", "value"]].reset_index(drop=True),
                "note": "; ".join(notes),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# The report's region tables (004) and the region profiles
