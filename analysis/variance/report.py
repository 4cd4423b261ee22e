"""The report's own region tables: values and the associations it draws between them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.variance.convergence import ols_slope, pearson_ci, spearman_ci


def association(x, y, confidence: float = 0.95) -> dict:
    """Pearson's r and Spearman's rho, each with a Fisher-z interval, for paired values."""
    pr = pearson_ci(x, y, confidence)
    sp = spearman_ci(x, y, confidence)
    return {
        "n": pr["n"],
        "pearson_r": pr["r"],
        "pearson_low": pr["r_low"],
        "pearson_high": pr["r_high"],
        "pearson_p": pr["p_value"],
        "spearman_rho": sp["rho"],
        "spearman_low": sp["rho_low"],
        "spearman_high": sp["rho_high"],
        "spearman_p": sp["p_value"],
    }


#: Pairs of report series compared region by region: (test id, element, x series, y series).
REPORT_PAIRS: tuple[tuple[str, str, str, str], ...] = (
    (
        "personal_alla",
        "Tabell 3",
        "regional_pc_all_licensed_change_2015_2020_pct",
        "municipal_pc_all_licensed_change_2015_2020_pct",
    ),
    (
        "personal_sjukskoterskor",
        "Bilaga 2–3",
        "regional_pc_nurses_change_2015_2020_pct",
        "municipal_pc_nurses_change_2015_2020_pct",
    ),
    (
        "personal_ovriga",
        "Bilaga 2–3",
        "regional_pc_other_licensed_change_2015_2020_pct",
        "municipal_pc_other_licensed_change_2015_2020_pct",
    ),
    ("fast_lakare_kontinuitet", "Tabell 1", "fast_lakarkontakt", "continuity_index_doctor"),
)


def report_region_values(report: pd.DataFrame, elements: tuple[str, ...]) -> pd.DataFrame:
    """Region rows of report 004 for the given elements (Riket/Totalt rows kept as ``00``)."""
    r = report[(report["report"] == "004") & report["element"].isin(elements)]
    r = r[(r["group_type"] == "region") & (r["region_code"].astype(str) != "")]
    cols = ["element", "series", "region_code", "group", "year", "value", "unit", "status", "note", "line"]
    return r[cols].sort_values(["element", "series", "region_code", "year"]).reset_index(drop=True)


def _doubtful(note) -> bool:
    return isinstance(note, str) and "doubt" in note.lower()


def report_region_tests(report: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Region-level associations and convergence in report 004's region tables.

    * staff: does a gain in regional primary-care staff per inhabitant (2015-2020) go with a
      loss in municipal primary care? Pearson and Spearman correlation of the two % changes
      across regions, for all licensed staff (Tabell 3) and by staff group (Bilagor 2-3);
      ``subset = "utan_tveksamma"`` repeats it without regions whose value the transcription
      marks as doubtful;
    * Tabell 1: share with a named fast läkarkontakt vs the continuity index (2022);
    * Bilaga 1: β-convergence of primary care's cost share (change 2015-2021 in percentage
      points on the 2015 level) and the SD across regions in both years.
    """
    regions = report[(report["group_type"] == "region") & ~report["region_code"].isin(["", "00"])]
    regions = regions[regions["report"] == "004"]
    rows = []
    for test, element, xs, ys in REPORT_PAIRS:
        wide = regions[regions["series"].isin([xs, ys])]
        if "fast_lakarkontakt" in xs:
            wide = wide[wide["year"] == 2022]
        doubt = set(wide.loc[wide["note"].map(_doubtful), "region_code"])
        w = wide.pivot_table(index="region_code", columns="series", values="value", aggfunc="first")
        if xs not in w or ys not in w:
            continue
        w = w[[xs, ys]].dropna()
        for subset, frame in (("alla", w), ("utan_tveksamma", w[~w.index.isin(doubt)])):
            if subset == "utan_tveksamma" and not doubt:
                continue
            stats_ = association(frame[xs], frame[ys], confidence)
            is_change = xs.endswith("_pct")
            both_sides = int(((frame[xs] > 0) & (frame[ys] < 0)).sum()) if is_change else np.nan
            rows.append(
                {
                    "test": test,
                    "element": element,
                    "subset": subset,
                    "x": xs,
                    "y": ys,
                    "excluded": ", ".join(sorted(doubt)) if subset != "alla" else "",
                    "n_gain_x_loss_y": both_sides,
                    **stats_,
                }
            )
    for series in ("pc_share_hsv_costs_net", "pc_share_hsv_costs_own_commitment"):
        s = regions[regions["series"] == series].pivot_table(
            index="region_code", columns="year", values="value", aggfunc="first"
        )
        if 2015 not in s or 2021 not in s:
            continue
        s = s[[2015, 2021]].dropna()
        beta = ols_slope(s[2015].to_numpy(float), (s[2021] - s[2015]).to_numpy(float), confidence)
        rows.append(
            {
                "test": f"konvergens_{series}",
                "element": "Bilaga 1",
                "subset": "alla",
                "x": f"{series} 2015",
                "y": f"{series} förändring 2015–2021",
                "n": beta["n"],
                "beta": beta["slope"],
                "beta_low": beta["slope_low"],
                "beta_high": beta["slope_high"],
                "beta_p": beta["p_value"],
                "sd_2015": float(s[2015].std(ddof=1)),
                "sd_2021": float(s[2021].std(ddof=1)),
                "n_increased": int((s[2021] > s[2015]).sum()),
            }
        )
    return pd.DataFrame(rows)
