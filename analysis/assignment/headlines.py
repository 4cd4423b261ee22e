"""Front-page headlines from the assignment's results: one Swedish sentence per key result.

Columns: ``key, text_sv, value, low, high, anchor`` (the chapter section to link). The
sentences are built from the result tables only; intervals are 95 % confidence intervals
for the models and the range over the ageing assumption for the scenario.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.presentation.text import fmt_estimate, fmt_num

COLUMNS = ["key", "text_sv", "value", "low", "high", "anchor"]


def _row(models: pd.DataFrame, model: str, term: str) -> pd.Series:
    r = models[(models["model"] == model) & (models["term"] == term)]
    if len(r) != 1:
        raise ValueError(f"expected one row for {model}/{term}, found {len(r)}")
    return r.iloc[0]


def clear(low: float, high: float) -> int:
    """+1 if the interval lies above zero, −1 if below, 0 if it covers zero."""
    return 1 if low > 0 else (-1 if high < 0 else 0)


def ageing_text(elasticity: float) -> str:
    """How specialised care's cost per inhabitant follows the share of inhabitants 80+, in words."""
    if elasticity == 0:
        return "hålls oförändrad"
    if elasticity == 1:
        return "växer lika snabbt som andelen invånare 80 år och äldre"
    if elasticity == 0.5:
        return "växer hälften så snabbt som andelen invånare 80 år och äldre"
    return f"växer {fmt_num(elasticity, 2)} gånger så snabbt som andelen invånare 80 år och äldre"


def scenario_headline(national: pd.DataFrame, target: str, central: float) -> dict:
    """Extra primary care (billion kronor a year) for ``target``, with the ageing assumption of
    the central case and of the range's ends (the elasticities that give the lowest and highest
    amounts) spelled out: the amount depends on it."""
    d = national[(national["target"] == target) & (national["price_diff"] == 0)]
    mid = d[np.isclose(d["elasticity"], central)].iloc[0]
    lo, hi = d.loc[d["extra_mnkr"].idxmin()], d.loc[d["extra_mnkr"].idxmax()]
    base = int(mid["base_year"])
    text = (
        f"Om varje region ska nå minst {mid['target_label']} år {int(mid['target_year'])} "
        f"(i riket då {fmt_num(100 * mid['share_target'], 1)} procent) utan att den specialiserade vården "
        f"minskar behöver primärvården omkring {fmt_num(mid['extra_mnkr'] / 1000, 1)} miljarder kronor mer "
        f"per år än {base}, i {base} års priser, om den specialiserade vårdens kostnad per invånare "
        f"{ageing_text(mid['elasticity'])}; {fmt_num(lo['extra_mnkr'] / 1000, 1)} miljarder om den "
        f"{ageing_text(lo['elasticity'])} och {fmt_num(hi['extra_mnkr'] / 1000, 1)} miljarder om den "
        f"{ageing_text(hi['elasticity'])}."
    )
    return {
        "key": "fraga1_tillskott",
        "text_sv": text,
        "value": mid["extra_mnkr"] / 1000,
        "low": lo["extra_mnkr"] / 1000,
        "high": hi["extra_mnkr"] / 1000,
    }


def build_headlines(
    scen_national: pd.DataFrame,
    shift: pd.DataFrame,
    mechanisms: pd.DataFrame,
    grants: pd.DataFrame,
    central_elasticity: float,
    grant_years: str,
) -> pd.DataFrame:
    """The four headline rows (questions 1, 2, 3 and 4–5)."""
    rows = [{**scenario_headline(scen_national, "bast", central_elasticity), "anchor": "sec-fraga-1"}]
    m = _row(mechanisms, "pc_growth", "spec_growth")
    rows.append(
        {
            "key": "fraga2_undantrangning",
            "text_sv": (
                "Under år då den specialiserade vårdens kostnad per invånare växte en procentenhet "
                "snabbare än andra år i samma region skilde sig primärvårdens tillväxttakt i genomsnitt "
                f"med {fmt_estimate(m['coef'], m['ci_low'], m['ci_high'], 2, 'procentenheter')}, "
                f"räknat på regionernas år {int(m['first_year'])}–{int(m['last_year'])}"
                + {
                    0: "; intervallet rymmer noll, så data visar ingen säker undanträngning.",
                    -1: "; intervallet ligger under noll, ett tecken på undanträngning (ett samband, inte en påvisad effekt).",
                    1: "; intervallet ligger över noll, så primärvården växte snarare med den specialiserade vården.",
                }[clear(m["ci_low"], m["ci_high"])]
            ),
            "value": m["coef"],
            "low": m["ci_low"],
            "high": m["ci_high"],
            "anchor": "sec-fraga-2",
        }
    )
    g = _row(grants, "lasting_share", "dose_sum_pct")
    rows.append(
        {
            "key": "fraga3_statsbidrag",
            "text_sv": (
                # the dose is an assumption's consequence: with grants per inhabitant it measures
                # how cheap a region's primary care was, which the headline must say
                f"Om statsbidragen {grant_years} fördelades efter folkmängd (fördelningen per region "
                "är inte publicerad) var de störst i förhållande till primärvården där den var "
                "billigast före bidragen. Regioner med större bidrag i den meningen hade "
                + {1: "en varaktigt högre", -1: "en varaktigt lägre", 0: "inte en tydligt annorlunda"}[
                    clear(g["ci_low"], g["ci_high"])
                ]
                + " primärvårdsandel efteråt: "
                f"{fmt_estimate(g['coef'], g['ci_low'], g['ci_high'], 2, 'procentenheter')} per procent av "
                "primärvårdens budget i bidrag."
            ),
            "value": g["coef"],
            "low": g["ci_low"],
            "high": g["ci_high"],
            "anchor": "sec-fraga-3",
        }
    )
    s = _row(shift, "hemsjukvard_vardplatser", "beds")
    rows.append(
        {
            "key": "fraga45_vardplatser_hemsjukvard",
            "text_sv": (
                "Regioner som minskade sina vårdplatser fick "
                + {1: "snabbare", -1: "långsammare", 0: "inte tydligt snabbare eller långsammare"}[
                    clear(-s["ci_high"], -s["ci_low"])
                ]
                + " växande kommunal hemsjukvård: en vårdplats mindre per 1 000 invånare hänger ihop med "
                f"en ändring på {fmt_estimate(-s['coef'], -s['ci_high'], -s['ci_low'], 1, 'procentenheter')} "
                "i andelen äldre med kommunal hemsjukvård."
            ),
            "value": -s["coef"],
            "low": -s["ci_high"],
            "high": -s["ci_low"],
            "anchor": "sec-fraga-5",
        }
    )
    return pd.DataFrame(rows)[COLUMNS]
