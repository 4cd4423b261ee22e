"""The generated conclusions of Regionala skillnader: effects with intervals, words only where robust."""

from __future__ import annotations

import pandas as pd

from analysis.presentation.variance_text import conclusions

DECOMP = pd.DataFrame(
    {
        "name": ["Förtroende för vårdcentralen", "Väntetid", "Kostnad primärvård, kr/inv"],
        "family": ["trust", "access", "resources"],
        "icc_region": [0.60, 0.40, 0.10],
        "icc_region_low": [0.45, 0.20, 0.02],
        "icc_region_high": [0.75, 0.55, 0.30],
    }
)
RANKS = pd.DataFrame(
    {"kind": ["first_last", "first_last", "consecutive"], "rho": [0.8, 0.2, 0.9], "rho_low": [0.5, -0.2, 0.7]}
)


def _conv(trends):
    return pd.DataFrame({"name": [f"Serie {k}" for k in range(len(trends))], "sigma_trend": trends})


def test_conclusions_give_the_icc_with_its_interval_for_care_indicators_only():
    text = conclusions(DECOMP, _conv(["ingen säker", "ingen säker"]), RANKS)
    assert "För 2 indikatorer" in text  # costs are not care indicators
    assert "i median 50\u00a0procent" in text
    assert (
        "störst för indikatorn ”Förtroende för vårdcentralen”: 60\u00a0procent (95\u00a0% KI 45 till 75)"
        in text
    )


def test_spread_words_follow_the_robust_trend_only():
    none = conclusions(DECOMP, _conv(["ingen säker", "ingen säker"]), RANKS)
    assert "Av de 2 indikatorerna har spridningen mellan regionerna varken ökat eller minskat säkert" in none
    one = conclusions(DECOMP, _conv(["ökande", "ingen säker", "minskande", "minskande"]), RANKS)
    assert (
        "Av de 4 indikatorerna har spridningen mellan regionerna ökat säkert för 1 indikator (serie 0)" in one
    )
    assert "och minskat säkert för 2 indikatorer; för övriga" in one
    falling = conclusions(DECOMP, _conv(["minskande", "ingen säker"]), RANKS)
    assert "ökat säkert för ingen och minskat säkert för 1 indikator;" in falling


def test_rank_stability_counts_intervals_that_include_zero():
    text = conclusions(DECOMP, _conv(["ingen säker"]), RANKS)
    assert "i median 0,50" in text and "för 1 indikator av 2" in text
    assert "För Kolada-indikatorerna hänger rangordningen" in text  # the set the median is over


def test_table_rows_name_indicators_without_ids_and_stay_distinct():
    from analysis.presentation.variance_page import row_labels

    long_a = "Kostnad primärvård, kr/inv"
    long_b = "Kostnad primärvård"
    labels = row_labels(["Förtroende för sjukhus", long_a, long_b])
    assert labels[0] == "Förtroende för sjukhus"
    assert labels[1:] == [long_a, long_b]  # shortened they would read alike: whole names
    spec = "Väntande högst 90 dagar till första kontakt i specialiserad vård, andel (procent)"
    assert row_labels([spec]) == ["Väntande högst 90 dagar till första kontakt i spec. vård, andel (procent)"]


def test_table_rows_are_never_cut_off():
    """A table cell wraps, so a long name keeps its end ("inom 30 dagar…" cut it mid-phrase);
    the usual abbreviations still apply."""
    from analysis.presentation.variance_page import row_labels

    name = (
        "Startade utredningar och behandlingar inom 30 dagar i barn- och ungdomspsykiatrin, andel (procent)"
    )
    assert row_labels([name]) == [name]
    assert (
        "…" not in row_labels(["Positivt helhetsintryck hos patienter som besökt primärvården, andel (%)"])[0]
    )
