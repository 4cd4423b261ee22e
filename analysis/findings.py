"""What the numbers say: headline results, the nine-goal scoreboard and the key indicators.

Everything here is derived from model results at every build, so a result that loses its
robustness changes its sentence by itself. Sentences use the verdict words of
:mod:`analysis.robust` and the number style of :mod:`analysis.presentation.text`; data
strings (indicator titles) are escaped by the chapters when glued as Markdown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import robust as rb
from analysis.presentation.text import (
    BEYOND_SCALE,
    NBSP,
    PP_PER_YEAR,
    beyond_scale,
    counted,
    fmt_estimate,
    fmt_num,
    fmt_percent,
    fmt_signed,
    join_sv,
    lower_first,
    unit_label,
)
from analysis.regions import REGION_CODES, region_name, with_min_regions

_GOOD = {rb.IMPROVED, rb.SIGN_IMPROVED}
_BAD = {rb.WORSENED, rb.SIGN_WORSENED}
_SURE = {rb.IMPROVED, rb.WORSENED, rb.INCREASED, rb.DECREASED}


def level_phrase(row: pd.Series) -> str:
    """'+2,4 procentenheter (95 % KI −0,1 till 5,0), 2022–2024 mot 2016–2018', or '' without a level effect."""
    if pd.isna(row.get("effect")) or pd.isna(row.get("effect_low")):
        return ""
    unit = (
        "procentenheter" if row.get("unit", "procent") == "procent" else unit_label(str(row.get("unit", "")))
    )
    text = fmt_estimate(row["effect"], row["effect_low"], row["effect_high"], 1, unit, signed=True)
    last = str(row.get("effect_last_years", "")).replace(", ", "–") if row.get("effect_last_years") else ""
    years = f"{_span(last)} mot {row['effect_pre_years']}" if last else ""
    return f"{text}, {years}" if years else text


def effect_phrase(row: pd.Series) -> str:
    """The level effect (:func:`level_phrase`), or the slope when there is none."""
    return level_phrase(row) or slope_phrase(row) or "ingen skattning"


def _span(years: str) -> str:
    parts = years.split("–")
    return f"{parts[0]}–{parts[-1]}" if len(parts) > 1 else years


def slope_phrase(row: pd.Series) -> str:
    """'+0,6 procentenheter per år (95 % KI 0,2 till 1,0) efter reformstarten', or '' without a slope."""
    if pd.isna(row.get("slope_pp")) or pd.isna(row.get("slope_low_pp")):
        return ""
    per = row.get("slope_unit", PP_PER_YEAR)
    if per == PP_PER_YEAR and beyond_scale(row.get("last_value"), row["slope_low_pp"], row["slope_high_pp"]):
        return f"{fmt_signed(row['slope_pp'], 1)}{NBSP}{per} ({BEYOND_SCALE}) efter reformstarten"
    text = fmt_estimate(row["slope_pp"], row["slope_low_pp"], row["slope_high_pp"], 1, per, signed=True)
    return f"{text} efter reformstarten"


def trend_break_phrase(row: pd.Series) -> str:
    """The yearly trend after the reform start with its interval, the trend before it and the
    difference with its interval.

    '−3,8 procent per år (95 % KI −5,2 till −2,4) efter reformstarten, mot −3,4 före; skillnad
    −0,5 procentenheter per år (95 % KI −6,0 till 5,1)'. The verdict word rests on the slope after the
    start, so it comes first; the difference says whether the series changed course there or
    went on as before, which an improvement already under way does. Without a slope before the
    start: the slope after it alone ('–' without a slope).
    """
    slope = slope_phrase(row)
    if pd.isna(row.get("slope_change_pp")) or pd.isna(row.get("slope_change_low_pp")) or not slope:
        return slope or "–"
    # a difference of two yearly changes, in points: of percentages for shares, of growth rates
    # (log scale, "procent per år") for counts
    diff = fmt_estimate(
        row["slope_change_pp"],
        row["slope_change_low_pp"],
        row["slope_change_high_pp"],
        1,
        PP_PER_YEAR,
        signed=True,
    )
    return f"{slope}, mot {fmt_signed(row['slope_pre_pp'])} före; skillnad {diff}"


#: What :func:`trend_break_note` says of a sure change without a sure change of trend.
NO_BREAK = "trenden ändrades inte säkert vid reformstarten"
WENT_ON = "trenden pekade åt samma håll redan före reformen och ändrades inte säkert vid reformstarten"


def trend_break_note(row: pd.Series) -> str:
    """For a series that changed surely after the reform start but did not surely change course
    there (the change in slope's interval includes zero): :data:`WENT_ON` when the slope before
    the start pointed the same way, else :data:`NO_BREAK`; otherwise empty.
    """
    low, high = row.get("slope_change_low"), row.get("slope_change_high")
    if row["verdict"] not in _GOOD | _BAD | _SURE or pd.isna(low) or pd.isna(high) or not low <= 0 <= high:
        return ""
    same_way = np.sign(row.get("slope_pre", np.nan)) == np.sign(row.get("slope", np.nan)) != 0
    return WENT_ON if same_way else NO_BREAK


def shared_break_note(rows: pd.DataFrame) -> str:
    """The caution of :func:`trend_break_note` when every one of ``rows`` carries one (all went
    on as before: :data:`WENT_ON` when each did, else :data:`NO_BREAK`); empty when any row
    changed course surely at the reform start, or there are no rows."""
    notes = {trend_break_note(r) for _, r in rows.iterrows()}
    if not notes or "" in notes:
        return ""
    return notes.pop() if len(notes) == 1 else NO_BREAK


def verdict_reason(row: pd.Series) -> str:
    """Why a series got its verdict, in a reader's words, where the interval shown does not say it.

    A main interval that includes zero speaks for itself, and a sure verdict is what the rule
    promises, so both get nothing. A slope that is sure alone but not after the correction for
    many series, a direction that turns in a sensitivity analysis, and a "tecken på" (the
    direction holds everywhere, but some analysis' interval includes zero, named here) do.
    """
    reason = str(row.get("reason", "") or "")
    if reason == rb.NOT_AFTER_FDR:
        return "intervallet utesluter noll men förändringen håller inte efter korrektion för att många serier prövas samtidigt"
    if reason == rb.DIRECTION_FLIPS:
        return "riktningen vänder i någon känslighetsanalys"
    if reason.startswith(rb.FAILS_IN):
        names = [f"”{n.strip()}”" for n in reason.removeprefix(rb.FAILS_IN).split(";") if n.strip()]
        listed = join_sv(names)
        analyses = "känslighetsanalysen" if len(names) == 1 else "känslighetsanalyserna"
        return f"riktningen håller men intervallet omfattar noll i {analyses} {listed}"
    return ""


def series_sentence(row: pd.Series) -> str:
    """One sentence about one series: its effect with interval, then the verdict word.

    The verdict is read off the post-reform slope (:func:`analysis.robust.robust_word`), not the
    level difference shown first, so the slope and its interval are named beside the verdict:
    a level interval that includes zero next to "tecken på förbättring" is then explained. A
    sure change that did not surely change course at the reform says so (:func:`trend_break_note`),
    and a verdict the slope's interval alone does not explain gives its reason (:func:`verdict_reason`).
    """
    effect, slope = effect_phrase(row), slope_phrase(row)
    notes = [n for n in (trend_break_note(row), verdict_reason(row)) if n]
    word = ", ".join([row["verdict"], *notes])
    if slope and slope != effect:
        return f"{row['name_sv']}: {effect}; lutning {slope}. Bedömning utifrån lutningen: {word}."
    return f"{row['name_sv']}: {effect}; bedömning: {word}."


def _which(names: pd.Series) -> str:
    """' (rimlig väntetid …)': the named series, in parentheses, or nothing."""
    names = [lower_first(x) for x in names if x]
    return f" ({join_sv(names)})" if names else ""


def summary_word(verdicts: pd.Series, names: pd.Series | None = None) -> str:
    """The compendium's assessment of a group of series, from their verdict words.

    ``names`` (aligned with ``verdicts``) names the series that changed, so a reader sees what
    the assessment rests on (the front page's rule on "tecken på" promises it).
    """
    n = len(verdicts)
    if n == 0:
        return "Inga data"
    names = pd.Series("", index=verdicts.index) if names is None else names
    good, bad = verdicts.isin(_GOOD), verdicts.isin(_BAD)
    if good.any() and bad.any():
        return (
            f"Blandad bild: förbättring i {int(good.sum())}{_which(names[good])} och försämring i "
            f"{int(bad.sum())}{_which(names[bad])} av {n} serier"
        )
    for mask, sure, sign in ((good, rb.IMPROVED, rb.SIGN_IMPROVED), (bad, rb.WORSENED, rb.SIGN_WORSENED)):
        if mask.any():
            kind = sure if (verdicts[mask] == sure).all() else sign
            count = f"{int(mask.sum())} av {n} serier" if n > 1 else "den enda serien"
            return f"{kind.capitalize()} i {count}{_which(names[mask])}"
    if set(verdicts) <= {rb.NOT_ASSESSABLE}:
        return "Kan inte bedömas"
    return f"Ingen säker förändring ({counted(n, 'serie', 'serier')})"


#: Wording-free codes of :func:`trend_break_note`, for :func:`goal_basis`.
_NOTE_CODES = {"": "", NO_BREAK: "utan brott", WENT_ON: "fortsatt"}


def goal_basis(res: pd.DataFrame, described: bool) -> str:
    """What a goal's assessment rests on, free of its wording: each series' id and verdict word
    (with the code of its trend-break note), sorted; "beskrivande" or "inga data" without series.

    "Vad är nytt" compares this, not the assessment's sentence, with the published vintage, so a
    rephrased sentence is not reported as a changed conclusion (:func:`analysis.vintage.conclusions`).
    """
    if not len(res):
        return "beskrivande" if described else "inga data"
    parts = []
    for _, r in res.iterrows():
        code = _NOTE_CODES[trend_break_note(r)]
        parts.append(f"{r['indicator']}: {r['verdict']}" + (f" ({code})" if code else ""))
    return "; ".join(sorted(parts))


def goal_scoreboard(
    goals: pd.DataFrame, sheet: pd.DataFrame, robust: pd.DataFrame, descriptive: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per goal of the report: its assessment beside the compendium's evidence.

    ``goals`` is ``data-raw/goals.csv``; the series that evidence a goal are the analysis
    sheet's rows with that ``goal`` (and the report's panel series mapped to it in the robust
    table). ``descriptive`` adds evidence without a verdict (e.g. cost shares from registers).
    """
    descriptive = descriptive or {}
    rows = []
    for g in goals.itertuples(index=False):
        ids = sheet.loc[sheet["goal"] == g.goal, "id"].tolist()
        res = _goal_rows(robust, ids, g.goal)
        evidence = [f"{r['name_sv']} ({r['verdict']})" for _, r in res.iterrows()]
        extra = descriptive.get(g.goal, "")
        if extra:
            evidence.append(extra)
        if len(res):
            ours = summary_word(res["verdict"], res["name_sv"])
            note = shared_break_note(res[res["verdict"].isin(_GOOD | _BAD)])
            if note:
                ours += "; " + note
        elif extra:
            ours = "Beskrivande (registerdata utan urvalsfel)"
        else:
            ours = "Inga data"
        rows.append(
            {
                "goal": g.goal,
                "goal_sv": g.name_sv,
                "report_assessment": g.report_assessment,
                "report_source": g.report_source,
                "compendium_assessment": ours,
                "basis": goal_basis(res, bool(extra)),
                "n_series": len(res),
                # the sure words and the signs apart: the overview figure shows them apart
                "n_improved": int((res["verdict"] == rb.IMPROVED).sum()),
                "n_sign_improved": int((res["verdict"] == rb.SIGN_IMPROVED).sum()),
                "n_sign_worsened": int((res["verdict"] == rb.SIGN_WORSENED).sum()),
                "n_worsened": int((res["verdict"] == rb.WORSENED).sum()),
                "n_unclear": int((~res["verdict"].isin(_GOOD | _BAD)).sum()),
                "described_only": not len(res) and bool(extra),
                "evidence": "; ".join(evidence),
                "data_needed": g.data_needed if not len(res) else "",
            }
        )
    return pd.DataFrame(rows)


def _goal_rows(robust: pd.DataFrame, ids: list[str], goal: str) -> pd.DataFrame:
    return robust[(robust["indicator"].isin(ids)) | (robust["goal"] == goal)]


def goal_series(goals: pd.DataFrame, sheet: pd.DataFrame, robust: pd.DataFrame) -> pd.DataFrame:
    """One row per goal and series: the effect with its interval and the verdict (the scoreboard's evidence)."""
    rows = []
    for g in goals.itertuples(index=False):
        ids = sheet.loc[sheet["goal"] == g.goal, "id"].tolist()
        for _, r in _goal_rows(robust, ids, g.goal).iterrows():
            rows.append(
                {
                    "goal": g.goal,
                    "goal_sv": g.name_sv,
                    "indicator": r["indicator"],
                    "name_sv": r["name_sv"],
                    "source": r.get("source", ""),
                    "effect_text": level_phrase(r) or "–",
                    "trend_text": trend_break_phrase(r),
                    "verdict": r["verdict"],
                }
            )
    return pd.DataFrame(rows)


#: Decimals of the cost share and its change wherever they are stated: the changes are tenths
#: of a percentage point, so one decimal would make the change disagree with the levels printed
#: beside it (22,44 and 21,68 print as 22,4 and 21,7 but differ by 0,76, which rounds to 0,8).
SHARE_DECIMALS = 2


#: The compendium's cost share in the words of every page that shows it: its definition differs
#: from the reports' share of all health care (analysis.resources.definitions.KOLADA_PRIMARY).
COST_SHARE_NAME = "Primärvårdens andel av regionernas kostnader för primärvård och specialiserad vård"
COST_SHARE_NOTE = "en högre nivå än rapporternas andel av all hälso- och sjukvård"


def share_sentence(change: pd.DataFrame, definition: str) -> str:
    """Primary care's share of regional health-care costs: first → last year, and regions rising."""
    ch = change[change["definition"] == definition]
    if ch.empty:
        return ""
    nat = ch[ch["region_code"] == "00"]
    regions = ch[(ch["region_code"] != "00") & ch["change_pp"].notna()]
    if nat.empty:
        return ""
    r = nat.iloc[0]
    up = int((regions["change_pp"] > 0).sum())
    lacking = [region_name(c) for c in REGION_CODES if c not in set(regions["region_code"])]
    lacks = f" ({join_sv(lacking)} saknar uppgifter)" if lacking else ""
    return (
        f"{COST_SHARE_NAME} ({COST_SHARE_NOTE}) var "
        f"{fmt_percent(100 * r['share_start'], SHARE_DECIMALS)} {int(r['start_year'])} och "
        f"{fmt_percent(100 * r['share_end'], SHARE_DECIMALS)} {int(r['end_year'])} "
        f"({fmt_signed(r['change_pp'], SHARE_DECIMALS)}"
        " procentenheter); andelen ökade i "
        f"{counted(up, 'region', 'regioner', 'ingen region')} av {fmt_num(len(regions), 0)}{lacks}."
    )


def leave_one_out_sentence(
    loo: pd.DataFrame, change: pd.DataFrame, definition: str, brief: bool = False
) -> str:
    """How much the national change rests on one region (``analysis.resources.leave_one_out``):
    the range of the change without one region at a time, and the region that moves it most,
    with that region's own change. ``brief``: the range and that region only, for headlines.
    Empty without the table's rows."""
    d = loo[loo["definition"] == definition]
    whole, each = d[d["dropped"] == ""], d[d["dropped"] != ""]
    if whole.empty or each.empty:
        return ""
    full = float(whole["change_pp"].iloc[0])
    top = each.loc[(each["change_pp"] - full).abs().idxmax()]
    own = change[(change["definition"] == definition) & (change["region_code"] == top["dropped"])]
    own_text = (
        f", vars egen andel ändrades med {fmt_signed(own['change_pp'].iloc[0], 1)} procentenheter"
        if len(own) and pd.notna(own["change_pp"].iloc[0])
        else ""
    )
    lo, hi = each["change_pp"].min(), each["change_pp"].max()
    if brief:
        return (
            f"Utan en region i taget ligger förändringen mellan {fmt_signed(lo, SHARE_DECIMALS)} och "
            f"{fmt_signed(hi, SHARE_DECIMALS)} procentenheter; mest betyder {top['region']}."
        )
    if hi < 0 or lo > 0:
        same = (
            f" Andelen {'minskade' if hi < 0 else 'ökade'} alltså också utan vilken enskild region som helst."
        )
    else:
        same = " Utan någon enskild region byter förändringen riktning."
    return (
        f"Utan en region i taget, räknat på regionernas värden vägda efter folkmängd, ligger förändringen "
        f"{int(top['start_year'])}–{int(top['end_year'])} mellan {fmt_signed(lo, SHARE_DECIMALS)} och "
        f"{fmt_signed(hi, SHARE_DECIMALS)} procentenheter (med alla {fmt_num(whole['n_regions'].iloc[0], 0)} "
        f"regionerna {fmt_signed(full, SHARE_DECIMALS)}). Mest betyder {top['region']}{own_text}; utan "
        f"den blir förändringen {fmt_signed(top['change_pp'], SHARE_DECIMALS)} procentenheter.{same}"
    )


def share_paragraph(d: dict[str, pd.DataFrame], definition: str) -> str:
    """The cost share's change (:func:`share_sentence`) with its leave-one-region-out check, from
    a chapter's inputs (``share_change``, ``share_leave_one_out``)."""
    change, loo = d["share_change"], d["share_leave_one_out"]
    return f"{share_sentence(change, definition)} {leave_one_out_sentence(loo, change, definition)}".strip()


def regions_sentence(verdicts: pd.DataFrame, indicator: str, name: str) -> str:
    """Per-region verdicts before and after Benjamini–Hochberg for one indicator."""
    reg = verdicts[(verdicts["indicator"] == indicator) & verdicts["spec"].str.startswith("region:")]
    if reg.empty:
        return ""
    up = int((reg["verdict"] == rb.IMPROVED).sum())
    up_fdr = int((reg["verdict_fdr"] == rb.IMPROVED).sum())
    return (
        f"{name}: efter korrektion för att alla regioner prövas samtidigt (Benjamini–Hochberg) pekar "
        f"lutningen efter reformstarten mot det bättre i {counted(up_fdr, 'region', 'regioner', 'ingen region')} "
        f"av {fmt_num(len(reg), 0)}; utan korrektion utesluter intervallet noll åt det hållet i "
        f"{counted(up, 'region', 'regioner', 'ingen region')}. De regionala modellerna prövas "
        "inte i känslighetsanalyserna, så de får inga bedömningsord."
    )


def panel_sentence(robust: pd.DataFrame) -> str:
    """The report's panel series: how many verdicts, either way, survive wave-level error."""
    panel = robust[robust["kind"] == "panel"]
    if panel.empty:
        return ""
    series = f"rapportens {counted(len(panel), 'enkätserie', 'enkätserier')} med minst två tryckta mätningar"
    tail = "när variationen mellan mätomgångarna räknas med"
    worse, better = int(panel["verdict"].isin(_BAD).sum()), int(panel["verdict"].isin(_GOOD).sum())
    if not worse and not better:
        return f"Ingen av {series} visar en säker förändring åt något håll {tail}."
    parts = [
        f"{fmt_num(n, 0)} en {what}" for n, what in ((worse, "försämring"), (better, "förbättring")) if n
    ]
    return f"Av {series} visar {join_sv(parts)} {tail} (säker eller tecken på, enligt bedömningsregeln)."


def headline_rows(
    robust: pd.DataFrame,
    verdicts: pd.DataFrame,
    sheet: pd.DataFrame,
    change: pd.DataFrame,
    definition: str,
    loo: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The compendium's headline results, one sentence each, keyed for the chapters.

    Keys: ``fortroende`` and ``tillgang`` (the primary-care trust series and the first access
    series marked ``key``/``trend`` in the sheet), ``panel``, ``regioner``, ``aterinskrivning``
    (the key readmission series) and ``andel`` (cost share). The 2026 assignment's headlines
    come from ``analysis.assignment.headlines`` and are appended by the workflow.
    """
    by_id = robust.set_index("indicator")
    did = sheet.loc[sheet["analyses"].str.contains("did_treated"), "id"]
    access = sheet.loc[(sheet["goal"] == "tillganglighet") & sheet["analyses"].str.contains("trend"), "id"]
    keys_sys = sheet.loc[sheet["analyses"].str.contains("key") & (sheet["family"] == "system"), "id"]
    rows = []

    def add(key, text):
        if text:
            rows.append({"key": key, "text_sv": text})

    for key, ids in (("fortroende", did), ("tillgang", access), ("aterinskrivning", keys_sys)):
        ids = [i for i in ids if i in by_id.index]
        if ids:
            add(key, series_sentence(by_id.loc[ids[0]].rename(None).to_frame().T.iloc[0]))
    add("panel", panel_sentence(robust))
    if len(access):
        first = access.iloc[0]
        name = by_id.at[first, "name_sv"] if first in by_id.index else first
        add("regioner", regions_sentence(verdicts, first, name))
    brief = "" if loo is None else leave_one_out_sentence(loo, change, definition, brief=True)
    add("andel", f"{share_sentence(change, definition)} {brief}".strip())
    return pd.DataFrame(rows, columns=["key", "text_sv"])


def latest_spread(kolada: pd.DataFrame, ids: list[str], min_regions: int) -> pd.DataFrame:
    """Latest year per indicator with the national value and the regional min, median and max.

    The regional values are missing (NaN) when fewer than ``min_regions`` regions report that
    year, as in every regional comparison; ``n_regions`` says how many did.
    """
    rows = []
    for ind in ids:
        d = kolada[(kolada["indicator"] == ind) & (kolada["sex"] == "T")].dropna(subset=["value"])
        if d.empty:
            continue
        year = int(d["year"].max())
        last = d[d["year"] == year]
        reg = last[last["region_code"] != "00"]["value"]
        n_regions = int(reg.notna().sum())
        if n_regions < min_regions:
            reg = reg.iloc[:0]
        nat = last.loc[last["region_code"] == "00", "value"]
        rows.append(
            {
                "indicator": ind,
                "year": year,
                "national": float(nat.iloc[0]) if len(nat) else np.nan,
                "region_min": float(reg.min()) if len(reg) else np.nan,
                "region_median": float(reg.median()) if len(reg) else np.nan,
                "region_max": float(reg.max()) if len(reg) else np.nan,
                "n_regions": n_regions,
            }
        )
    return with_min_regions(pd.DataFrame(rows), min_regions)


def key_indicator_table(
    robust: pd.DataFrame,
    latest: pd.DataFrame,
    report: pd.DataFrame,
    change: pd.DataFrame,
    definition: str,
) -> pd.DataFrame:
    """The government's four key indicators side by side (one row per series).

    Trust and readmissions come from Kolada with the robust verdict; specialists in general
    practice only exist as the report's printed national values (no open series, said so);
    primary care's cost share is descriptive (register data, no sampling error).
    """
    rows = []
    by_id = robust.set_index("indicator")
    for r in latest.itertuples(index=False):
        if r.indicator not in by_id.index:
            continue
        res = by_id.loc[r.indicator]
        # the word rests on the slope, not on the level change beside it: the slope goes with it
        slope = slope_phrase(res)
        rows.append(
            {
                "key": r.indicator,
                "name_sv": res["name_sv"],
                "year": r.year,
                "national": r.national,
                "region_min": r.region_min,
                "region_max": r.region_max,
                "unit": res["unit"],
                "change": effect_phrase(res),
                "verdict": f"{res['verdict']}, utifrån lutningen {slope}" if slope else res["verdict"],
                "source": "Kolada (RKA)",
            }
        )
    gp = report[(report["report"] == "001") & (report["series"] == "inhabitants_per_gp_specialist")]
    gp = gp.dropna(subset=["year"]).sort_values("year")
    if len(gp):
        first, last = gp.iloc[0], gp.iloc[-1]
        target = report.loc[report["series"] == "riktvarde_patients_per_gp", "value"]
        goal = f" (riktvärde {fmt_num(target.iloc[0], 0)})" if len(target) else ""
        rows.append(
            {
                "key": "specialister",
                "name_sv": "Invånare per specialist i allmänmedicin",
                "year": int(last["year"]),
                "national": float(last["value"]),
                "region_min": np.nan,
                "region_max": np.nan,
                "unit": "invånare per specialist",
                "change": f"{fmt_signed(last['value'] - first['value'], 0)} sedan {int(first['year'])}{goal}",
                "verdict": "ingen öppen serie (rapportens tryckta värden)",
                "source": "Vårdanalys (2025), s. 67",
            }
        )
    ch = change[change["definition"] == definition]
    nat = ch[ch["region_code"] == "00"]
    if len(nat):
        r = nat.iloc[0]
        reg = ch[(ch["region_code"] != "00") & ch["share_end"].notna()]
        rows.append(
            {
                "key": "kostnadsandel",
                "name_sv": f"{COST_SHARE_NAME} ({COST_SHARE_NOTE})",
                "year": int(r["end_year"]),
                "national": 100 * r["share_end"],
                "region_min": 100 * reg["share_end"].min() if len(reg) else np.nan,
                "region_max": 100 * reg["share_end"].max() if len(reg) else np.nan,
                "unit": "procent",
                "change": f"{fmt_signed(r['change_pp'], SHARE_DECIMALS)} procentenheter sedan {int(r['start_year'])}",
                "verdict": "beskrivande (registerdata utan urvalsfel)",
                "source": "Kolada (RKA), kompendiets beräkning",
            }
        )
    return pd.DataFrame(rows)
