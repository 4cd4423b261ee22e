"""Preparing a series for the trend model and building its design matrix.

:func:`prepare_data` normalises a tidy slice to ``region_code, sex, year, p, n`` and notes what
it removed; :func:`design_matrix` builds the columns of the model described in
:mod:`analysis.trends.models` (or, for :mod:`analysis.trends.contrasts`, one effect per year),
dropping the terms the data cannot identify and saying why (in Swedish: the reasons reach
readers through the model tables).

**Short series, gaps and extremes.** Terms are added in the model's order (``year``,
``pandemic``, ``year_post``) and dropped when they are not identifiable (no pandemic-year data,
no post-reform data, collinear with earlier terms). ``year_post`` also needs at least two years
with data on each side of the knot (else the slope change rests on extrapolating a single point
to the knot). ``pandemic`` is dropped when it would leave no residual degree of freedom (a
shift fitted exactly by its own points cannot be told from the trend). The fit itself
(:mod:`analysis.trends.models`) also drops ``year_post`` from a quasi model until one residual
degree of freedom is left for the dispersion. Each dropped term is listed with the reason.
Missing years are simply absent (the fitted grid still covers them); rows without a value are
dropped and counted. The GLM handles 0 % and 100 % observations directly (no continuity
correction is needed), but a region whose values are *all* 0 % or *all* 100 % has no finite
fixed effect and is left out with a note, as is any requested region without data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.trends.result import TrendConfig


def prepare_data(
    df: pd.DataFrame,
    *,
    proportion: pd.Series,
    n: pd.Series | None,
    regions: Sequence[str] | None,
    by_sex: bool,
    notes: list[str],
) -> pd.DataFrame:
    """Normalise a tidy slice to ``region_code, sex, year, p, n`` and log what was removed."""
    data = pd.DataFrame(
        {
            "region_code": df["region_code"].astype(str) if "region_code" in df else "00",
            "sex": df["sex"].astype(str) if "sex" in df else "T",
            "year": pd.to_numeric(df["year"], errors="coerce"),
            "p": pd.to_numeric(proportion, errors="coerce"),
            "n": pd.to_numeric(n, errors="coerce") if n is not None else np.nan,
        },
        index=df.index,
    )
    bad = data["p"].isna() | data["year"].isna()
    if bad.any():
        notes.append(f"{int(bad.sum())} rows without a value or year dropped")
    data = data[~bad]
    if n is not None:
        no_n = data["n"].isna() | (data["n"] <= 0)
        if no_n.any():
            notes.append(f"{int(no_n.sum())} rows without a positive n dropped")
        data = data[~no_n]
    out_of_range = (data["p"] < 0) | (data["p"] > 1)
    if out_of_range.any():
        raise ValueError(f"proportions outside [0, 1]: {data.loc[out_of_range, 'p'].tolist()[:5]}")
    data["year"] = data["year"].astype(int)
    sexes = set(data["sex"])
    if by_sex and {"K", "M"} <= sexes:
        data = data[data["sex"].isin(["K", "M"])]
    elif "T" in sexes:
        if len(sexes) > 1:
            notes.append("totals used (no complete split by sex)")
        data = data[data["sex"] == "T"]
    elif len(sexes) > 1:
        raise ValueError(f"data hold sexes {sorted(sexes)} but no total and by_sex is False")
    if regions is not None:
        missing = sorted(set(regions) - set(data["region_code"]))
        if missing:
            notes.append("no data for region(s) " + ", ".join(missing))
    extreme = []
    for code, g in data.groupby("region_code"):
        if data["region_code"].nunique() > 1 and ((g["p"] == 0).all() or (g["p"] == 1).all()):
            extreme.append(code)
    if extreme:
        notes.append(
            "region(s) with only 0 % or only 100 % values left out (no finite fixed effect): "
            + ", ".join(extreme)
        )
        data = data[~data["region_code"].isin(extreme)]
    if data.duplicated(["region_code", "sex", "year"]).any():
        raise ValueError("more than one value per region, sex and year")
    return data.sort_values(["region_code", "sex", "year"]).reset_index(drop=True)


def design_matrix(
    data: pd.DataFrame,
    config: TrendConfig,
    *,
    region_fe: bool,
    year_effects: bool = False,
    reference: dict | None = None,
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Build the design matrix, adding terms in order and dropping non-identifiable ones."""
    cols: dict[str, np.ndarray] = {}
    dropped: list[tuple[str, str]] = []
    regions = sorted(data["region_code"].unique()) if reference is None else reference["regions"]
    cols["const"] = np.ones(len(data))
    if region_fe and len(regions) > 1:
        for code in regions[1:]:
            cols[f"region[{code}]"] = (data["region_code"] == code).to_numpy(float)
    sexes = sorted(data["sex"].unique()) if reference is None else reference["sexes"]
    if len(sexes) > 1:
        for s in sexes[1:]:
            cols[f"sex[{s}]"] = (data["sex"] == s).to_numpy(float)
    t = (data["year"] - config.knot).to_numpy(float)
    if year_effects:
        years = sorted(data["year"].unique()) if reference is None else reference["years"]
        for y in years[1:]:
            cols[f"year[{y}]"] = (data["year"] == y).to_numpy(float)
        return pd.DataFrame(cols, index=data.index), dropped
    optional = {
        "year": t,
        "pandemic": data["year"].isin(config.pandemic_years).to_numpy(float),
        "year_post": np.maximum(0.0, t),
    }
    if reference is not None:
        for term in reference["terms"]:
            if term in optional:
                cols[term] = optional[term]
        return pd.DataFrame(cols, index=data.index), dropped
    fixed = dict(cols)
    kept, dropped = _select_terms(fixed, optional, data, config, skip=())
    if "pandemic" in kept and len(data) - len(fixed) - len(kept) < 1:
        # A pandemic shift fitted exactly by its own points cannot be told from the trend
        # (the trend would be extrapolated from the remaining points): leave it out.
        kept, dropped = _select_terms(fixed, optional, data, config, skip=("pandemic",))
        dropped.append(
            ("pandemic", "för få mätpunkter: en pandeminivå skulle inte lämna någon frihetsgrad kvar")
        )
    for term in optional:
        if term in kept:
            cols[term] = optional[term]
    return pd.DataFrame(cols, index=data.index), dropped


def _select_terms(
    fixed: dict[str, np.ndarray],
    optional: dict[str, np.ndarray],
    data: pd.DataFrame,
    config: TrendConfig,
    skip: tuple[str, ...],
) -> tuple[list[str], list[tuple[str, str]]]:
    """Add the optional terms in order, keeping each one only if it raises the design's rank."""
    base = np.column_stack(list(fixed.values()))
    rank = np.linalg.matrix_rank(base)
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for term, column in optional.items():
        if term in skip:
            continue
        if term == "year_post" and not _both_sides(data, config):
            dropped.append(
                (
                    term,
                    _drop_reason(term, column, data, config)
                    if not column.any() or data["year"].min() >= config.knot
                    else "färre än två år med data före eller efter reformstarten:"
                    " lutningsändringen skulle vila på extrapolering",
                )
            )
            continue
        trial = np.column_stack([base, column])
        new_rank = np.linalg.matrix_rank(trial)
        if new_rank > rank:
            kept.append(term)
            base, rank = trial, new_rank
        else:
            dropped.append((term, _drop_reason(term, column, data, config)))
    return kept, dropped


def _both_sides(data: pd.DataFrame, config: TrendConfig) -> bool:
    """At least two years with data up to the knot and at least two from the reform start on."""
    years = pd.Series(data["year"].unique())
    return bool((years <= config.knot).sum() >= 2 and (years >= config.reform_start).sum() >= 2)


def _drop_reason(term: str, column: np.ndarray, data: pd.DataFrame, config: TrendConfig) -> str:
    years = sorted(data["year"].unique())
    if term == "year":
        return "bara ett år med data"
    if term == "pandemic":
        if not column.any():
            return f"inga data från pandemiåren {', '.join(map(str, config.pandemic_years))}"
        if column.all():
            return "alla data är från pandemiår"
        return "kan inte skattas med dessa år (sammanfaller med övriga termer)"
    if term == "year_post":
        if not column.any():
            return f"inga data efter reformstarten ({config.reform_start})"
        if min(years) >= config.knot:
            return f"alla data från {config.knot} och framåt: lutningen efter reformen är årslutningen själv"
        return "för få år för att skilja lutningen före och efter reformen"
    return "kan inte skattas"
