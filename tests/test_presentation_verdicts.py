"""Verdict words: the stacked-bar table of shares per scenario and word."""

import pandas as pd

from analysis import robust
from analysis.presentation.verdicts import ORDER, bar_style, colour, compared_with, rate_text, shares_by_word


def test_shares_by_word_orders_rows_and_words_and_fills_missing():
    shares = pd.DataFrame(
        {
            "scenario": ["a", "a", "b"],
            "verdict": [ORDER[2], ORDER[0], ORDER[0]],
            "share": [0.25, 0.75, 1.0],
        }
    )
    wide = shares_by_word(shares, ["b", "a", "c"])
    assert list(wide.index) == ["b", "a", "c"]
    assert list(wide.columns) == [ORDER[0], ORDER[2]]
    assert wide.loc["b", ORDER[2]] == 0 and wide.loc["a", ORDER[0]] == 0.75
    assert (wide.loc["c"] == 0).all()


def test_a_sign_is_hatched_in_the_colour_of_its_sure_word():
    sure, sign = bar_style(robust.IMPROVED), bar_style(robust.SIGN_IMPROVED)
    assert sure["color"] == colour(robust.IMPROVED) and "hatch" not in sure
    assert sign["color"] == "white" and sign["hatch"] and sign["edgecolor"] == colour(robust.IMPROVED)
    assert bar_style(robust.SIGN_WORSENED)["edgecolor"] == colour(robust.WORSENED)
    assert "hatch" not in bar_style(robust.NO_CHANGE)


def test_rate_text_and_comparison_follow_the_interval():
    rate = {"k": 2, "n": 200, "share": 0.01, "low": 0.003, "high": 0.036}
    assert rate_text(rate) == "2 av 200 paneler, alltså 1,0\u00a0procent (95\u00a0% KI 0,3 till 3,6)"
    assert compared_with(rate, 0.05) == "säkert under"
    assert compared_with(rate | {"high": 0.06}, 0.05) == "inte säkert skild från"
    assert compared_with(rate | {"low": 0.07, "high": 0.2}, 0.05) == "säkert över"
