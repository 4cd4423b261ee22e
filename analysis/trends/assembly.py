"""The whole trend-model run of ``rule trends_models``, as pure functions and one results object.

:func:`fit_all` models every series the analysis sheet marks ``trend``: Kolada (national,
pooled regional and region-by-region models, then the declared sensitivity set), Vården i
siffror (regional panels before the reform) and the report's panel series (n from 001 Fig 28).
It returns a :class:`TrendResults` in the style of statsmodels' results classes: the five
tables as attributes and :meth:`TrendResults.summary` for reading.

Two multiplicity corrections (Benjamini–Hochberg, ``sensitivity.fdr``): per indicator over
its regions (:func:`adjust_regions`), and per kind of series over the series' main-model
post-reform slopes before the robust verdict (:func:`robust_verdicts`).

Each series' models depend only on that series' rows, its sheet row and the settings, so
:func:`fit_all` accepts the last run's models (``earlier``, keyed by :func:`series_key`) and
refits only the series whose inputs changed: a revised value of one survey series refits that
series, not all of them. The corrections above always run over the whole family of series.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.presentation.text import fmt_num
from analysis.quality import national_years
from analysis.registry import ids_for, special_waves
from analysis.robust import (
    bh_adjust,
    level_effect,
    national_log_slope,
    robust_word,
    rounded_years,
    run_variants,
    sensitivity_set,
)
from analysis.sources.hsb import respondents_by_year
from analysis.trends.models import fit_survey_trend
from analysis.trends.report_points import panel_points, panel_sizes
from analysis.trends.result import CHANGE_KEYS, NO_CHANGE, TrendConfig, TrendResult, pp_scale, verdict_row
from analysis.trends.runners import (
    SeriesInfo,
    collect,
    last_year_before_break,
    registry_info,
    run_panel_series,
    run_regional_series,
)

log = logging.getLogger("trends_models")

#: Columns of one row of the sensitivity table.
VARIANT_COLUMNS = [
    "variant",
    "label_sv",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "basis",
    *CHANGE_KEYS,
]

#: Slope bases under which a panel variant's interval means something.
PANEL_SLOPE_BASES = ("post_reform", "post_only_data", "whole_period")

#: Family of a panel series -> goal in ``data-raw/goals.csv``.
PANEL_GOALS = {"access": "tillganglighet", "continuity": "kontinuitet", "participation": "delaktighet"}


@dataclass
class SeriesRuns:
    """What modelling one group of series produces, in the order the tables list it."""

    results: list[TrendResult] = field(default_factory=list)
    verdicts: list[dict] = field(default_factory=list)
    variants: list[pd.DataFrame] = field(default_factory=list)
    robust: list[dict] = field(default_factory=list)
    #: Each group's own runs with the key of what it read (for the next run's ``earlier``).
    keyed: dict[str, tuple[str, SeriesRuns]] = field(default_factory=dict)

    def extend(self, other: SeriesRuns) -> None:
        self.results += other.results
        self.verdicts += other.verdicts
        self.variants += other.variants
        self.robust += other.robust
        self.keyed.update(other.keyed)


def series_key(*inputs) -> str:
    """Content digest of what one group of series is modelled from (tables, sheet rows, settings)."""
    import hashlib

    from analysis.figures import data_digest

    digest = hashlib.sha256()
    for x in inputs:
        if isinstance(x, pd.DataFrame | pd.Series):
            x = data_digest(x.to_frame() if isinstance(x, pd.Series) else x)
        digest.update(repr(x).encode() + b"\0")
    return digest.hexdigest()


def reuse_or_fit(name: str, key: str, earlier: Mapping | None, fit: Callable[[], SeriesRuns]) -> SeriesRuns:
    """The runs ``earlier`` holds for ``name`` under ``key``, else ``fit()``; keyed as ``name``."""
    kept = (earlier or {}).get(name)
    if kept is not None and kept[0] == key:
        log.info("%s: same inputs as the last run, its models kept", name)
        runs = kept[1]
    else:
        runs = fit()
    part = SeriesRuns(runs.results, runs.verdicts, runs.variants, runs.robust)
    out = SeriesRuns(keyed={name: (key, part)})
    out.extend(part)  # fresh lists: extending the result later leaves the stored part as it is
    return out


@dataclass
class TrendResults:
    """The tables of one trend-model run (written to ``results/trends/*.parquet``).

    ``estimates`` (one row per model and term), ``fitted`` (fitted values with intervals),
    ``verdicts`` (one row per model, with region-wise BH-adjusted p-values), ``sensitivity``
    (one row per series and variant) and ``robust`` (one row per series: effect with interval,
    post-reform slope, verdict word and its reason).
    """

    estimates: pd.DataFrame
    fitted: pd.DataFrame
    verdicts: pd.DataFrame
    sensitivity: pd.DataFrame
    robust: pd.DataFrame
    fdr: float
    n_models: int
    #: Each group of series' runs with the key of its inputs (``earlier`` for the next run).
    keyed: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by their output name."""
        return {
            "estimates": self.estimates,
            "fitted": self.fitted,
            "verdicts": self.verdicts,
            "sensitivity": self.sensitivity,
            "robust": self.robust,
        }

    def summary(self) -> str:
        """A plain-text table of the robust verdicts, one line per series, with a header."""
        head = (
            f"Trend models: {self.n_models} models, {len(self.verdicts)} verdict rows, "
            f"{len(self.robust)} series with a robust verdict (FDR {self.fdr:g})"
        )
        if self.robust.empty:
            return head + "\n(no series)"
        r = self.robust

        def interval(est, lo, hi):
            return [
                "–" if pd.isna(e) else f"{e:.2f} [{lo:.2f}, {hi:.2f}]" if pd.notna(lo) else f"{e:.2f}"
                for e, lo, hi in zip(est, lo, hi, strict=True)
            ]

        table = pd.DataFrame(
            {
                "series": r["indicator"].astype(str).str.slice(0, 28),
                "kind": r["kind"],
                "years": r["first_year"].astype(str) + "-" + r["last_year"].astype(str),
                "effect": interval(r["effect"], r["effect_low"], r["effect_high"]),
                "slope/yr": interval(r["slope_pp"], r["slope_low_pp"], r["slope_high_pp"]),
                "p_adj": r["slope_p_adjusted"].map(lambda p: "–" if pd.isna(p) else f"{p:.3f}"),
                "variants": r["n_variants"],
                "verdict": r["verdict"],
            }
        )
        rule = "=" * min(110, max(len(head), 60))
        return "\n".join([head, rule, table.to_string(index=False), rule])

    def __str__(self) -> str:
        return self.summary()


def _national_slope(rows: pd.DataFrame, cfg: TrendConfig) -> dict:
    return fit_survey_trend(rows, indicator="", config=cfg, region_fe=False, with_fitted=False).slope


def measurement_variant(national: pd.DataFrame, n_of: Callable, config: TrendConfig) -> pd.DataFrame:
    """The national model with known sampling variance from respondent counts (one variant row).

    ``n_of(years)`` gives the respondents per year. With enough waves the extra (between-wave)
    dispersion is estimated on top of the binomial variance, so the interval no longer depends
    on the counts' level (a design effect only rescales the dispersion); the label says how
    many times the sampling variance the year-to-year variation is.
    """
    data = national.assign(n=np.asarray(n_of(national["year"]), float))
    fit = fit_survey_trend(data, n="n", config=config, region_fe=False, with_fitted=False)
    slope = fit.slope if fit.slope.get("basis") not in ("no_slope", "no_post_data") else {"basis": "no_slope"}
    ratio = f"{fmt_num(fit.dispersion, 0)} gånger" if np.isfinite(fit.dispersion) else "okänt antal gånger"
    label = f"Känt urvalsfel (antal svarande); variationen mellan åren är {ratio} urvalsvariansen"
    row = {k: slope.get(k, np.nan) for k in ("estimate", "std_error", "ci_low", "ci_high", "p_value")}
    return pd.DataFrame([{"variant": "matfel", "label_sv": label, **row, "basis": slope.get("basis", "")}])


def _thin_note(note: str, thin: list) -> str:
    extra = "riksvärden utan tillräcklig regional täckning utelämnade: " + ", ".join(map(str, thin))
    return "; ".join(filter(None, [note, extra]))


def kolada_series(
    kolada: pd.DataFrame,
    registry: pd.DataFrame,
    config: TrendConfig,
    settings: Mapping,
    *,
    min_region_share: float,
    survey_source: str = "",
    respondents: pd.Series | None = None,
    earlier: Mapping | None = None,
) -> SeriesRuns:
    """Kolada series of the sheet: per-region models (shares), the sensitivity set, robust rows.

    Shares are modelled on the logit scale (national, pooled and per-region models with
    verdicts), other units on the log scale (national slope only). Years after a series break
    and national values for years with too few regions (``min_region_share``) are left out and
    noted. For series from ``survey_source`` the known-sampling-variance variant is added,
    with ``respondents`` (national respondents per year) as n.
    """
    out = SeriesRuns()
    sheet = registry.set_index("id")
    ids = ids_for(registry, "trend", "kolada")
    infos = registry_info(registry, ids, "Kolada")
    for ind in ids:
        rows = kolada[(kolada["indicator"] == ind) & (kolada["sex"] == "T")]
        if rows.empty:
            log.warning("%s: no rows in the Kolada table", ind)
            continue
        survey = bool(survey_source) and sheet.at[ind, "source"] == survey_source
        key = series_key(
            rows,
            sheet.loc[ind],
            special_waves(registry, ind),
            config,
            sorted(settings.items()),
            min_region_share,
            survey_source,
            respondents if survey else None,
        )

        def fit(ind=ind, rows=rows):
            return _kolada_one(
                ind,
                rows,
                sheet,
                infos[ind],
                registry,
                config,
                settings,
                min_region_share,
                survey_source,
                respondents,
            )

        out.extend(reuse_or_fit(ind, key, earlier, fit))
    return out


def _kolada_one(
    ind: str,
    rows: pd.DataFrame,
    sheet: pd.DataFrame,
    info: SeriesInfo,
    registry: pd.DataFrame,
    config: TrendConfig,
    settings: Mapping,
    min_region_share: float,
    survey_source: str,
    respondents: pd.Series | None,
) -> SeriesRuns:
    """The models of one Kolada series (see :func:`kolada_series`)."""
    out = SeriesRuns()
    unit = sheet.at[ind, "unit"]
    scale = "logit" if unit == "procent" else "log"
    last, note = last_year_before_break(sheet.at[ind, "breaks"], rows["year"])
    if last is not None:
        rows = rows[rows["year"] <= last]
    ok_years, thin = national_years(rows, min_region_share)
    if scale == "logit":
        fit_nat = _national_slope
        # the national model uses the same covered years as the robust verdict; each region
        # its own years
        for r in run_regional_series(rows, info, config, extra_note=note, national_years=ok_years):
            if r.spec == "riket" and thin:
                r.notes.append(_thin_note("", thin))
            out.results.append(r)
            out.verdicts.append(
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
    if thin:
        log.info("%s: national values left out for years with too few regions: %s", ind, thin)
        note = _thin_note(note, thin)
    rows = rows[rows["year"].isin(ok_years)]
    national = rows[rows["region_code"] == "00"]
    regional = rows[rows["region_code"] != "00"]
    if national.empty:
        return out
    variants = sensitivity_set(
        config,
        settings,
        national["year"],
        flagged_waves=special_waves(registry, ind),
        rounded=rounded_years(regional),
    )
    table = run_variants(national, regional, variants, fit_nat, scale).assign(indicator=ind)
    if survey_source and sheet.at[ind, "source"] == survey_source and scale == "logit":
        if respondents is None:
            raise ValueError(f"{ind}: respondent counts are needed for the survey {survey_source!r}")
        extra = measurement_variant(
            national, lambda years: respondents_by_year(respondents, years).to_numpy(), config
        )
        table = pd.concat([table, extra], ignore_index=True)
        table["indicator"] = ind
    out.variants.append(table)
    level = float(national.sort_values("year")["value"].iloc[-1])
    out.robust.append(
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
            # slope per year for reading: percentage points at the last level, or percent (log)
            "pp_scale": pp_scale(level) if scale == "logit" else 100.0,
            "slope_unit": "procentenheter per år" if scale == "logit" else "procent per år",
            **level_effect(national, config, int(settings["effect_last_years"])),
            "series_note": note,
        }
    )
    log.info("%s: modelled with %d variants (%s)", ind, len(variants), note or "whole series")
    return out


def vis_series(vis: pd.DataFrame, registry: pd.DataFrame, config: TrendConfig) -> SeriesRuns:
    """Vården i siffror series of the sheet: pooled regional panels (no national rows, no variants)."""
    out = SeriesRuns()
    sheet = registry.set_index("id")
    for ind in ids_for(registry, "trend", "vis"):
        rows = vis[vis["indicator"] == ind]
        if rows.empty:
            log.warning("%s: not in the VIS table", ind)
            continue
        s = sheet.loc[ind]
        info = SeriesInfo(ind, s["name_sv"], s["family"], s["direction"], "Vården i siffror")
        counts = bool(s["denominator_known"])
        for r in run_regional_series(rows, info, config, counts=counts, national=False, per_region=False):
            out.results.append(r)
            out.verdicts.append(
                verdict_row(r, info.direction, name_sv=info.name_sv, family=info.family, source=info.source)
            )
    return out


def _panel_slope(data: pd.DataFrame, config: TrendConfig, phi: float) -> dict:
    """The national panel slope with n deflated by the between-wave dispersion ``phi``."""
    data = data.assign(n_eff=data["n"] / phi)
    return fit_survey_trend(data, n="n_eff", config=config, region_fe=False, with_fitted=False).slope


def panel_series(points: pd.DataFrame, config: TrendConfig) -> SeriesRuns:
    """The report's panel series: per-series models, the two-variant set and robust rows.

    Two-wave series have no residual degrees of freedom: they borrow the largest
    between-wave dispersion estimated where three or more waves exist (at least 1). The
    second variant moves every printed integer half a point towards the series mean (less
    change), since the report prints rounded values. Where the longer panels' dispersions
    differ, a third variant borrows the smallest (``minsta_spridning``): the borrowed value
    rests on one degree of freedom per panel, so the chapter says what the smaller one gives.
    """
    out = SeriesRuns()
    if points.empty:
        return out
    panel = run_panel_series(points, config, exclude_waves=config.pandemic_years + (2022,))
    for r, meta in panel:
        out.results.append(r)
        out.verdicts.append(
            verdict_row(
                r, meta["direction"], name_sv=meta["name_sv"], family=meta["family"], source=meta["source"]
            )
        )
    estimable = [
        r.dispersion for r, _ in panel if r.spec == "panel" and r.df_resid > 0 and np.isfinite(r.dispersion)
    ]
    borrowed = max([1.0, *estimable])
    least = max([1.0, min(estimable, default=1.0)])
    log.info("panel series: borrowed between-wave dispersion %.1f (from %d series)", borrowed, len(estimable))
    ok = points[
        points["status"].isin(["printed", "derived", "corrected"])
        & points["n"].notna()
        & points["year"].notna()
        & (points["group_type"] == "total")
    ]
    for (figure, series), g in ok.groupby(["figure", "series"]):
        if g["year"].nunique() < 2:
            continue
        g = g.assign(region_code="00", sex="T", year=g["year"].astype(int)).sort_values("year")
        phi = 1.0 if len(g) > 2 else borrowed
        rounded = g.assign(value=g["value"] - 0.5 * np.sign(g["value"] - g["value"].mean()))
        rows = [
            {
                "variant": "huvudmodell",
                "label_sv": "Variansen mellan mätomgångarna skattad ur panelens egna mätningar"
                if len(g) > 2
                else "Variansen mellan mätomgångarna lånad från paneler med fler mätningar",
                **_panel_slope(g, config, phi),
            },
            {
                "variant": "avrundning",
                "label_sv": "Tryckta heltal: en halv procentenhet mindre förändring",
                **_panel_slope(rounded, config, phi),
            },
        ]
        if len(g) <= 2 and least < borrowed:
            rows.append(
                {
                    "variant": "minsta_spridning",
                    "label_sv": "Variansen mellan mätomgångarna från den minst spridda panelen med fler mätningar",
                    **_panel_slope(g, config, least),
                }
            )
        table = pd.DataFrame(rows)
        table.loc[~table["basis"].isin(PANEL_SLOPE_BASES), ["ci_low", "ci_high"]] = np.nan
        out.variants.append(table.reindex(columns=VARIANT_COLUMNS).assign(indicator=series))
        level = float(g["value"].iloc[-1])
        family = g["family"].iloc[0]
        out.robust.append(
            {
                "indicator": series,
                "name_sv": g["label_sv"].iloc[0],
                "family": family,
                "goal": PANEL_GOALS.get(family, ""),
                "direction": g["direction"].iloc[0],
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
    return out


def adjust_regions(verdicts: pd.DataFrame, fdr: float) -> pd.DataFrame:
    """Benjamini–Hochberg over the regions of each indicator (rows whose spec is ``region:<code>``).

    Adds ``p_adjusted`` and ``verdict_fdr``: the verdict where the adjusted test rejects (or
    no p-value exists), otherwise "ingen säker förändring". Other rows keep their verdict.
    """
    out = verdicts.copy()
    out["p_adjusted"] = np.nan
    out["verdict_fdr"] = out["verdict"]
    region_rows = out["spec"].str.startswith("region:")
    for _ind, idx in out[region_rows].groupby("indicator").groups.items():
        adjusted, reject = bh_adjust(out.loc[idx, "slope_p"], fdr)
        out.loc[idx, "p_adjusted"] = adjusted
        keep = reject | ~np.isfinite(adjusted)
        out.loc[idx, "verdict_fdr"] = np.where(keep, out.loc[idx, "verdict"], NO_CHANGE)
    return out


def robust_verdicts(robust_rows: list[dict], variants: pd.DataFrame, fdr: float) -> pd.DataFrame:
    """The robust table: main-model slope, BH-adjusted p per kind of series, the verdict word.

    The false-discovery family is the series of one kind (Kolada's national series; the
    report's panel series), each tested once on its main model's post-reform slope; the word
    then needs the direction to hold across the series' variants (:func:`analysis.robust.robust_word`).
    """
    table = pd.DataFrame(robust_rows)
    main = variants[variants["variant"] == "huvudmodell"].set_index("indicator")
    table["slope"] = table["indicator"].map(main["estimate"])
    table["slope_low"] = table["indicator"].map(main["ci_low"])
    table["slope_high"] = table["indicator"].map(main["ci_high"])
    table["slope_p"] = table["indicator"].map(main["p_value"])
    # the break at the reform: the slope before it and the change, so a reader can tell an
    # improvement that began with the reform from one that was already under way
    for col, key in (
        ("slope_pre", "pre_estimate"),
        ("slope_change", "change_estimate"),
        ("slope_change_low", "change_low"),
        ("slope_change_high", "change_high"),
        ("slope_change_p", "change_p"),
    ):
        table[col] = table["indicator"].map(main[key])
    adjusted = np.full(len(table), np.nan)
    reject = np.zeros(len(table), dtype=bool)
    for _kind, idx in table.groupby("kind").indices.items():
        adjusted[idx], reject[idx] = bh_adjust(table["slope_p"].iloc[idx], fdr)
    table["slope_p_adjusted"] = adjusted
    table["fdr"] = fdr
    for col in (
        "slope",
        "slope_low",
        "slope_high",
        "slope_pre",
        "slope_change",
        "slope_change_low",
        "slope_change_high",
    ):
        table[f"{col}_pp"] = table[col] * table["pp_scale"]
    words = [
        robust_word(
            variants[variants["indicator"] == r.indicator], r.direction, bool(rej) or not np.isfinite(adj)
        )
        for r, rej, adj in zip(table.itertuples(), reject, adjusted, strict=True)
    ]
    table["verdict"] = [w for w, _ in words]
    table["reason"] = [why for _, why in words]
    table["n_variants"] = table["indicator"].map(variants.groupby("indicator").size())
    return table


def fit_all(
    *,
    kolada: pd.DataFrame,
    vis: pd.DataFrame,
    report: pd.DataFrame,
    figures: pd.DataFrame,
    registry: pd.DataFrame,
    models: Mapping,
    sensitivity: Mapping,
    survey_source: str = "",
    respondents: pd.Series | None = None,
    earlier: Mapping | None = None,
) -> TrendResults:
    """Every trend model of the analysis sheet and the report's panels, with the robust verdicts.

    ``models`` and ``sensitivity`` are the config sections of the same names; ``figures`` is
    chapter 14's figure mapping (``data-raw/figure_status_kap14.csv``); ``respondents`` the
    national respondents per year of ``survey_source`` (for its measurement variant).
    ``earlier``: the ``keyed`` runs of a run with the same code; groups whose inputs are
    unchanged keep their models (see the module's description).
    """
    config = TrendConfig.from_config(models)
    fdr = float(sensitivity["fdr"])
    runs = kolada_series(
        kolada,
        registry,
        config,
        sensitivity,
        min_region_share=float(models["min_region_share_national"]),
        survey_source=survey_source,
        respondents=respondents,
        earlier=earlier,
    )
    vis_ids = ids_for(registry, "trend", "vis")
    vis_key = series_key(vis[vis["indicator"].isin(vis_ids)], registry[registry["id"].isin(vis_ids)], config)
    runs.extend(reuse_or_fit("Vården i siffror", vis_key, earlier, lambda: vis_series(vis, registry, config)))
    points = panel_points(report, figures, panel_sizes(report), config.confidence)
    runs.extend(
        reuse_or_fit(
            "report panels", series_key(points, config), earlier, lambda: panel_series(points, config)
        )
    )
    variants = pd.concat(runs.variants, ignore_index=True)
    estimates, fitted = collect(runs.results)
    return TrendResults(
        estimates=estimates,
        fitted=fitted,
        verdicts=adjust_regions(pd.DataFrame(runs.verdicts), fdr),
        sensitivity=variants,
        robust=robust_verdicts(runs.robust, variants, fdr),
        fdr=fdr,
        n_models=len(runs.results),
        keyed=runs.keyed,
    )
