"""Chapter 14's figures: each function draws one figure from the trend results.

Every function returns the keyword arguments of :func:`analysis.figures.publish` (the
figure, exactly the data drawn, name, source, alt text, code and rule), so the chapter
publishes it with :func:`analysis.presentation.trends.show`. Which series are drawn comes
from :class:`analysis.trends.chapter.TrendTables` (the analysis sheet), not from ids.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.figures import PALETTE, decimal_comma
from analysis.presentation.references import report_ref
from analysis.presentation.text import fmt_num
from analysis.presentation.trends import KOLADA, REPORT, VIS, report_source, vintage
from analysis.trends.chapter import TrendTables

#: Columns of the report's points written with a figure.
POINT_COLUMNS = [
    "figure",
    "series",
    "label_sv",
    "year",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "status",
    "page",
    "line",
]


def _errors(values: pd.Series, low: pd.Series, high: pd.Series) -> list:
    """Asymmetric error bars; zero where no interval is known."""
    return [(values - low).fillna(0), (high - values).fillna(0)]


def _reform_line(ax, t: TrendTables) -> None:
    knot = int(t.verdicts["reform_start"].iloc[0]) - 0.5
    ax.axvline(knot, color="#888888", lw=0.8, ls=":")


def national_panel(ax, t: TrendTables, indicator: str, color: str) -> pd.DataFrame:
    """Observed national values (open points: not in the model) and the fitted curve with band."""
    d = t.national_fit(indicator)
    fit = d[d["fit"].notna()]
    ax.fill_between(fit["year"], fit["fit_low"], fit["fit_high"], color=color, alpha=0.18, lw=0)
    ax.plot(fit["year"], fit["fit"], color=color, lw=1.5)
    obs = d[d["observed"].notna()]
    used = obs["in_model"]
    ax.plot(obs.loc[used, "year"], obs.loc[used, "observed"], "o", color=color, ms=4)
    ax.plot(obs.loc[~used, "year"], obs.loc[~used, "observed"], "o", mfc="white", color=color, ms=4)
    _reform_line(ax, t)
    decimal_comma(ax)
    return d


def access_panels(t: TrendTables) -> dict:
    """The report's access questions (Fig 33) and the care-guarantee steps (Fig 34), with intervals."""
    figures = ["Fig 33", "Fig 34"]
    acc = t.points(figures, total_only=True)
    fig, axes = plt.subplots(2, 1, figsize=(6.4, 7.6), sharey=True)
    for ax, fno in zip(axes, figures, strict=True):
        for i, (_ser, g) in enumerate(acc[acc["figure"] == fno].groupby("series", sort=False)):
            g = g.sort_values("year")
            ax.errorbar(
                g["year"],
                g["value"],
                yerr=_errors(g["value"], g["ci_low"], g["ci_high"]),
                marker="o",
                ms=4,
                capsize=3,
                color=PALETTE[i],
                label=textwrap.fill(g["label_sv"].iloc[0], 40),
                ls="--",
                lw=1,
            )
        ax.set_title(report_ref("001", fno).split(", ")[-1].capitalize(), fontsize=10)
        ax.set_xticks(range(2014, 2025, 2))
        ax.set_ylabel("Procent (från 60)")
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
        decimal_comma(ax)
    axes[0].set_ylim(60, 100)
    return {
        "fig": fig,
        "data": acc[POINT_COLUMNS],
        "name": "kap14-tillganglighet-panel",
        "source": report_source(t, figures),
        "alt": "Panelvärden för tillgänglighet 2014–2024 med intervall.",
        "code": "analysis.trends.report_points.panel_points",
        "rule": "trends_points",
    }


def _kolada_grid(t: TrendTables, ids: list[str], ncols: int = 2):
    nrows = int(np.ceil(len(ids) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(8.5, 2.9 * nrows), squeeze=False)
    frames = []
    for ax, ind, color in zip(axes.flat, ids, PALETTE * 2, strict=False):
        frames.append(national_panel(ax, t, ind, color))
        ax.set_title(textwrap.fill(t.name(ind), 38), fontsize=9)
        ax.xaxis.set_major_locator(plt.MaxNLocator(5, integer=True))
    for ax in axes[:, 0]:
        ax.set_ylabel("Procent")
    drawn = pd.concat(frames, ignore_index=True)
    for ax in axes.flat:
        ax.set_xlim(drawn["year"].min() - 0.5, drawn["year"].max() + 0.5)
    for ax in axes.flat[len(ids) :]:
        ax.set_visible(False)
    fig.tight_layout(h_pad=1.6)  # room between a panel's ticks and the two-line title below
    return fig, drawn


def access_kolada(t: TrendTables) -> dict:
    """National values and fitted trends of the access series the sheet models."""
    fig, drawn = _kolada_grid(t, t.kolada_ids("access"))
    return {
        "fig": fig,
        "data": drawn,
        "name": "kap14-tillganglighet-kolada",
        "source": KOLADA,
        "vintage": vintage(t),
        "alt": "Riksvärden och trender för tillgänglighetsmåtten i Kolada.",
        "code": "analysis.trends.models.fit_survey_trend",
        "rule": "trends_models",
    }


def regular_contact(t: TrendTables) -> dict:
    """Share with a regular care contact (Fig 44), three waves with intervals."""
    fv = t.points(["Fig 44"], total_only=True).sort_values("year")
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    ax.errorbar(
        fv["year"],
        fv["value"],
        yerr=_errors(fv["value"], fv["ci_low"], fv["ci_high"]),
        marker="o",
        capsize=4,
        color=PALETTE[0],
        lw=0,
        elinewidth=1.2,
    )
    for x, y in zip(fv["year"], fv["value"], strict=True):
        ax.annotate(fmt_num(y, 0), (x, y), textcoords="offset points", xytext=(8, -3), fontsize=9)
    ax.set_xticks(fv["year"])
    ax.set_ylim(0, 25)
    ax.set_ylabel("Procent")
    decimal_comma(ax)
    return {
        "fig": fig,
        "data": fv[["figure", "series", "year", "value", "ci_low", "ci_high", "n", "page", "line"]],
        "name": "kap14-fast-vardkontakt",
        "source": report_source(t, ["Fig 44"]),
        "alt": "Fast vårdkontakt 2020, 2022 och 2024.",
        "code": "analysis.trends.report_points.panel_points",
        "rule": "trends_points",
    }


def fast_lakare(t: TrendTables) -> dict:
    """Fast läkare by instrument and year, the regions' own figures in grey, the target as a line."""
    dated = t.fast_lakare()
    regional = dated[dated["group_type"] == "region"]
    surveys = dated[dated["group_type"] != "region"]
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    ax.scatter(
        regional["year"] - 0.12, regional["value"], color="#999999", s=14, label="Region, egna uppgifter"
    )
    markers = ["o", "s", "D", "^", "v", "P"]
    for i, (label, g) in enumerate(surveys.groupby("instrument", sort=False)):
        g = g.sort_values("year")
        err = _errors(g["value"], g["ci_low"], g["ci_high"]) if g["ci_low"].notna().any() else None
        ax.errorbar(
            g["year"] + 0.08 * (i % 3),
            g["value"],
            yerr=err,
            marker=markers[i % 6],
            ms=5,
            capsize=3,
            lw=1 if len(g) > 1 else 0,
            elinewidth=1,
            color=PALETTE[i % len(PALETTE)],
            label=textwrap.fill(label, 34),
            zorder=3,
        )
    target = float(t.instruments["target"].iloc[0])
    ax.axhline(target, color="#444444", ls="--", lw=1)
    ax.annotate(  # under the line at the left, where no point is drawn (above it runs IHP's line)
        f"Mål {fmt_num(target, 0)} %",
        (dated["year"].min() - 0.4, target),
        xytext=(0, -4),
        textcoords="offset points",
        va="top",
        fontsize=9,
    )
    ax.set_ylim(0, 100)
    ax.set_xlim(dated["year"].min() - 0.5, dated["year"].max() + 0.7)
    ax.set_ylabel("Procent")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    decimal_comma(ax)
    cols = ["report", "element", "series", "instrument", "group", "region_code", "year", "value", "status", "n",
            "ci_low", "ci_high", "target", "gap_to_target", "line"]  # fmt: skip
    return {
        "fig": fig,
        "data": dated[cols],
        "name": "kap14-fast-lakare",
        "source": f"{REPORT}, figur 41 och 47 samt kapitel 1 (s. 21); Socialstyrelsen (2023), tabell 1 och "
        "texten om fast läkarkontakt",
        "alt": f"Fast läkare enligt olika källor jämfört med målet {fmt_num(target, 0)} procent.",
        "code": "analysis.trends.report_points.instrument_points",
        "rule": "trends_points",
    }


def need_and_access(t: TrendTables) -> dict:
    """Need for and access to a fast läkare (Fig 40): one bar per group of the 2024 panel."""
    rows = t.survey_points(["Fig 40"]).sort_values("value", ascending=False)
    among = {
        "Behöver fast läkare": "av dem som behöver en",
        "Behöver inte fast läkare": "av dem som inte behöver en",
    }
    rows["label"] = [
        f"Har fast läkare, {among[g]}" if g in among else lab
        for g, lab in zip(rows["group"], rows["label"], strict=True)
    ]
    fig, ax = plt.subplots(figsize=(5.4, 3.0))
    y = np.arange(len(rows))
    ax.barh(y, rows["value"], color=PALETTE[0], height=0.6)
    if rows["ci_low"].notna().any():
        ax.errorbar(rows["value"], y, xerr=_errors(rows["value"], rows["ci_low"], rows["ci_high"]), fmt="none",
                    ecolor="#333333", capsize=3)  # fmt: skip
    for yi, v, hi in zip(y, rows["value"], rows["ci_high"].fillna(rows["value"]), strict=True):
        ax.text(hi + 1.5, yi, f"{fmt_num(v, 0)} %", va="center", fontsize=9)
    ax.set_yticks(y, [textwrap.fill(s, 26) for s in rows["label"]], fontsize=10)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Procent av patienterna")
    decimal_comma(ax, axis="x")
    fig.tight_layout()
    return {
        "fig": fig,
        "data": rows[POINT_COLUMNS + ["group", "population"]],
        "name": "kap14-fig40",
        "source": report_source(t, ["Fig 40"]),
        "alt": "Staplar: andelen patienter som behöver en fast läkare och andelen med fast läkare bland dem med och utan behov.",
        "code": "analysis.trends.report_points.panel_points",
        "rule": "trends_points",
    }


def npe_continuity(t: TrendTables) -> dict:
    """NPE continuity and coordination per län and sex in the last year of the series."""
    ind = t.vis_id("continuity")
    cur = t.regional_latest(ind)
    order = cur.groupby("region")["observed"].mean().sort_values().index
    fig, ax = plt.subplots(figsize=(6.5, 6))
    for i, (sex, label) in enumerate([("K", "Kvinnor"), ("M", "Män")]):
        g = cur[cur["sex"] == sex].set_index("region").reindex(order)
        ax.plot(g["observed"], range(len(g)), "o", color=PALETTE[i], label=label, ms=5)
    ax.set_yticks(range(len(order)), order, fontsize=9)
    ax.set_xlabel(f"Procent, {int(cur['year'].max())}")
    ax.legend(fontsize=9)
    decimal_comma(ax, axis="x")
    return {
        "fig": fig,
        "data": cur[
            ["indicator", "region_code", "region", "sex", "year", "observed", "fit", "fit_low", "fit_high"]
        ],
        "name": "kap14-npe-kontinuitet",
        "source": VIS,
        "vintage": "Nationell patientenkät 2015–2017",
        "alt": "Kontinuitet och samordning per län och kön.",
        "code": "analysis.trends.models.fit_survey_trend",
        "rule": "trends_models",
    }


def participation_coordination(t: TrendTables) -> dict:
    """Participation (Fig 36–38) and coordination (Fig 48–51) points, one row per question."""
    figures = ["Fig 36", "Fig 37", "Fig 38", "Fig 48", "Fig 49", "Fig 50", "Fig 51"]
    ps = t.survey_points(figures)
    labels = list(dict.fromkeys(ps["label"]))
    years = sorted(ps["year"].dropna().unique())
    fig, ax = plt.subplots(figsize=(7.5, 6.4))
    for j, y in enumerate(years):
        g = ps[ps["year"] == y]
        pos = np.array([labels.index(lab) + 0.15 * (j - (len(years) - 1) / 2) for lab in g["label"]])
        approx = (g["status"] == "approximate").to_numpy()
        color = PALETTE[j % len(PALETTE)]
        ax.errorbar(g["value"], pos, xerr=_errors(g["value"], g["ci_low"], g["ci_high"]), fmt="none", ecolor=color,
                    capsize=2)  # fmt: skip
        ax.plot(g["value"].to_numpy()[~approx], pos[~approx], "o", color=color, label=str(int(y)))
        ax.plot(g["value"].to_numpy()[approx], pos[approx], "o", mfc="white", color=color)
    ax.set_yticks(range(len(labels)), [textwrap.fill(lab, 38) for lab in labels], fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Procent")
    ax.legend(
        fontsize=8.5, title="År", title_fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=6
    )
    decimal_comma(ax, axis="x")
    cols = ["figure", "series", "label_sv", "group", "year", "value", "ci_low", "ci_high", "n", "status",
            "population", "page", "line"]  # fmt: skip
    return {
        "fig": fig,
        "data": ps[cols],
        "name": "kap14-delaktighet-samordning",
        "source": report_source(t, figures),
        "alt": "Panelvärden för delaktighet och samordning.",
        "code": "analysis.trends.report_points.panel_points",
        "rule": "trends_points",
    }


def trust_national(t: TrendTables) -> dict:
    """The trust series the sheet models: national values and fitted trends in one panel."""
    fig, ax = plt.subplots(figsize=(7, 4.4))
    frames = []
    for ind, color in zip(t.kolada_ids("trust"), PALETTE, strict=False):
        frames.append(national_panel(ax, t, ind, color))
        ax.plot([], [], "o-", color=color, label=t.name(ind))
    ax.set_ylabel("Procent")
    ax.legend(fontsize=9, loc="lower right")
    return {
        "fig": fig,
        "data": pd.concat(frames, ignore_index=True),
        "name": "kap14-fortroende",
        "source": KOLADA,
        "vintage": vintage(t),
        "alt": "Förtroende för sjukhus, vårdcentral och vården i sin helhet per år.",
        "code": "analysis.trends.models.fit_survey_trend",
        "rule": "trends_models",
    }


def trust_gap(t: TrendTables) -> dict:
    """Hospital minus primary care trust per year: regional mean with interval and Riket."""
    gap = t.gap
    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    mean = gap["gap_regional_mean"]
    ax.errorbar(gap["year"], mean, yerr=_errors(mean, gap["gap_low"], gap["gap_high"]), fmt="o", capsize=3,
                color=PALETTE[0], label="Medel över regioner")  # fmt: skip
    ax.plot(gap["year"], gap["gap_national"], "D", color=PALETTE[1], ms=5, label="Riket")
    ax.axhline(0, color="#888888", lw=0.8)
    ax.set_ylabel("Procentenheter")
    ax.xaxis.set_major_locator(plt.MaxNLocator(6, integer=True))
    ax.legend(fontsize=9)
    decimal_comma(ax)
    return {
        "fig": fig,
        "data": gap,
        "name": "kap14-fortroende-gap",
        "source": KOLADA,
        "vintage": vintage(t),
        "alt": "Skillnad i förtroende mellan sjukhus och vårdcentral per år.",
        "code": "analysis.trends.contrasts.gap_by_year",
        "rule": "trends_trust",
    }


def trust_regions(t: TrendTables) -> dict:
    """Post-reform slope per region for each trust series (filled: sure after BH)."""
    trust = t.kolada_ids("trust")
    rr = t.region_slopes(trust)
    order = rr[rr["indicator"] == t.role("did_treated")].sort_values("slope_pp")["region"].tolist()
    fig, axes = plt.subplots(1, len(trust), figsize=(9, 6), sharey=True, sharex=True)
    for ax, ind, color in zip(np.atleast_1d(axes), trust, PALETTE, strict=False):
        g = rr[rr["indicator"] == ind].set_index("region").reindex(order)
        y = np.arange(len(g))
        ax.errorbar(g["slope_pp"], y, xerr=_errors(g["slope_pp"], g["slope_pp_low"], g["slope_pp_high"]), fmt="none",
                    ecolor=color, capsize=2)  # fmt: skip
        sure = g["verdict_fdr"].isin(["förbättrad", "försämrad"]).to_numpy()
        ax.plot(g["slope_pp"][sure], y[sure], "o", color=color, ms=4)
        ax.plot(g["slope_pp"][~sure], y[~sure], "o", mfc="white", color=color, ms=4)
        ax.axvline(0, color="#888888", lw=0.8)
        ax.set_title(textwrap.fill(t.name(ind), 22), fontsize=9)
        ax.set_xlabel("Procentenheter per år", fontsize=9)
        decimal_comma(ax, axis="x")
    np.atleast_1d(axes)[0].set_yticks(range(len(order)), order, fontsize=8.5)
    cols = ["indicator", "spec", "region", "slope", "slope_low", "slope_high", "slope_pp", "slope_pp_low",
            "slope_pp_high", "slope_p", "p_adjusted", "verdict", "verdict_fdr", "variance", "dispersion", "df_resid"]  # fmt: skip
    return {
        "fig": fig,
        "data": rr[cols],
        "name": "kap14-fortroende-regioner",
        "source": KOLADA,
        "vintage": vintage(t),
        "alt": "Lutning efter reformstart per region för tre förtroendemått.",
        "code": "analysis.trends.result.verdict_row",
        "rule": "trends_models",
    }


def vardbarometern(t: TrendTables) -> dict:
    """Vårdbarometern's trust in primary care by sex (regional mean) and HSB's national series."""
    vb = t.vis_id("trust")
    treated = t.role("did_treated")
    mean = t.regional_mean(vb)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for i, (sex, label) in enumerate([("K", "Kvinnor, Vårdbarometern"), ("M", "Män, Vårdbarometern")]):
        g = mean[mean["sex"] == sex]
        ax.plot(g["year"], g["fit"], color=PALETTE[i], lw=1.5)
        ax.plot(g["year"], g["observed"], "o", color=PALETTE[i], ms=4, label=label)
    obs = t.observed(treated)
    ax.plot(
        obs["year"],
        obs["value"],
        "s-",
        color=PALETTE[2],
        ms=4,
        lw=1,
        label="Riket, Hälso- och sjukvårdsbarometern",
    )
    ax.axvline(mean["year"].max() + 0.5, color="#444444", ls="--", lw=1)
    ax.set_ylabel("Procent")
    ax.xaxis.set_major_locator(plt.MaxNLocator(7, integer=True))
    ax.legend(fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)  # clear of the lines
    decimal_comma(ax)
    hsb = obs[["year", "value"]].rename(columns={"value": "observed"}).assign(series=treated, sex="T")
    return {
        "fig": fig,
        "data": pd.concat([mean.assign(series=vb), hsb], ignore_index=True),
        "name": "kap14-vardbarometern",
        "source": f"{VIS}; {KOLADA}",
        "alt": "Vårdbarometern och Hälso- och sjukvårdsbarometern, förtroende för vårdcentraler.",
        "code": "analysis.trends.models.fit_binomial_trend",
        "rule": "trends_models",
    }
