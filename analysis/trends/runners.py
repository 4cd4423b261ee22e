"""Batch runners for the workflow: one series (national, pooled regional, per region) or
the report's panel series at a time, and the stacking of many results.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.presentation.references import report_ref
from analysis.registry import parse_breaks
from analysis.trends.models import fit_binomial_trend, fit_survey_trend
from analysis.trends.result import TrendConfig, TrendResult

# ---------------------------------------------------------------------------------------------
# Batch runners used by the workflow (workflow/scripts/trends_*.py)


@dataclass(frozen=True)
class SeriesInfo:
    """What the verdict table needs to know about a modelled series."""

    indicator: str
    name_sv: str
    family: str
    direction: str
    source: str
    note: str = ""


def registry_info(registry: pd.DataFrame | None, ids: Iterable[str], source: str) -> dict[str, SeriesInfo]:
    """Names, families and directions from the indicator registry; a clear fallback without it.

    Without a registry row the name is the id, the direction ``higher_better`` and the note
    says so (the chapter shows the note).
    """
    rows = {} if registry is None else registry.set_index("id").to_dict("index")
    out = {}
    for i in ids:
        r = rows.get(i)
        if r is None:
            out[i] = SeriesInfo(
                i, i, "", "higher_better", source, "saknas i indikatorregistret: riktning antagen"
            )
        else:
            out[i] = SeriesInfo(i, r["name_sv"], r["family"], r["direction"], r.get("source", source))
    return out


def last_year_before_break(breaks_text: str, years: Iterable[int]) -> tuple[int | None, str]:
    """Last year to model given registry breaks (``"2024: metodbyte"``): the year before the latest break.

    Returns ``(None, "")`` when no break falls inside the data's years.
    """
    years = sorted(set(int(y) for y in years))
    items = parse_breaks(breaks_text)
    inside = [(y, t) for y, t in items if years and years[0] < y <= years[-1]]
    if not inside:
        return None, ""
    year, text = max(inside)
    return year - 1, f"modelled up to {year - 1}: series break {year} ({text})"


def run_regional_series(
    df: pd.DataFrame,
    info: SeriesInfo,
    config: TrendConfig,
    *,
    counts: bool = False,
    national: bool = True,
    per_region: bool = True,
    extra_note: str = "",
    national_years: Collection[int] | None = None,
) -> list[TrendResult]:
    """National (``"00"``), pooled regional (fixed effects) and region-by-region models of one series.

    ``counts=True`` uses :func:`fit_binomial_trend` (published denominators, value as the
    weighted share); otherwise :func:`fit_survey_trend` without n (quasi-binomial).
    ``national_years``: the years the national model may use (the coverage rule,
    :func:`analysis.quality.national_years`); all years when None.
    """
    from analysis.regions import REGION_CODES

    results: list[TrendResult] = []

    def fit(rows, spec, **kw):
        if counts:
            return fit_binomial_trend(
                rows, indicator=info.indicator, spec=spec, config=config, successes="value", **kw
            )
        return fit_survey_trend(rows, indicator=info.indicator, spec=spec, config=config, **kw)

    nat = df[df["region_code"] == "00"]
    if national_years is not None:
        nat = nat[nat["year"].isin(national_years)]
    reg = df[df["region_code"] != "00"]
    if national and len(nat):
        results.append(fit(nat, "riket", region_fe=False))
    if len(reg):
        pooled = fit(reg, "regioner_fe", region_fe=True, regions=REGION_CODES)
        pooled.notes.append(
            "pooled regional model: region-year deviations treated as independent; shared year"
            " shocks beyond the pandemic are not modelled, so the common slope's interval is too narrow"
        )
        results.append(pooled)
        if per_region:
            for code, rows in reg.groupby("region_code"):
                try:
                    results.append(fit(rows, f"region:{code}", region_fe=False))
                except ValueError as err:  # e.g. too few years for this region
                    results.append(_failed(info.indicator, f"region:{code}", str(err), config))
    for r in results:
        if extra_note:
            r.notes.insert(0, extra_note)
    return results


def _failed(indicator: str, spec: str, reason: str, config: TrendConfig) -> TrendResult:
    """A placeholder result for a series that could not be modelled (keeps the reason)."""
    return TrendResult(
        indicator=indicator,
        spec=spec,
        formula="",
        variance="",
        assumptions="",
        n_obs=0,
        years=[],
        regions=[],
        sexes=[],
        df_resid=np.nan,
        dispersion=np.nan,
        use_t=False,
        params=pd.Series(dtype=float),
        cov=pd.DataFrame(),
        notes=[f"not modelled: {reason}"],
        slope={"basis": "no_slope"},
        confidence=config.confidence,
        config=config,
    )


def run_panel_series(
    points: pd.DataFrame, config: TrendConfig, *, exclude_waves: Sequence[int] = ()
) -> list[tuple[TrendResult, dict]]:
    """Trend models for the report's panel series with known n (two or more dated, exact points).

    Main spec ``"panel"``: all waves, terms as in the module docstring. Sensitivity
    ``"panel_utan_pandemivagor"``: the waves in ``exclude_waves`` left out (the report judges the
    2020 and 2022 waves pandemic-affected). Returns (result, series metadata) pairs.
    """
    ok = points[
        points["status"].isin(["printed", "derived", "corrected"])
        & points["n"].notna()
        & points["year"].notna()
        & (points["group_type"] == "total")
    ]
    out = []
    for (figure, series), g in ok.groupby(["figure", "series"]):
        if g["year"].nunique() < 2:
            continue
        meta = {
            "figure": figure,
            "name_sv": g["label_sv"].iloc[0],
            "family": g["family"].iloc[0],
            "direction": g["direction"].iloc[0],
            "source": f"{report_ref('001', figure)} ({g['instrument'].iloc[0]})",
        }
        rows = g.assign(region_code="00", sex="T", year=g["year"].astype(int))
        specs = [("panel", rows)]
        if set(exclude_waves) & set(rows["year"]):
            specs.append(("panel_utan_pandemivagor", rows[~rows["year"].isin(list(exclude_waves))]))
        for spec, data in specs:
            if data.empty:
                continue
            result = fit_survey_trend(
                data, n="n", indicator=series, spec=spec, config=config, region_fe=False
            )
            if spec != "panel":
                result.notes.insert(0, "waves left out: " + ", ".join(map(str, exclude_waves)))
            out.append((result, meta))
    return out


def collect(results: Iterable[TrendResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stack the coefficient tables and the fitted values of many results."""
    results = [r for r in results if len(r.params)]
    est = pd.concat([r.estimates() for r in results], ignore_index=True) if results else pd.DataFrame()
    fit = (
        pd.concat([r.fitted for r in results if len(r.fitted)], ignore_index=True)
        if results
        else pd.DataFrame()
    )
    return est, fit
