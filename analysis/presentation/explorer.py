"""The region explorer: choose a region and an indicator, see its series beside Riket.

The page works offline: the data are embedded in the page as JSON (so it also works when
the site is opened from disk) and the drawing is done by ``gnv-explorer.js``, a small
hand-written script in ``analysis/site_assets/static`` that the site ships in ``_static``
(no library, no request to another host). The PDF shows :func:`summary_table` instead.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from analysis.presentation.region_pages import short_name
from analysis.presentation.text import escape_md, join_sv, unit_label
from analysis.regions import region_name

#: The region shown first (the largest).
DEFAULT_REGION = "01"


def decimals_for(unit: str, values: list) -> int:
    """Decimals shown for a series: kronor and large counts whole, shares with one decimal."""
    largest = max((abs(v) for v in values if v is not None), default=0.0)
    return 0 if unit.startswith("kr") or (unit.startswith("antal") and largest >= 100) else 1


def display_payload(payload: dict) -> dict:
    """The explorer's data with what the script shows: short titles, units as read, decimals."""
    indicators = []
    for ind in payload["indicators"]:
        values = [v for vs in ind["values"].values() for v in vs] + ind["riket"]
        indicators.append(
            {
                **ind,
                "title": short_name(ind["name"], 70),
                "unit_label": unit_label(ind["unit"]),
                "decimals": decimals_for(ind["unit"], values),
            }
        )
    return {**payload, "indicators": indicators, "default_region": DEFAULT_REGION}


def explorer_html(payload: dict) -> str:
    """The explorer's HTML: controls, an empty figure the script fills, and the data as JSON.

    ``<`` in the JSON is written as ``\\u003c``, so no data string can close the script
    element; the labels are HTML-escaped.
    """
    data = json.dumps(display_payload(payload), ensure_ascii=False, separators=(",", ":")).replace(
        "<", "\\u003c"
    )
    regions = "".join(
        f'<option value="{html.escape(r["code"])}">{html.escape(r["name"])}</option>'
        for r in payload["regions"]
    )
    indicators = "".join(
        f'<option value="{html.escape(i["id"])}">{html.escape(short_name(i["name"], 70))}</option>'
        for i in payload["indicators"]
    )
    return (
        '<div class="gnv-explorer" id="gnv-explorer">'
        '<div class="gnv-explorer-controls">'
        f'<label>Region <select id="gnv-explorer-region">{regions}</select></label>'
        f'<label>Indikator <select id="gnv-explorer-indicator">{indicators}</select></label>'
        "</div>"
        '<p class="gnv-explorer-title" id="gnv-explorer-title" aria-live="polite"></p>'
        '<div class="gnv-explorer-figure" id="gnv-explorer-figure"></div>'
        '<p class="gnv-explorer-readout" id="gnv-explorer-readout" aria-live="polite">'
        "Peka på figuren (eller tryck) för att se värdena ett visst år.</p>"
        f'<script type="application/json" id="gnv-explorer-data">{data}</script>'
        '<script src="_static/gnv-explorer.js"></script>'
        "</div>"
    )


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The static summary for the PDF: per indicator its comparison year, Riket, lowest and highest region.

    An indicator without a comparison year (:func:`analysis.regional.latest_summary`) shows dashes.
    """
    from analysis.presentation.region_pages import fmt_value

    def value(v: float, unit: str) -> str:
        return "–" if pd.isna(v) else fmt_value(v, unit)

    def region_value(code: str, v: float, unit: str, n: int) -> str:
        if pd.isna(v):
            return "–"
        who = region_name(code) if n <= 1 else f"{n} regioner"  # a shared value names no one region
        return f"{who} {fmt_value(v, unit)}"

    return pd.DataFrame(
        {
            "Indikator": [short_name(n, 90) for n in summary["name"]],
            "Enhet": [unit_label(u) for u in summary["unit"]],
            "År": ["–" if pd.isna(y) else str(y) for y in summary["year"]],
            "Riket": [value(v, u) for v, u in zip(summary["riket"], summary["unit"], strict=True)],
            **{
                label: [
                    region_value(c, v, u, n)
                    for c, v, u, n in zip(
                        summary[f"{side}_region"],
                        summary[side],
                        summary["unit"],
                        summary[f"{side}_n"],
                        strict=True,
                    )
                ]
                for label, side in (("Lägst", "lowest"), ("Högst", "highest"))
            },
        }
    ).set_index("Indikator")


def later_years_text(summary: pd.DataFrame) -> str:
    """One sentence (Markdown, data escaped) naming the indicators whose series go on past the
    comparison year, and those years; empty when there are none."""
    later = summary[summary["later"] != ""]
    if later.empty:
        return ""
    items = [
        f"{escape_md(short_name(n, 90).lower())} ({join_sv(y.split(', '))})"
        for n, y in zip(later["name"], later["later"], strict=True)
    ]
    return f"Senare år finns för {join_sv(items)}; figurerna visar dem, men jämförelserna tar inte med dem."
