"""Resursallokering, the compendium's own sections: the share's change, need, scenarios, grants.

Like :mod:`analysis.presentation.cost_shares`: ``fig_*``/``table_*`` return the keyword
arguments of ``publish``/``publish_table``; ``*_texts`` return the glued numbers and words.
The assignment's six questions are in :mod:`analysis.presentation.assignment`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MultipleLocator

from analysis.assignment.headlines import clear
from analysis.figures import PALETTE, decimal_comma, swedish_table
from analysis.findings import SHARE_DECIMALS, share_paragraph
from analysis.presentation.cost_shares import assignment_claim_words, kolada_source
from analysis.presentation.notebook import Md, publication
from analysis.presentation.text import fmt_estimate, fmt_num
from analysis.resources.definitions import KOLADA_MIXED, KOLADA_PRIMARY
from analysis.resources.scenarios import AGGREGATE


def kolada_src(*more: str) -> str:
    """The source line of the three cost series, with any further Kolada series (``KPI`` keys)."""
    return f"{kolada_source('primary', 'somatic', 'psychiatric', *more)}; SCB, folkmängd"


KOLADA_SRC = kolada_src()
NEED_SRC = "SCB, andel 80 år och äldre och standardkostnad för hälso- och sjukvård"


def pct(x: float, d: int = 1) -> str:
    """A fraction as a Swedish percentage number without the sign (0,224 -> '22,4')."""
    return fmt_num(100 * x, d)


def mdkr(mnkr: float, d: int = 1) -> str:
    """Million kronor as billions ('14 612' -> '14,6')."""
    return fmt_num(mnkr / 1000, d)


def _region_axis(ax) -> None:
    """Regions down the side: whole numbers with decimal comma across, no horizontal grid, legend low right."""
    decimal_comma(ax, "x", 0)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right")


# ---- the share 2019– --------------------------------------------------------------------


def change_texts(change: pd.DataFrame, checks: pd.DataFrame) -> dict[str, str]:
    """The share's change per region between the configured years, in words."""
    ch = change[change["definition"] == KOLADA_PRIMARY]
    regions = ch[ch["region_code"] != "00"]
    riket = ch[ch["region_code"] == "00"].iloc[0]
    up = regions[regions["change_pp"] > 0].sort_values("change_pp", ascending=False)
    mixed = change[(change["definition"] == KOLADA_MIXED) & (change["region_code"] != "00")]
    ua = checks[(checks["check"] == "uppdrag_2026_minskat") & (checks["definition"] == KOLADA_PRIMARY)].iloc[
        0
    ]
    return {
        "res-start": str(int(riket["start_year"])),
        "res-slut": str(int(riket["end_year"])),
        "res-riket-start": pct(riket["share_start"], SHARE_DECIMALS),
        "res-riket-slut": pct(riket["share_end"], SHARE_DECIMALS),
        "res-riket-andring": fmt_num(riket["change_pp"], SHARE_DECIMALS),
        "res-n-ner": fmt_num((regions["change_pp"] < 0).sum(), 0),
        "res-n-upp": fmt_num(len(up), 0),
        "res-n-saknas": ", ".join(regions.loc[regions["change_pp"].isna(), "region"]) or "ingen",
        "res-n-upp-bl": fmt_num((mixed["change_pp"] > 0).sum(), 0),
        "res-upp-namn": ", ".join(up["region"]),
        "res-enstaka": fmt_num(ua["report_value"], 0),
        "res-enstaka-stammer": assignment_claim_words(ua["status"]).replace(
            "påståendet", "lägesrapportens formulering"
        ),
    }


def fig_change(change: pd.DataFrame) -> dict:
    """Arrows per region from the share in the first year to the last."""
    ch = change[change["definition"] == KOLADA_PRIMARY]
    ok = ch[ch["region_code"] != "00"].sort_values("share_end").dropna(subset=["change_pp"])
    start, end = int(ch["start_year"].iloc[0]), int(ch["end_year"].iloc[0])
    colours = [PALETTE[3] if c < 0 else PALETTE[2] for c in ok["change_pp"]]
    fig, ax = plt.subplots(figsize=(7.0, 5.4))
    y = np.arange(len(ok))
    for yi, a, b, col in zip(y, ok["share_start"], ok["share_end"], colours, strict=True):
        ax.annotate(
            "", xy=(100 * b, yi), xytext=(100 * a, yi), arrowprops=dict(arrowstyle="->", color=col, lw=1.4)
        )
    ax.scatter(100 * ok["share_start"], y, color="#999999", s=14, zorder=3, label=str(start))
    ax.scatter(100 * ok["share_end"], y, color=colours, s=18, zorder=3)
    ax.scatter([], [], color=PALETTE[3], s=18, label=f"{end}, minskat")
    ax.scatter([], [], color=PALETTE[2], s=18, label=f"{end}, ökat")
    ax.set_yticks(y, ok["region"])
    ax.set_xlabel("Primärvårdens andel, procent")
    ax.xaxis.set_major_locator(MultipleLocator(2))
    _region_axis(ax)
    return publication(
        fig,
        ch,
        "res-andring",
        KOLADA_SRC,
        "analysis.resources.shares.share_change",
        "resources_shares",
        vintage=f"Kolada {start}–{end}",
        alt=f"Pilar per region från andelen {start} till andelen {end}.",
    )


# ---- need ------------------------------------------------------------------------------


def age_share_sentence(reg: pd.Series) -> str:
    """What the slope of the share on the share aged 80+ allows us to say, from its interval.

    An interval that spans zero cannot tell whether older regions spend a larger or a smaller
    part on primary care, and the sentence says so instead of asserting either.
    """
    direction = clear(reg["ci_low"], reg["ci_high"])
    if direction == 0:
        return (
            "Intervallet rymmer både ett positivt och ett negativt samband, så data kan inte avgöra om "
            "regioner med äldre befolkning lägger en större eller en mindre del av sin budget på primärvård."
        )
    word = "större" if direction > 0 else "mindre"
    return f"Regioner med äldre befolkning lägger en {word} del av sin budget på primärvård."


def age_cost_lead(reg: pd.Series) -> str:
    """How much of the regions' differences in primary-care cost the share aged 80+ explains (R²)."""
    amount = "lite" if reg["r2"] < 0.25 else ("en del" if reg["r2"] < 0.5 else "mycket")
    return f"Andelen äldre förklarar {amount} av skillnaderna i kostnad per invånare."


def age_cost_caveat(reg: pd.Series) -> str:
    """What the interval of the cost slope allows: a sure direction, or that zero is inside it."""
    direction = clear(reg["ci_low"], reg["ci_high"])
    if direction == 0:
        return "Intervallet rymmer noll, så data kan inte avgöra om kostnaden är högre eller lägre där fler är äldre."
    return f"Intervallet ligger {'över' if direction > 0 else 'under'} noll."


def need_texts(need: pd.DataFrame, regs: pd.DataFrame, fit: pd.DataFrame) -> dict[str, str]:
    """Costs against standard cost, and the age regressions, in words."""
    base = int(fit["year"].iloc[0])
    nb = need[(need["year"] == base) & (need["region_code"] != "00")]
    hi = nb.loc[nb["cost_to_standard_index"].idxmax()]
    lo = nb.loc[nb["cost_to_standard_index"].idxmin()]
    pn = nb["pc_need_index"].dropna()
    out = {
        "res-bas": str(base),
        "res-std-hog": hi["region"],
        "res-std-hog-v": fmt_num(hi["cost_to_standard_index"], 2),
        "res-std-lag": lo["region"],
        "res-std-lag-v": fmt_num(lo["cost_to_standard_index"], 2),
        "res-pvbehov-min": fmt_num(pn.min(), 2),
        "res-pvbehov-max": fmt_num(pn.max(), 2),
        "res-konf": fmt_num(100 * regs["confidence"].iloc[0], 0),
    }
    for outcome, key, dec in [("pc_cost", "kr", 0), ("share_pp", "andel", 2)]:
        r = regs[(regs["outcome"] == outcome) & (regs["year"] == base)].iloc[0]
        out |= {
            f"res-reg-{key}": fmt_num(r["slope"], dec),
            f"res-reg-{key}-lo": fmt_num(r["ci_low"], dec),
            f"res-reg-{key}-hi": fmt_num(r["ci_high"], dec),
            f"res-reg-{key}-r2": fmt_num(r["r2"], 2),
            f"res-reg-{key}-n": fmt_num(r["n"], 0),
        }
        if outcome == "share_pp":
            out["res-reg-andel-slutsats"] = Md(age_share_sentence(r))
        else:
            out["res-reg-forklarar"] = Md(age_cost_lead(r))
            out["res-reg-kr-tolkning"] = Md(age_cost_caveat(r))
    return out


def fig_need(need: pd.DataFrame, fit: pd.DataFrame) -> dict:
    """Left: cost against standard cost per region. Right: primary care cost against share 80+."""
    base = int(fit["year"].iloc[0])
    nb = need[(need["year"] == base) & (need["region_code"] != "00")]
    # tall enough for 21 region names at the legible size (make_legible raises them to 11 pt)
    fig, axes = plt.subplots(1, 2, figsize=(7.8, 5.6), gridspec_kw={"width_ratios": [1, 1.1]})
    d = nb.sort_values("cost_to_standard_index")
    # bars from the reference 1 (the country), not from an axis cut above zero, which would
    # exaggerate the differences; the axis spans the data
    index = d["cost_to_standard_index"]
    axes[0].barh(d["region"], index - 1, left=1, color=PALETTE[0])
    axes[0].axvline(1, color="#555555", lw=0.8)
    span = max(abs(index.min() - 1), abs(index.max() - 1), 0.05) * 1.1
    axes[0].set_xlim(1 - span, 1 + span)
    axes[0].set_xlabel("Kostnad / standardkostnad\n(riket = 1)")
    axes[0].tick_params(axis="y", labelsize=7)
    axes[0].grid(axis="y", visible=False)
    decimal_comma(axes[0], "x", 2)
    f = fit[fit["outcome"] == "pc_cost"]
    pts = nb.dropna(subset=["pc_cost"])
    axes[1].fill_between(
        f["share80"],
        f["ci_low"],
        f["ci_high"],
        color=PALETTE[4],
        alpha=0.3,
        lw=0,
        label="95 % konfidensintervall",
    )
    axes[1].plot(f["share80"], f["fit"], color=PALETTE[0], label="Regressionslinje")
    axes[1].scatter(pts["share80"], pts["pc_cost"], color=PALETTE[1], s=18, zorder=3, label="Region")
    axes[1].set_xlabel("Andel 80 år och äldre, procent")
    axes[1].set_ylabel("Primärvård, kr per invånare")
    decimal_comma(axes[1], "x", 1)
    decimal_comma(axes[1], "y", 0)
    # above the plot, where it covers no region
    axes[1].legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    fig.tight_layout()
    cols = ["region_code", "region", "year", "net_cost", "standard_cost", "cost_to_standard"]
    cols += ["cost_to_standard_index", "pc_cost", "share80", "note"]
    return publication(
        fig,
        nb[cols],
        "res-behov",
        f"{kolada_src('total_incl_drugs')}; {NEED_SRC}",
        "analysis.resources.need.need_table",
        "resources_need",
        vintage=f"Kolada {base}",
        alt="Vänster: staplar per region för kostnad i förhållande till standardkostnad. "
        "Höger: punktdiagram över primärvårdens kostnad mot andel 80+ med regressionslinje.",
    )


def table_age_regressions(regs: pd.DataFrame, fit: pd.DataFrame) -> dict:
    """The age regressions in three years: slope with interval, R², regions, left out."""
    base = int(fit["year"].iloc[0])
    rt = regs[regs["year"].isin([2015, 2019, base])]
    dec = [0 if o == "pc_cost" else 2 for o in rt["outcome"]]
    t = pd.DataFrame(
        {
            "Utfall": rt["outcome_label"],
            "År": rt["year"].astype(int).astype(str),
            "Samband per procentenhet 80+": [
                fmt_estimate(s, lo, hi, d)
                for s, lo, hi, d in zip(rt["slope"], rt["ci_low"], rt["ci_high"], dec, strict=True)
            ],
            "R²": rt["r2"],
            "Antal regioner": rt["n"],
            "Utelämnade": rt["left_out"],
        }
    )
    return publication(
        swedish_table(t, {"R²": 2, "Antal regioner": 0}).set_index("Utfall"),
        regs,
        "res-regression",
        f"{KOLADA_SRC}; {NEED_SRC}",
        "analysis.resources.need.age_regressions",
        "resources_need",
    )


# ---- scenarios ----------------------------------------------------------------------------


def scenario_texts(
    totals: pd.DataFrame, scen: pd.DataFrame, sens: pd.DataFrame, equiv: pd.DataFrame, grants: pd.DataFrame
) -> dict[str, str]:
    """The 25 % scenario for the country, its sensitivity and the grants it compares with."""
    t, eqv = totals.iloc[0], equiv.iloc[0]
    conf = sens[sens["is_configured"]].iloc[0]
    same_g = np.isclose(sens["specialised_real_growth"], conf["specialised_real_growth"])
    eq = sens[(sens["target_label"] != conf["target_label"]) & same_g].iloc[0]
    gmax = sens["specialised_real_growth"].max()
    one = sens[
        (sens["target_label"] == conf["target_label"]) & np.isclose(sens["specialised_real_growth"], gmax)
    ]
    gl = grants.dropna(subset=["grants_regions_mnkr"]).sort_values("year").iloc[-1]
    reach = scen[(scen["region_code"] != AGGREGATE) & scen["year_reached_recent"].notna()]
    gnote = scen.loc[scen["region_code"] == "09", "note"]
    return {
        "res-mal": pct(t["target_share"], 0),
        "res-malar": str(int(t["target_year"])),
        "res-basar": str(int(t["base_year"])),
        "res-ar": fmt_num(t["target_year"] - t["base_year"], 0),
        "res-spec-g": pct(t["specialised_real_growth"], 1),
        "res-bas-andel": pct(t["share_base"]),
        "res-extra-inv": fmt_num(t["extra_pc_per_inv"], 0),
        "res-extra-mdkr": mdkr(t["extra_pc_mnkr"]),
        "res-krav-g": pct(t["pc_growth_required"]),
        "res-pv-g": pct(t["pc_growth_recent"]),
        "res-spec-recent": pct(t["spec_growth_recent"]),
        "res-diff-krav": pct(t["differential_required"]),
        "res-diff-recent": pct(t["differential_recent"]),
        "res-omford": pct(-t["spec_change_if_moved"]),
        "res-summa-mdkr": mdkr(t["sum_regions_needed_mnkr"]),
        "res-n-under": fmt_num(t["n_regions_below"], 0),
        "res-n-over": fmt_num(t["n_regions_above"], 0),
        "res-saknas": t["regions_missing"] or "ingen",
        "res-reached": reached_phrase(t["year_reached_recent"], int(t["target_year"])),
        "res-ekv-mal": pct(eqv["equivalent_share"]),
        "res-ekv-faktor": fmt_num(eqv["factor"], 2),
        "res-ekv-mdkr": mdkr(eq["extra_pc_mnkr"]),
        "res-ekv-krav-g": pct(eq["pc_growth_required"]),
        "res-g1": pct(gmax, 1),
        "res-g1-mdkr": mdkr(one["extra_pc_mnkr"].iloc[0]),
        "res-bidrag-ar": str(int(gl["year"])),
        "res-bidrag-mdkr": mdkr(gl["grants_regions_mnkr"]),
        "res-extra-ggr-bidrag": fmt_num(t["extra_pc_mnkr"] / gl["grants_regions_mnkr"], 1),
        "res-n-nar": fmt_num(len(reach), 0),
        "res-n-nar-2030": fmt_num((reach["year_reached_recent"] <= t["target_year"]).sum(), 0),
        "res-gotland-not": gnote.iloc[0] if len(gnote) else "",
    }


def fig_scenario(scen: pd.DataFrame) -> dict:
    """Extra primary care per inhabitant each region needs to reach the target share."""
    okr = (
        scen[scen["region_code"] != AGGREGATE]
        .sort_values("extra_pc_per_inv")
        .dropna(subset=["extra_pc_per_inv"])
    )
    agg = scen[scen["region_code"] == AGGREGATE].iloc[0]
    fig, ax = plt.subplots(figsize=(7.0, 5.0))
    ax.barh(okr["region"], okr["extra_pc_per_inv"], color=PALETTE[0])
    ax.axvline(
        agg["extra_pc_per_inv"], color=PALETTE[3], lw=1.2, ls="--", label="Riket (regionerna med data)"
    )
    ax.set_xlabel(
        f"Extra primärvård {int(agg['target_year'])}, kr per invånare ({int(agg['base_year'])} års priser)"
    )
    _region_axis(ax)
    return publication(
        fig,
        scen,
        "res-scenario-fig",
        KOLADA_SRC,
        "analysis.resources.scenarios.reallocation_scenarios",
        "resources_scenarios",
        vintage=f"Kolada {int(agg['base_year'])}",
        alt="Liggande staplar: extra primärvård per invånare som behövs per region för att nå målandelen.",
    )


#: The scenario table's two halves: steps 1–5 and 6–8 (column -> Swedish heading).
STEPS_A = {
    "share_base": "1. Andel bas, %",
    "pc_base": "1. P₀",
    "spec_base": "1. S₀",
    "spec_target": "2. S₁",
    "pc_target": "3. P₁",
    "extra_pc_per_inv": "4. P₁ − P₀",
    "extra_pc_mnkr": "4. mnkr",
    "pc_growth_required": "5. Krävd tillväxt P, % per år",
}
STEPS_B = {
    "pc_growth_recent": "6. P, % per år",
    "spec_growth_recent": "6. S, % per år",
    "differential_recent": "7. Faktiskt försprång, procentenheter per år",
    "differential_required": "7. Krävt försprång, procentenheter per år",
}
_PERCENT = {"share_base", "pc_growth_required", "pc_growth_recent", "spec_growth_recent"}
_PERCENT |= {"differential_recent", "differential_required"}


#: Years past the target year beyond which "the year the target is reached" is not printed: a
#: few years' growth lead carried decades ahead is no forecast.
REACHED_HORIZON = 10


def reached_year(year: float, target_year: int) -> str | None:
    """The year the target is reached as printed: '2033', 'efter 2040' beyond
    :data:`REACHED_HORIZON` years after the target year, or None (never at this pace)."""
    if pd.isna(year):
        return None
    horizon = target_year + REACHED_HORIZON
    return f"efter {horizon}" if year > horizon else str(int(year))


def reached_phrase(year: float, target_year: int) -> str:
    """What follows "nås målet": 'år 2033', 'först efter 2040' or 'aldrig'."""
    printed = reached_year(year, target_year)
    if printed is None:
        return "aldrig"
    return f"först {printed}" if printed.startswith("efter") else f"år {printed}"


def reached_text(row: pd.Series) -> str:
    """When a region reaches the target at its recent pace, for the scenario table."""
    if row["status"] == "redan över målet":
        return "redan nått"
    if pd.isna(row["extra_pc_per_inv"]):
        return "data saknas"
    return reached_year(row["year_reached_recent"], int(row["target_year"])) or "aldrig"


def table_scenario(scen: pd.DataFrame, part: str) -> dict:
    """The per-region scenario, steps 1–5 (``part='a'``) or 6–8 (``'b'``)."""
    cols = STEPS_A if part == "a" else STEPS_B
    t = scen[list(cols)].copy()
    for c in _PERCENT & set(cols):
        t[c] = 100 * t[c]
    t = t.rename(columns=cols)
    shown = swedish_table(t, {h: (1 if ("%" in h or "procentenheter per år" in h) else 0) for h in t.columns})
    if part == "b":
        shown["8. Målet nås"] = [reached_text(r) for _, r in scen.iterrows()]
    shown.index = pd.Index(scen["region"], name="Region")
    return publication(
        shown,
        scen,
        "res-scenario" if part == "a" else "res-scenario-takt",
        KOLADA_SRC,
        "analysis.resources.scenarios.reallocation_scenarios",
        "resources_scenarios",
        vintage=f"Kolada {int(scen['base_year'].iloc[0])}",
    )


def table_sensitivity(sens: pd.DataFrame) -> dict:
    """The national scenario under other targets and growth assumptions."""
    t = pd.DataFrame(
        {
            "Mål": sens["target_label"],
            "Målandel i vår definition, %": 100 * sens["target_share"],
            "Specialiserad vård, real tillväxt % per år": 100 * sens["specialised_real_growth"],
            "Extra kr per invånare": sens["extra_pc_per_inv"],
            "Extra, mdkr": sens["extra_pc_mnkr"] / 1000,
            "Krävd real tillväxt P, % per år": 100 * sens["pc_growth_required"],
        }
    )
    return publication(
        swedish_table(t, {"Extra kr per invånare": 0}).set_index("Mål"),
        sens,
        "res-kanslighet",
        KOLADA_SRC,
        "analysis.resources.scenarios.scenario_sensitivity",
        "resources_scenarios",
    )


# ---- grants --------------------------------------------------------------------------------


def grant_texts(grants: pd.DataFrame, grant_tables: pd.DataFrame) -> dict[str, str]:
    """The largest year of grants against primary care, and the primary-care area's share of Tabell 9."""
    hi = grants.loc[grants["grants_regions_pct_of_pc"].idxmax()]
    t9 = grant_tables[grant_tables["table"] == "Tabell 9"]
    pv = t9[t9["group"].str.startswith("Utvecklingen av den nära vården")].set_index("year")["mnkr"]
    share = 100 * pv / t9[t9["group"] == "Totalt"].set_index("year")["mnkr"]
    return {
        "res-bidrag-max-ar": str(int(hi["year"])),
        "res-bidrag-max-pct": fmt_num(hi["grants_regions_pct_of_pc"], 0),
        "res-t9-pv-min": fmt_num(share.min(), 0),
        "res-t9-pv-max": fmt_num(share.max(), 0),
    }


def table_grants(grants: pd.DataFrame) -> dict:
    """State grants to the regions against the regions' primary care (Tabell 4 and Kolada)."""
    t = pd.DataFrame(
        {
            "Till regionerna, mdkr": grants["grants_regions_mnkr"] / 1000,
            "Regional primärvård, mdkr": grants["regional_pc_mnkr"] / 1000,
            "Bidrag i procent av primärvården": grants["grants_regions_pct_of_pc"],
        }
    )
    t.index = pd.Index(grants["year"].astype(int).astype(str), name="År")
    return publication(
        swedish_table(t, 1),
        grants,
        "res-bidrag",
        f"Vårdanalys (2025), tabell 4, s. 110; {KOLADA_SRC}",
        "analysis.resources.funding.grants_vs_primary_care",
        "resources_funding",
    )


def table_tabell9(grant_tables: pd.DataFrame) -> dict:
    """001 Tabell 9: grants to the regions per development area and year (total last)."""
    t9 = grant_tables[grant_tables["table"] == "Tabell 9"]
    w9 = t9.pivot_table(index="group", columns="year", values="mnkr", aggfunc="first")
    w9 = w9.loc[[i for i in w9.index if i != "Totalt"] + (["Totalt"] if "Totalt" in w9.index else [])]
    w9.columns = [str(c) for c in w9.columns]
    return publication(
        swedish_table(w9, 0).rename_axis("Utvecklingsområde"),
        t9,
        "res-tabell9",
        "Vårdanalys (2025), tabell 9, s. 179–180",
        "analysis.resources.funding.state_grants",
        "resources_funding",
    )


def allocation_texts(d: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Every glued value of the compendium's own resource sections, from the chapter's inputs."""
    gm = d["missing_notes"]
    gm = gm[(gm["region_code"] == "09") & (gm["definition"] == KOLADA_PRIMARY)]
    return (
        change_texts(d["share_change"], d["crosschecks"])
        | need_texts(d["need"], d["age_regressions"], d["age_fit"])
        | scenario_texts(
            d["scenario_totals"],
            d["scenarios"],
            d["scenario_sensitivity"],
            d["equivalent_target"],
            d["grants_vs_pc"],
        )
        | grant_texts(d["grants_vs_pc"], d["state_grants"])
        | {"res-gotland-ar": gm["years"].iloc[0] if len(gm) else "–"}
    )


def allocation_conclusions(d: dict[str, pd.DataFrame]) -> dict[str, Md]:
    """Conclusions of the compendium's own resource sections: the share's change and the age slope.

    The age slope is given with its interval first; the sentence after it says what the
    interval allows (:func:`age_share_sentence`).
    """
    base = int(d["age_fit"]["year"].iloc[0])
    regs = d["age_regressions"]
    r = regs[(regs["outcome"] == "share_pp") & (regs["year"] == base)].iloc[0]
    slope = fmt_estimate(r["slope"], r["ci_low"], r["ci_high"], 2, "procentenheter")
    return {
        "res-slutsats-andel": Md(share_paragraph(d, KOLADA_PRIMARY)),
        "res-slutsats-alder": Md(
            f"Sambandet mellan andelen invånare över 80 år och primärvårdens andel {base}: {slope} per "
            f"procentenhet fler äldre. {age_share_sentence(r)}"
        ),
    }
