"""Verdict words: the stacked-bar table of shares per scenario and word."""

import pandas as pd

from analysis.presentation.verdicts import ORDER, shares_by_word


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
