"""The chapter *Regionala skillnader*, section by section: figures, tables and glued prose.

Moved out of the chapter (issue 11) so that the chapter only reads its results and places
what these functions glue. Each ``*_section`` function takes the chapter's result tables in
one dict (``frames``, see :func:`prepare`), draws its figures with
:mod:`analysis.presentation.variance_figures`, publishes figures and tables through
:mod:`analysis.figures` and glues its numbers and sentences under the names the chapter's
text uses. Which series the text quotes is read from the analysis sheet (``frames["sheet"]``,
see :func:`quoted_series`), never written here by id.
"""

from __future__ import annotations

import re
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from myst_nb import glue

from analysis.figures import (
    PALETTE,
    decimal_comma,
    fmt_num,
    place_labels,
    publish,
    publish_table,
    swedish_table,
)
from analysis.presentation import variance_figures as vf
from analysis.presentation.region_pages import region_links, short_name
from analysis.presentation.text import (
    FAMILY_SV,
    escape_md,
    fmt_estimate,
    fmt_interval,
    fmt_percent,
    fmt_span,
    fmt_years,
    join_sv,
    lower_first,
)
from analysis.regions import REGIONS, region_name
from analysis.registry import ids_for, role_ids, the_id

KOLADA = "Kolada (RKA), egna beräkningar"
VIS = "Vården i siffror (export 2019-03-27), egna beräkningar"
SOS = "Socialstyrelsen (2023), Uppföljningen av omställningen till en mer nära vård 2022"
#: The families in the chapter's order, with their Swedish names.
FAMILY = {
    f: FAMILY_SV[f] for f in ("trust", "access", "participation", "coordination", "system", "resources")
}
SCALE = {"logit": "logit", "log": "log", "identity": "ursprunglig"}
#: The cost series the text summarises together (analysis-sheet roles): health care in total
#: and its three care areas, per inhabitant.
COST_ROLES = ("cost_total_incl_drugs", "cost_primary_care", "cost_somatic", "cost_psychiatric")
#: The figures with one row per indicator are split into this many parts, by family, so that
#: each part prints at full size; the chapter places them as ``<name>-1`` … ``<name>-3``.
FIGURE_PARTS = 3
#: The two panels of the rank-interval figure (the text quotes each one's typical width).
RANK_PANELS = (
    "Förtroende för vård-/hälsocentral (Kolada)",
    "Stort förtroende för vårdcentraler (Vården i siffror)",
)
#: The group of the rank-correlation figure's Vården i siffror rows (they have no family).
VIS_GROUP = "Vården i siffror"


def publish_parts(draw, data: pd.DataFrame, groups: pd.Series, name: str, **provenance) -> None:
    """Publish ``draw(rows)`` as :data:`FIGURE_PARTS` figures of whole groups (families), in order.

    Each part ``<name>-<i>`` is published with its rows of ``data``, and ``<name>-<i>-del``
    names its families for the caption. ``groups`` must list each family in one run.
    """
    order = list(dict.fromkeys(groups))
    if len(order) != groups.ne(groups.shift()).sum():
        raise ValueError(f"{name}: the rows of a family must be consecutive")
    runs = vf.balanced_parts([int((groups == g).sum()) for g in order], FIGURE_PARTS)
    for i, run in enumerate(runs, start=1):
        mask = groups.isin([order[j] for j in run]).to_numpy()
        publish(draw(mask), data[mask], f"{name}-{i}", **provenance)
        names = [VIS_GROUP if order[j] == VIS_GROUP else FAMILY[order[j]].lower() for j in run]
        text(f"{name}-{i}-del", join_sv(names))


def quoted_series(sheet: pd.DataFrame) -> dict:
    """The series the chapter's text quotes, from the analysis sheet.

    ``cost_ids``: the cost series of :data:`COST_ROLES`; ``icc_named``: the series marked
    ``region_icc`` (their ICC is glued as ``reg-icc-<id>``); ``rank_indicator``: the
    primary-care trust series (``did_treated``), whose rank intervals are drawn.
    """
    return {
        "cost_ids": list(role_ids(sheet, COST_ROLES).values()),
        "icc_named": ids_for(sheet, "region_icc"),
        "rank_indicator": the_id(sheet, "did_treated"),
    }


def text(name: str, value: str) -> None:
    """Glue a piece of Swedish prose (already formatted) for {glue:md}; data strings in it via escape_md."""
    glue(name, Markdown(value), display=False)


def ci(est, lo, hi, d=2, pct=False):
    """'0,65 (95 % KI 0,43 till 0,83)': the presentation layer's one interval style
    (``pct``: a share as '65 procent (95 % KI 43 till 83)', for running text)."""
    k = 100 if pct else 1
    return fmt_estimate(k * est, k * lo, k * hi, d, "procent" if pct else "")


def short(name: str, width: int = 56) -> str:
    """An indicator title shortened for tables and figures."""
    return short_name(name, width)


def row_labels(names) -> list[str]:
    """Indicator names for table rows: the usual abbreviations (:func:`short_name`) where that
    keeps them apart, else whole; never cut off with "…" (a table cell wraps).

    Readers see names, not ids (the ids stay in the table's data file).
    """
    names = list(names)
    shortened = [short(n, 200) for n in names]
    return [s if shortened.count(s) == 1 else n for s, n in zip(shortened, names, strict=True)]


def count(n: int, singular: str, plural: str) -> str:
    """'ingen indikator', '1 indikator', '12 indikatorer'."""
    n = int(n)
    if n == 0:
        return f"ingen {singular}"
    return f"{n} {singular if n == 1 else plural}"


def label(row) -> str:
    return f"{short(row['name'])} ({row['indicator']})"


def years(a, b) -> str:
    return f"{int(a)}–{int(b)}"


def name_list(codes) -> str:
    names = [escape_md(region_name(c)) for c in codes if c]
    if not names:
        return "inga"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def prepare(frames: dict) -> None:
    """Order the decomposition by family and regional share, label it, and note the years covered."""
    decomp = frames["decomp"].copy()
    family_order = list(FAMILY)
    decomp["family_sv"] = decomp["family"].map(FAMILY)
    decomp["label"] = decomp.apply(label, axis=1)
    decomp = decomp.sort_values(
        ["family", "share_region"], key=lambda s: s.map(family_order.index) if s.name == "family" else -s
    ).reset_index(drop=True)
    vintage_kolada = years(decomp["year_min"].min(), decomp["year_max"].max())
    frames["decomp"] = decomp
    frames["vintage_kolada"] = vintage_kolada


def intro_section(frames: dict) -> None:
    """The number of indicators and the years covered, for the chapter's introduction."""
    decomp = frames["decomp"]
    vintage_kolada = frames["vintage_kolada"]
    text("reg-n-ind", str(len(decomp)))
    text("reg-vintage", escape_md(vintage_kolada))


def decomposition_section(frames: dict) -> None:
    """Variance decomposition: figure, table, notes and the numbers the text quotes (:func:`quoted_series`)."""
    quoted = quoted_series(frames["sheet"])
    cost_ids, icc_named = quoted["cost_ids"], quoted["icc_named"]
    decomp = frames["decomp"]
    vintage_kolada = frames["vintage_kolada"]
    data = decomp[
        [
            "indicator",
            "name",
            "family",
            "scale",
            "year_min",
            "year_max",
            "share_region",
            "share_year",
            "share_residual",
            "icc_region",
            "icc_region_low",
            "icc_region_high",
            "disagree",
        ]
    ]
    publish_parts(
        lambda rows: vf.decomposition_figure(decomp[rows]),
        data,
        decomp["family"],
        "reg-dekomposition",
        source=KOLADA,
        vintage=vintage_kolada,
        alt="Staplade liggande staplar per indikator med andelen av variationen mellan regioner, mellan år och rest, "
        "och över dem regionens intraklasskorrelation som punkt med konfidensintervall.",
        code="analysis.variance.decomposition.decompose",
        rule="variance_decomposition",
    )

    tab = pd.DataFrame(
        {
            "Indikator": row_labels(decomp["name"]),
            "År": [years(a, b) for a, b in zip(decomp["year_min"], decomp["year_max"], strict=True)],
            "Skala": decomp["scale"].map(SCALE),
            "Region %": 100 * decomp["share_region"],
            "År %": 100 * decomp["share_year"],
            "varav pandemiår %": 100 * decomp["share_year_pandemic"],
            "Rest %": 100 * decomp["share_residual"],
            "varav urvalsbrus %": 100 * decomp["share_residual_sampling"],
            "ICC region % (KI)": [
                f"{fmt_num(100 * e, 0)} ({fmt_interval(100 * lo, 100 * hi, 0)})"
                for e, lo, hi in zip(
                    decomp["icc_region"], decomp["icc_region_low"], decomp["icc_region_high"], strict=True
                )
            ],
            "Avviker": np.where(decomp["disagree"], "ja", "nej"),
        }
    )
    publish_table(
        swedish_table(tab, 0).set_index("Indikator"),
        data.assign(note=decomp["note"]),
        "reg-dekomposition-tabell",
        source=KOLADA,
        vintage=vintage_kolada,
        code="analysis.variance.decomposition.decompose",
        rule="variance_decomposition",
    )
    notes = decomp[decomp["note"].fillna("") != ""]
    text(
        "reg-dekomposition-noter",
        "\n".join(f"- {escape_md(r['name'])}: {escape_md(r['note'])}." for _, r in notes.iterrows()),
    )

    text("reg-reps", str(int(decomp["boot_reps"].iloc[0])))
    non_cost = decomp[decomp["family"] != "resources"]
    costs = decomp[decomp["indicator"].isin(cost_ids)]
    text("reg-icc-median-noncost", fmt_percent(100 * non_cost["icc_region"].median()))
    text("reg-n-noncost", fmt_num(len(non_cost), 0))
    text(
        "reg-icc-range-noncost",
        fmt_span(100 * non_cost["icc_region"].min(), 100 * non_cost["icc_region"].max(), unit="procent"),
    )
    text("reg-year-median-costs", fmt_percent(100 * costs["share_year"].median()))
    # which cost series the median is over (the table has more rows in the resources family)
    text("reg-costs-which", join_sv([escape_md(short(n, 60).lower()) for n in costs["name"]]))
    for suffix in ("", "_deff2"):
        frac = (decomp[f"share_residual_sampling{suffix}"] / decomp["share_residual"]).dropna()
        text(
            f"reg-sampling-range{suffix.replace('_', '-')}",
            fmt_span(100 * frac.min(), 100 * frac.max(), unit="procent"),
        )
    text(
        "reg-icc-costs-range",
        fmt_span(100 * costs["icc_region"].min(), 100 * costs["icc_region"].max(), unit="procent"),
    )
    row = decomp.set_index("indicator")
    for ind in icc_named:
        r = row.loc[ind]
        text(f"reg-icc-{ind}", ci(r["icc_region"], r["icc_region_low"], r["icc_region_high"], 0, pct=True))
    n_dis = int(decomp["disagree"].sum())
    text(
        "reg-methods-verdict",
        "De två metoderna ger nästan samma bild."
        if n_dis == 0
        else "De två metoderna skiljer sig åt för några indikatorer.",
    )
    text("reg-n-disagree", "ingen" if n_dis == 0 else f"{n_dis}")
    text(
        "reg-disagree-list",
        name_list([]) if n_dis == 0 else ", ".join(map(escape_md, decomp.loc[decomp["disagree"], "label"])),
    )
    text("reg-diff-median", fmt_num(100 * decomp["diff_region"].median(), 1))
    text("reg-order-gap-max", fmt_num(100 * decomp["order_gap"].max(), 1))


def convergence_section(frames: dict) -> None:
    """σ- and β-convergence: figure, table and counts of robust changes in spread."""
    decomp = frames["decomp"]
    dispersion = frames["dispersion"]
    conv = frames["conv"]
    vintage_kolada = frames["vintage_kolada"]
    c = conv.copy()
    c["label"] = c.apply(label, axis=1)
    c = c.set_index("indicator").loc[decomp["indicator"]].reset_index()
    sig = ((c["beta_slope_high"] < 0) | (c["beta_slope_low"] > 0)).to_numpy()
    pad = 0.05 * (c["beta_slope_high"].max() - c["beta_slope_low"].min())
    xlim = (
        min(c["beta_slope_low"].min(), 0) - pad,
        max(c["beta_slope_high"].max(), 0) + pad,
    )  # one scale in every part
    publish_parts(
        lambda rows: vf.interval_rows_figure(
            c[rows],
            estimate="beta_slope",
            low="beta_slope_low",
            high="beta_slope_high",
            groups=[
                (sig[rows], PALETTE[0], "intervallet utesluter 0"),
                (~sig[rows], "#999999", "intervallet omfattar 0"),
            ],
            xlabel="β: årlig förändring per enhet högre utgångsnivå\n(analysskala)",
            xlim=xlim,
        ),
        c[
            [
                "indicator",
                "name",
                "scale",
                "beta_year_first",
                "beta_year_last",
                "beta_slope",
                "beta_slope_low",
                "beta_slope_high",
                "beta_n",
            ]
        ],
        decomp["family"],
        "reg-beta-konvergens",
        source=KOLADA,
        vintage=vintage_kolada,
        alt="Punktdiagram med β-koefficient och konfidensintervall per indikator; negativa värden betyder konvergens.",
        code="analysis.variance.convergence.convergence",
        rule="variance_convergence",
    )

    first_last = (
        dispersion.sort_values("year")
        .groupby("indicator")
        .agg(
            cv_first=("cv", "first"),
            cv_last=("cv", "last"),
            mm_first=("max_min_ratio", "first"),
            mm_last=("max_min_ratio", "last"),
        )
    )
    sigma_tab = c.join(first_last, on="indicator")
    sigma_tab["Trend"] = sigma_tab[
        "sigma_trend"
    ]  # HAC interval, Benjamini–Hochberg over indicators (analysis.variance)
    tab = pd.DataFrame(
        {
            "Indikator": row_labels(sigma_tab["name"]),
            "År": [
                years(a, b)
                for a, b in zip(sigma_tab["beta_year_first"], sigma_tab["beta_year_last"], strict=True)
            ],
            "VK första %": 100 * sigma_tab["cv_first"],
            "VK sista %": 100 * sigma_tab["cv_last"],
            "Max/min första": sigma_tab["mm_first"],
            "Max/min sista": sigma_tab["mm_last"],
            "SD-trend/år (KI)": [
                f"{fmt_num(e, 3)} ({fmt_interval(lo, hi, 3)})"
                for e, lo, hi in zip(
                    sigma_tab["sigma_slope"],
                    sigma_tab["sigma_slope_low"],
                    sigma_tab["sigma_slope_high"],
                    strict=True,
                )
            ],
            "Spridning": sigma_tab["Trend"],
        }
    )
    publish_table(
        swedish_table(
            tab, {"VK första %": 1, "VK sista %": 1, "Max/min första": 2, "Max/min sista": 2}
        ).set_index("Indikator"),
        dispersion[
            [
                "indicator",
                "name",
                "year",
                "n_regions",
                "mean",
                "sd",
                "cv",
                "min",
                "max",
                "max_min_ratio",
                "sd_scaled",
            ]
        ].merge(conv[["indicator", "sigma_slope", "sigma_slope_low", "sigma_slope_high"]], on="indicator"),
        "reg-sigma-konvergens",
        source=KOLADA,
        vintage=vintage_kolada,
        code="analysis.variance.convergence.convergence",
        rule="variance_convergence",
    )

    text("reg-n-beta-neg", str(int((c["beta_slope_high"] < 0).sum())))
    text("reg-n-beta-pos", count((c["beta_slope_low"] > 0).sum(), "indikator", "indikatorer"))
    text("reg-n-sigma-down", count((sigma_tab["Trend"] == "minskande").sum(), "indikator", "indikatorer"))
    text("reg-n-sigma-up", count((sigma_tab["Trend"] == "ökande").sum(), "indikator", "indikatorer"))
    text(
        "reg-n-sigma-nominal",
        count((sigma_tab["sigma_naive_slope_low"] > 0).sum(), "indikator", "indikatorer"),
    )
    text("reg-n-conv", str(len(c)))
    up = sigma_tab[sigma_tab["Trend"] == "ökande"]
    core = up[up["family"].isin(["trust", "access", "participation"])]["label"].tolist()
    text(
        "reg-sigma-up-core",
        "Bland förtroende-, tillgänglighets- och patientupplevelsemåtten har spridningen ökat säkert för: "
        + "; ".join(map(escape_md, core))
        + "."
        if core
        else "Ingen av de säkra ökningarna gäller förtroende-, tillgänglighets- eller patientupplevelsemåtten."
        if len(up)
        else "",
    )


def ranks_section(frames: dict) -> None:
    """Rank stability: rank correlations first to last year, and rank intervals for trust in
    the vårdcentral in Kolada (:func:`quoted_series`) beside the same in Vården i siffror."""
    rank_indicator = quoted_series(frames["sheet"])["rank_indicator"]
    rank_pairs = frames["rank_pairs"]
    rank_iv = frames["rank_iv"]
    f_rank_pairs = frames["f_rank_pairs"]
    f_rank_iv = frames["f_rank_iv"]
    fl = pd.concat(
        [
            rank_pairs[rank_pairs["kind"] == "first_last"].assign(källa="Kolada"),
            f_rank_pairs[f_rank_pairs["kind"] == "first_last"].assign(källa="Vården i siffror"),
        ],
        ignore_index=True,
    )
    fl["label"] = fl.apply(lambda r: f"{vf.row_label(r['name'])} ({r['year_a']}–{r['year_b']})", axis=1)
    family = dict(zip(frames["decomp"]["indicator"], frames["decomp"]["family"], strict=True))
    fl["group"] = [
        family[i] if k == "Kolada" else VIS_GROUP for i, k in zip(fl["indicator"], fl["källa"], strict=True)
    ]
    group_order = [*FAMILY, VIS_GROUP]
    fl = fl.sort_values(["group", "rho"], key=lambda s: s.map(group_order.index) if s.name == "group" else s)
    fl = fl.reset_index(drop=True)
    publish_parts(
        lambda rows: vf.interval_rows_figure(
            fl[rows],
            estimate="rho",
            low="rho_low",
            high="rho_high",
            groups=[
                (fl["källa"][rows] == src, col, src)
                for src, col in [("Kolada", PALETTE[0]), ("Vården i siffror", PALETTE[1])]
            ],
            xlabel="Spearmans rangkorrelation, första mot sista år",
            xlim=(-1, 1),
            xticks=[-1, -0.5, 0, 0.5, 1],  # a correlation's range, labels apart at print size
            decimals=1,
            labels=fl["label"][rows].tolist(),
        ),
        fl[["källa", "indicator", "name", "year_a", "year_b", "rho", "rho_low", "rho_high", "n"]],
        fl["group"],
        "reg-rangkorrelation",
        source="Kolada (RKA) och Vården i siffror, egna beräkningar",
        alt="Rangkorrelation mellan första och sista år per indikator med konfidensintervall.",
        code="analysis.variance.convergence.rank_stability",
        rule="variance_convergence",
    )
    text("reg-rho-median", fmt_num(fl["rho"].median(), 2))
    text("reg-n-rho-zero", str(int((fl["rho_low"] <= 0).sum())))
    text("reg-n-rho", str(len(fl)))
    consec = pd.concat([rank_pairs, f_rank_pairs])
    consec = consec[consec["kind"] == "consecutive"]
    text("reg-rho-consec-median", fmt_num(consec["rho"].median(), 2))

    # Rank intervals for trust in primary care: Kolada (residual SD) and VIS (binomial SE).
    panels = [
        (rank_iv[rank_iv["indicator"] == rank_indicator], RANK_PANELS[0]),
        (
            f_rank_iv[f_rank_iv["indicator"] == "vis:stort_fortroende_for_vardcentraler"],
            RANK_PANELS[1],
        ),
    ]
    fig = vf.rank_interval_figure(panels)
    iv_data = pd.concat(
        [
            d.sort_values("rank").assign(panel=title)[
                [
                    "panel",
                    "region_code",
                    "year",
                    "value",
                    "rank",
                    "rank_low",
                    "rank_high",
                    "se_scaled",
                    "se_source",
                ]
            ]
            for d, title in panels
        ],
        ignore_index=True,
    )
    publish(
        fig,
        iv_data,
        "reg-rangintervall",
        source="Kolada (RKA) och Vården i siffror, egna beräkningar",
        alt="Två diagram med regionernas rang och 95-procentigt rangintervall för förtroende för vårdcentralen.",
        code="analysis.variance.convergence.rank_stability",
        rule="variance_convergence",
    )
    k, vv = (iv_data[iv_data["panel"] == title] for title in RANK_PANELS)
    if k.empty or vv.empty:
        raise ValueError("the rank-interval figure lacks its Kolada or its Vården i siffror panel")
    text("reg-rankwidth-kolada", fmt_num((k["rank_high"] - k["rank_low"]).median(), 0))
    text("reg-rankwidth-vis", fmt_num((vv["rank_high"] - vv["rank_low"]).median(), 0))


def funnels_section(frames: dict) -> None:
    """Funnel plots per Vården i siffror indicator, the summary table and the numbers quoted."""
    f_points = frames["f_points"]
    f_summary = frames["f_summary"]
    f_curves = frames["f_curves"]
    SHORT_VIS = {
        "vis:stort_fortroende_for_vardcentraler": "fortroende",
        "vis:upplevd_rimlig_vantetid_till_vardcentral": "vantetid",
        "vis:uppfattning_att_vard_ges_pa_lika_villkor": "lika-villkor",
        "vis:primarvardens_tillganglighet_per_telefon/helar": "telefon",
        "vis:genomforda_lakarbesok_inom_sju_dagar_i_primarvard/helar": "lakarbesok-7d",
    }
    latest = f_summary.loc[f_summary.groupby("indicator")["year"].idxmax()].set_index("indicator")
    for ind, slug in SHORT_VIS.items():
        if ind not in latest.index:
            continue
        s = latest.loc[ind]
        year = int(s["year"])
        pts = f_points[(f_points["indicator"] == ind) & (f_points["year"] == year)]
        cur = f_curves[(f_curves["indicator"] == ind) & (f_curves["year"] == year)]
        # print width or less, so its text is not shrunk on a phone (the figure fills the screen)
        fig, ax = plt.subplots(figsize=(5.6, 5.0))
        # grey: sampling error only, around the pooled share; blue: around the random-effects
        # target the flags use, thin at 95 % without correction, thick where a region is flagged
        lines = [
            ("binom", "95", "--", "#777777", 0.9, "95 %, endast urvalsfel"),
            ("binom", "998", "--", "#777777", 1.6, "99,8 %, endast urvalsfel"),
            ("re", "95", "-", PALETTE[0], 0.9, "95 %, slumpeffektsmodell"),
            ("re", "flagga", "-", PALETTE[0], 2.0, "gräns för utpekande"),
        ]
        for method, level, style, colour, lw, label in lines:
            cc = cur[(cur["method"] == method) & (cur["level"] == level)]
            ax.plot(cc["n"], 100 * cc["lower"], style, color=colour, lw=lw, label=label)
            ax.plot(cc["n"], 100 * cc["upper"], style, color=colour, lw=lw)
        out = pts["flag_re"] != ""
        ax.scatter(
            pts.loc[~out, "n"], 100 * pts.loc[~out, "y"], color=PALETTE[1], zorder=3, s=22, label="region"
        )
        ax.scatter(
            pts.loc[out, "n"],
            100 * pts.loc[out, "y"],
            color=PALETTE[3],
            zorder=3,
            s=30,
            marker="D",
            label="utpekad region",
        )
        lab = pts[out | (pts["beyond_re_95"] != "")]  # named: flagged or beyond the thin limits
        ax.set_xscale("log")
        ax.axhline(
            100 * s["theta_re_dl"], color="black", lw=1.0, label="mål (slumpeffektsmodellens medelvärde)"
        )
        place_labels(  # after every line, which the labels keep clear of
            ax,
            lab["n"],
            100 * lab["y"],
            [region_name(c) for c in lab["region_code"]],
            avoid=(pts["n"], 100 * pts["y"]),
            avoid_lines=True,
        )
        ax.set_xlabel("Antal (nämnare, logaritmisk skala)")
        ax.set_ylabel("Andel (%)")
        ax.set_title(textwrap.fill(f"{pts['name'].iloc[0]}, {year}", 60), fontsize=10)
        ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
        decimal_comma(ax, "y", 0)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: fmt_num(v, 0)))
        fig.tight_layout()
        drawn = pd.concat(
            [
                pts[
                    [
                        "region_code",
                        "n",
                        "y",
                        "flag_binom_95",
                        "flag_binom_998",
                        "p_re_dl",
                        "p_re_pm",
                        "flag_re_dl",
                        "flag_re_pm",
                        "flag_re",
                        "beyond_re_95",
                    ]
                ].assign(kind="region"),
                cur[cur["method"].isin(["binom", "re"])].assign(kind="gräns"),
            ],
            ignore_index=True,
        )
        publish(
            fig,
            drawn.assign(indicator=ind, year=year, theta0=s["theta0"], target=s["theta_re_dl"]),
            f"reg-tratt-{slug}",
            source=VIS,
            vintage=str(year),
            alt=f"Trattdiagram för {pts['name'].iloc[0]} {year} med kontrollgränser och regioner som punkter.",
            code="analysis.funnel.funnel_proportions",
            rule="variance_funnel",
        )
        out_codes = pts.loc[out, "region_code"].tolist()
        text(f"reg-tratt-{slug}-ut", name_list(out_codes))
        text(f"reg-tratt-{slug}-binom", str(int(s["n_outside_binom_998"])))
        text(f"reg-tratt-{slug}-k", str(int(s["k"])))
        text(f"reg-tratt-{slug}-phi", fmt_num(s["phi"], 1))
        text(f"reg-tratt-{slug}-tau", fmt_num(100 * s["tau"], 1))
        text(f"reg-tratt-{slug}-year", str(year))

    summ = latest.reset_index()
    summ = summ[summ["indicator"].isin(SHORT_VIS)]
    tab = pd.DataFrame(
        {
            "Indikator": summ["name"].map(
                lambda n: short(n.replace(" (helår, sammanvägda halvår)", ", helår"), 200)  # wraps, never cut
            ),
            "År": summ["year"].astype(int).astype(str),
            "θ₀ (%)": 100 * summ["theta0"],
            "φ": summ["phi"],
            "τ (procentenheter)": 100 * summ["tau"],
            "Binom.": summ["n_outside_binom_998"],
            "Mult.": summ["n_outside_mult_998"],
            "Additiv": summ["n_outside_add_998"],
            "Utpekade": summ["outside_re"].map(lambda s: name_list([c for c in s.split(", ") if c])),
        }
    )
    publish_table(
        swedish_table(
            tab, {"θ₀ (%)": 1, "φ": 1, "τ (procentenheter)": 1, "Binom.": 0, "Mult.": 0, "Additiv": 0}
        ).set_index("Indikator"),
        f_summary,
        "reg-tratt-sammanfattning",
        stack=True,  # nine columns: rows as blocks on a phone
        source=VIS,
        vintage=fmt_years(int(summ["year"].min()), int(summ["year"].max())),
        code="analysis.funnel.funnel_proportions",
        rule="variance_funnel",
    )
    text("reg-tratt-n-regions", str(int(summ["k"].iloc[0])))
    text("reg-tratt-fdr", f"{fmt_num(100 * summ['fdr'].iloc[0], 0)} procent")


_FOOTNOTE = re.compile(r'footnote marker (\d+) \("([^"]+)"\)')


def report_remark(status: str, note: str) -> str:
    """A reader's remark on a transcribed report value: the report's own footnote when the
    transcription quotes one, else what was done (corrected, derived); empty when printed as is.
    """
    if status == "printed":
        return ""
    if m := _FOOTNOTE.search(note or ""):
        text = m.group(2).strip()
        return f"Rapportens fotnot {m.group(1)}: {lower_first(text)}"
    return {"corrected": "rättat värde", "derived": "härledd"}.get(status, "")


def report_table1_section(frames: dict) -> None:
    """The report's table 1 (fast läkarkontakt, continuity index) and its association."""
    rep_regions = frames["rep_regions"]
    rep_tests = frames["rep_tests"]
    report_values = frames["report_values"]
    t1 = rep_regions[rep_regions["element"] == "Tabell 1"]
    wide = t1.pivot_table(index="region_code", columns=["series", "year"], values="value", aggfunc="first")
    status = t1[t1["status"] != "printed"].groupby("region_code")["status"].first()
    tab = pd.DataFrame(index=sorted(REGIONS))
    tab["Region"] = [region_name(c) for c in tab.index]
    tab["Fast läkarkontakt 2022 (%)"] = wide.get(("fast_lakarkontakt", 2022))
    tab["Fast läkarkontakt 2021 (%)"] = wide.get(("fast_lakarkontakt", 2021))
    tab["Kontinuitetsindex 2022"] = wide.get(("continuity_index_doctor", 2022))
    notes = t1[t1["status"] != "printed"].groupby("region_code")["note"].first()
    tab["Anmärkning"] = [report_remark(status.get(c, "printed"), notes.get(c, "")) for c in tab.index]
    data = t1[["element", "series", "region_code", "year", "value", "unit", "status", "note", "line"]]
    publish_table(
        swedish_table(
            tab.set_index("Region"),
            {"Fast läkarkontakt 2022 (%)": 0, "Fast läkarkontakt 2021 (%)": 0, "Kontinuitetsindex 2022": 2},
        ),
        data,
        "reg-004-tabell1",
        source=SOS + ", tabell 1 och fotnot 33",
        vintage="2022",
        code="analysis.variance.report.report_region_values",
        rule="variance_report_tables",
        stack=True,  # five columns with remarks: rows as blocks on a phone
    )
    fl22 = t1[(t1["series"] == "fast_lakarkontakt") & (t1["year"] == 2022)]
    coc = t1[t1["series"] == "continuity_index_doctor"]
    text("reg-t1-n-fl", str(len(fl22)))
    text("reg-t1-n-coc", str(len(coc)))
    text(
        "reg-t1-fl-range",
        f"{fmt_num(fl22['value'].min(), 0)} och {fmt_num(fl22['value'].max(), 0)}\u00a0procent",
    )
    text("reg-t1-coc-range", f"{fmt_num(coc['value'].min(), 2)} och {fmt_num(coc['value'].max(), 2)}")
    text("reg-t1-n-2021", str(int(((t1["series"] == "fast_lakarkontakt") & (t1["year"] == 2021)).sum())))
    pv = report_values[(report_values["report"] == "004")].set_index("series")["value"]
    for key in [
        "regions_reporting_fast_lakarkontakt_from_listing_system",
        "regions_reporting_fast_lakarkontakt_from_journal_system",
        "regions_reporting_fast_lakarkontakt_from_other_source",
    ]:
        text(f"reg-t1-{key.rsplit('_', 2)[-2]}", fmt_num(pv[key], 0))
    text("reg-t1-goal", fmt_percent(pv["goal_fast_lakarkontakt"]))
    text("reg-t1-voo", fmt_percent(pv["fast_lakarkontakt_voo_population_panel"]))
    tt = rep_tests.set_index(["test", "subset"])
    r = tt.loc[("fast_lakare_kontinuitet", "alla")]
    text("reg-t1-rho", ci(r["spearman_rho"], r["spearman_low"], r["spearman_high"], 2))
    text("reg-t1-rho-n", str(int(r["n"])))
    text(
        "reg-t1-verdict",
        "En hög andel registrerade fasta läkarkontakter följs alltså inte säkert av att patienterna "
        "faktiskt träffar samma läkare."
        if r["spearman_low"] <= 0
        else "Regioner med hög andel registrerade fasta läkarkontakter har också högre kontinuitet.",
    )


def report_staff_section(frames: dict) -> None:
    """The report's table 3: staff change in regional against municipal primary care."""
    tt = frames["rep_tests"].set_index(["test", "subset"])
    rep_regions = frames["rep_regions"]
    t3 = rep_regions[rep_regions["element"] == "Tabell 3"]
    w = t3[t3["region_code"] != "00"].pivot_table(
        index="region_code", columns="series", values="value", aggfunc="first"
    )
    xs, ys = "regional_pc_all_licensed_change_2015_2020_pct", "municipal_pc_all_licensed_change_2015_2020_pct"
    doubt = set(t3.loc[t3["note"].str.contains("doubt", case=False, na=False), "region_code"])
    fig, ax = plt.subplots(figsize=(vf.WIDTH, 5))
    ax.axhline(0, color="black", lw=0.7)
    ax.axvline(0, color="black", lw=0.7)
    m = w.index.isin(doubt)
    ax.scatter(w.loc[~m, xs], w.loc[~m, ys], color=PALETTE[0], s=25, label="län")
    ax.scatter(
        w.loc[m, xs], w.loc[m, ys], color=PALETTE[3], marker="D", s=28, label="värde osäkert i rapporten"
    )
    place_labels(ax, w[xs], w[ys], [region_name(c) for c in w.index])
    ax.set_xlabel("Regional primärvård: förändring 2015–2020 (%)")
    ax.set_ylabel("Kommunal primärvård: förändring 2015–2020 (%)")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)  # below: no label under it
    decimal_comma(ax, "x", 0)
    decimal_comma(ax, "y", 0)
    fig.tight_layout()
    publish(
        fig,
        w.reset_index()[["region_code", xs, ys]].assign(osaker=lambda d: d["region_code"].isin(doubt)),
        "reg-004-personal",
        source=SOS + ", tabell 3",
        vintage="2015–2020",
        alt="Punktdiagram: förändring av legitimerad personal per invånare i regional mot kommunal primärvård per län.",
        code="analysis.variance.report.report_region_tests",
        rule="variance_report_tables",
    )
    r_all = tt.loc[("personal_alla", "alla")]
    if r_all["pearson_high"] < 0:
        verdict = (
            "Intervallet ligger helt under noll: länen med störst ökning i regionerna har i regel haft "
            "störst minskning i kommunerna, vilket stämmer med bilden av kommunicerande kärl."
        )
    else:
        verdict = (
            "Med 21 län är intervallet brett och omfattar noll: siffrorna är förenliga både med ett tydligt "
            "negativt samband och med inget samband alls. Kommunicerande kärl kan förekomma i enskilda län, "
            "men som mönster över alla län går det inte att belägga med rapportens siffror."
        )
    text("reg-personal-verdict", verdict)
    for test in ["personal_alla", "personal_sjukskoterskor", "personal_ovriga"]:
        r = tt.loc[(test, "alla")]
        text(f"reg-{test}-r", ci(r["pearson_r"], r["pearson_low"], r["pearson_high"], 2))
        text(f"reg-{test}-n-both", str(int(r["n_gain_x_loss_y"])))
        text(f"reg-{test}-n", str(int(r["n"])))
        if (test, "utan_tveksamma") in tt.index:
            s = tt.loc[(test, "utan_tveksamma")]
            text(f"reg-{test}-r-sub", ci(s["pearson_r"], s["pearson_low"], s["pearson_high"], 2))
            text(f"reg-{test}-excl", name_list(s["excluded"].split(", ")))


def report_cost_shares_section(frames: dict) -> None:
    """The report's appendix 1: primary care's cost share 2015 and 2021, and convergence."""
    tt = frames["rep_tests"].set_index(["test", "subset"])
    rep_regions = frames["rep_regions"]
    b1 = rep_regions[
        (rep_regions["element"] == "Bilaga 1")
        & rep_regions["series"].isin(["pc_share_hsv_costs_net", "pc_share_hsv_costs_own_commitment"])
    ]
    fig, axes = plt.subplots(2, 1, figsize=(vf.WIDTH, 11))
    order = (
        b1[(b1["series"] == "pc_share_hsv_costs_net") & (b1["year"] == 2021)]
        .sort_values("value")["region_code"]
        .tolist()
    )
    for ax, series, title in [
        (axes[0], "pc_share_hsv_costs_net", "Nettokostnad"),
        (axes[1], "pc_share_hsv_costs_own_commitment", "Kostnad för åtagandet"),
    ]:
        d = b1[b1["series"] == series].pivot_table(
            index="region_code", columns="year", values="value", aggfunc="first"
        )
        d = d.reindex(order)
        y = np.arange(len(order))
        ax.hlines(y, d[2015], d[2021], color="#aaaaaa", lw=1.2)
        ax.scatter(d[2015], y, color=PALETTE[1], s=18, label="2015 (härlett)", zorder=3)
        ax.scatter(d[2021], y, color=PALETTE[0], s=18, label="2021", zorder=3)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("Primärvårdens andel av regionens hälso- och sjukvårdskostnad (%)", fontsize=8)
        decimal_comma(ax, "x", 0)
        ax.grid(axis="y", visible=False)
    for ax in axes:
        ax.set_yticks(np.arange(len(order)), [region_name(c) for c in order], fontsize=vf.FONT)
    axes[0].legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    publish(
        fig,
        b1[["series", "region_code", "year", "value", "status"]],
        "reg-004-bilaga1",
        source=SOS + ", bilaga 1 (Kolada)",
        vintage="2015–2021",
        alt="Hantelfigur: primärvårdens kostnadsandel 2015 och 2021 per region, nettokostnad och kostnad för åtagandet.",
        code="analysis.variance.report.report_region_values",
        rule="variance_report_tables",
    )
    rn = tt.loc[("konvergens_pc_share_hsv_costs_net", "alla")]
    if rn["sd_2021"] > rn["sd_2015"] and rn["beta_low"] < 0 < rn["beta_high"]:
        b1_verdict = (
            "Att regionerna har närmat sig varandra går alltså inte att visa; spridningen var till och med "
            "större det sista året än det första, men den är ett beskrivande mått utan intervall."
        )
    elif rn["beta_high"] < 0 and rn["sd_2021"] < rn["sd_2015"]:
        b1_verdict = "Regioner med låg andel 2015 har ökat mer, och spridningen har minskat."
    else:
        b1_verdict = "Något tydligt mönster av konvergens syns inte."
    text("reg-b1-verdict", b1_verdict)
    own = b1[(b1["series"] == "pc_share_hsv_costs_own_commitment") & (b1["year"] == 2021)]
    text("reg-b1-atagande-missing", name_list(sorted(set(REGIONS) - set(own["region_code"]))))
    for series, key in [
        ("pc_share_hsv_costs_net", "netto"),
        ("pc_share_hsv_costs_own_commitment", "atagande"),
    ]:
        r = tt.loc[(f"konvergens_{series}", "alla")]
        text(f"reg-b1-{key}-beta", ci(r["beta"], r["beta_low"], r["beta_high"], 2))
        text(f"reg-b1-{key}-sd", f"{fmt_num(r['sd_2015'], 1)} till {fmt_num(r['sd_2021'], 1)}")
        text(f"reg-b1-{key}-up", str(int(r["n_increased"])))
        text(f"reg-b1-{key}-n", str(int(r["n"])))


def profiles_section(frames: dict) -> None:
    """The profile heat map and the links to the region pages."""
    profiles = frames["profiles"]
    prof = profiles.copy()
    fig = vf.profile_heatmap(prof)
    publish(
        fig,
        prof[["region_code", "source", "indicator", "name", "year", "value", "position"]],
        "reg-profiler-oversikt",
        source="Kolada (RKA) och Vården i siffror, egna beräkningar",
        alt="Värmekarta med regioner som rader och indikatorer som kolumner, färgad efter regionens läge bland regionerna.",
        code="analysis.variance.profiles.region_profiles",
        rule="variance_profiles",
    )
    publish_table(
        vf.heatmap_key(prof),
        vf.heatmap_order(prof),
        "reg-profiler-nyckel",
        source="Kolada (RKA) och Vården i siffror",
        code="analysis.presentation.variance_figures.heatmap_key",
    )
    text("reg-region-links", region_links() + ".")


def conclusions_box(frames: dict) -> None:
    """Glue the conclusions box (``reg-slutsats``) from the decomposition, convergence and ranks."""
    from analysis.presentation.variance_text import conclusions

    text("reg-slutsats", conclusions(frames["decomp"], frames["conv"], frames["rank_pairs"]))
