"""Question 3: can state grants move the share? The agreements' grants as a dose per region.

The report prints the grants to the regions under the agreements per year (001 Tabell 4),
not per region, and does not say how they were divided. We assume division by population
(the usual key in the agreements; an assumption, stated in the chapter), so each region's
amount is ``national amount × region's population share``. Per
inhabitant that is the same for every region, so the *dose* that varies is the grant relative
to the region's own primary-care spending before the reform:
``dose_rt = grant per inhabitant_t / primary care per inhabitant_r,2019`` (percent).

The 2020–2022 bump: Kolada counts targeted grants into primary care's cost for own commitment,
so the share rises mechanically while the money is paid. Two questions are therefore kept apart:

* ``bump``: the share in the grant years (mean 2020–2022) minus the share in 2019, against the
  mean dose in those years (the mechanical pass-through, a check of the dose);
* ``lasting``: the share (and primary care per inhabitant, %) from 2019 to the last year with
  data after the bump, against the cumulative dose 2020–2022 (what remains when the money has
  tapered).

Cross-section of about 20 regions, OLS with HC3 errors, controlling for the 2019 share (the
dose is larger where primary care was cheap, and such regions may drift back to the mean).
Associations, not causes; the dose is an assumption about how money was divided.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import statsmodels.formula.api as smf

from analysis.assignment.roles import GRANTS as ROLES
from analysis.regions import REGION_CODES, region_name


@dataclass
class GrantResult:
    """Per-region dose table and the fitted associations."""

    doses: pd.DataFrame
    models: pd.DataFrame

    def summary(self) -> str:
        lines = ["State grants as dose: OLS, HC3 errors, control for the 2019 share"]
        lines.append(f"{'model':<22}{'coef':>10}{'low':>10}{'high':>10}{'p':>8}{'n':>5}")
        for _, r in self.models.iterrows():
            lines.append(
                f"{r['model']:<22}{r['coef']:>10.4f}{r['ci_low']:>10.4f}{r['ci_high']:>10.4f}"
                f"{r['p']:>8.3f}{int(r['n_obs']):>5}"
            )
        return "\n".join(lines)


def regional_grants(grants_national: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Each region's grant (mnkr) per year: the national amount divided by population share.

    ``grants_national``: ``year, mnkr``; ``population``: ``region_code, year, pop`` (regions only).
    """
    pop = population[population["region_code"].isin(REGION_CODES)].dropna(subset=["pop"])
    total = pop.groupby("year")["pop"].transform("sum")
    d = pop.assign(pop_share=pop["pop"] / total).merge(grants_national, on="year", how="inner")
    d["grant_mnkr"] = d["mnkr"] * d["pop_share"]
    d["grant_per_inv"] = d["grant_mnkr"] * 1e6 / d["pop"]
    return d[["region_code", "year", "pop", "pop_share", "grant_mnkr", "grant_per_inv"]]


def dose_table(
    kolada: pd.DataFrame, grants_national: pd.DataFrame, base_year: int, grant_years: list[int], end_year: int
) -> pd.DataFrame:
    """Per region: dose (grant as % of 2019 primary care), share before/during/after, pc growth.

    ``kolada``: a tidy table whose ``indicator`` holds the sheet roles of :data:`ROLES`
    (``analysis.registry.as_roles``).
    """
    t = kolada[
        kolada["indicator"].isin(ROLES) & (kolada["sex"] == "T") & kolada["region_code"].isin(REGION_CODES)
    ]
    w = t.pivot_table(index=["region_code", "year"], columns="indicator", values="value").rename(
        columns=ROLES
    )
    w = w.reset_index()
    w["share"] = w["pc"] / (w["pc"] + w["somatic"] + w["psychiatric"])
    rg = regional_grants(grants_national, w[["region_code", "year", "pop"]])
    base = w[w["year"] == base_year].set_index("region_code")
    end = w[w["year"] == end_year].set_index("region_code")
    during = w[w["year"].isin(grant_years)].groupby("region_code")["share"].mean()
    g = rg[rg["year"].isin(grant_years)].copy()
    g["dose_pct"] = 100 * g["grant_per_inv"] / g["region_code"].map(base["pc"])
    dose = g.groupby("region_code").agg(dose_mean_pct=("dose_pct", "mean"), dose_sum_pct=("dose_pct", "sum"))
    dose.loc[dose["dose_mean_pct"].isna(), "dose_sum_pct"] = float("nan")  # no primary-care cost (Gotland)
    dose["grant_per_inv_sum"] = g.groupby("region_code")["grant_per_inv"].sum()
    out = pd.DataFrame(
        {
            "share_base": base["pc"].index.map(base["share"]),
            "share_during": base.index.map(during),
            "share_end": base.index.map(end["share"]),
            "pc_base": base["pc"].to_numpy(),
            "pc_end": base.index.map(end["pc"]),
        },
        index=base.index,
    ).join(dose)
    out["bump_pp"] = 100 * (out["share_during"] - out["share_base"])
    out["lasting_pp"] = 100 * (out["share_end"] - out["share_base"])
    out["pc_growth_pct"] = 100 * (out["pc_end"] / out["pc_base"] - 1)
    out["share_base_pct"] = 100 * out["share_base"]
    out["base_year"], out["end_year"] = base_year, end_year
    out["grant_years"] = f"{min(grant_years)}–{max(grant_years)}"
    out = out.reset_index()
    out["region"] = out["region_code"].map(region_name)
    return out


MODELS = [
    ("bump", "bump_pp", "dose_mean_pct"),
    ("lasting_share", "lasting_pp", "dose_sum_pct"),
    ("lasting_pc", "pc_growth_pct", "dose_sum_pct"),
]


def dose_models(doses: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """OLS of each outcome on its dose with the 2019 share as control, HC3 errors."""
    rows = []
    for model, y, x in MODELS:
        d = doses[[y, x, "share_base_pct"]].dropna()
        fit = smf.ols(f"{y} ~ {x} + share_base_pct", data=d).fit(cov_type="HC3")
        ci = fit.conf_int(alpha=1 - confidence)
        rows.append(
            {
                "model": model,
                "outcome": y,
                "term": x,
                "coef": float(fit.params[x]),
                "se": float(fit.bse[x]),
                "ci_low": float(ci.loc[x, 0]),
                "ci_high": float(ci.loc[x, 1]),
                "p": float(fit.pvalues[x]),
                "n_obs": int(fit.nobs),
                "dose_sd": float(d[x].std()),
            }
        )
    return pd.DataFrame(rows)


def grant_analysis(
    kolada: pd.DataFrame,
    grants_national: pd.DataFrame,
    base_year: int,
    grant_years: list[int],
    end_year: int,
    confidence: float = 0.95,
) -> GrantResult:
    """The dose table and its models."""
    doses = dose_table(kolada, grants_national, base_year, grant_years, end_year)
    return GrantResult(doses, dose_models(doses, confidence))


def national_grants(report_values: pd.DataFrame, recipient: str = "Regioner") -> pd.DataFrame:
    """001 Tabell 4: grants to ``recipient`` per year (mnkr) from the tidy report values."""
    r = report_values
    t = r[(r["report"].astype(str) == "001") & (r["element"] == "Tabell 4") & (r["series"] == "state_grants")]
    t = t[(t["group"] == recipient) & t["year"].notna()]
    return pd.DataFrame(
        {"year": t["year"].astype(int).to_numpy(), "mnkr": t["value"].astype(float).to_numpy()}
    )


def last_share_year(kolada: pd.DataFrame) -> int:
    """Last year in which at least half as many regions as in the best year have both costs (roles)."""
    t = kolada[
        kolada["indicator"].isin(["cost_primary_care", "cost_somatic"])
        & kolada["region_code"].isin(REGION_CODES)
    ]
    n = t.dropna(subset=["value"]).groupby(["year", "indicator"])["region_code"].nunique().unstack()
    ok = n[(n >= n.max().max() / 2).all(axis=1)]
    if ok.empty:
        raise ValueError("no year with primary and specialised care for most regions")
    return int(ok.index.max())
