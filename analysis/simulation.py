"""Validation of the trend models and the verdict rule on simulated panels with known parameters.

Synthetic data only (never shown as findings). Each replicate draws a region × year panel
shaped like the Hälso- och sjukvårdsbarometer in Kolada (21 regions, 2016–2024) on the logit
scale::

    logit p[r, t] = a + b t + g pandemic[t] + (c + s[r]) t_post + u[r] + w[t] + e[r, t]

with region intercepts ``u ~ N(0, sd_region)``, region post-reform slopes ``s ~ N(0,
sd_slope)``, wave shocks ``w ~ N(0, sd_wave)`` shared by all regions (what makes national
intervals that ignore them too narrow) and noise ``e ~ N(0, sd_noise)``. The national series
is the mean of the regional percentages. For each replicate the module fits the
hierarchical model (:func:`analysis.robust.fit_hierarchical`), the national quasi-binomial
trend (:func:`analysis.trends.fit_survey_trend`) and the whole robust verdict with its
sensitivity set, and records whether each 95 % interval covers the true post-reform slope
``b + c`` and which word the rule gives. :func:`summarise` turns the replicates into coverage,
bias and the share of each verdict word per scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import robust
from analysis.trends.models import fit_survey_trend
from analysis.trends.result import TrendConfig


@dataclass(frozen=True)
class Scenario:
    """True parameters of one simulated world (logit scale, per year)."""

    name: str
    label_sv: str
    slope_pre: float = 0.01
    slope_change: float = 0.0
    pandemic: float = 0.08
    sd_region: float = 0.3
    sd_slope: float = 0.01
    sd_wave: float = 0.05
    sd_noise: float = 0.04

    @property
    def true_slope(self) -> float:
        """The post-reform slope the models estimate."""
        return self.slope_pre + self.slope_change


#: The simulated panel's shape: like Hälso- och sjukvårdsbarometern in Kolada.
N_REGIONS = 21
YEARS = range(2016, 2025)

SCENARIOS = (
    Scenario("ingen_forandring", "Ingen förändring efter reformen"),
    Scenario("forbattring", "Förbättring efter reformen", slope_change=0.04),
    Scenario("stora_vagfel", "Ingen förändring, stora fel per mätomgång", sd_wave=0.10),
    # A flat world: the true post-reform slope is exactly zero, so every direction word is false.
    Scenario("ingen_trend", "Ingen trend alls (sann lutning noll)", slope_pre=0.0),
)

#: The scenario whose true slope is zero: its direction words are the rule's false positives.
NULL_SCENARIO = "ingen_trend"


def simulate_panel(
    scenario: Scenario,
    rng: np.random.Generator,
    config: TrendConfig,
    regions: int = 21,
    years=range(2016, 2025),
) -> pd.DataFrame:
    """One synthetic panel (regions ``"01"``…, plus the national mean as ``"00"``)."""
    years = list(years)
    waves = dict(zip(years, rng.normal(0, scenario.sd_wave, len(years)), strict=True))
    rows = []
    for r in range(regions):
        u, s = rng.normal(0, scenario.sd_region), rng.normal(0, scenario.sd_slope)
        for y in years:
            t = y - config.knot
            eta = (
                0.4
                + scenario.slope_pre * t
                + scenario.pandemic * (y in config.pandemic_years)
                + (scenario.slope_change + s) * max(t, 0)
                + u
                + waves[y]
                + rng.normal(0, scenario.sd_noise)
            )
            rows.append((f"{r + 1:02d}", y, 100 / (1 + np.exp(-eta))))
    panel = pd.DataFrame(rows, columns=["region_code", "year", "value"])
    national = panel.groupby("year", as_index=False)["value"].mean().assign(region_code="00")
    return pd.concat([panel, national], ignore_index=True).assign(sex="T")


def _national_slope(rows: pd.DataFrame, cfg: TrendConfig) -> dict:
    return fit_survey_trend(rows, config=cfg, region_fe=False, with_fitted=False).slope


def replicate(scenario: Scenario, seed: int, config: TrendConfig, settings: dict) -> dict:
    """Fit one replicate: coverage of both models' slope intervals and the rule's word."""
    rng = np.random.default_rng(seed)
    panel = simulate_panel(scenario, rng, config)
    national = panel[panel["region_code"] == "00"]
    regional = panel[panel["region_code"] != "00"]
    variants = robust.sensitivity_set(config, settings, national["year"])
    table = robust.run_variants(national, regional, variants, _national_slope)
    word, _ = robust.robust_word(table, "higher_better")
    truth = scenario.true_slope
    out = {"scenario": scenario.name, "seed": seed, "truth": truth, "verdict": word}
    for name, variant in (("nationell", "huvudmodell"), ("hierarkisk", "hierarkisk")):
        row = table[table["variant"] == variant].iloc[0]
        out[f"{name}_estimate"] = row["estimate"]
        out[f"{name}_covers"] = bool(row["ci_low"] <= truth <= row["ci_high"])
        out[f"{name}_width"] = row["ci_high"] - row["ci_low"]
    return out


def scenario(name: str) -> Scenario:
    """The scenario called ``name`` (raises with the known names)."""
    found = [s for s in SCENARIOS if s.name == name]
    if not found:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(s.name for s in SCENARIOS)}")
    return found[0]


def run(name: str, reps: int, seed: int, config: TrendConfig, settings: dict) -> pd.DataFrame:
    """``reps`` replicates of one scenario (seeds derived from ``seed``, so runs are repeatable)."""
    sc = scenario(name)
    seeds = np.random.SeedSequence([seed, SCENARIOS.index(sc)]).generate_state(reps)
    return pd.DataFrame([replicate(sc, int(s), config, settings) for s in seeds])


def summarise(reps: pd.DataFrame) -> pd.DataFrame:
    """Coverage (with a binomial 95 % interval), bias and mean width per scenario and model."""
    from statsmodels.stats.proportion import proportion_confint

    rows = []
    labels = {s.name: s.label_sv for s in SCENARIOS}
    for (scenario, truth), g in reps.groupby(["scenario", "truth"], sort=False):
        for model in ("nationell", "hierarkisk"):
            covers = g[f"{model}_covers"]
            low, high = proportion_confint(covers.sum(), len(covers), method="wilson")
            rows.append(
                {
                    "scenario": scenario,
                    "scenario_sv": labels.get(scenario, scenario),
                    "model": model,
                    "reps": len(g),
                    "coverage": covers.mean(),
                    "coverage_low": low,
                    "coverage_high": high,
                    "bias": (g[f"{model}_estimate"] - truth).mean(),
                    "mean_width": g[f"{model}_width"].mean(),
                    "truth": truth,
                }
            )
    return pd.DataFrame(rows)


def word_rate(reps: pd.DataFrame, name: str, words: set[str]) -> dict:
    """How often scenario ``name`` got one of ``words``: count, replicates, share and its
    Wilson 95 % interval (the simulation's own uncertainty)."""
    from statsmodels.stats.proportion import proportion_confint

    verdicts = reps.loc[reps["scenario"] == name, "verdict"]
    if verdicts.empty:
        raise ValueError(f"no replicates of scenario {name!r}")
    k, n = int(verdicts.isin(words).sum()), len(verdicts)
    low, high = proportion_confint(k, n, method="wilson")
    return {"k": k, "n": n, "share": k / n, "low": low, "high": high}


SURE_WORDS = frozenset({robust.IMPROVED, robust.WORSENED})
SIGN_WORDS = frozenset({robust.SIGN_IMPROVED, robust.SIGN_WORSENED})


def direction_word_rates(reps: pd.DataFrame, name: str = "") -> dict[str, dict]:
    """How often a scenario (the flat world by default) got a direction word: a sure one
    ("sure"), only a sign ("sign"), or either ("any"), each as :func:`word_rate`. In the flat
    world every one of them is a false claim, the rates the validation page reports."""
    name = name or NULL_SCENARIO
    words = {"sure": SURE_WORDS, "sign": SIGN_WORDS, "any": SURE_WORDS | SIGN_WORDS}
    return {key: word_rate(reps, name, set(w)) for key, w in words.items()}


def verdict_shares(reps: pd.DataFrame) -> pd.DataFrame:
    """Share of replicates per scenario that get each verdict word."""
    shares = reps.groupby("scenario", sort=False)["verdict"].value_counts(normalize=True)
    return shares.rename("share").reset_index()
