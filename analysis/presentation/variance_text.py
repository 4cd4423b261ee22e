"""Generated prose for *Regionala skillnader*: the conclusions box at the top of the chapter.

Effects with their intervals come first; a word such as "ökat säkert" is used only where the
rule in :mod:`analysis.variance` calls the direction robust (a Newey–West interval that
excludes zero after Benjamini–Hochberg control over the indicators).
"""

from __future__ import annotations

import pandas as pd

from analysis.presentation.region_pages import short_name
from analysis.presentation.text import counted, escape_md, fmt_estimate, fmt_num, fmt_percent

#: Families whose regional differences are differences in care, not in prices or volumes.
CARE_FAMILIES = ("trust", "access", "participation", "continuity", "coordination", "system")


def conclusions(decomp: pd.DataFrame, conv: pd.DataFrame, rank_pairs: pd.DataFrame) -> str:
    """Three or four sentences (Markdown, data escaped) for the chapter's conclusions box.

    1. How much of the variation lies between regions (ICC) for the care indicators: the
       median and the indicator with the largest share, with its 95 % interval.
    2. Whether the regions drew closer: how many indicators' spread robustly fell or rose.
    3. How stable rankings are: the median rank correlation between first and last year and
       how many intervals include zero.
    """
    care = decomp[decomp["family"].isin(CARE_FAMILIES)]
    parts = []
    if len(care):
        top = care.loc[care["icc_region"].idxmax()]
        parts.append(
            f"För {counted(len(care), 'indikator', 'indikatorer')} om vårdens kvalitet, tillgänglighet och "
            f"förtroende ligger i median {fmt_percent(100 * care['icc_region'].median())} av variationen "
            "i bestående skillnader mellan regionerna (regionens andel i en blandad modell). Andelen är "
            f"störst för indikatorn ”{escape_md(short_name(top['name'], 60))}”: "
            f"{fmt_estimate(100 * top['icc_region'], 100 * top['icc_region_low'], 100 * top['icc_region_high'], 0, 'procent')}."
        )
    rising = conv[conv["sigma_trend"] == "ökande"]
    falling = conv[conv["sigma_trend"] == "minskande"]
    of_all = f"Av de {fmt_num(len(conv), 0)} indikatorerna"
    if len(rising) or len(falling):
        spread = (
            f"{of_all} har spridningen mellan regionerna ökat säkert för {counted(len(rising), 'indikator', 'indikatorer', 'ingen')}"
            + (
                f" ({'; '.join(escape_md(short_name(n, 50).lower()) for n in rising['name'])})"
                if len(rising)
                else ""
            )
            + f" och minskat säkert för {counted(len(falling), 'indikator', 'indikatorer', 'ingen')}"
            + "; för övriga går ingen säker förändring att se."
        )
    else:
        spread = f"{of_all} har spridningen mellan regionerna varken ökat eller minskat säkert för någon."
    parts.append(spread)
    fl = rank_pairs[rank_pairs["kind"] == "first_last"]
    if len(fl):
        parts.append(
            f"För Kolada-indikatorerna hänger rangordningen första och sista året ihop med en "
            f"rangkorrelation på i median {fmt_num(fl['rho'].median(), 2)}, och för "
            f"{counted(int((fl['rho_low'] <= 0).sum()), 'indikator', 'indikatorer', 'ingen indikator')} "
            f"av {fmt_num(len(fl), 0)} kan sambandet inte skiljas från noll: en enskild placering på en "
            "topplista säger lite."
        )
    return " ".join(parts)
