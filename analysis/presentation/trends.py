"""Chapter 14's words and tables: the trend results phrased in Swedish.

Each ``*_texts`` function returns the ``{glue:text}`` values of one section of the chapter
(key -> plain string), computed from :class:`analysis.trends.chapter.TrendTables`; each
``*_table`` function returns the keyword arguments of :func:`analysis.figures.publish_table`
(display table, data, name, source, code, rule). :func:`show` glues and publishes them, so a
chapter cell is one call. Interpretation words (``högre``/``lägre``, verdict counts, the
conclusion about the report's panels) are decided here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.presentation.references import report_ref
from analysis.presentation.text import (
    BEYOND_SCALE,
    NBSP,
    PP_PER_YEAR,
    beyond_scale,
    counted,
    fmt_estimate,
    fmt_interval,
    fmt_num,
    fmt_p,
    fmt_percent,
    fmt_signed,
    fmt_years,
    join_sv,
    lower_first,
    unit_label,
)
from analysis.presentation.verdicts import labelled, special_wave_note
from analysis.registry import parse_breaks
from analysis.trends.chapter import FAMILIES, TrendTables
from analysis.trends.report_points import data_sources
from analysis.trends.result import IMPROVED, WORSENED, pp_scale

REPORT = "Vårdanalys (2025), Omtag för omställning"
KOLADA = "Kolada (RKA): Hälso- och sjukvårdsbarometern och Väntetider i vården; modell: kompendiet"
VIS = "Vården i siffror (export 2019-03-27); modell: kompendiet"

#: Chapter 14's areas, named as the report's sections (participation is "Delaktighet" there).
FAMILY_SV = {
    "access": "Tillgänglighet",
    "continuity": "Kontinuitet",
    "trust": "Förtroende",
    "participation": "Delaktighet",
    "coordination": "Samordning",
}
SPEC_SV = {
    "riket": "Riket",
    "regioner_fe": "Regionpanel (fixa effekter)",
    "panel": "Panel, alla vågor",
    "panel_utan_pandemivagor": "Panel utan vågorna 2020 och 2022",
}
TERM_SV = {"year": "år", "pandemic": "pandemiår", "year_post": "år efter reformstart"}
VARIANCE_SHORT = {
    "binomial_n": "binomial, känt n",
    "binomial_n_pearson": "binomial, känt n, uppskalad (Pearson)",
    "quasi_binomial": "kvasibinomial, n okänt",
}
#: The report's own assessment per family (where in the report it is said).
REPORT_VERDICT = {
    "access": "Patienterna upplever inte bättre tillgänglighet (sammanfattningen, tabell 1; avsnitt 14.3, s. 227)",
    "continuity": "Kontinuiteten i primärvården har inte ökat (tabell 1; avsnitt 14.5, s. 236)",
    "trust": "Förtroendet oförändrat över tid (avsnitt 14.7, s. 248; figur 54); inte med i tabell 1",
    "participation": "Delaktigheten har inte förbättrats (tabell 1; avsnitt 14.4, s. 231)",
    "coordination": "Upplevd samordning oförändrad (avsnitt 14.6, s. 242)",
}
#: The report's panel series the chapter's prose discusses one by one.
REGULAR_CONTACT = "has_regular_care_contact"
INTEGRITY = "integrity_respected"
ORDINARY_DOCTOR_65 = "has_ordinary_doctor_65plus"


# --- small phrases ---------------------------------------------------------------------


def pct(x, d: int = 0) -> str:
    """'54 procent', or '–' when missing."""
    return fmt_percent(x, d)


def pe(x: float, d: int = 0) -> str:
    """A difference in percentage points, singular for exactly one."""
    word = "procentenhet" if round(abs(x), d) == 1 else "procentenheter"
    return f"{fmt_num(x, d)} {word}"


def regions_phrase(n: int) -> str:
    """'ingen region', '1 region', '3 regioner'."""
    return counted(n, "region", "regioner", "ingen region")


def word_counts(words: pd.Series, singular: str = "serie", plural: str = "serier") -> str:
    """'ingen säker förändring för 7 frågor och tecken på förbättring för 1 fråga'."""
    return join_sv([f"{w} för {counted(n, singular, plural)}" for w, n in words.value_counts().items()])


#: The series of each kind, definite singular and plural, where the corrected families are named.
KIND_SV = {"kolada": ("serien ur Kolada", "serierna ur Kolada"), "panel": ("panelserien", "panelserierna")}


def bh_families(robust: pd.DataFrame) -> str:
    """'de 15 serierna ur Kolada för sig och de 9 panelserierna för sig': the families within
    which the slopes' p-values are corrected together (``analysis.trends.assembly``, by kind)."""
    parts = []
    for kind, n in robust["kind"].value_counts(sort=False).items():
        one, many = KIND_SV.get(kind, (f"serien av slaget {kind}", f"serierna av slaget {kind}"))
        parts.append(f"den enda {one}" if n == 1 else f"de {fmt_num(n, 0)} {many}")
    return parts[0] if len(parts) == 1 else join_sv([f"{p} för sig" for p in parts])


def dropped_sv(text: str) -> str:
    """A dropped-term list with the term names in Swedish."""
    for term, sv in sorted(TERM_SV.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f"{term}:", f"{sv}:")
    return text


def cell(
    estimate: float, low: float, high: float, d: int = 1, level: float | None = None, span: str = ""
) -> str:
    """A table cell: '2,4 (0,3 till 4,5)'; '−3 (2020–2024, utan intervall)' for an estimate
    without one (a difference between two panel waves of unknown size, ``span`` its years, which
    need not straddle the reform); '–' when missing.

    The table keeps the interval whole (:func:`analysis.presentation.tables.bind_intervals`).
    ``level``: the latest share (%) of a slope in percentage
    points per year, whose interval is named, not printed, when it leaves 0–100 %
    (:func:`analysis.presentation.text.beyond_scale`).
    """
    if pd.isna(estimate):
        return "–"
    if pd.isna(low):
        return f"{fmt_num(estimate, 0)} ({span + ', ' if span else ''}utan intervall)"
    if level is not None and beyond_scale(level, low, high):
        return f"{fmt_num(estimate, d)} ({BEYOND_SCALE})"
    return f"{fmt_num(estimate, d)} ({fmt_interval(low, high, d)})"


def _waves(row: pd.Series) -> str:
    """A panel row's first and last wave ('2020–2024'), the years its level difference spans."""
    return fmt_years(row["first_year"], row["last_year"]) if row.get("kind") == "panel" else ""


def report_source(t: TrendTables, figures: list[str]) -> str:
    """Source line for the report's points: figures, printed pages, where n comes from."""
    p = t.pages(figures)
    pages = f"s. {p[0]}" if len(p) == 1 else f"s. {p[0]}–{p[-1]}"
    figs = ", ".join(f.replace("Fig ", "figur ") for f in figures)
    return f"{REPORT}, {figs} ({pages}); urvalsstorlekar från figur 28; intervall: kompendiet"


def vintage(t: TrendTables) -> str:
    return f"Kolada-ögonblicksbild {fmt_years(t.kolada['year'].min(), t.kolada['year'].max())}"


def family_summary(t: TrendTables, family: str) -> str:
    """'ingen säker förändring för 4 serier' for the non-panel series of one family."""
    rows = t.robust[(t.robust["family"] == family) & (t.robust["kind"] != "panel")]
    return word_counts(rows["verdict"]) if len(rows) else "ingen öppen serie med data efter reformen"


#: A slope with its interval: in percentage points (robust rows), on the model scale (variants).
SLOPE_PP = ["slope_pp", "slope_low_pp", "slope_high_pp"]
ESTIMATE = ["estimate", "ci_low", "ci_high"]


def pp_level(row: pd.Series) -> float | None:
    """The latest share of a series whose slope is read in percentage points per year, else None."""
    return row.get("last_value") if row.get("slope_unit") == PP_PER_YEAR else None


def slope_text(t: TrendTables, indicator: str) -> str:
    """The main model's post-reform slope in percentage points per year, with its interval."""
    if indicator not in t.robust.index or pd.isna(t.robust.at[indicator, "slope_pp"]):
        return "–"
    r = t.robust.loc[indicator]
    if beyond_scale(r["last_value"], r["slope_low_pp"], r["slope_high_pp"]):
        return f"{fmt_num(r['slope_pp'], 1)}{NBSP}{PP_PER_YEAR} ({BEYOND_SCALE})"
    return fmt_estimate(r["slope_pp"], r["slope_low_pp"], r["slope_high_pp"], 1, PP_PER_YEAR)


# --- the sections' glue values ---------------------------------------------------------


def borrowed_dispersion_text(t: TrendTables) -> str:
    """What the two-wave panel series would show with less between-wave variance than borrowed.

    The borrowed dispersion is the largest of the longer panels' (one degree of freedom each),
    so the sentence gives, for the series that borrow it, how many intervals exclude zero with
    the smallest estimated dispersion (variant ``minsta_spridning``) and with sampling error
    alone (the ``panel`` model rows, which assume none), and in which direction.
    """
    robust = t.robust.reset_index()
    two = robust.loc[(robust["kind"] == "panel") & (robust["dispersion_used"] > 1), "indicator"]
    if two.empty:
        return ""
    own = t.verdicts[(t.verdicts["spec"] == "panel") & (t.verdicts["df_resid"] > 0)]
    least = max(1.0, float(own["dispersion"].min()))
    variant = t.sensitivity[
        (t.sensitivity["variant"] == "minsta_spridning") & t.sensitivity["indicator"].isin(two)
    ]
    direction = robust.set_index("indicator")["direction"]
    sure = variant[(variant["ci_low"] > 0) | (variant["ci_high"] < 0)]
    worse = sum(
        (r.ci_high < 0) == (direction[r.indicator] == "higher_better") for r in sure.itertuples(index=False)
    )
    sampling = t.verdicts[(t.verdicts["spec"] == "panel") & t.verdicts["indicator"].isin(two)]
    changed = sampling[sampling["verdict"].isin([IMPROVED, WORSENED])]
    m = fmt_num(len(two), 0)
    worse_alone = int((changed["verdict"] == WORSENED).sum())
    first = (
        "Som lånad spridning används den största av panelernas skattningar; varje skattning "
        "bygger på en frihetsgrad och är själv osäker."
    )
    if sure.empty:
        middle = (
            f" Valet ändrar inga utslag: även med den minsta ({fmt_num(least, 0)} gånger) blir "
            f"ingen av de {m} serierna med två mätningar säker."
        )
    else:
        middle = (
            f" Med den minsta ({fmt_num(least, 0)} gånger) blir {fmt_num(len(sure), 0)} av de {m} "
            f"serierna med två mätningar säkra ({fmt_num(worse, 0)} som försämring); bedömningen "
            "bygger på den största, eftersom en säker bedömning ska hålla i alla varianter."
        )
    if changed.empty:
        last = " Inte heller med enbart urvalsfel blir någon av dem säker."
    else:
        last = (
            f" Med enbart urvalsfel skulle {fmt_num(len(changed), 0)} av dem bli säkra "
            f"({fmt_num(worse_alone, 0)} som försämring)."
        )
    return first + middle + last


def method_texts(t: TrendTables) -> dict[str, str]:
    """The method box, the conclusions box and the data-source section."""
    settings = t.verdicts[["pandemic_years", "reform_start"]].drop_duplicates()
    if len(settings) != 1:
        raise ValueError("all trend models must use the same pandemic years and reform start")
    wide = t.sensitivity.loc[t.sensitivity["variant"] == "pandemi_bred", "label_sv"]
    web = t.panel[(t.panel["instrument"] == "webbpanel") & t.panel["n"].notna()]
    population = t.panel[(t.panel["instrument"] == "befolkningspanel") & t.panel["n"].notna()]
    out = {
        "kap14-pandemiar": settings["pandemic_years"].iloc[0].replace(", ", " och "),
        "kap14-reformstart": str(int(settings["reform_start"].iloc[0])),
        "kap14-pandemi-bred": wide.iloc[0].removeprefix("Pandemiåren ") if len(wide) else "–",
        "kap14-fdr": f"{fmt_num(100 * t.robust['fdr'].iloc[0], 0)} procent",
        "kap14-bh-familjer": bh_families(t.robust),
        "kap14-lanad-dispersion": fmt_num(t.robust["dispersion_used"].max(), 0),
        "kap14-lanad-kanslighet": borrowed_dispersion_text(t),
        "kap14-slutsats-panel": word_counts(t.robust.loc[t.robust["kind"] == "panel", "verdict"]),
        "kap14-n-min": fmt_num(web["n"].min(), 0),
        "kap14-n-max": fmt_num(web["n"].max(), 0),
        "kap14-n-bef": join_sv([fmt_num(n, 0) for n in sorted(set(population["n"]))]) or "–",
    }
    for fam in FAMILIES:
        out[f"kap14-slutsats-{fam}"] = family_summary(t, fam)
    return out


def outside_text(t: TrendTables, indicator: str) -> str:
    """The national values a series' national model leaves out, and why, as sentences.

    Years from a series break on are not comparable; earlier years outside the model had too
    few regions reporting (the coverage rule for national values). Empty when none is left out.
    """
    fit = t.national_fit(indicator)
    left = [int(y) for y in fit.loc[~fit["in_model"] & fit["observed"].notna(), "year"]]
    if not left or not fit["in_model"].any():
        return ""
    sheet = t.sheet.set_index("id")
    breaks = parse_breaks(sheet["breaks"].get(indicator)) if "breaks" in sheet else []
    first_model = int(fit.loc[fit["in_model"], "year"].min())
    brk = min((y for y, _ in breaks if y > first_model), default=None)
    after = [y for y in left if brk is not None and y >= brk]
    thin = [y for y in left if y not in after]
    out = []
    if thin:
        one = len(thin) == 1
        out.append(
            f"{'Riksvärdet' if one else 'Riksvärdena'} för {join_sv([str(y) for y in thin])} ingår inte i "
            f"modellen, eftersom för få regioner rapporterade {'det året' if one else 'de åren'}."
        )
    if after:
        also = " heller" if thin else ""
        out.append(f"Värdena från {brk} ingår inte{also}, eftersom mätmetoden byttes då.")
    return " ".join(out)


def series_texts(t: TrendTables, families: Iterable[str] = ("access", "trust")) -> dict[str, str]:
    """Per Kolada series of the families: verdict, slope, years, first and last value, regions.

    Keys ``kap14-<id>-<what>`` (id in lower case), so the prose can pick any series the sheet
    models without the code naming one.
    """
    out = {}
    for fam in families:
        for ind in t.kolada_ids(fam):
            k = f"kap14-{ind.lower()}"
            r = t.vrow(ind)
            first, last = int(r["first_year"]), int(r["last_year"])
            obs = t.observed(ind).set_index("year")["value"]
            counts = t.region_counts(ind)
            out.update(
                {
                    f"{k}-verdict": t.verdict(ind),
                    f"{k}-slope": slope_text(t, ind),
                    f"{k}-ar": fmt_years(first, last),
                    f"{k}-utanfor": outside_text(t, ind),
                    f"{k}-first": f"{pct(obs.get(first, np.nan), 1)} {first}",
                    f"{k}-last": f"{pct(obs.get(last, np.nan), 1)} {last}",
                    f"{k}-n": fmt_num(r["n_obs"], 0),
                    f"{k}-reg-forb": fmt_num(counts["better"], 0),
                    f"{k}-reg-fors": regions_phrase(counts["worse"]),
                    f"{k}-reg-n": fmt_num(counts["n"], 0),
                    # a region's slope is not put through the sensitivity analyses: no verdict word
                    f"{k}-reg-fdr": f"{regions_phrase(counts['better_fdr'])} där lutningen pekar mot "
                    f"det bättre och {regions_phrase(counts['worse_fdr'])} där den pekar mot det sämre",
                }
            )
    return out


def access_panel_texts(t: TrendTables) -> dict[str, str]:
    """The report's access panels: naive verdicts, robust verdicts and what follows."""
    pa = t.verdicts[(t.verdicts["family"] == "access") & (t.verdicts["spec"] == "panel")]
    pr = t.robust[(t.robust["kind"] == "panel") & (t.robust["family"] == "access")]
    worse = int(pr["verdict"].isin([WORSENED, "tecken på försämring"]).sum())
    conclusion = (
        "Rapportens slutsats om sämre tillgänglighet kan alltså varken bekräftas eller avfärdas med de siffror "
        "som går att läsa ut ur rapporten."
        if worse == 0
        else f"Försämringen håller för {counted(worse, 'fråga', 'frågor')} även med den variationen."
    )
    return {
        "kap14-panel-access-n": fmt_num(len(pa), 0),
        "kap14-panel-access-naiv": fmt_num((pa["verdict"] == WORSENED).sum(), 0),
        "kap14-panel-access-robust": word_counts(pr["verdict"], "fråga", "frågor"),
        "kap14-panel-access-slutsats": conclusion,
    }


def continuity_texts(t: TrendTables) -> dict[str, str]:
    """Regular care contact (Fig 44) and integrity (Fig 37) from the report's panels."""
    fv = t.points(["Fig 44"], total_only=True).set_index("year")["value"].sort_index()
    out = {f"kap14-fv-{int(y)}": pct(v) for y, v in fv.items()}
    integ = t.panel[t.panel["series"] == INTEGRITY].set_index("year")["value"]
    need = t.need_and_access()
    fl = t.fast_lakare()
    f41 = float(fl.loc[(fl["element"] == "Fig 41") & (fl["group"] == "Befolkningspanel"), "value"].iloc[0])
    out.update(
        {
            "kap14-fig42": pct(t.points(["Fig 42"])["value"].iloc[0]),
            "kap14-fig45": pct(t.points(["Fig 45"])["value"].iloc[0]),
            "kap14-fig40-ref": report_ref("001", "Fig 40"),
            "kap14-fig40-behov": pct(need["need"]),
            "kap14-fig40-har-behov": pct(need["with_need"]),
            "kap14-fig40-har-utan": pct(need["without_need"]),
            "kap14-fig40-totalt": pct(need["total"]),
            "kap14-fig40-jamfor": "vilket stämmer med" if abs(need["total"] - f41) < 1 else "att jämföra med",
            "kap14-fv-verdict": t.verdict(REGULAR_CONTACT, "panel"),
            "kap14-fv-verdict-utan": t.verdict(REGULAR_CONTACT, "panel_utan_pandemivagor"),
            "kap14-fv-disp": fmt_num(t.vrow(REGULAR_CONTACT, "panel")["dispersion"], 0),
            "kap14-fv-diff": pe(fv.iloc[-1] - fv.iloc[0]),
            "kap14-integritet-2014": pct(integ.get(2014)),
            "kap14-integritet-2024": pct(integ.get(2024)),
            "kap14-integritet-verdict": t.verdict(INTEGRITY, "panel"),
        }
    )
    return out


def fast_lakare_texts(t: TrendTables) -> dict[str, str]:
    """Fast läkare by instrument, the regions' own figures against the target, IHP 65+."""
    dated = t.fast_lakare()
    regional = dated[dated["group_type"] == "region"]
    surveys = dated[dated["group_type"] != "region"]
    target = float(t.instruments["target"].iloc[0])
    f41 = surveys[surveys["element"] == "Fig 41"].set_index("group")
    r22 = regional[regional["year"] == regional["year"].max()]
    ihp = surveys[surveys["element"] == "Fig 47"].set_index("year")["value"]
    allage = surveys[(surveys["kind"] == "enkät") & (surveys["element"] != "Fig 47")]
    w, b = f41.loc["Webbpanel"], f41.loc["Befolkningspanel"]
    overlap = not (w["ci_low"] > b["ci_high"] or b["ci_low"] > w["ci_high"])
    return {
        "kap14-fl-webb": pct(w["value"]),
        "kap14-fl-bef": pct(b["value"]),
        "kap14-fl-2022": pct(surveys.loc[surveys["element"] == "P05", "value"].iloc[0]),
        "kap14-fl-reg": pct(
            surveys.loc[surveys["series"] == "fast_lakarkontakt_unweighted_mean", "value"].iloc[0]
        ),
        "kap14-fl-reg-min": pct(r22["value"].min()),
        "kap14-fl-reg-max": pct(r22["value"].max()),
        "kap14-fl-reg-over": fmt_num((r22["value"] >= target).sum(), 0),
        "kap14-fl-reg-n": fmt_num(len(r22), 0),
        "kap14-fl-mal": pct(target),
        "kap14-ihp-verdict": t.verdict(ORDINARY_DOCTOR_65, "panel"),
        "kap14-ihp-2017": pct(ihp.get(2017)),
        "kap14-ihp-2024": pct(ihp.get(2024)),
        "kap14-fl-enkat-min": pct(allage["value"].min()),
        "kap14-fl-enkat-max": pct(allage["value"].max()),
        "kap14-fl-overlapp": overlap_sentence(overlap, float(t.robust["dispersion_used"].max())),
        "kap14-fl-reg-tidigare-n": counted(
            int((regional["year"] < regional["year"].max()).sum()), "region", "regioner"
        ),
    }


def overlap_sentence(overlap: bool, dispersion: float) -> str:
    """Whether two panels' shares differ, read from Wilson intervals that hold sampling error only.

    ``dispersion``: the largest between-wave variance of the chapter's panel models, as a multiple
    of the binomial; above 1 a gap between the intervals cannot be told from that variation.
    """
    if overlap:
        return "Intervallen räknar bara med urvalsfel och överlappar, så skillnaden kan vara slump."
    if dispersion > 1:
        return (
            "Intervallen räknar bara med urvalsfel och överlappar inte. Variationen mellan mätomgångar är "
            f"i kapitlets panelmodeller upp till {fmt_num(dispersion, 0)} gånger urvalsfelets, så det går "
            "inte att avgöra om skillnaden speglar mätsätten eller den variationen."
        )
    return (
        "Intervallen överlappar inte, så skillnaden är större än slumpen kan förklara och speglar mätsätten."
    )


def gp_texts(t: TrendTables) -> dict[str, str]:
    """Inhabitants per GP specialist against the riktvärde (001-P01)."""
    gp = t.targets.iloc[0]
    if gp["towards_target"]:
        raise ValueError("the prose says the ratio moves away from the target; it now moves towards it")
    return {
        "kap14-gp-mal": fmt_num(gp["target"], 0),
        "kap14-gp-start": fmt_num(gp["start"], 0),
        "kap14-gp-slut": fmt_num(gp["end"], 0),
        "kap14-gp-ar": f"{int(gp['start_year'])} och {int(gp['end_year'])}",
        "kap14-gp-sida": str(int(gp["page"])),
        "kap14-gp-takt": fmt_num(gp["annual_change_pct"], 1),
        "kap14-gp-behov": fmt_num(gp["doctors_increase_needed_pct"], 0),
        "kap14-gp-rapport": fmt_num(gp["reported_increase_pct"], 0),
    }


def _sex_difference(t: TrendTables, indicator: str, level_pct: float) -> str:
    """Men minus women in percentage points at ``level_pct``, from the panel's logit term."""
    e = t.terms(indicator, "regioner_fe").loc["sex[M]"]
    k = pp_scale(level_pct)
    return fmt_estimate(k * e["estimate"], k * e["ci_low"], k * e["ci_high"], 1, unit="procentenheter")


def _pp_slope(v: pd.Series) -> str:
    """A panel's slope in percentage points per year at its last fitted level (2 decimals: small slopes)."""
    return fmt_estimate(v["slope_pp"], v["slope_pp_low"], v["slope_pp_high"], 2, unit="procentenheter per år")


def survey_panel_texts(t: TrendTables) -> dict[str, str]:
    """The two Vården i siffror survey panels: NPE continuity and Vårdbarometern trust."""
    npe, vb = t.vis_id("continuity"), t.vis_id("trust")
    v_npe, v_vb = t.vrow(npe, "regioner_fe"), t.vrow(vb, "regioner_fe")
    return {
        "kap14-npe-ar": fmt_years(v_npe["first_year"], v_npe["last_year"]),
        "kap14-npe-sista": str(int(t.regional_latest(npe)["year"].max())),
        "kap14-npe-slope": _pp_slope(v_npe),
        "kap14-npe-kon": _sex_difference(t, npe, v_npe["last_fitted"]),
        "kap14-vb-ar": fmt_years(v_vb["first_year"], v_vb["last_year"]),
        "kap14-vb-slope": _pp_slope(v_vb),
        "kap14-vb-disp": fmt_num(v_vb["dispersion"], 1),
        "kap14-vb-kon": _sex_difference(t, vb, v_vb["last_fitted"]),
    }


def plan_texts(t: TrendTables) -> dict[str, str]:
    """Figure 49's first and last printed values (no interval: the subgroup's size is not given)."""
    p = t.panel[t.panel["series"] == "received_individual_plan"].dropna(subset=["value"]).sort_values("year")
    if len(p) < 2:
        raise ValueError("the prose states figure 49's first and last values; the panel has fewer than two")
    first, last = p.iloc[0], p.iloc[-1]
    return {
        "kap14-plan": f"{fmt_percent(first['value'])} {int(first['year'])} och "
        f"{fmt_percent(last['value'])} {int(last['year'])}"
    }


def _pandemic_levels(t: TrendTables, pand: pd.DataFrame) -> str:
    """Each trust series' pandemic level above its trend, in percentage points with its interval."""
    parts = []
    for r in pand.itertuples(index=False):
        k = float(t.robust.at[r.indicator, "pp_scale"])
        name = lower_first(str(t.robust.at[r.indicator, "name_sv"]))
        parts.append(
            f"{name} {fmt_estimate(k * r.estimate, k * r.ci_low, k * r.ci_high, 1, 'procentenheter', True)}"
        )
    return join_sv(parts)


def trust_texts(t: TrendTables) -> dict[str, str]:
    """Pandemic bump, the latest years against the last pre-pandemic year, the return phrase."""
    trust = t.kolada_ids("trust")
    pand = t.estimates[
        t.estimates["indicator"].isin(trust)
        & (t.estimates["spec"] == "riket")
        & (t.estimates["term"] == "pandemic")
    ]
    k = int((pand["ci_low"] > 0).sum())
    every = "alla tre" if len(trust) == 3 else "alla"
    out = {
        "kap14-pandemi-antal": every if k == len(trust) else f"{fmt_num(k, 0)} av {fmt_num(len(trust), 0)}",
        "kap14-pandemi-nivaer": _pandemic_levels(t, pand),
    }
    latest = {}
    for ind in trust:
        for r in t.contrasts[t.contrasts["indicator"] == ind].itertuples():
            words = r.comparison.split()
            if r.comparison == "pandemiökning":
                key = f"kap14-{ind.lower()}-bump"
            elif len(words) == 3 and words[1] == "mot" and words[0].isdigit() and words[2].isdigit():
                key = f"kap14-{ind.lower()}-{words[0]}"
                if int(words[0]) >= latest.get(ind, (0, None))[0]:
                    latest[ind] = (int(words[0]), r)
            else:
                continue
            out[key] = fmt_signed(r.diff_pp, 1)
            out[f"{key}-ki"] = fmt_interval(r.diff_pp_low, r.diff_pp_high)
    out["kap14-retur"] = _return_sentence(t, latest)
    return out


def _return_sentence(t: TrendTables, latest: dict) -> str:
    """'Från 2019 till 2024 ändrades förtroendet med +1,5 … (95 % KI …) för sjukhus; …', the years
    from the contrasts (each series' latest year against its base), said once when shared.

    No direction word: the interval holds the regions' spread within the two years only, not an
    error common to a whole survey round, so it is too narrow to call one year higher.
    """
    periods = {r.comparison for _year, r in latest.values()}
    parts = []
    for ind, (_year, r) in latest.items():
        name = lower_first(t.name(ind))
        what = name.removeprefix("förtroende för ")  # "förtroendet ändrades … för sjukhus"
        effect = fmt_estimate(r.diff_pp, r.diff_pp_low, r.diff_pp_high, 1, "procentenheter", signed=True)
        year, base = r.comparison.split(" mot ")
        own = f" ({base} till {year})" if len(periods) > 1 else ""
        parts.append(f"{effect} för {what}{own}")
    if not parts:
        return ""
    if len(periods) == 1:
        year, base = periods.pop().split(" mot ")
        return f"Från {base} till {year} ändrades förtroendet med " + "; ".join(parts) + "."
    return "Förtroendet ändrades med " + "; ".join(parts) + "."  # each part holds commas of its own


def gap_texts(t: TrendTables) -> dict[str, str]:
    """Hospital minus primary care per year and the difference in differences."""
    gap, did = t.gap, t.did.iloc[0]
    early = gap[gap["year"] < gap["year"].max()]
    g_last = gap[gap["year"] == gap["year"].max()].iloc[0]
    if pd.notna(did["did_effect"]):
        years = did["did_effect_last_years"].split(", ")
        did_text = fmt_estimate(
            did["did_effect"], did["did_effect_low"], did["did_effect_high"], 1, "procentenheter"
        )
        did_text += f" från {did['did_effect_pre_years']} till {fmt_years(years[0], years[-1])}"
    else:
        did_text = "– (för få år för en skattning)"
    return {
        "kap14-gap-tidiga": fmt_years(early["year"].min(), early["year"].max()),
        "kap14-gap-sista": str(int(gap["year"].max())),
        "kap14-gap-nreg": fmt_num(gap["n_regions"].max(), 0),
        "kap14-did": did_text,
        "kap14-gap-min": fmt_num(early["gap_regional_mean"].min(), 1),
        "kap14-gap-max": fmt_num(early["gap_regional_mean"].max(), 1),
        "kap14-gap-2024": f"{fmt_num(g_last['gap_regional_mean'], 1)} procentenheter "
        f"(95 % KI {fmt_interval(g_last['gap_low'], g_last['gap_high'])})",
        "kap14-gap-sista-not": special_wave_note(t.sheet, t.role("did_treated"), int(g_last["year"])),
    }


# --- tables ----------------------------------------------------------------------------


def points_table(t: TrendTables, figures: list[str], name: str) -> dict:
    """The report's values of some figures with Wilson intervals where the whole panel is the base."""
    rows = t.points(figures)
    table = pd.DataFrame(
        {
            "Figur": rows["figure"].str.replace("Fig ", "", regex=False),
            "Fråga": rows["label_sv"],
            "Grupp": rows["group"],
            "År": rows["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
            "Andel (%)": rows["value"].map(lambda v: fmt_num(v, 0)),
            "95 % KI": [
                "" if pd.isna(lo) else fmt_interval(lo, hi)
                for lo, hi in zip(rows["ci_low"], rows["ci_high"], strict=True)
            ],
            "n": rows["n"].map(lambda v: "" if pd.isna(v) else fmt_num(v, 0)),
            "Anm.": rows["status"].map({"approximate": "ungefärligt", "derived": "härlett"}).fillna(""),
        }
    ).set_index("Figur")
    return {
        "table": table,
        "data": rows,
        "name": name,
        "source": report_source(t, figures),
        "code": "analysis.trends.report_points.panel_points",
        "rule": "trends_points",
        "stack": True,  # seven columns: on a phone each value a block, its interval and n in view
    }


def sources_table(report: pd.DataFrame) -> dict:
    """Tabell 14.1: the report's survey sources (figur 28) with respondents and response rates."""
    d = data_sources(report)
    table = pd.DataFrame(
        {
            "Källa": d["source"],
            "År": d["year"].astype(str),
            "Svarande": d["respondents"].map(lambda v: fmt_num(v, 0)),
            "Svarsfrekvens (%)": d["response_rate"].map(lambda v: "" if pd.isna(v) else fmt_num(v, 0)),
        }
    ).set_index("Källa")
    p = sorted(d["page"].dropna().astype(int).unique())
    pages = f"s. {p[0]}" if len(p) == 1 else f"s. {p[0]}–{p[-1]}"
    return {
        "table": table,
        "data": d,
        "name": "kap14-fig28",
        "source": f"{REPORT}, figur 28 ({pages}; kompendiets transkription)",
        "code": "analysis.trends.report_points.data_sources",
        "rule": "report_values",
        "stack": True,
    }


def series_label(row: pd.Series) -> str:
    """A series' name in tables of effects in procentenheter: a measure that is not a share
    (a count or days per inhabitant) names its own units, as its effects are in them."""
    unit = row.get("unit", "procent")
    if not isinstance(unit, str) or unit == "procent":
        return row["name_sv"]
    label = unit_label(unit)
    label = f"antal {label}" if label.startswith("per ") else label
    return f"{row['name_sv']} (nivå i {label}, lutning i {row['slope_unit']})"


def assessment_cell(verdict: str, reason, p_adjusted: float) -> str:
    """'○ ingen säker förändring (huvudmodellens intervall omfattar noll; justerat p-värde 0,253)':
    the word, why, and the slope's p-value after Benjamini–Hochberg, which the rule reads."""
    notes = [reason] if isinstance(reason, str) and reason else []
    if pd.notna(p_adjusted):
        notes.append(f"justerat p-värde {fmt_p(p_adjusted)}")
    return f"{labelled(verdict)} ({'; '.join(notes)})" if notes else labelled(verdict)


def assessment_table(t: TrendTables) -> dict:
    """Tabell 14.5: effect, slope and verdict per series."""
    rb = t.chapter_series()
    table = pd.DataFrame(
        {
            # five columns fit the page beside the menus; the rows are in the areas' order
            "Serie": [series_label(r) for _, r in rb.iterrows()],
            "Källa och år": [
                f"{src.replace('Fig ', 'figur ')}, {fmt_years(a, b)}"
                for src, a, b in zip(rb["source"], rb["first_year"], rb["last_year"], strict=True)
            ],
            "Nivåskillnad (95 % KI)": [
                # a panel's difference is between its first and last wave: name them
                cell(r["effect"], r["effect_low"], r["effect_high"], span=_waves(r))
                for _, r in rb.iterrows()
            ],
            "Lutning per år (95 % KI)": [
                "–" if pd.isna(r["slope_pp"]) else cell(*r[SLOPE_PP], level=pp_level(r))
                for _, r in rb.iterrows()
            ],
            "Bedömning (skäl; justerat p-värde)": [
                assessment_cell(v, r, p)
                for v, r, p in zip(rb["verdict"], rb["reason"], rb["slope_p_adjusted"], strict=True)
            ],
        }
    )
    return {
        "table": table,
        "data": rb,
        "name": "kap14-bedomningar",
        "source": f"{KOLADA}; {REPORT}, figur 33–49 (panelvärden)",
        "code": "analysis.robust.robust_word",
        "rule": "trends_models",
        "stack": True,  # eight columns: on a phone each series a block, its verdict in view
    }


def comparison_table(t: TrendTables) -> dict:
    """Tabell 14.6: the report's assessment per family beside the count of our verdicts."""
    per_family = t.verdicts_by_family()
    rows = []
    for fam in FAMILIES:
        if fam in per_family.index:
            c = per_family.loc[fam]
            ours = "; ".join(f"{v}: {fmt_num(n, 0)}" for v, n in c[c > 0].items())
        else:
            ours = "ingen serie med en bedömning"
        rows.append(
            {
                "Område": FAMILY_SV[fam],
                "Rapportens bedömning": REPORT_VERDICT[fam],
                "Kompendiets bedömningar (antal serier)": ours,
            }
        )
    return {
        "table": pd.DataFrame(rows),
        "data": per_family.reset_index(),
        "name": "kap14-jamforelse",
        "source": f"{REPORT}, sammanfattningen (tabell 1) och kapitel 14; kompendiets bedömningar i tabell 14.5",
        "code": "analysis.robust.robust_word",
        "rule": "trends_models",
        "stack": True,  # the report's words beside ours: read whole on a phone, not scrolled
    }


def summary_texts(t: TrendTables) -> dict[str, str]:
    rb = t.chapter_series()
    return {
        "kap14-sum-panel": word_counts(rb.loc[rb["kind"] == "panel", "verdict"]),
        "kap14-sum-kolada": word_counts(rb.loc[rb["kind"] == "kolada", "verdict"]),
    }


def sensitivity_table(t: TrendTables) -> dict:
    """Tabell 14.7: the post-reform slope in every variant, on the reading scale."""
    sv = t.sensitivity_rows()
    table = pd.DataFrame(
        {
            "Serie": sv["name_sv"],
            "Variant": sv["label_sv"],
            "Lutning (95 % KI)": [
                "–" if pd.isna(r["estimate"]) else cell(*(r[ESTIMATE] * r["pp_scale"]), level=pp_level(r))
                for _, r in sv.iterrows()
            ],
        }
    )
    return {
        "table": table,
        "data": sv,
        "name": "kap14-kanslighet",
        "source": f"{KOLADA}; {REPORT}",
        "code": "analysis.robust.run_variants",
        "rule": "trends_models",
    }


def model_table(t: TrendTables) -> dict:
    """Tabell 14.8: the trend terms of the national and panel models."""
    long, wide = t.model_terms()
    terms = {
        f"{TERM_SV[term].capitalize()} (95 % KI)": wide[term].map(
            lambda c: (
                "–" if not isinstance(c, tuple) else f"{fmt_num(c[0], 3)} ({fmt_interval(c[1], c[2], 3)})"
            )
        )
        for term in TERM_SV
    }
    table = pd.DataFrame(
        {
            "Serie": wide["name_sv"],
            "Modell": wide["spec"].map(SPEC_SV),
            **terms,
            "n": wide["n_obs"].astype(int).astype(str),
            "Varians": wide["variance"].map(VARIANCE_SHORT),
            "Strukna termer": wide["dropped_terms"].map(dropped_sv),
        }
    ).set_index("Serie")
    return {
        "table": table,
        "data": long,
        "name": "kap14-modeller",
        "source": f"{KOLADA}; {REPORT}",
        "code": "analysis.trends.models.fit_survey_trend",
        "rule": "trends_models",
    }


def status_table(t: TrendTables) -> dict:
    """Tabell 14.9: status of every figure of the report's chapter 14."""
    s = t.status
    table = pd.DataFrame(
        {
            "Figur": s["number"].astype(str),
            "Innehåll": s["title_sv"],
            "Avsnitt": s["section"],
            "Sida": s["page"].map(lambda p: "" if pd.isna(p) else str(int(p))),
            "Status": s["status"],
            "Värden i texten": [
                f"{a}" + (f" (+{b} ungefärliga)" if b else "")
                for a, b in zip(s["values"], s["values_approximate"], strict=True)
            ],
            "År": s["years"],
            "Ersättning / kommentar": [
                (r + ". " if r else "") + n for r, n in zip(s["replacement"], s["note_sv"], strict=True)
            ],
        }
    ).set_index("Figur")
    return {
        "table": table,
        "data": s,
        "name": "kap14-figurstatus",
        "source": f"{REPORT}, kapitel 14; kompendiets genomgång av kapitlets figurer",
        "code": "analysis.trends.report_points.figure_status",
        "rule": "trends_points",
    }


# --- gluing and publishing -------------------------------------------------------------


def show(
    texts: Mapping[str, str] | None = None, figures: Iterable[dict] = (), tables: Iterable[dict] = ()
) -> None:
    """Glue the texts, publish the figures and tables (keyword dicts of ``publish``/``publish_table``)."""
    from analysis.figures import publish, publish_table
    from analysis.presentation.chapter import glue_text

    for key, text in (texts or {}).items():
        glue_text(key, text)
    for fig in figures:
        publish(**fig)
    for tab in tables:
        publish_table(**tab)
