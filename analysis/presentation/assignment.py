"""Resursallokering, the 2026 assignment's six questions: glued sentences, figures and tables.

Like :mod:`analysis.presentation.allocation`: ``fig_*``/``table_*`` return the keyword
arguments of ``publish``/``publish_table``; ``q*_texts`` return the glued numbers and words.
Interpretation follows the intervals (:func:`analysis.assignment.headlines.clear`): a word
such as "högre" is used only when the 95 % interval excludes zero.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.assignment.datamap import HEADINGS
from analysis.assignment.headlines import clear
from analysis.assignment.mechanisms import mechanical_share_slope
from analysis.figures import PALETTE, decimal_comma, place_labels, swedish_table
from analysis.presentation.allocation import mdkr, pct
from analysis.presentation.notebook import Md, publication
from analysis.presentation.text import fmt_estimate, fmt_num, fmt_p, fmt_span, join_sv
from analysis.regions import region_name

ASG_SRC = "Kolada (RKA): kostnader per verksamhetsområde, vårdplatser, folkmängd och andel 80 år och äldre"
#: The assignment's question sections that have a one-sentence answer in the headlines.
HEADLINE_ANCHORS = ["sec-fraga-1", "sec-fraga-2", "sec-fraga-3", "sec-fraga-5"]


def headline_texts(headlines: pd.DataFrame) -> dict[str, str]:
    """The short answers at the top of the chapter, one per question with a headline."""
    heads = headlines.set_index("anchor")
    return {f"as0-{a}": Md(heads.loc[a, "text_sv"]) for a in HEADLINE_ANCHORS}


def _estimate(row: pd.Series, decimals: int, unit: str, sign: int = 1) -> str:
    lo, hi = sorted([sign * row["ci_low"], sign * row["ci_high"]])
    return fmt_estimate(sign * row["coef"], lo, hi, decimals, unit)


def _word(row: pd.Series, words: dict[int, str], sign: int = 1) -> str:
    lo, hi = sorted([sign * row["ci_low"], sign * row["ci_high"]])
    return words[clear(lo, hi)]


# ---- question 1 ------------------------------------------------------------------------------


def central_elasticity(national: pd.DataFrame) -> float:
    """The main case's ageing elasticity: 0,5 when computed, else the median of the grid."""
    return 0.5 if np.isclose(national["elasticity"], 0.5).any() else float(national["elasticity"].median())


def _q1_frames(national: pd.DataFrame, regions: pd.DataFrame):
    central = central_elasticity(national)
    base = national[national["price_diff"] == 0]
    mid = base[np.isclose(base["elasticity"], central)].set_index("target")
    span = base.groupby("target")["extra_mnkr"].agg(["min", "max"]) / 1000
    rb = regions[
        (regions["target"] == "bast")
        & np.isclose(regions["elasticity"], central)
        & (regions["price_diff"] == 0)
    ]
    return central, mid, span, rb


def q1_texts(national: pd.DataFrame, regions: pd.DataFrame) -> dict[str, str]:
    """Question 1: what the targets cost when specialised care keeps its capacity."""
    central, mid, span, rb = _q1_frames(national, regions)
    b = mid.loc["bast"]
    best = float(regions["best_level"].iloc[0])
    out = {
        "as1-basar": str(int(b["base_year"])),
        "as1-malar": str(int(b["target_year"])),
        "as1-ar": fmt_num(b["target_year"] - b["base_year"], 0),
        "as1-andel-bas": pct(b["share_base"]),
        "as1-bast": pct(best),
        "as1-nbast": fmt_num(regions["n_best"].iloc[0], 0),
        "as1-spec-g": pct(b["spec_growth"], 2),
        "as1-elast": fmt_num(central, 1),
        "as1-n-beds-ner": fmt_num((rb["beds_change_trend"] < 0).sum(), 0),
        "as1-n-regioner": fmt_num(rb["region_code"].nunique(), 0),
        "as1-trendstart": str(int(regions["trend_start"].iloc[0])),
        "as1-eget": pct(regions["own_goal"].iloc[0], 0),
        "as1-n-over": fmt_num((rb["share_base"] >= best - 1e-12).sum(), 0),
    }
    for k in mid.index:
        out |= {
            f"as1-{k}-mdkr": mdkr(mid.loc[k, "extra_mnkr"]),
            f"as1-{k}-spann": fmt_span(span.loc[k, "min"], span.loc[k, "max"], 1),
            f"as1-{k}-g": pct(mid.loc[k, "pc_growth"], 1),
            f"as1-{k}-andel": pct(mid.loc[k, "share_target"]),
        }
    # the low end of the elasticity grid (0: no ageing), to link the own goal's amount to the
    # scenario section above, where specialised care is held unchanged per inhabitant
    emin = float(national["elasticity"].min())
    low = national[(national["price_diff"] == 0) & np.isclose(national["elasticity"], emin)]
    out["as1-emin"] = fmt_num(emin, 0 if emin.is_integer() else 1)
    out |= {f"as1-{k}-emin-mdkr": mdkr(v) for k, v in low.set_index("target")["extra_mnkr"].items()}
    pdiff = national[
        (national["price_diff"] > 0)
        & np.isclose(national["elasticity"], central)
        & (national["target"] == "bast")
    ]
    out["as1-pdiff"] = pct(pdiff["price_diff"].iloc[0], 1) if len(pdiff) else "–"
    out["as1-pdiff-mdkr"] = mdkr(pdiff["extra_mnkr"].iloc[0]) if len(pdiff) else "–"
    return out


def table_q1_national(national: pd.DataFrame, regions: pd.DataFrame) -> dict:
    """Question 1 for the country under each target (main case; span over the elasticity)."""
    _, mid, span, _ = _q1_frames(national, regions)
    keys = [k for k in ["bast", "plus2", "plus5", "eget_mal"] if k in mid.index]
    t = pd.DataFrame(
        {
            "Andel i riket målåret, %": [100 * mid.loc[k, "share_target"] for k in keys],
            "Extra primärvård, mdkr per år": [mid.loc[k, "extra_mnkr"] / 1000 for k in keys],
            "Spann, mdkr": [fmt_span(span.loc[k, "min"], span.loc[k, "max"], 1) for k in keys],
            "Real tillväxt i primärvården, % per år": [100 * mid.loc[k, "pc_growth"] for k in keys],
        },
        index=pd.Index([mid.loc[k, "target_label"] for k in keys], name="Mål"),
    )
    return publication(
        swedish_table(t, 1),
        national,
        "as1-riket",
        ASG_SRC,
        "analysis.assignment.scenarios.capacity_scenarios",
        "assignment_scenarios",
        vintage=f"Kolada {int(mid['base_year'].iloc[0])}",
    )


def table_q1_regions(national: pd.DataFrame, regions: pd.DataFrame) -> dict:
    """Question 1 per region for the best regions' level (main case)."""
    _, _, _, rb = _q1_frames(national, regions)
    rt = rb.sort_values("extra_per_inv", ascending=False)
    t = pd.DataFrame(
        {
            "Andel, %": 100 * rt["share_base"],
            "Målandel, %": 100 * rt["share_target"],
            "Extra kr per invånare": rt["extra_per_inv"],
            "Extra, mnkr": rt["extra_mnkr"],
            "Tillväxt P, % per år": 100 * rt["pc_growth"],
            "Vårdplatser per 1 000 invånare": rt["beds_base"],
            "Ändring vårdplatser": rt["beds_change_trend"],
        }
    )
    t.index = pd.Index(rt["region"], name="Region")
    return publication(
        swedish_table(t, {"Extra kr per invånare": 0, "Extra, mnkr": 0}),
        rb,
        "as1-regioner",
        ASG_SRC,
        "analysis.assignment.scenarios.capacity_scenarios",
        "assignment_scenarios",
        vintage=f"Kolada {int(rt['base_year'].iloc[0])}",
    )


# ---- question 2 ------------------------------------------------------------------------------


def q2_texts(mech: pd.DataFrame, org: pd.DataFrame, panel: pd.DataFrame) -> dict[str, str]:
    """Question 2: what goes with a share that does not rise (within-region panel)."""
    o = org.iloc[0]
    main = mech[mech["family"] == "huvud"]
    sh = main[(main["model"] == "d_share") & (main["term"] == "spec_growth")].iloc[0]
    pcg = main[(main["model"] == "pc_growth") & (main["term"] == "spec_growth")].iloc[0]
    tx = main[(main["model"] == "pc_growth") & (main["term"] == "d_tax")].iloc[0]
    sig = main[main["reject_bh"]]
    items = [
        f"{r['term_label'].split(',')[0].lower()} mot {'andelen' if r['model'] == 'd_share' else 'kostnaden'}"
        for _, r in sig.iterrows()
    ]
    interpretation = {
        -1: "Det talar för att den specialiserade vården tränger undan primärvårdens pengar.",
        0: "Data visar alltså inte att den specialiserade vården tränger undan primärvårdens pengar; "
        "andelen faller när sjukhusvården växer ovanpå.",
        1: "Primärvården växte alltså snarare mer de åren; andelen faller när sjukhusvården växer ännu mer.",
    }
    return {
        "as2-org": fmt_estimate(o["coef"], o["ci_low"], o["ci_high"], 2, "procentenheter per år"),
        "as2-org-n": fmt_num(o["n_with"], 0),
        "as2-org-ntot": fmt_num(o["n_obs"], 0),
        "as2-org-ar": f"{int(o['first_year'])}–{int(o['last_year'])}",
        "as2-andel-spec": _estimate(sh, 2, "procentenheter per procent"),
        "as2-mekanisk": fmt_num(mechanical_share_slope(float(panel["share_lag"].mean())), 2),
        "as2-pc-spec": _estimate(pcg, 2, "procentenheter per procent"),
        "as2-pc-ord": _word(pcg, {1: "högre", -1: "lägre", 0: "inte tydligt lägre"}),
        "as2-tolkning": Md(_word(pcg, interpretation)),
        "as2-ar": f"{int(sh['first_year'])}–{int(sh['last_year'])}",
        "as2-n": fmt_num(sh["n_obs"], 0),
        "as2-kluster": fmt_num(sh["n_clusters"], 0),
        "as2-ntest": fmt_num(len(main), 0),
        "as2-bh": Md(
            f"håller {fmt_num(len(sig), 0)} av dem: {join_sv(items)}" if len(sig) else "håller inget av dem"
        ),
        "as2-ovrigt": Md(
            "Regionernas ekonomi (skattesats, soliditet, resultat) och åldrande förklarar lite"
            if sig[sig["term"] != "spec_growth"].empty
            else "Även andra förklaringar håller"
        ),
        "as2-skatt": Md(tax_sentence(tx)),
    }


def tax_sentence(tx: pd.Series) -> str:
    """The tax-rate term of the cost model: a direction only when it holds after Benjamini–Hochberg."""
    effect = _estimate(tx, 2, "procentenheter")
    per, p_bh = "per procentenhet högre skattesats", fmt_p(tx["p_bh"])
    if tx["reject_bh"] and clear(tx["ci_low"], tx["ci_high"]):
        faster = "snabbare" if tx["coef"] > 0 else "långsammare"
        return (
            f"En höjd skattesats gick ihop med {faster} kostnadsökning i primärvården: {effect} {per}; "
            f"det håller efter korrektionen för många test (justerat p {p_bh})."
        )
    return (
        f"Skattesatsens samband med primärvårdens kostnadsökning, {effect} {per}, är inte säkert "
        f"efter korrektionen för många test (justerat p {p_bh}); ingen riktning kan utläsas."
    )


def model_table(
    models: pd.DataFrame, outcome: pd.Series, term: pd.Series, pcols: dict[str, str]
) -> pd.DataFrame:
    """A model table for readers: outcome, explanation, estimate with interval, p-values."""
    t = pd.DataFrame(
        {
            "Utfall": outcome.to_numpy(),
            "Förklaring": term.to_numpy(),
            "Samband (95 % KI)": [
                fmt_estimate(c, lo, hi, 2)
                for c, lo, hi in zip(models["coef"], models["ci_low"], models["ci_high"], strict=True)
            ],
        }
    )
    for col, heading in pcols.items():
        values = models[col].to_numpy()
        t[heading] = values if heading == "Antal regioner" else [fmt_p(v) for v in values]
    return swedish_table(t, {"Antal regioner": 0}).set_index("Utfall")


def table_q2(mech: pd.DataFrame) -> dict:
    """Question 2's within-region models (main family)."""
    main = mech[mech["family"] == "huvud"]
    return publication(
        model_table(main, main["outcome_label"], main["term_label"], {"p": "p", "p_bh": "p (BH)"}),
        mech,
        "as2-modeller",
        "Kolada (RKA): kostnader per verksamhetsområde, skattesats, soliditet, resultat, andel 80+, standardkostnad",
        "analysis.assignment.mechanisms.mechanism_models",
        "assignment_mechanisms",
    )


# ---- question 3 ------------------------------------------------------------------------------

_GRANT_UNITS = {"bump": "procentenheter", "lasting_share": "procentenheter", "lasting_pc": "procent"}


def q3_texts(doses: pd.DataFrame, models: pd.DataFrame) -> dict[str, str]:
    """Question 3: do the state grants show in the regions' primary care?"""
    gm = models.set_index("model")
    ok = doses.dropna(subset=["dose_sum_pct"])
    out = {
        "as3-ar": doses["grant_years"].iloc[0],
        "as3-bas": str(int(doses["base_year"].iloc[0])),
        "as3-slut": str(int(doses["end_year"].iloc[0])),
        "as3-kr": fmt_num(ok["grant_per_inv_sum"].iloc[0], 0),
        "as3-dos-min": fmt_num(ok["dose_sum_pct"].min(), 0),
        "as3-dos-max": fmt_num(ok["dose_sum_pct"].max(), 0),
        "as3-n": fmt_num(gm.loc["lasting_share", "n_obs"], 0),
    }
    for k, unit in _GRANT_UNITS.items():
        m = gm.loc[k]
        out[f"as3-{k}"] = _estimate(m, 2, f"{unit} per procent i dos")
        out[f"as3-{k}-ord"] = _word(m, {1: "högre", -1: "lägre", 0: "inte tydligt annorlunda"})
    lasting = [clear(gm.loc[k, "ci_low"], gm.loc[k, "ci_high"]) for k in ["lasting_share", "lasting_pc"]]
    out["as3-svar"] = Md(
        "Vi hittar inga tydliga tecken på att statsbidragen har flyttat resurser varaktigt."
        if lasting == [0, 0]
        else "Statsbidragen hänger ihop med en varaktig skillnad efteråt."
    )
    return out


def fig_q3(doses: pd.DataFrame) -> dict:
    """Grant dose per region against the share's change during and after the grant years."""
    ok = doses.dropna(subset=["dose_sum_pct"])
    gy, b, e = doses["grant_years"].iloc[0], int(doses["base_year"].iloc[0]), int(doses["end_year"].iloc[0])
    fig, axes = plt.subplots(1, 2, figsize=(7.8, 3.6), sharex=True)
    for ax, col, lab in zip(
        axes,
        ["bump_pp", "lasting_pp"],
        [f"Andel {gy} minus {b},\nprocentenheter", f"Andel {e} minus {b},\nprocentenheter"],
        strict=True,
    ):
        ax.scatter(ok["dose_sum_pct"], ok[col], color=PALETTE[0], s=18)
        ax.axhline(0, color="#555555", lw=0.8)
        ax.set_ylabel(lab)
        decimal_comma(ax, "x", 0)
        decimal_comma(ax, "y", 1)
    fig.supxlabel(f"Statsbidrag {gy}, procent av primärvårdens kostnad {b}", fontsize=9)
    fig.tight_layout()
    cols = [
        "region_code",
        "region",
        "dose_sum_pct",
        "bump_pp",
        "lasting_pp",
        "pc_growth_pct",
        "share_base_pct",
    ]
    return publication(
        fig,
        ok[cols],
        "as3-dos",
        "Vårdanalys (2025), tabell 4, s. 110; Kolada (RKA): kostnader per verksamhetsområde, folkmängd",
        "analysis.assignment.grants.grant_analysis",
        "assignment_grants",
        alt="Två punktdiagram per region: statsbidragens storlek mot förändringen i primärvårdens andel "
        "under bidragsåren och efteråt.",
    )


# ---- questions 4 and 5 -------------------------------------------------------------------------


def q4_texts(lan: pd.DataFrame, national: pd.DataFrame, changes: pd.DataFrame) -> dict[str, str]:
    """Question 4: how municipal home health care grew per county."""
    y0, y1 = int(changes["start_year"].iloc[0]), int(changes["end_year"].iloc[0])
    wide = lan.pivot(index="year", columns="region_code", values="value")
    chg = (wide.loc[y1] - wide.loc[y0]).dropna() if {y0, y1} <= set(wide.index) else pd.Series(dtype=float)
    nk = national[national["year"].between(y0, y1)].set_index("year")

    def riket(y):
        return fmt_num(nk.at[y, "kolada_riket"], 1) if y in nk.index else "–"

    return {
        "as4-y0": str(y0),
        "as4-y1": str(y1),
        "as4-forsta": str(int(lan["year"].min())),
        "as4-n-upp": fmt_num((chg > 0).sum(), 0),
        "as4-n-lan": fmt_num(len(chg), 0),
        "as4-upp-min": fmt_num(chg.min(), 1),
        "as4-upp-max": fmt_num(chg.max(), 1),
        "as4-max-lan": region_name(chg.idxmax()),
        "as4-min-lan": region_name(chg.idxmin()),
        "as4-riket-y0": riket(y0),
        "as4-riket-y1": riket(y1),
        "as4-diff": fmt_span(nk["difference"].min(), nk["difference"].max(), 1),
    }


def fig_q4(lan: pd.DataFrame, national: pd.DataFrame) -> dict:
    """Municipal home health care per county, their median and Kolada's national value."""
    wide = lan.pivot(index="year", columns="region_code", values="value")
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for c in wide.columns:
        ax.plot(wide.index, wide[c], color="#bbbbbb", lw=0.8)
    ax.plot(wide.index, wide.median(axis=1), color=PALETTE[0], lw=2, label="Median av länen")
    ax.plot(
        national["year"],
        national["kolada_riket"],
        color=PALETTE[3],
        lw=2,
        ls="--",
        label="Riket (Koladas värde)",
    )
    ax.set_ylabel("Andel 65+ med kommunal\nhemsjukvård, procent")
    decimal_comma(ax, "y", 0)
    ax.legend(fontsize=8, loc="upper left")
    return publication(
        fig,
        lan.assign(region=lan["region_code"].map(region_name)),
        "as4-hemsjukvard",
        "Kolada (RKA): invånare 65+ med kommunal hemsjukvård, per kommun; kommunernas länstillhörighet",
        "analysis.assignment.shift.aggregate_to_lan",
        "assignment_shift",
        alt="Linjer per län för andelen äldre med kommunal hemsjukvård; de flesta ökar svagt, med medianen i färg.",
    )


def _mrow(models: pd.DataFrame, model: str, term: str) -> pd.Series:
    return models[(models["model"] == model) & (models["term"] == term)].iloc[0]


def q5_texts(models: pd.DataFrame, panel: pd.DataFrame, changes: pd.DataFrame) -> dict[str, str]:
    """Question 5: did care move from the regions to the municipalities? (per bed *fewer*)."""
    hb = _mrow(models, "hemsjukvard_vardplatser", "beds")
    ob = _mrow(models, "overbelaggningar", "beds")
    over_unit = "överbeläggningar per 100 vårdplatser"
    out = {
        "as5-hhc-beds": _estimate(hb, 1, "procentenheter", sign=-1),
        "as5-hhc-ord": _word(hb, {1: "snabbare", -1: "långsammare", 0: "inte tydligt snabbare"}, sign=-1),
        "as5-ar": f"{int(hb['first_year'])}–{int(hb['last_year'])}",
        "as5-n": fmt_num(hb["n_clusters"], 0),
        "as5-utskr": _estimate(_mrow(models, "utskrivningsklara_vardplatser", "beds"), 2, "dagar", sign=-1),
        "as5-over": _estimate(ob, 1, over_unit, sign=-1),
        "as5-utskr-hhc": _estimate(_mrow(models, "utskrivningsklara_vardplatser", "hhc"), 2, "dagar"),
        "as5-beds-forsta": str(int(panel.dropna(subset=["beds"])["year"].min())),
        "as5-n-ner": fmt_num((changes["beds_change"] < 0).sum(), 0),
        "as5-n-reg": fmt_num(changes["beds_change"].notna().sum(), 0),
        "as5-sch-y0": str(int(changes["start_year"].iloc[0])),
        "as5-sch-y1": str(int(changes["end_year"].iloc[0])),
    }
    for m, key, dec, unit in [
        ("aterinskrivning", "ater", 1, "procentenheter"),
        ("akutbesok80", "akut", 0, "besök per 1 000 invånare"),
    ]:
        for term in ["beds", "hhc"]:
            out[f"as5-{key}-{term}"] = _estimate(
                _mrow(models, m, term), dec, unit, sign=-1 if term == "beds" else 1
            )
    effects = models[models["model"].isin(["aterinskrivning", "akutbesok80"])]
    n_clear = sum(clear(lo, hi) != 0 for lo, hi in zip(effects["ci_low"], effects["ci_high"], strict=True))
    oc = _word(ob, {1: 1, -1: -1, 0: 0}, sign=-1)
    lead = {
        1: "Färre vårdplatser hänger däremot tydligt ihop med fler överbeläggningar: ",
        -1: "Färre vårdplatser hänger däremot tydligt ihop med färre överbeläggningar: ",
        0: "Inte heller överbeläggningarna följer vårdplatserna tydligt: ",
    }[oc]
    tail = " (måttet räknas per 100 vårdplatser, så en del av sambandet är mekaniskt)." if oc == 1 else "."
    out["as5-over-svar"] = Md(f"{lead}{out['as5-over']} per vårdplats mindre per 1 000 invånare{tail}")
    out["as5-utfall"] = Md(
        "Inte heller återinskrivningarna eller de äldres akutbesök följer vårdplatserna eller "
        "hemsjukvården på något tydligt sätt."
        if n_clear == 0
        else f"{fmt_num(n_clear, 0)} av {fmt_num(len(effects), 0)} samband med återinskrivningar och akutbesök "
        "är tydliga (tabellen nedan)."
    )
    out["as5-slutsats"] = Md(
        "Med de data som är offentliga går det inte att se att vård har flyttat från regionerna till kommunerna, "
        "och inte heller att visa att den inte har gjort det: förändringarna inom varje region är små och "
        "intervallen breda."
        if _word(hb, {1: 1, -1: -1, 0: 0}, sign=-1) == 0
        else "Sambandet mellan vårdplatser och kommunal hemsjukvård är tydligt, men det visar inte i sig att "
        "vård har flyttat."
    )
    return out


def fig_q5(changes: pd.DataFrame) -> dict:
    """Changed beds against changed municipal home health care, per region."""
    y0, y1 = int(changes["start_year"].iloc[0]), int(changes["end_year"].iloc[0])
    ok = changes.dropna(subset=["beds_change", "hhc_change_pp"])
    ok = ok.assign(region=ok["region_code"].map(region_name))
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.scatter(ok["beds_change"], ok["hhc_change_pp"], color=PALETTE[0], s=20)
    ax.axhline(0, color="#555555", lw=0.8)
    ax.axvline(0, color="#555555", lw=0.8)
    ax.set_xlabel(f"Ändring i vårdplatser per 1 000 invånare {y0}–{y1}")
    ax.set_ylabel("Ändring i andel 65+ med kommunal\nhemsjukvård, procentenheter")
    decimal_comma(ax, "x", 1)
    decimal_comma(ax, "y", 1)
    # many regions share a bed change (one decimal): labels placed so none covers another
    place_labels(ax, ok["beds_change"], ok["hhc_change_pp"], list(ok["region"]), fontsize=7)
    return publication(
        fig,
        ok,
        "as5-forskjutning",
        "Kolada (RKA): disponibla vårdplatser; invånare 65+ med kommunal hemsjukvård",
        "analysis.assignment.shift.region_changes",
        "assignment_shift",
        alt="Punktdiagram per region: ändrade vårdplatser mot ändrad andel äldre med kommunal hemsjukvård, "
        "utan tydligt mönster.",
    )


Q5_OUTCOMES = {
    "hemsjukvard_vardplatser": "Andel 65+ med kommunal hemsjukvård, procentenheter",
    "utskrivningsklara_vardplatser": "Dagar som utskrivningsklar (medelvårdtid)",
    "overbelaggningar": "Överbeläggningar per 100 vårdplatser",
    "aterinskrivning": "Oplanerad återinskrivning inom 30 dagar, 65+, %",
    "akutbesok80": "Akutbesök 80+ per 1 000 invånare",
}
Q5_TERMS = {
    "beds": "Vårdplatser per 1 000 invånare",
    "hhc": "Andel 65+ med kommunal hemsjukvård, procentenheter",
}


def table_q5(models: pd.DataFrame) -> dict:
    """Question 5's within-region models (per bed *more*, per pp more home health care)."""
    return publication(
        model_table(
            models,
            models["model"].map(Q5_OUTCOMES),
            models["term"].map(Q5_TERMS),
            {"p": "p-värde", "n_clusters": "Antal regioner"},
        ),
        models,
        "as5-modeller",
        "Kolada (RKA): vårdplatser, utskrivningsklara, återinskrivningar, akutbesök 80+, kommunal hemsjukvård",
        "analysis.assignment.shift.shift_models",
        "assignment_shift",
    )


# ---- question 6 ------------------------------------------------------------------------------


def q6_texts(datamap: pd.DataFrame) -> dict[str, str]:
    """Question 6: which data would answer the assignment."""
    return {
        "as6-n": fmt_num(len(datamap), 0),
        "as6-n-har": fmt_num((datamap["in_compendium"] == "ja").sum(), 0),
        "as6-n-ej-off": fmt_num((datamap["public"] == "nej").sum(), 0),
        "as6-flode": join_sv(datamap.loc[datamap["question"] == 6, "dataset"].str.lower().tolist()),
    }


def table_q6(datamap: pd.DataFrame) -> dict:
    """The data map for all six questions."""
    shown = datamap.rename(columns=HEADINGS)
    shown["Fråga"] = shown["Fråga"].astype(str)
    return publication(
        shown.set_index("Fråga"),
        datamap,
        "as6-datakarta",
        "Kompendiets sammanställning utifrån uppdraget och avsnitten ovan",
        "analysis.assignment.datamap.load_datamap",
        "assignment_datamap",
    )


def assignment_texts(d: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Every glued value of the assignment's sections, from the chapter's inputs (by file stem)."""
    return (
        headline_texts(d["headlines"])
        | q1_texts(d["scenario_national"], d["scenario_regions"])
        | q2_texts(d["mechanism_models"], d["mechanism_organisation"], d["mechanism_panel"])
        | q3_texts(d["grant_doses"], d["grant_models"])
        | q4_texts(d["home_care_lan"], d["home_care_national_check"], d["shift_changes"])
        | q5_texts(d["shift_models"], d["shift_panel"], d["shift_changes"])
        | q6_texts(d["datamap"])
    )
