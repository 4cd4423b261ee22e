"""The generated region pages: one page per region from one chapter template.

The template ``chapters/regionsida.md`` is executed once per region (rules ``region_pages_*``,
several pages in one kernel); its ``{{name}}`` placeholders are filled from
:func:`template_params` before execution (``analysis.book.fill_template``), so headings, labels and figure names are the
region's own. This module phrases and draws what the template shows: the profile table
with units and the national comparison, the summary sentence and the region's trend
figures beside Riket and the regions' range (drawn ahead, one rule job per family).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.pages import page_stem, page_stems
from analysis.presentation.text import counted, escape_md, fmt_num, join_sv, unit_label
from analysis.regional import region_panel
from analysis.regions import (
    REGION_CODES,
    applied_min_regions,
    in_region,
    organisation_name,
    region_name,
    region_slug,
)

#: The families shown as one figure each, in page order, with their Swedish headings.
FAMILIES: dict[str, str] = {
    "trust": "Förtroende",
    "access": "Tillgänglighet",
    "participation": "Patientupplevelse",
    "system": "Vård som kunde ha undvikits eller samordnats",
    "resources": "Kostnader",
}

SOURCE = "Kolada (RKA) och Vården i siffror, egna beräkningar"

#: One family's figures for every region, drawn by rule ``region_figures`` (:func:`family_figures`).
FIGURES = "results/regions/figures/{family}.json"
#: The template's other declared inputs (its front matter lists these and :data:`FIGURES`).
SERIES = "results/regions/series.parquet"
PROFILES = "results/variance/profiles.parquet"


def template_params(code: str) -> dict[str, str]:
    """The values of the template's placeholders for one region."""
    return {
        "region_code": code,
        "region_title": organisation_name(code),
        "region_stem": page_stem(code),
        "fig_prefix": "region-" + region_slug(code).replace("_", "-"),
    }


def fmt_value(value: float, unit: str) -> str:
    """A level in its unit's precision: kronor and large counts whole, shares with one decimal."""
    if unit.startswith("kr") or (unit.startswith("antal") and abs(value) >= 100):
        return fmt_num(value, 0)
    return fmt_num(value, 1)


def short_name(name: str, width: int = 56) -> str:
    """An indicator title shortened for table rows and figure panels (unit suffixes dropped)."""
    name = name.replace(", kr/inv", "").replace(" (inkl. läkemedel)", "").replace(" (exkl. läkemedel)", "")
    name = re.sub(
        r"^Positivt helhetsintryck hos patienter (som (har )?besökt (en )?|inom |som utreds inom )",
        "Positivt helhetsintryck, ",
        name,
    )
    for long, brief in [
        ("öppenvårdsmottagning på sjukhus", "sjukhusens öppenvård"),
        ("sluten specialiserad sjukhusvård", "slutenvård"),
        ("standardiserat vårdförlopp i cancervården", "SVF cancer"),
        ("i specialiserad vård", "i spec. vård"),
        (" (helår, sammanvägda halvår)", ""),
    ]:
        name = name.replace(long, brief)
    return textwrap.shorten(name, width=width, placeholder="…")


def _standing(row) -> str:
    """Where the region stands: the whole rank interval in a third, or the funnel flag."""
    if row["source"] == "vis":
        flag = row["funnel_flag"]
        return f"{flag} gränsen för utpekande" if flag else "inom gränserna för utpekande"
    neutral = row["direction"] == "neutral"
    if row["rank_group"] == "övre tredjedel":
        return "bland de högsta" if neutral else "bland de bästa"
    if row["rank_group"] == "nedre tredjedel":
        return "bland de lägsta" if neutral else "bland de sämsta"
    third = -(-int(row["n_regions"]) // 3)  # the thirds of analysis.variance.profiles
    low = row["rank_low"] if pd.notna(row["rank_low"]) else row["rank"]  # no interval: the rank is sure
    high = row["rank_high"] if pd.notna(row["rank_high"]) else row["rank"]
    if low > third and high <= row["n_regions"] - third:
        return "i mitten"
    return "osäkert"  # the rank interval reaches into more than one third


def _rank(row) -> str:
    text = f"{int(row['rank'])} av {int(row['n_regions'])}"
    if row["n_shared"] > 1:
        text += f", delad av {int(row['n_shared'])} regioner"
    if pd.notna(row["rank_low"]) and pd.notna(row["rank_high"]):
        low, high = int(row["rank_low"]), int(row["rank_high"])
        text += f" ({low} till {high})" if low != high else ""
    return text


#: The profile columns a page shows (its table and summary), and publishes as the table's data.
PAGE_COLUMNS = [
    "source",
    "indicator",
    "name",
    "unit",
    "direction",
    "region_code",
    "year",
    "value",
    "reference",
    "reference_label",
    "rank",
    "rank_low",
    "rank_high",
    "n_regions",
    "n_shared",
    "rank_group",
    "funnel_flag",
]


def region_rows(profiles: pd.DataFrame, code: str) -> pd.DataFrame:
    """The region's profile rows (:data:`PAGE_COLUMNS`), Kolada first, each source in indicator order.

    Only the shown columns: a page then changes only when what it shows does (the standardised
    positions of every region move with any revised value; the overview in
    *Regionala skillnader* shows them).
    """
    rows = profiles.loc[profiles["region_code"] == code, PAGE_COLUMNS]
    return rows.sort_values(["source", "indicator"]).reset_index(drop=True)


def missing_indicators(profiles: pd.DataFrame, code: str) -> list[str]:
    """Names of the compared indicators that have no row for the region, in indicator order.

    The profile table shows only the region's own rows; a region the source reports nothing
    for in the compared year (Gotland's costs) would otherwise lose rows without a word.
    """
    have = set(profiles.loc[profiles["region_code"] == code, "indicator"])
    rows = profiles[~profiles["indicator"].isin(have)].drop_duplicates("indicator")
    return rows.sort_values(["source", "indicator"])["name"].tolist()


def profile_table(profiles: pd.DataFrame, code: str) -> pd.DataFrame:
    """The region's latest values with unit, comparison, rank (interval) and standing, for display.

    Kolada rows are compared with Riket the same year; Vården i siffror rows with the
    pooled share of all regions (the funnel plots' centre line).
    """
    rows = region_rows(profiles, code)
    comparison = [
        fmt_value(r["reference"], r["unit"]) + ("" if r["reference_label"] == "Riket" else " (alla regioner)")
        for _, r in rows.iterrows()
    ]
    return pd.DataFrame(
        {
            "Indikator": [short_name(n, 90) for n in rows["name"]],
            "Enhet": [unit_label(u) for u in rows["unit"]],
            "År": rows["year"].astype(str),
            "Regionen": [fmt_value(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            "Riket": comparison,
            "Rang (intervall)": [_rank(r) for _, r in rows.iterrows()],
            "Läge": [_standing(r) for _, r in rows.iterrows()],
        }
    ).set_index("Indikator")


def profile_text(profiles: pd.DataFrame, code: str) -> str:
    """One paragraph (Markdown, data escaped): where the region stands among the regions."""
    rows = region_rows(profiles, code)
    k = rows[(rows["source"] == "kolada") & (rows["direction"] != "neutral")]
    good = k[k["rank_group"] == "övre tredjedel"]
    bad = k[k["rank_group"] == "nedre tredjedel"]
    flagged = rows[(rows["source"] == "vis") & (rows["funnel_flag"] != "")]

    def names(d: pd.DataFrame) -> str:
        return join_sv([escape_md(short_name(n, 80).lower()) for n in d["name"]])

    def dated(d: pd.DataFrame) -> str:
        return join_sv(
            [
                f"{escape_md(short_name(n, 80).lower())} ({y})"
                for n, y in zip(d["name"], d["year"], strict=True)
            ]
        )

    def few(d: pd.DataFrame) -> str:
        return f"{counted(len(d), 'indikator', 'indikatorer')} ({names(d)})"

    lead = (
        f"Av {counted(len(k), 'kvalitets- eller tillgänglighetsindikator', 'kvalitets- och tillgänglighetsindikatorer')} "
        f"i Kolada ligger rangintervallet {escape_md(in_region(code))}"
    )
    if len(good) and len(bad):
        first = f"{lead} helt i den bästa tredjedelen för {few(good)} och helt i den sämsta tredjedelen för {few(bad)}."
    elif len(good) or len(bad):
        (here, d), other = (("bästa", good), "sämsta") if len(good) else (("sämsta", bad), "bästa")
        first = f"{lead} helt i den {here} tredjedelen för {few(d)}; för ingen indikator ligger det helt i den {other}."
    else:
        first = f"{lead} varken helt i den bästa eller helt i den sämsta tredjedelen för någon indikator."
    parts = [first]
    if len(rows[rows["source"] == "vis"]):
        parts.append(
            "I trattdiagrammen för Vården i siffror (senaste mätningen, korrigerat för många jämförelser) "
            "ligger regionen "
            + (
                join_sv(
                    [
                        f"{escape_md(f)} gränsen för utpekande för {dated(g)}"
                        for f, g in flagged.groupby("funnel_flag")
                    ]
                )
                if len(flagged)
                else "inom gränserna för utpekande för alla indikatorer"
            )
            + "."
        )
    missing = missing_indicators(profiles, code)
    if missing:
        parts.append(
            f"Tabellen saknar {counted(len(missing), 'indikator', 'indikatorer')} som övriga regioner har "
            f"({join_sv([escape_md(short_name(n, 80).lower()) for n in missing])}): källan redovisar "
            "inget värde för regionen det år som jämförs."
        )
    return " ".join(parts)


def reading_guide(min_regions: int) -> str:
    """How a region page's table reads: the year compared, rank, rank interval and standing.

    One text for every region page on the site, and once in print before the region pages
    (there the 21 pages would repeat it, and it pushed each page's first figure a page on)."""
    return (
        "Året är det senaste år som ingår i jämförelserna mellan regionerna: minst "
        f"{min_regions} regioner redovisar ett värde, och vid ett brott i serien (som en ny "
        "mätmetod) används den längre delen av serien. Figurerna under tabellen kan därför visa "
        "senare år. Rangen är regionens plats bland regionerna (1 = bästa värdet; för kostnader "
        "1 = högsta kostnaden), med 95-procentigt rangintervall inom parentes när rangen är "
        "osäker. Läget säger om hela rangintervallet ligger i den bästa, mellersta eller sämsta "
        "tredjedelen, och för kostnader, som varken är bättre eller sämre när de är höga, i den "
        "högsta, mellersta eller lägsta (”osäkert” när det sträcker sig över mer än en "
        "tredjedel). Kostnader och andra registeruppgifter har inget urvalsfel; där visar "
        "intervallet hur mycket regionens plats brukar skifta från år till år, utöver rikets "
        "utveckling, så ett ”osäkert” läge betyder att platsen ett enskilt år inte säger mycket "
        "om regionens vanliga läge. Lika värden delar rang. För Vården i siffror säger läget om "
        "regionen ligger inom gränserna för utpekande eller över eller under dem, det vill säga "
        "högre eller lägre än urvalsfel och den vanliga spridningen mellan regionerna kan "
        "förklara. Värdena för Vården i siffror jämförs med den sammanvägda andelen för alla "
        "regioner, medan gränserna för utpekande, som i trattdiagrammen i kapitlet om regionala "
        "skillnader, ligger runt slumpeffektsmodellens medelvärde och är korrigerade för många "
        "jämförelser. Deras rang anges utan intervall."
    )


def trend_figure(panel: pd.DataFrame, family: str, code: str):
    """One figure per family: a panel per indicator with the region, Riket and the regions' range.

    One column of panels, so the figure stays readable on a phone; the region is the
    coloured line, Riket the dashed black line, the grey band the lowest to highest region.
    """
    from analysis.figures import PALETTE, PRINT_HEIGHT_IN, decimal_comma

    d = panel[panel["family"] == family]
    inds = list(dict.fromkeys(d["indicator"]))
    if not inds:  # the region reports none of the family's series: say so in the figure's place
        fig, ax = plt.subplots(figsize=(5.6, 1.2))
        ax.axis("off")
        ax.text(0.5, 0.5, "Inga värden för regionen i källan", ha="center", va="center", fontsize=11)
        return fig
    # panels 1,8 inches high, lower when there are many, so the figure prints at full size and
    # a one-panel figure shares a printed page with a three-panel one
    row = min(1.8, (PRINT_HEIGHT_IN - 0.8) / len(inds))
    fig, axes = plt.subplots(len(inds), 1, figsize=(5.6, 0.6 + row * len(inds)), squeeze=False)
    for ax, ind in zip(axes[:, 0], inds, strict=True):
        s = d[d["indicator"] == ind].sort_values("year")
        starts = []
        for k, (_segment, part) in enumerate(s.groupby("segment", sort=True)):
            # a part after a series break is drawn apart: its values are not comparable
            labels = ("Regionernas spann", "Riket", region_name(code)) if k == 0 else (None,) * 3
            ax.fill_between(
                part["year"], part["lowest"], part["highest"], color="#d9d9d9", lw=0, label=labels[0]
            )
            # a year whose neighbours have no range (one year after a break, say) would get no
            # band at all: a bar in the band's colour shows its range (inside the band elsewhere)
            ranged = part.dropna(subset=["lowest", "highest"])
            ax.vlines(ranged["year"], ranged["lowest"], ranged["highest"], color="#d9d9d9", lw=6, zorder=1)
            ax.plot(part["year"], part["riket"], color="black", ls="--", lw=1.3, label=labels[1])
            ax.plot(part["year"], part["value"], color=PALETTE[0], marker="o", ms=3.5, lw=2, label=labels[2])
            if k:
                starts.append(int(part["year"].min()))
                ax.axvline(starts[-1] - 0.5, color="#777777", ls=":", lw=1)
        unit = unit_label(s["unit"].iloc[0])
        broken = f"; nytt mätsätt från {join_sv([str(y) for y in starts])}" if starts else ""
        ax.set_title(
            textwrap.fill(f"{short_name(s['name'].iloc[0], 90)} ({unit}{broken})", 60),
            fontsize=10,
            loc="left",
        )
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=6))
        decimal_comma(ax, "y")
        ax.tick_params(labelsize=9.5)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(
        handles[::-1], labels[::-1], loc="upper center", ncol=3, fontsize=9.5, bbox_to_anchor=(0.5, 1.0)
    )
    _place_panels(fig, axes[:, 0])
    return fig


#: Room in inches around the panels of :func:`trend_figure`: the legend band at the top, the
#: x tick labels under a panel, the gap between panels and the right edge.
_LEGEND_IN, _XTICKS_IN, _GAP_IN, _RIGHT_IN = 0.55, 0.23, 0.1, 0.15


def _place_panels(fig, axes) -> None:
    """Place the stacked panels from their texts' sizes, as ``tight_layout`` would, without a draw.

    The room each text needs follows from its font size and line count; the y tick labels'
    width from their strings and font. ``tight_layout`` drew the figure twice for this, about
    a third of a region figure's cost. The figure is printed uncropped
    (:func:`analysis.figures.render`), so these margins are the picture's own.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, height = fig.get_size_inches()
    titles = [
        (len(ax.get_title(loc="left").splitlines()) * ax.title.get_fontsize() * 1.2 + 6) / 72 for ax in axes
    ]
    gap = _XTICKS_IN + _GAP_IN + max(titles[1:], default=0.0)
    top, bottom = _LEGEND_IN + titles[0], _XTICKS_IN + _GAP_IN
    panel = (height - top - bottom - gap * (len(axes) - 1)) / len(axes)
    placed = -1.0
    # the panels' height decides the y ticks (82,5 may appear only once the panels are placed),
    # so the labels are measured again after placing until the widest one fits
    for _ in range(3):
        label_pt = 0.0
        for ax in axes:
            prop = FontProperties(size=ax.yaxis.get_tick_params()["labelsize"])
            for label in ax.yaxis.get_ticklabels():
                label_pt = max(
                    label_pt, text_to_path.get_text_width_height_descent(label.get_text(), prop, False)[0]
                )
        if label_pt <= placed:
            break
        placed = label_pt
        left = (label_pt + 3.5 + 3.5) / 72 + 0.08  # tick length and padding, then a margin
        fig.subplots_adjust(
            left=left / width,
            right=1 - _RIGHT_IN / width,
            top=1 - top / height,
            bottom=bottom / height,
            hspace=gap / panel,
        )


def check_families(series: pd.DataFrame) -> list[str]:
    """The template's families; raises if the sheet's profile series have a family it lacks."""
    unknown = sorted(set(series["family"]) - set(FAMILIES))
    if unknown:
        raise ValueError(f"profile indicators of family {unknown} have no figure on the region page template")
    return list(FAMILIES)


def family_figures(
    series: pd.DataFrame, family: str, codes: list[str] | None = None, earlier: dict | None = None
) -> dict[str, dict]:
    """Every region's figure of one family, rendered ahead of the pages (rule ``region_figures``).

    Drawn once per family's content instead of on every page: a revised value of one family
    redraws that family's figures only. ``series`` needs only the family's rows. Returns
    region code -> :func:`analysis.figures.render` output (bundle and digest of the data drawn).
    ``earlier``: such output from the same drawing code; a region whose rows have the digest
    they had then keeps its figure (a figure is drawn from its region's rows only).
    """
    from analysis.figures import data_digest, render

    out = {}
    for code in codes or REGION_CODES:
        panel = region_panel(series, code)
        rows = panel[panel["family"] == family]
        before = (earlier or {}).get(code)
        if before is not None and before["data_sha256"] == data_digest(rows):
            out[code] = before
        else:
            out[code] = render(trend_figure(panel, family, code), rows)
    return out


def drawn_figures(code: str) -> dict:
    """The region's figures of every family from :data:`FIGURES`, ready for ``publish``."""
    import json

    from analysis.figures import Drawn

    out = {}
    for family in FAMILIES:
        with open(FIGURES.format(family=family), encoding="utf-8") as fh:
            out[family] = Drawn(json.load(fh)[code])
    return out


def page_data_keys(codes: list[str], root: Path = Path(".")) -> dict[str, str]:
    """Per region: a digest of exactly what its page reads of the template's inputs.

    A page reads its region's rows of the series and of the profiles, which families the series
    has, the coverage rule it states, and its region's figure of each family. A region page's execution key
    (:func:`analysis.book.execution_key`) holds this digest instead of the whole files, so a
    revised value re-executes only the pages whose own rows changed (ranks and the regions'
    range are part of each region's rows). tests/test_region_pages.py checks that a page's
    notebook stays the same when only other regions' rows change.
    """
    import hashlib
    import json

    from analysis.figures import data_digest

    series = pd.read_parquet(root / SERIES)
    profiles = pd.read_parquet(root / PROFILES)
    figures = {f: json.loads((root / FIGURES.format(family=f)).read_text(encoding="utf-8")) for f in FAMILIES}
    families = ",".join(sorted(series["family"].unique()))
    # the coverage rule the page states (analysis.regions.applied_min_regions)
    families += f"\0{applied_min_regions(series, str(root / SERIES))}"
    # the compared indicators (a page names those its region lacks: missing_indicators)
    families += "\0" + json.dumps(sorted(set(zip(profiles["indicator"], profiles["name"], strict=True))))
    keys = {}
    for code in codes:
        digest = hashlib.sha256(f"{families}\0".encode())
        digest.update(data_digest(region_panel(series, code)).encode())
        digest.update(data_digest(region_rows(profiles, code)).encode())
        for family in FAMILIES:
            digest.update(json.dumps(figures[family].get(code), sort_keys=True).encode())
        keys[code] = digest.hexdigest()
    return keys


def figure_name(code: str, family: str) -> str:
    """Unique figure (and data file) name across the site: ``region-gotland-trust``."""
    return f"{template_params(code)['fig_prefix']}-{family}"


def region_links() -> str:
    """Markdown cross-references to every region page, in region-code order."""
    return join_sv([f"{{ref}}`sec-{stem}`" for stem in page_stems()])
