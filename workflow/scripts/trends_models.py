"""Trend models for chapter 14 and the robust verdicts: Kolada, Vården i siffror, the report's panels.

Writes the coefficient table, the fitted values, the per-model verdict table (one row per
indicator and specification, with Benjamini–Hochberg adjusted p-values for the per-region
models), the sensitivity table (one row per series and variant) and the robust table (one
row per series: effect in percentage points with interval, post-reform slope, verdict word
and its reason). Which series are modelled comes from the analysis sheet. All modelling is in
``analysis.trends`` and ``analysis.robust``.
"""

import logging

import numpy as np
import pandas as pd

from analysis.config import log_to
from analysis.presentation.text import fmt_num
from analysis.quality import national_years
from analysis.registry import ids_for, load_registry, special_waves
from analysis.robust import (
    bh_adjust,
    level_effect,
    national_log_slope,
    robust_word,
    rounded_years,
    run_variants,
    sensitivity_set,
)
from analysis.schemas import trends as trends_schemas
from analysis.schemas.core import write_result
from analysis.sources.hsb import read_hsb_respondents, respondents_by_year
from analysis.sources.kolada_tables import read_split
from analysis.trends import (
    SeriesInfo,
    TrendConfig,
    collect,
    fit_survey_trend,
    last_year_before_break,
    panel_points,
    panel_sizes,
    registry_info,
    run_panel_series,
    run_regional_series,
    verdict_row,
)

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("trends_models")
config = TrendConfig.from_config(sm.params.models)
settings = sm.params.sensitivity
fdr = float(settings["fdr"])

registry = load_registry(sm.input.registry)
sheet = registry.set_index("id")
results, verdicts, variant_tables, robust = [], [], [], []


def pp_scale(level_pct: float) -> float:
    """Logit slope -> percentage points per year at ``level_pct``."""
    p = level_pct / 100
    return 100 * p * (1 - p)


def national_slope(rows: pd.DataFrame, cfg: TrendConfig) -> dict:
    return fit_survey_trend(rows, indicator="", config=cfg, region_fe=False, with_fitted=False).slope


# Measurement layer for the survey with proxied respondents: the national model with binomial
# sampling variance from the respondent counts plus estimated extra dispersion, as one more
# member of the sensitivity set.
counts = read_hsb_respondents(sm.input.respondents)


def respondents(years):
    """National respondents per year (median of the known years where none is published)."""
    return respondents_by_year(counts, years).to_numpy()


def measurement_variants(national, n_of, cfg):
    """The national model with known sampling variance from the respondent proxy.

    With enough waves the extra (between-wave) dispersion is estimated on top of the binomial
    variance, so the interval no longer depends on the proxy's level (a design effect only
    rescales the dispersion); the label reports how many times the sampling variance the
    year-to-year variation is.
    """
    data = national.assign(n=n_of(national["year"]))
    fit = fit_survey_trend(data, n="n", config=cfg, region_fe=False, with_fitted=False)
    slope = fit.slope if fit.slope.get("basis") not in ("no_slope", "no_post_data") else {"basis": "no_slope"}
    ratio = f"{fmt_num(fit.dispersion, 0)} gånger" if np.isfinite(fit.dispersion) else "okänt antal gånger"
    label = f"Känt urvalsfel (antal svarande); variationen mellan åren är {ratio} urvalsvariansen"
    row = {k: slope.get(k, np.nan) for k in ("estimate", "std_error", "ci_low", "ci_high", "p_value")}
    return pd.DataFrame([{"variant": "matfel", "label_sv": label, **row, "basis": slope.get("basis", "")}])


# Kolada: national, pooled regional and region-by-region models, then the sensitivity set.
kolada = read_split(sm.input.kolada)
kolada_ids = ids_for(registry, "trend", "kolada")
infos = registry_info(registry, kolada_ids, "Kolada")
for ind in kolada_ids:
    rows = kolada[(kolada["indicator"] == ind) & (kolada["sex"] == "T")]
    if rows.empty:
        log.warning("%s: no rows in the Kolada table", ind)
        continue
    info = infos[ind]
    unit = sheet.at[ind, "unit"]
    scale = "logit" if unit == "procent" else "log"
    last, note = last_year_before_break(sheet.at[ind, "breaks"], rows["year"])
    if scale == "logit":
        fit_nat = national_slope
        for r in run_regional_series(rows, info, config, last_year=last, extra_note=note):
            results.append(r)
            verdicts.append(
                verdict_row(
                    r,
                    info.direction,
                    name_sv=info.name_sv,
                    family=info.family,
                    source="Kolada",
                    series_note=info.note,
                )
            )
    else:
        fit_nat = national_log_slope
    if last is not None:
        rows = rows[rows["year"] <= last]
    ok_years, thin = national_years(rows, float(sm.params.models["min_region_share_national"]))
    if thin:
        log.info("%s: national values left out for years with too few regions: %s", ind, thin)
        note = "; ".join(
            filter(
                None,
                [
                    note,
                    "riksvärden utan tillräcklig regional täckning utelämnade: " + ", ".join(map(str, thin)),
                ],
            )
        )
    rows = rows[rows["year"].isin(ok_years)]
    national = rows[rows["region_code"] == "00"]
    regional = rows[rows["region_code"] != "00"]
    if national.empty:
        continue
    variants = sensitivity_set(
        config,
        settings,
        national["year"],
        flagged_waves=special_waves(registry, ind),
        rounded=rounded_years(regional),
    )
    table = run_variants(national, regional, variants, fit_nat, scale).assign(indicator=ind)
    if sheet.at[ind, "source"] == sm.params.survey_source and scale == "logit":
        table = pd.concat([table, measurement_variants(national, respondents, config)], ignore_index=True)
        table["indicator"] = ind
    variant_tables.append(table)
    level = float(national.sort_values("year")["value"].iloc[-1])
    robust.append(
        {
            "indicator": ind,
            "name_sv": info.name_sv,
            "family": info.family,
            "goal": sheet.at[ind, "goal"],
            "direction": info.direction,
            "source": info.source,
            "kind": "kolada",
            "first_year": int(national["year"].min()),
            "last_year": int(national["year"].max()),
            "last_value": level,
            "unit": unit,
            "scale": scale,
            # slope per year for reading: percentage points at the last level, or percent (log scale)
            "pp_scale": pp_scale(level) if scale == "logit" else 100.0,
            "slope_unit": "procentenheter per år" if scale == "logit" else "procent per år",
            **level_effect(national, config, int(settings["effect_last_years"])),
            "series_note": note,
        }
    )
    log.info("%s: modelled with %d variants (%s)", ind, len(variants), note or "whole series")

# Vården i siffror: regional panels before the reform (no national rows in the 2019 export).
vis = pd.read_parquet(sm.input.vis)
for ind in ids_for(registry, "trend", "vis"):
    rows = vis[vis["indicator"] == ind]
    if rows.empty:
        log.warning("%s: not in the VIS table", ind)
        continue
    info = SeriesInfo(
        ind, sheet.at[ind, "name_sv"], sheet.at[ind, "family"], sheet.at[ind, "direction"], "Vården i siffror"
    )
    counts = bool(sheet.at[ind, "denominator_known"])
    for r in run_regional_series(rows, info, config, counts=counts, national=False, per_region=False):
        results.append(r)
        verdicts.append(
            verdict_row(r, info.direction, name_sv=info.name_sv, family=info.family, source=info.source)
        )

# The report's panel series with n from 001 Fig 28. Two-wave series have no residual degrees of
# freedom: they borrow the between-wave dispersion estimated where three or more waves exist.
report = pd.read_parquet(sm.input.report)
figures = pd.read_csv(sm.input.figures, dtype=str, keep_default_na=False)
points = panel_points(report, figures, panel_sizes(report), config.confidence)
panel = run_panel_series(points, config, exclude_waves=config.pandemic_years + (2022,))
for r, meta in panel:
    results.append(r)
    verdicts.append(
        verdict_row(
            r, meta["direction"], name_sv=meta["name_sv"], family=meta["family"], source=meta["source"]
        )
    )
estimable = [
    r.dispersion for r, _ in panel if r.spec == "panel" and r.df_resid > 0 and np.isfinite(r.dispersion)
]
borrowed = max([1.0, *estimable])
log.info("panel series: borrowed between-wave dispersion %.1f (from %d series)", borrowed, len(estimable))
ok = points[
    points["status"].isin(["printed", "derived", "corrected"]) & points["n"].notna() & points["year"].notna()
]
ok = ok[ok["group_type"] == "total"]
for (figure, series), g in ok.groupby(["figure", "series"]):
    if g["year"].nunique() < 2:
        continue
    g = g.assign(region_code="00", sex="T", year=g["year"].astype(int)).sort_values("year")
    direction = g["direction"].iloc[0]
    phi = 1.0 if len(g) > 2 else borrowed

    def fit_panel(data, cfg, phi=phi):
        data = data.assign(n_eff=data["n"] / phi)
        return fit_survey_trend(data, n="n_eff", config=cfg, region_fe=False, with_fitted=False).slope

    # printed integers: move every value half a point towards the series mean (less change)
    rounded = g.assign(value=g["value"] - 0.5 * np.sign(g["value"] - g["value"].mean()))
    table = pd.DataFrame(
        [
            {
                "variant": "huvudmodell",
                "label_sv": "Mellan-mätningsvarians lånad från paneler med fler mätningar",
                **fit_panel(g, config),
            },
            {
                "variant": "avrundning",
                "label_sv": "Tryckta heltal: en halv procentenhet mindre förändring",
                **fit_panel(rounded, config),
            },
        ]
    )
    table.loc[
        ~table["basis"].isin(["post_reform", "post_only_data", "whole_period"]), ["ci_low", "ci_high"]
    ] = np.nan
    table = table.rename(columns={"std_error": "std_error"})[
        ["variant", "label_sv", "estimate", "std_error", "ci_low", "ci_high", "p_value", "basis"]
    ].assign(indicator=series)
    variant_tables.append(table)
    level = float(g["value"].iloc[-1])
    robust.append(
        {
            "indicator": series,
            "name_sv": g["label_sv"].iloc[0],
            "family": g["family"].iloc[0],
            "goal": {
                "access": "tillganglighet",
                "continuity": "kontinuitet",
                "participation": "delaktighet",
            }.get(g["family"].iloc[0], ""),
            "direction": direction,
            "source": f"Vårdanalys (2025), {figure.replace('Fig', 'figur')} ({g['instrument'].iloc[0]})",
            "kind": "panel",
            "first_year": int(g["year"].min()),
            "last_year": int(g["year"].max()),
            "last_value": level,
            "unit": "procent",
            "scale": "logit",
            "pp_scale": pp_scale(level),
            "slope_unit": "procentenheter per år",
            "effect": float(g["value"].iloc[-1] - g["value"].iloc[0]),
            "effect_low": np.nan,
            "effect_high": np.nan,
            "effect_note": f"förändring {g['year'].iloc[0]}–{g['year'].iloc[-1]}, panelens mätningar",
            "dispersion_used": phi,
            "series_note": "",
        }
    )

# Per-region models: Benjamini–Hochberg over the regions of each indicator.
verdict_table = pd.DataFrame(verdicts)
verdict_table["p_adjusted"] = np.nan
verdict_table["verdict_fdr"] = verdict_table["verdict"]
region_rows = verdict_table["spec"].str.startswith("region:")
for _ind, idx in verdict_table[region_rows].groupby("indicator").groups.items():
    adjusted, reject = bh_adjust(verdict_table.loc[idx, "slope_p"], fdr)
    verdict_table.loc[idx, "p_adjusted"] = adjusted
    keep = reject | ~np.isfinite(adjusted)
    verdict_table.loc[idx, "verdict_fdr"] = np.where(
        keep, verdict_table.loc[idx, "verdict"], "ingen säker förändring"
    )

# The robust verdict: main-model p-values adjusted over all series, then the declared variants.
variants = pd.concat(variant_tables, ignore_index=True)
robust_table = pd.DataFrame(robust)
main = variants[variants["variant"] == "huvudmodell"].set_index("indicator")
robust_table["slope"] = robust_table["indicator"].map(main["estimate"])
robust_table["slope_low"] = robust_table["indicator"].map(main["ci_low"])
robust_table["slope_high"] = robust_table["indicator"].map(main["ci_high"])
robust_table["slope_p"] = robust_table["indicator"].map(main["p_value"])
# Family for the false discovery rate: the series of one kind (Kolada's national series; the
# report's panel series), each tested once on its main model's post-reform slope.
adjusted = np.full(len(robust_table), np.nan)
reject = np.zeros(len(robust_table), dtype=bool)
for _kind, idx in robust_table.groupby("kind").indices.items():
    adjusted[idx], reject[idx] = bh_adjust(robust_table["slope_p"].iloc[idx], fdr)
robust_table["slope_p_adjusted"] = adjusted
robust_table["fdr"] = fdr
for col in ("slope", "slope_low", "slope_high"):
    robust_table[f"{col}_pp"] = robust_table[col] * robust_table["pp_scale"]
words = [
    robust_word(
        variants[variants["indicator"] == r.indicator], r.direction, bool(rej) or not np.isfinite(adj)
    )
    for r, rej, adj in zip(robust_table.itertuples(), reject, adjusted, strict=True)
]
robust_table["verdict"] = [w for w, _ in words]
robust_table["reason"] = [why for _, why in words]
robust_table["n_variants"] = robust_table["indicator"].map(variants.groupby("indicator").size())

estimates, fitted = collect(results)
write_result(estimates, sm.output.estimates, trends_schemas.ESTIMATES)
write_result(fitted, sm.output.fitted, trends_schemas.FITTED)
write_result(verdict_table, sm.output.verdicts, trends_schemas.VERDICTS)
write_result(variants, sm.output.sensitivity, trends_schemas.SENSITIVITY)
write_result(robust_table, sm.output.robust, trends_schemas.ROBUST)
log.info(
    "%d models, %d verdict rows, %d robust verdicts", len(results), len(verdict_table), len(robust_table)
)
