"""Arithmetic checks of report 004 (Socialstyrelsen 2023): Tabell 1–4, Bilaga 1–5 and the text."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from analysis.ledger.framework import (
    ARITHMETIC,
    Inputs,
    by_region,
    compare,
    one,
    region_name,
    register_check,
)
from analysis.regions import RIKET


def _t1_shares(inp: Inputs) -> pd.Series:
    return by_region(inp.values("004", "Tabell 1", "fast_lakarkontakt"), 2022)


@register_check("p01_004_vs_tabell1", ARITHMETIC, "Textens medelvärde, spridning och antal mot Tabell 1")
def _p01_004(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("004", "P01")
    t1 = _t1_shares(inp)
    src = "Tabell 1 (andel med fast läkarkontakt 2022)"
    return [
        compare(
            "Ovägt medelvärde",
            one(p, series="fast_lakarkontakt_unweighted_mean"),
            t1.mean(),
            tol,
            "procent",
            src,
        ),
        compare("Lägsta andel (Kronoberg)", one(p, region_code="07"), t1.min(), tol, "procent", src),
        compare("Högsta andel (Västra Götaland)", one(p, region_code="14"), t1.max(), tol, "procent", src),
        compare(
            "Antal rapporterande regioner",
            one(p, series="regions_reporting_fast_lakarkontakt"),
            float(t1.notna().sum()),
            tol,
            "antal regioner",
            src,
        ),
        compare(
            "Antal regioner efter datakälla (11 + 4 + 3)",
            one(p, series="regions_reporting_fast_lakarkontakt"),
            sum(
                one(p, series=f"regions_reporting_fast_lakarkontakt_from_{s}")
                for s in ("listing_system", "journal_system", "other_source")
            ),
            tol,
            "antal regioner",
            "fotnot 31",
        ),
    ]


@register_check("p02_vs_tabell1", ARITHMETIC, "Fotnotens andelar 2022 mot Tabell 1")
def _p02(inp: Inputs, tol: float) -> list[dict]:
    t1 = _t1_shares(inp)
    p = by_region(inp.values("004", "P02", "fast_lakarkontakt"), 2022)
    return [
        compare(region_name(code), v, t1.get(code, math.nan), tol, "procent", "Tabell 1")
        for code, v in p.sort_index().items()
    ]


@register_check("p04_vs_tabell1", ARITHMETIC, "Textens ovägda medelvärde av kontinuitetsindex mot Tabell 1")
def _p04_004(inp: Inputs, tol: float) -> list[dict]:
    idx = by_region(inp.values("004", "Tabell 1", "continuity_index_doctor"), 2022)
    return [
        compare(
            "Ovägt medelvärde",
            one(inp.values("004", "P04"), series="continuity_index_doctor_unweighted_mean"),
            idx.mean(),
            tol,
            "index",
            f"Tabell 1 ({len(idx)} regioner)",
        )
    ]


def _same_series(inp: Inputs, element: str, others: Sequence[str], tol: float) -> list[dict]:
    """Values of ``element`` against the same series, region and year in ``others``."""
    mine = inp.values("004", element)
    pool = pd.concat([inp.values("004", o).assign(_source=o) for o in others], ignore_index=True)
    out = []
    for _, r in mine.iterrows():
        match = pool[
            (pool["series"] == r["series"])
            & (pool["region_code"] == r["region_code"])
            & (pool["year"] == r["year"])
        ]
        if match.empty:
            continue
        code = r["region_code"] or RIKET
        out.append(
            compare(
                f"{region_name(code)}: {r['series']}",
                r["value"],
                float(match["value"].iloc[0]),
                tol,
                str(r["unit"]),
                str(match["_source"].iloc[0]),
                note="OCR-korrigerat värde" if r["status"] == "corrected" else "",
            )
        )
    return out


@register_check("tabell2_vs_bilagor", ARITHMETIC, "Tabell 2:s riksvärden mot Totalt-raden i Bilaga 2–4")
def _t2(inp: Inputs, tol: float) -> list[dict]:
    t2 = inp.values("004", "Tabell 2")
    pool = pd.concat([inp.values("004", b) for b in ("Bilaga 2", "Bilaga 3", "Bilaga 4")], ignore_index=True)
    pool = pool[pool["region_code"] == RIKET].assign(
        _source=lambda d: d["element"]
    )  # the bilagor key their totals as Riket
    out = []
    for _, r in t2.iterrows():
        match = pool[(pool["series"] == r["series"]) & (pool["year"] == r["year"])]
        if match.empty:
            continue
        out.append(
            compare(
                r["series"],
                r["value"],
                float(match["value"].iloc[0]),
                tol,
                str(r["unit"]),
                str(match["_source"].iloc[0]) + ", Totalt",
                note="OCR-korrigerat värde" if r["status"] == "corrected" else "",
            )
        )
    return out


@register_check(
    "tabell3_vs_bilagor", ARITHMETIC, "Tabell 3:s förändringar per län mot kolumnen Alla i Bilaga 2–4"
)
def _t3(inp: Inputs, tol: float) -> list[dict]:
    return _same_series(inp, "Tabell 3", ["Bilaga 2", "Bilaga 3", "Bilaga 4"], tol)


def _components(inp: Inputs, element: str, prefix: str, parts: Sequence[str], tol: float) -> list[dict]:
    b = inp.values("004", element)
    out = []
    for code in sorted(b["region_code"].unique()):
        g = b[(b["region_code"] == code) & (b["year"] == 2020)]
        total = one(g, series=f"{prefix}_all_licensed_per_100k")
        comp = sum(one(g, series=f"{prefix}_{p}_per_100k") for p in parts)
        out.append(
            compare(
                region_name(code),
                total,
                comp,
                tol,
                "antal per 100 000 inv",
                f"{element}: {' + '.join(parts)}",
            )
        )
    return out


@register_check("bilaga2_components", ARITHMETIC, "Sjuksköterskor + läkare + övriga mot Alla (2020)")
def _b2(inp: Inputs, tol: float) -> list[dict]:
    return _components(inp, "Bilaga 2", "regional_pc", ["nurses", "doctors", "other_licensed"], tol)


@register_check("bilaga4_components", ARITHMETIC, "Sjuksköterskor + läkare + övriga mot Alla (2020)")
def _b4c(inp: Inputs, tol: float) -> list[dict]:
    return _components(inp, "Bilaga 4", "combined_pc", ["nurses", "doctors", "other_licensed"], tol)


@register_check(
    "bilaga4_sum_b2_b3", ARITHMETIC, "Region + kommun (Bilaga 2 + Bilaga 3) mot Bilaga 4, Alla 2020"
)
def _b4s(inp: Inputs, tol: float) -> list[dict]:
    b2 = by_region(inp.values("004", "Bilaga 2", "regional_pc_all_licensed_per_100k"), 2020)
    b3 = by_region(inp.values("004", "Bilaga 3", "municipal_pc_all_licensed_per_100k"), 2020)
    b4 = by_region(inp.values("004", "Bilaga 4", "combined_pc_all_licensed_per_100k"), 2020)
    return [
        compare(
            region_name(code),
            v,
            b2.get(code, math.nan) + b3.get(code, math.nan),
            tol,
            "antal per 100 000 inv",
            "Bilaga 2 + Bilaga 3",
        )
        for code, v in b4.sort_index().items()
    ]


@register_check(
    "bilaga3_2015_consistency",
    ARITHMETIC,
    "Härledda 2015-nivåer: Bilaga 4 − Bilaga 2 mot Bilaga 3 (Alla); toleransen följer av avrundade procenttal",
)
def _b3(inp: Inputs, tol: float) -> list[dict]:
    """2015 level = 2020 level / (1 + change); ``tol`` is the half-unit of the printed percent."""

    def series(element, prefix):
        v = inp.values("004", element)
        lvl = by_region(v[v["series"] == f"{prefix}_all_licensed_per_100k"], 2020)
        pct = by_region(v[v["series"] == f"{prefix}_all_licensed_change_2015_2020_pct"], 2020)
        return lvl, pct

    parts = {
        k: series(e, p)
        for k, (e, p) in {
            "b2": ("Bilaga 2", "regional_pc"),
            "b3": ("Bilaga 3", "municipal_pc"),
            "b4": ("Bilaga 4", "combined_pc"),
        }.items()
    }
    out = []
    for code in sorted(parts["b3"][0].index):
        lv = {k: (parts[k][0].get(code, math.nan), parts[k][1].get(code, math.nan)) for k in parts}
        l2015 = {k: lvl / (1 + pct / 100) for k, (lvl, pct) in lv.items()}
        # error bound: printed percent ±tol (pp) and printed level ±0.5
        bound = sum(
            tol / 100 * lvl / (1 + pct / 100) ** 2 + 0.5 / (1 + pct / 100) for lvl, pct in lv.values()
        )
        row = compare(
            region_name(code),
            l2015["b3"],
            l2015["b4"] - l2015["b2"],
            bound if pd.notna(bound) else tol,
            "antal per 100 000 inv",
            "Bilaga 4 − Bilaga 2, 2015-nivåer härledda ur 2020 och förändringen",
        )
        out.append(row)
    return out


@register_check("bilaga5_internal", ARITHMETIC, "Procentuell förändring mot absolut förändring / 2015-nivå")
def _b5(inp: Inputs, tol: float) -> list[dict]:
    b = inp.values("004", "Bilaga 5")
    lvl = by_region(b[b["series"] == "agency_staff_cost_per_100k"], 2020)
    ab = by_region(b[b["series"] == "agency_staff_cost_change_2015_2020_abs"], 2020)
    pct = by_region(b[b["series"] == "agency_staff_cost_change_2015_2020_pct"], 2020)
    return [
        compare(
            region_name(code),
            v,
            100 * ab.get(code, math.nan) / (lvl.get(code, math.nan) - ab.get(code, math.nan)),
            tol,
            "procent",
            "absolut förändring / (2020-nivå − absolut förändring)",
        )
        for code, v in pct.sort_index().items()
    ]


@register_check("p11_vs_bilaga1", ARITHMETIC, "Textens andelar för Västra Götaland och Skåne mot Bilaga 1")
def _p11(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("004", "P11", "pc_share_hsv_costs_net")
    b1 = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_net")
    return [
        compare(
            f"{region_name(r['region_code'])} {int(r['year'])}",
            r["value"],
            one(b1, region_code=r["region_code"], year=r["year"]),
            tol,
            "procent",
            "Bilaga 1 (2015 härlett som 2021 minus förändringen)",
        )
        for _, r in p.iterrows()
    ]


@register_check(
    "p12_vs_bilagor", ARITHMETIC, "Textens tal om personal och hyrpersonal mot Bilaga 2–5 och Tabell 4"
)
def _p12(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("004", "P12")
    v = {e: inp.values("004", e) for e in ("Bilaga 2", "Bilaga 3", "Bilaga 4", "Bilaga 5", "Tabell 4")}
    tot = RIKET
    out = []
    for series, element in [
        ("regional_pc_all_licensed_change_2015_2020_pct", "Bilaga 2"),
        ("regional_pc_other_licensed_change_2015_2020_pct", "Bilaga 2"),
        ("municipal_pc_all_licensed_change_2015_2020_pct", "Bilaga 3"),
        ("combined_pc_all_licensed_change_2015_2020_pct", "Bilaga 4"),
        ("agency_staff_cost_change_2015_2020_pct", "Bilaga 5"),
    ]:
        out.append(
            compare(
                f"Riket: {series}",
                one(p, series=series, region_code=""),
                one(v[element], series=series, region_code=tot),
                tol,
                "procent",
                f"{element}, Totalt",
            )
        )
    out.append(
        compare(
            "Blekinge: hyrpersonal, förändring",
            one(p, series="agency_staff_cost_change_2015_2020_pct", region_code="10"),
            one(v["Bilaga 5"], series="agency_staff_cost_change_2015_2020_pct", region_code="10"),
            tol,
            "procent",
            "Bilaga 5",
        )
    )
    b4 = by_region(v["Bilaga 4"][v["Bilaga 4"]["series"] == "combined_pc_all_licensed_per_100k"], 2020)
    b4 = b4.drop(RIKET, errors="ignore")
    for code, fn, label in [("23", "max", "högst"), ("01", "min", "lägst")]:
        out.append(
            compare(
                f"{region_name(code)} ({label} i landet)",
                one(p, series="combined_pc_all_licensed_per_100k", region_code=code),
                float(getattr(b4, fn)()),
                tol,
                "antal per 100 000 inv",
                f"Bilaga 4, {label} värde bland länen",
            )
        )
    t4 = v["Tabell 4"]
    share20 = one(t4, series="regional_hsv_share_in_pc_all_licensed")
    ch = one(t4, series="regional_hsv_share_in_pc_all_licensed_change_2015_2020_pp")
    for year, ours in [(2015, share20 - ch), (2020, share20)]:
        out.append(
            compare(
                f"Andel i primärvården {year}",
                one(p, series="regional_hsv_share_in_pc_all_licensed", year=year),
                ours,
                tol,
                "procent",
                "Tabell 4 (2015 = 2020 minus förändringen)",
            )
        )
    gp = by_region(v["Bilaga 2"][v["Bilaga 2"]["series"] == "regional_pc_gps_change_2015_2020_pct"], 2020)
    gp = gp.drop(RIKET, errors="ignore")
    n_zero = int((gp == 0).sum())
    out.append(
        compare(
            "Regioner där specialisterna i allmänmedicin minskade",
            one(p, series="regions_with_gp_specialist_decrease_2015_2020"),
            float((gp < 0).sum()),
            tol + n_zero,
            "antal regioner",
            "Bilaga 2 (regioner med tryckt förändring under noll)",
            note=f"Toleransen omfattar {n_zero} region(er) med tryckt förändring 0 %, som kan ha minskat något.",
        )
    )
    for code in ("10", "09"):
        out.append(
            compare(
                f"{region_name(code)}: minskning av specialister i allmänmedicin",
                one(p, series="regional_pc_gps_decrease_2015_2020_lower_bound", region_code=code),
                -gp.get(code, math.nan),
                tol,
                "procent",
                "Bilaga 2 (minskningen ska vara minst så stor)",
                relation="ge",
            )
        )
    return out


@register_check("p16_vs_001_tabell9", ARITHMETIC, "Ambulansmedlen 2022 mot 001 Tabell 9")
def _p16(inp: Inputs, tol: float) -> list[dict]:
    t9 = inp.values("001", "Tabell 9", "grants_to_regions_by_area")
    return [
        compare(
            "2022",
            one(inp.values("004", "P16"), series="grant_ambulance_development"),
            one(t9, group="En förstärkt ambulanssjukvård", year=2022),
            tol,
            "mnkr",
            "001 Tabell 9",
        )
    ]
