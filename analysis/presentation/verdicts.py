"""Verdict words as readers see them: one symbol and colour per word, the same on every page.

The words themselves are defined once in :mod:`analysis.robust`; here they get a symbol
(readable without colour, also in print) and a colour (Okabe–Ito, safe for colour-vision
deficiencies).
"""

from __future__ import annotations

import pandas as pd

from analysis import robust
from analysis.registry import parse_breaks

_STYLE = {
    robust.IMPROVED: ("▲", "#009E73"),
    robust.SIGN_IMPROVED: ("△", "#009E73"),
    robust.WORSENED: ("▼", "#D55E00"),
    robust.SIGN_WORSENED: ("▽", "#D55E00"),
    robust.INCREASED: ("↑", "#0072B2"),
    robust.SIGN_INCREASED: ("↑", "#56B4E9"),
    robust.DECREASED: ("↓", "#0072B2"),
    robust.SIGN_DECREASED: ("↓", "#56B4E9"),
    robust.NO_CHANGE: ("○", "#666666"),
    robust.NOT_ASSESSABLE: ("–", "#999999"),
}

_SIGNS = {robust.SIGN_IMPROVED, robust.SIGN_WORSENED, robust.SIGN_INCREASED, robust.SIGN_DECREASED}

#: The order in which verdicts are listed (best news first, no verdict last).
ORDER = list(_STYLE)


def symbol(word: str) -> str:
    """The symbol of a verdict word (raises on a word the rule does not produce)."""
    return _STYLE[word][0]


def colour(word: str) -> str:
    """The colour of a verdict word."""
    return _STYLE[word][1]


def bar_style(word: str) -> dict:
    """Matplotlib bar keywords for a verdict word: a sign ("tecken på …") is hatched in the
    colour of its sure word, since the two are different claims and share a colour."""
    if word in _SIGNS:
        return {"color": "white", "edgecolor": colour(word), "hatch": "///", "lw": 0}
    # no outline: a zero-width bar would still draw one
    return {"color": colour(word), "edgecolor": colour(word), "lw": 0}


def labelled(word: str) -> str:
    """``'▲ förbättrad'``: the word with its symbol, for tables."""
    return f"{symbol(word)} {word}"


DEFINITIONS = {
    robust.IMPROVED: "huvudmodellens intervall ligger på den gynnsamma sidan om noll, även efter "
    "korrektion för många jämförelser, och gör det i varje känslighetsanalys",
    robust.SIGN_IMPROVED: "huvudmodellen visar en säker förbättring, men i någon känslighetsanalys "
    "omfattar intervallet noll (riktningen är densamma i alla)",
    robust.NO_CHANGE: "intervallet omfattar noll, korrektionen för många jämförelser tar bort "
    "säkerheten eller riktningen vänder i någon känslighetsanalys",
    robust.NOT_ASSESSABLE: "det finns ingen lutning efter reformstarten att pröva",
}


def shares_by_word(shares: pd.DataFrame, scenarios: list[str]) -> pd.DataFrame:
    """Scenario × verdict word table of shares (0 where a word never occurred).

    Rows follow ``scenarios``, columns the words' fixed :data:`ORDER` (only words that occur),
    so stacked bars read the same way in every figure.
    """
    wide = shares.pivot_table(index="scenario", columns="verdict", values="share", fill_value=0)
    return wide.reindex(index=scenarios, columns=[w for w in ORDER if w in wide.columns], fill_value=0)


def special_wave_note(sheet: pd.DataFrame, indicator: str, year: int) -> str:
    """A caveat when ``year`` is one of the series' special survey waves (the sheet's ``waves``),
    which every verdict is also tested without; empty otherwise."""
    waves = dict(parse_breaks(sheet.set_index("id")["waves"].get(indicator))) if "waves" in sheet else {}
    if year not in waves:
        return ""
    return (
        f"Mätningen {year} räknas som särskild ({waves[year]}), så värdet det året läses med "
        "försiktighet; varje bedömning prövas också utan de särskilda mätningarna "
        "(känslighetsanalyserna)."
    )


def rate_text(rate: dict) -> str:
    """'3 av 200 paneler, alltså 1,5 procent (95 % KI 0,5 till 4,3)': a simulated share
    (:func:`analysis.simulation.word_rate`) with its interval."""
    from analysis.presentation.text import fmt_estimate

    share = fmt_estimate(100 * rate["share"], 100 * rate["low"], 100 * rate["high"], 1, unit="procent")
    return f"{rate['k']} av {rate['n']} paneler, alltså {share}"


def compared_with(rate: dict, level: float) -> str:
    """Where a simulated share lies against ``level``, judged by its interval only."""
    if rate["high"] < level:
        return "säkert under"
    if rate["low"] > level:
        return "säkert över"
    return "inte säkert skild från"
