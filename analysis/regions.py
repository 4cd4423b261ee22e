"""Region key shared by every source.

The canonical key is the two-digit SCB län code as a string (``"01"`` … ``"25"``), with
``"00"`` for the whole country (Riket). Each source spells regions its own way: Kolada
uses municipality ids (``"0001"``), Vården i siffror integer län codes, SKR and the OCR'd
reports free-text names. ``to_region_code`` maps all of them, and raises on anything it
does not recognise rather than guessing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

RIKET = "00"

#: Canonical code -> Swedish display name (short form, as used in the compendium).
REGIONS: dict[str, str] = {
    "01": "Stockholm",
    "03": "Uppsala",
    "04": "Sörmland",
    "05": "Östergötland",
    "06": "Jönköping",
    "07": "Kronoberg",
    "08": "Kalmar",
    "09": "Gotland",
    "10": "Blekinge",
    "12": "Skåne",
    "13": "Halland",
    "14": "Västra Götaland",
    "17": "Värmland",
    "18": "Örebro",
    "19": "Västmanland",
    "20": "Dalarna",
    "21": "Gävleborg",
    "22": "Västernorrland",
    "23": "Jämtland Härjedalen",
    "24": "Västerbotten",
    "25": "Norrbotten",
}

REGION_CODES: tuple[str, ...] = tuple(REGIONS)

#: The metadata key under which a result table records ``models.min_regions``, the number of
#: regions a year needs to enter its regional comparisons (see :func:`applied_min_regions`).
MIN_REGIONS_KEY = "min_regions"
ALL_CODES: tuple[str, ...] = (RIKET, *REGION_CODES)
NAMES: dict[str, str] = {RIKET: "Riket", **REGIONS}

# Extra spellings seen in the sources (Kolada, VIS, SKR, the reports).
_ALIASES: dict[str, str] = {
    "riket": RIKET,
    "totalt": RIKET,
    "hela riket": RIKET,
    "sverige": RIKET,
    "stockholms lan": "01",
    "region stockholm": "01",
    "uppsala lan": "03",
    "sodermanland": "04",
    "sodermanlands lan": "04",
    "ostergotlands lan": "05",
    "jonkopings lan": "06",
    "kronobergs lan": "07",
    "kalmar lan": "08",
    "gotlands lan": "09",
    "region gotland": "09",
    "blekinge lan": "10",
    "skane lan": "12",
    "region skane": "12",
    "hallands lan": "13",
    "vastra gotalandsregionen": "14",
    "vastra gotalands lan": "14",
    "vgr": "14",
    "varmlands lan": "17",
    "orebro lan": "18",
    "region orebro lan": "18",
    "vastmanlands lan": "19",
    "dalarnas lan": "20",
    "gavleborgs lan": "21",
    "vasternorrlands lan": "22",
    "jamtland": "23",
    "jamtlands lan": "23",
    "jamtland harjedalen": "23",
    "vasterbottens lan": "24",
    "norrbottens lan": "25",
}


def _fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse whitespace, for tolerant name matching."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9 ]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


_BY_NAME: dict[str, str] = {_fold(name): code for code, name in NAMES.items()}
_BY_NAME.update(_ALIASES)


def to_region_code(value: object) -> str:
    """Return the canonical two-digit code for a code or name in any source's spelling.

    Accepts ``1``, ``"1"``, ``"01"``, ``"0001"`` (Kolada), and names such as
    ``"Jönköpings län"`` or ``"Västra Götalandsregionen"``. Raises ``KeyError`` with the
    offending value when it cannot be mapped.
    """
    if value is None:
        raise KeyError("region is missing (None)")
    text = str(value).strip()
    if re.fullmatch(r"\d{1,4}", text):
        code = f"{int(text):02d}"
        if code in NAMES:
            return code
        raise KeyError(f"unknown region code {value!r}; expected one of {', '.join(ALL_CODES)}")
    folded = _fold(text)
    if folded in _BY_NAME:
        return _BY_NAME[folded]
    if folded.startswith("region ") and folded[7:] in _BY_NAME:  # "Region Blekinge"
        return _BY_NAME[folded[7:]]
    raise KeyError(f"unknown region name {value!r}")


def region_name(code: str) -> str:
    """Swedish display name for a canonical code."""
    return NAMES[code]


#: The regions' own names as organisations (the short form otherwise reads as a place:
#: "i Region Gotland", not "i Gotland"; "i Västra Götalandsregionen").
ORGANISATIONS: dict[str, str] = {code: f"Region {name}" for code, name in REGIONS.items()} | {
    "06": "Region Jönköpings län",
    "08": "Region Kalmar län",
    "14": "Västra Götalandsregionen",
    "18": "Region Örebro län",
}


def organisation_name(code: str) -> str:
    """The region's name as an organisation: ``"Region Gotland"``, ``"Västra Götalandsregionen"``."""
    return ORGANISATIONS[code]


def in_region(code: str) -> str:
    """Swedish "in <region>" for prose: ``"i Region Gotland"``, ``"i riket"`` for Riket."""
    return "i riket" if code == RIKET else f"i {ORGANISATIONS[code]}"


def region_slug(code: str) -> str:
    """ASCII slug of the short name, for file names: ``"14"`` -> ``"vastra_gotaland"``."""
    return _fold(NAMES[code]).replace(" ", "_")


def comparable_years(years, breaks: list[int]) -> list[int]:
    """The longest run of years not crossing a break (a break year starts a new run); ties -> latest."""
    years = sorted(set(int(y) for y in years))
    segments: list[list[int]] = [[]]
    for y in years:
        if segments[-1] and any(segments[-1][-1] < b <= y for b in breaks):
            segments.append([])
        segments[-1].append(y)
    return max(segments, key=lambda s: (len(s), s[-1] if s else 0))


def with_min_regions(table: pd.DataFrame, min_regions: int) -> pd.DataFrame:
    """``table`` marked with the coverage rule its regional comparisons applied.

    The mark is kept in the parquet file's metadata (pandas ``attrs``), so a chapter states the
    rule its tables were computed with, never a copy of the setting.
    """
    table.attrs[MIN_REGIONS_KEY] = int(min_regions)
    return table


def applied_min_regions(table: pd.DataFrame, source: str = "the table") -> int:
    """The ``models.min_regions`` a result table was computed with (:func:`with_min_regions`);
    ``source`` names the table's file in the error when it records none."""
    try:
        return int(table.attrs[MIN_REGIONS_KEY])
    except KeyError:
        raise ValueError(
            f"{source} does not record the regional coverage rule it applied (min_regions); rebuild it"
        ) from None


def comparison_years(regions_per_year: dict[int, int], breaks: list[int], min_regions: int) -> list[int]:
    """The years an indicator's regional comparisons use (every page uses the same rule).

    ``regions_per_year``: year -> number of regions reporting a value. The comparable run of
    years (:func:`comparable_years`), less the years fewer than ``min_regions`` regions report.
    A year after a series break (a new method, say) is comparable between regions but not with
    the years before it, so it is left out when the run before the break is longer.
    """
    run = comparable_years(regions_per_year, breaks)
    return [y for y in run if regions_per_year[y] >= min_regions]
