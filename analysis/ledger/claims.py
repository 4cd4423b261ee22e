"""The claims engine: the reports' statements about direction and size, tested against data.

Each claim in ``data-raw/claims.csv`` names a rule of :data:`CLAIM_RULES` and its parameters
(JSON); :func:`evaluate_claims` computes the numbers and a verdict (:data:`VERDICTS`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import resources as R
from analysis.ledger.framework import Inputs, region_name
from analysis.presentation.references import element_text, report_ref
from analysis.presentation.text import fmt_num, unit_label
from analysis.regions import NAMES, RIKET

#: Short names of the reports (seed numbers of the report map).
REPORT_NAMES = {
    "000": "Regeringens uppdrag om resursallokering (2026)",
    "001": "Vårdanalys (2025), Omtag för omställning",
    "004": "Socialstyrelsen (2023), Uppföljningen av omställningen 2022",
}

#: Claim verdicts.
VERDICTS = ["stöds", "stöds delvis", "stöds inte", "kan inte prövas"]

CLAIM_COLUMNS = [
    "claim",
    "statement_sv",
    "source",
    "element",
    "rule",
    "rule_sv",
    "data_source",
    "numbers",
    "values",
    "verdict",
]


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


CLAIM_SPEC_COLUMNS = ["claim", "statement_sv", "report", "element", "page", "lines", "rule", "params"]


def read_claims(path: Path | str) -> pd.DataFrame:
    """The committed claims, validated (known rules, JSON parameters, no verdicts)."""
    claims = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CLAIM_SPEC_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    if {"verdict", "numbers"} & set(claims.columns):
        raise ValueError(f"{path}: verdicts and numbers are computed, not committed")
    for c in claims.itertuples():
        if c.rule not in CLAIM_RULES:
            raise ValueError(f"{path}: claim {c.claim}: unknown rule {c.rule!r}")
        json.loads(c.params or "{}")
    return claims[CLAIM_SPEC_COLUMNS]


def claim_kolada_ids(claims: pd.DataFrame) -> list[str]:
    """The Kolada ids the claims' parameters name (``kolada:<id>``), in order of first use:
    what the claims rule must declare, or those series would read as missing data."""
    ids: dict[str, None] = {}

    def walk(value: object) -> None:
        if isinstance(value, str) and value.startswith("kolada:"):
            ids[value.partition(":")[2]] = None
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for params in claims["params"]:
        walk(json.loads(params or "{}"))
    return list(ids)


def _series(inp: Inputs, key: str, code: str = RIKET) -> pd.Series:
    """``kolada:<id>`` or ``share:<definition>`` (percent) by year for one region."""
    kind, _, ident = key.partition(":")
    if kind == "kolada":
        return inp.kolada_series(ident, code)
    if kind == "share":
        sh = inp.shares
        if sh.empty or ident not in sh.index.get_level_values(0):
            return pd.Series(dtype=float)
        sub = sh.loc[ident]
        sub = sub[sub.index.get_level_values(0) == code]
        return pd.Series(sub.to_numpy(), index=sub.index.get_level_values(1)).dropna().sort_index()
    raise ValueError(f"unknown series key {key!r}")


def series_label(key: str, names: dict[str, str] | None = None) -> str:
    """A series as readers see it: a Kolada series by its Swedish name from the analysis sheet
    (the id only when the sheet does not name it), a cost share by its definition."""
    kind, _, ident = key.partition(":")
    if kind == "kolada":
        name = (names or {}).get(ident)
        return f"{name} (Kolada)" if name else f"Kolada {ident}"
    return {
        R.KOLADA_PRIMARY: "primärvårdens kostnadsandel (Kolada, eget åtagande, tre områden)",
        R.KOLADA_MIXED: "primärvårdens kostnadsandel (Kolada, kostnad / nettokostnad)",
        R.SKR_HSV: "primärvårdens kostnadsandel (SKR, nettokostnad)",
    }.get(ident, ident)


def _no_data(keys: Iterable[str], names: dict[str, str]) -> dict:
    return {
        "numbers": "Data saknas: " + ", ".join(series_label(k, names) for k in keys) + ".",
        "values": {},
        "verdict": "kan inte prövas",
    }


def rule_gap_each_year(
    inp: Inputs, a: str, b: str, years: list[int], expected: float, tolerance: float, region: str = RIKET
) -> dict:
    """Gap a − b in each year: all within expected ± tolerance -> stöds; at least half -> delvis."""
    gap = (_series(inp, a, region) - _series(inp, b, region)).reindex(range(years[0], years[1] + 1))
    if gap.isna().all():
        return _no_data([a, b], inp.names)
    ok = (gap - expected).abs() <= tolerance + 1e-9
    n_ok, n = int(ok[gap.notna()].sum()), int(gap.notna().sum())
    verdict = "stöds" if n_ok == n and n == len(gap) else "stöds delvis" if n_ok >= n / 2 else "stöds inte"
    nums = ", ".join(f"{y}: {fmt_num(v, 1)}" for y, v in gap.items() if pd.notna(v))
    return {
        "numbers": f"Skillnad i procentenheter {nums}; {n_ok} av {len(gap)} år inom {fmt_num(expected, 0)} ± {fmt_num(tolerance, 0)}.",
        "values": {str(y): (None if pd.isna(v) else round(float(v), 3)) for y, v in gap.items()},
        "verdict": verdict,
    }


def rule_change(
    inp: Inputs,
    series: str,
    start: int,
    end: int,
    expected: float,
    tolerance: float,
    region: str = RIKET,
    sensitivity: list[str] | None = None,
) -> dict:
    """Change end − start: within expected ± tolerance -> stöds; same sign -> delvis; else stöds inte."""
    s = _series(inp, series, region)
    if start not in s.index or end not in s.index:
        return _no_data([series], inp.names)
    ch = float(s[end] - s[start])
    if abs(ch - expected) <= tolerance + 1e-9:
        verdict = "stöds"
    elif np.sign(ch) == np.sign(expected) and ch != 0:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    nums = f"{start}: {fmt_num(s[start], 2)}, {end}: {fmt_num(s[end], 2)}, förändring {fmt_num(ch, 2)} procentenheter"
    values = {"start": float(s[start]), "end": float(s[end]), "change": ch}
    for alt in sensitivity or []:
        a = _series(inp, alt, region)
        if start in a.index and end in a.index:
            c2 = float(a[end] - a[start])
            values[f"change:{alt}"] = c2
            nums += f"; känslighet, {series_label(alt, inp.names)}: {fmt_num(c2, 2)}"
    return {"numbers": nums + ".", "values": values, "verdict": verdict}


def rule_temporary_shift(
    inp: Inputs,
    series: str,
    before: list[int],
    during: list[int],
    after: list[int],
    direction: int,
    min_shift: float,
    min_reversal_fraction: float = 0.5,
    region: str = RIKET,
    sensitivity: list[str] | None = None,
) -> dict:
    """Temporary shift: mean(during) − mean(before) ≥ min_shift in ``direction`` and at least
    ``min_reversal_fraction`` of it undone by mean(after) -> stöds; shift without reversal -> delvis."""
    s = _series(inp, series, region)
    need = before + during + after
    if any(y not in s.index for y in need):
        return _no_data([series], inp.names)
    b, d, a = (float(s[list(ys)].mean()) for ys in (before, during, after))
    shift = direction * (d - b)
    reversal = direction * (d - a)
    if shift >= min_shift - 1e-9 and reversal >= min_reversal_fraction * shift - 1e-9 and reversal > 0:
        verdict = "stöds"
    elif shift >= min_shift - 1e-9:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    nums = (
        f"Medelvärde före ({_years(before)}) {fmt_num(b, 1)}, under ({_years(during)}) {fmt_num(d, 1)}, "
        f"efter ({_years(after)}) {fmt_num(a, 1)}"
    )
    values = {"before": b, "during": d, "after": a, "shift": shift, "reversal": reversal}
    for alt in sensitivity or []:
        x = _series(inp, alt, region)
        if all(y in x.index for y in need):
            mb, md, ma = (float(x[list(ys)].mean()) for ys in (before, during, after))
            values[f"{alt}"] = [mb, md, ma]
            nums += (
                f"; {series_label(alt, inp.names)}: {fmt_num(mb, 1)} / {fmt_num(md, 1)} / {fmt_num(ma, 1)}"
            )
    return {"numbers": nums + ".", "values": values, "verdict": verdict}


def _years(ys: list[int]) -> str:
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"


def rule_regions_direction(
    inp: Inputs,
    series: str,
    start: int,
    end: int,
    direction: int,
    max_exceptions: int,
    sensitivity: list[str] | None = None,
) -> dict:
    """Regions moving in ``direction`` start→end: exceptions ≤ max -> stöds; Riket and a majority
    of regions in ``direction`` -> delvis; else stöds inte."""

    def count(key):
        rows = {}
        for code in sorted(NAMES):
            s = _series(inp, key, code)
            if start in s.index and end in s.index:
                rows[code] = float(s[end] - s[start])
        return pd.Series(rows, dtype=float)

    ch = count(series)
    reg = ch.drop(RIKET, errors="ignore")
    if reg.empty:
        return _no_data([series], inp.names)
    n_dir = int((direction * reg > 0).sum())
    exceptions = reg[direction * reg <= 0]
    riket = ch.get(RIKET, math.nan)
    missing = sorted(set(NAMES) - set(ch.index) - {RIKET})
    if len(exceptions) <= max_exceptions:
        verdict = "stöds"
    elif pd.notna(riket) and direction * riket > 0 and n_dir > len(reg) / 2:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    word = "minskade" if direction < 0 else "ökade"
    nums = (
        f"{n_dir} av {len(reg)} regioner {word} {start}–{end}; undantag: "
        + (", ".join(f"{region_name(c)} ({fmt_num(v, 2)})" for c, v in exceptions.items()) or "inga")
        + (f"; riket {fmt_num(riket, 2)} procentenheter" if pd.notna(riket) else "")
        + (f"; saknas: {', '.join(region_name(c) for c in missing)}" if missing else "")
    )
    values = {
        "n_direction": n_dir,
        "n_regions": len(reg),
        "exceptions": sorted(exceptions.index),
        "riket": riket,
    }
    for alt in sensitivity or []:
        a = count(alt).drop(RIKET, errors="ignore")
        values[f"n_direction:{alt}"] = int((direction * a > 0).sum())
        nums += f"; känslighet, {series_label(alt, inp.names)}: {int((direction * a > 0).sum())} av {len(a)} {word}"
    return {"numbers": nums + ".", "values": values, "verdict": verdict}


def rule_stable(inp: Inputs, series: str, years: list[int], tolerance: float, region: str = RIKET) -> dict:
    """No large change: every year within ± tolerance of the first -> stöds; only the end
    point within -> delvis; else stöds inte."""
    s = _series(inp, series, region).reindex(range(years[0], years[1] + 1))
    if s.isna().any():
        return _no_data([series], inp.names)
    dev = s - s.iloc[0]
    end_dev = float(dev.iloc[-1])
    if (dev.abs() <= tolerance + 1e-9).all():
        verdict = "stöds"
    elif abs(end_dev) <= tolerance + 1e-9:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    return {
        "numbers": ", ".join(f"{y}: {fmt_num(v, 1)}" for y, v in s.items())
        + f"; största avvikelse från {years[0]} {fmt_num(float(dev.abs().max()), 1)}, vid slutåret {fmt_num(end_dev, 1)}.",
        "values": {str(y): float(v) for y, v in s.items()},
        "verdict": verdict,
    }


def rule_direction(
    inp: Inputs, series: str, start: int, end: int, direction: int, min_change_pct: float, region: str = RIKET
) -> dict:
    """Direction start→end: relative change of at least ``min_change_pct`` percent in
    ``direction`` -> stöds; same direction but smaller -> delvis; else stöds inte."""
    s = _series(inp, series, region)
    if start not in s.index or end not in s.index or not s[start]:
        return _no_data([series], inp.names)
    ch = float(s[end] - s[start])
    rel = 100 * ch / float(s[start])
    if direction * rel >= min_change_pct - 1e-9:
        verdict = "stöds"
    elif direction * rel > 0:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    return {
        "numbers": f"{start}: {fmt_num(s[start], 1)}, {end}: {fmt_num(s[end], 1)}, förändring {fmt_num(ch, 1)} ({fmt_num(rel, 1)} %).",
        "values": {"start": float(s[start]), "end": float(s[end]), "change": ch, "change_pct": rel},
        "verdict": verdict,
    }


def rule_report_only(inp: Inputs, report: str, element: str, series: str, reason: str) -> dict:
    """No independent series: show the report's own numbers; verdict ``kan inte prövas``."""
    v = inp.values(report, element, series).sort_values("year")
    if v.empty:
        return {"numbers": reason, "values": {}, "verdict": "kan inte prövas"}
    pts = ", ".join(f"{int(y)}: {fmt_num(x, 0)}" for y, x in zip(v["year"], v["value"], strict=True))
    nums = f"Rapportens värden {pts}"
    if len(v) >= 2:
        first, last = float(v["value"].iloc[0]), float(v["value"].iloc[-1])
        nums += f" ({fmt_num(100 * (last / first - 1), 1)} %)"
    return {
        "numbers": f"{nums}. {reason}",
        "values": {str(int(y)): float(x) for y, x in zip(v["year"], v["value"], strict=True)},
        "verdict": "kan inte prövas",
    }


def rule_not_testable(inp: Inputs, reason: str) -> dict:
    """No data at all: verdict ``kan inte prövas`` with the reason."""
    return {"numbers": reason, "values": {}, "verdict": "kan inte prövas"}


CLAIM_RULES: dict[str, Callable[..., dict]] = {
    "gap_each_year": rule_gap_each_year,
    "change": rule_change,
    "temporary_shift": rule_temporary_shift,
    "regions_direction": rule_regions_direction,
    "stable": rule_stable,
    "direction": rule_direction,
    "report_only": rule_report_only,
    "not_testable": rule_not_testable,
}


def _verdict_rule(head: str, supported: str, partly: str, sep: str = ",") -> str:
    """A rule as read: what is tested, then when it is supported, partly supported or not."""
    return f"{head} stöds om {supported}{sep} stöds delvis om {partly}{sep} annars stöds inte."


def difference_unit(key: str, units: dict[str, str] | None = None) -> str:
    """The unit of a difference of a series: percentage points for percents and shares, else the
    series' unit as readers read it (``enheter`` when the sheet does not give one)."""
    kind, _, ident = key.partition(":")
    unit = "procent" if kind == "share" else (units or {}).get(ident, "")
    return "procentenheter" if unit == "procent" else unit_label(unit) if unit else "enheter"


def rule_text(
    rule: str, p: dict, names: dict[str, str] | None = None, units: dict[str, str] | None = None
) -> str:
    """Swedish statement of the rule and its parameters, shown next to each verdict."""

    def label(key: str) -> str:
        return series_label(key, names)

    def unit() -> str:
        return difference_unit(p["series"], units)

    verb = "minska" if p.get("direction", 0) < 0 else "öka"
    if rule == "gap_each_year":
        return _verdict_rule(
            f"{label(p['a'])} minus {label(p['b'])}, varje år {p['years'][0]}–{p['years'][1]}:",
            f"alla år ligger inom {fmt_num(p['expected'], 0)} ± {fmt_num(p['tolerance'], 1)} procentenheter",
            "minst hälften av åren gör det",
        )
    if rule == "change":
        return _verdict_rule(
            f"Förändringen {p['start']}–{p['end']} i {label(p['series'])}:",
            f"den ligger inom {fmt_num(p['expected'], 1)} ± {fmt_num(p['tolerance'], 1)} procentenheter",
            "den har samma tecken men ligger utanför",
        )
    if rule == "temporary_shift":
        word = "uppgång" if p["direction"] > 0 else "nedgång"
        frac = p.get("min_reversal_fraction", 0.5)
        back = (
            f"ha gått tillbaka med minst {fmt_num(100 * frac, 0)} % av den"
            if frac > 0
            else "ha rört sig tillbaka, om än lite"
        )

        def level(years: list[int]) -> str:
            return f"{'medelvärdet' if len(years) > 1 else 'värdet'} {_years(years)}"

        return _verdict_rule(
            f"{label(p['series'])}: {level(p['during'])} jämfört med {level(p['before'])} ska visa en "
            f"{word} på minst {fmt_num(p['min_shift'], 1)} {unit()}, och {level(p['after'])} ska {back};",
            "båda gäller",
            "bara den första gäller",
        )
    if rule == "regions_direction":
        return _verdict_rule(
            f"{label(p['series'])} per region {p['start']}–{p['end']}:",
            f"högst {p['max_exceptions']} regioner avviker från att {verb}",
            "riket och en majoritet av regionerna gör det",
            sep=";",
        )
    if rule == "stable":
        return _verdict_rule(
            f"{label(p['series'])} {p['years'][0]}–{p['years'][1]}:",
            f"varje år ligger inom ± {fmt_num(p['tolerance'], 1)} {unit()} från {p['years'][0]}",
            "bara slutåret gör det",
        )
    if rule == "direction":
        return _verdict_rule(
            f"{label(p['series'])} {p['start']}–{p['end']}:",
            f"serien {verb}r med minst {fmt_num(p['min_change_pct'], 0)} %",
            f"den {verb}r mindre",
        )
    if rule == "report_only":
        return "Ingen oberoende serie i kompendiets data: rapportens egna värden visas, påståendet kan inte prövas."
    if rule == "not_testable":
        return "Ingen serie i kompendiets data: påståendet kan inte prövas."
    raise ValueError(f"unknown rule {rule!r}")


def _data_source(rule: str, p: dict, names: dict[str, str]) -> str:
    if rule == "report_only":
        return f"{report_ref(p['report'], p['element'])} (transkription)"
    keys = [p[k] for k in ("a", "b", "series") if k in p] + list(p.get("sensitivity", []))
    return ", ".join(series_label(k, names) for k in keys) if keys else "–"


def evaluate_claims(claims: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Every claim with its computed numbers and verdict (:data:`CLAIM_COLUMNS`)."""
    rows = []
    for c in claims.itertuples(index=False):
        p = json.loads(c.params or "{}")
        res = CLAIM_RULES[c.rule](inputs, **p)
        if res["verdict"] not in VERDICTS:
            raise ValueError(f"claim {c.claim}: rule returned {res['verdict']!r}")
        page = f", s. {c.page}" if c.page else ""
        report = REPORT_NAMES.get(c.report, f"Rapport {c.report}")
        rows.append(
            {
                "claim": c.claim,
                "statement_sv": c.statement_sv,
                "source": f"{report}, {element_text(c.element)}{page}",
                "element": report_ref(c.report, c.element),
                "rule": c.rule,
                "rule_sv": rule_text(c.rule, p, inputs.names, inputs.units),
                "data_source": _data_source(c.rule, p, inputs.names),
                "numbers": res["numbers"],
                "values": json.dumps(res["values"], ensure_ascii=False, default=float),
                "verdict": res["verdict"],
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


# --------------------------------------------------------------------------------------
# Display: one table, HTML on the site and Markdown (a real table) in the PDF
