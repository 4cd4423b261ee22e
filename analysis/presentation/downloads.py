"""Downloads for Swedish readers: CSV that Swedish Excel opens, xlsx with Swedish headers, zips.

Every figure and table's data are written three ways: a CSV for Swedish Excel (semicolon,
decimal comma, UTF-8 with BOM, floats rounded to six decimals so that 89.00000000000001
reads 89), an xlsx with Swedish column headers and units read as words, and per chapter a
zip of all its files. The files carry no build time: xlsx properties and zip entries are
dated from ``SOURCE_DATE_EPOCH`` (else 1980-01-01), so two builds of the same data give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pandas as pd

from analysis.presentation.text import unit_label

#: Decimals kept in downloads (enough for every estimate; no binary noise).
DECIMALS = 6

#: Swedish headers for the column names the results use most; others are spelled out by
#: :func:`swedish_header` from their parts.
HEADERS: dict[str, str] = {
    "year": "År",
    "ar": "År",
    "region_code": "Regionkod",
    "region": "Region",
    "indicator": "Indikator (id)",
    "name": "Indikator",
    "name_sv": "Indikator",
    "title": "Titel",
    "title_sv": "Titel",
    "value": "Värde",
    "unit": "Enhet",
    "source": "Källa",
    "direction": "Riktning",
    "n_regions": "Antal regioner",
    "n": "Antal",
    "rank": "Rang",
    "rank_low": "Rang, nedre gräns",
    "rank_high": "Rang, övre gräns",
    "position": "Läge (standardavvikelser)",
    "status": "Status",
    "reference": "Jämförelsevärde",
    "reference_label": "Jämförelse",
    "rank_group": "Tredjedel",
    "funnel_flag": "Trattdiagram, flagga",
    "funnel_flag_binom": "Trattdiagram, flagga (binomial)",
    "note": "Anmärkning",
    "notes": "Anmärkningar",
    "page": "Sida",
    "line": "Rad",
    "series": "Serie",
    "kind": "Slag",
    "ci_low": "Konfidensintervall, nedre gräns",
    "ci_high": "Konfidensintervall, övre gräns",
    "lower": "Nedre gräns",
    "upper": "Övre gräns",
    "family": "Område",
    "group": "Grupp",
    "element": "Rapportelement",
    "first_year": "Första år",
    "last_year": "Sista år",
    "verdict": "Bedömning",
    "method": "Metod",
    "goal": "Mål",
    "level": "Nivå",
    "theta0": "Sammanvägd andel",
    "years": "År",
    "scale": "Skala",
    "population": "Befolkning",
    "figure": "Figur",
    "slope": "Lutning per år",
    "slope_low": "Lutning, nedre gräns",
    "slope_high": "Lutning, övre gräns",
    "slope_p": "Lutning, p-värde",
    "effect": "Effekt",
    "effect_low": "Effekt, nedre gräns",
    "effect_high": "Effekt, övre gräns",
    "reason": "Skäl",
    "report": "Rapport",
    "tolerance": "Tolerans",
    "model": "Modell",
    "label": "Etikett",
    "label_sv": "Etikett",
    "observed": "Observerat",
    "fit": "Anpassat värde",
    "fit_low": "Anpassat värde, nedre gräns",
    "fit_high": "Anpassat värde, övre gräns",
    "share": "Andel",
    "min": "Lägst",
    "max": "Högst",
    "lowest": "Lägsta region",
    "highest": "Högsta region",
    "riket": "Riket",
    "term": "Term",
    "estimate": "Skattning",
    "std_error": "Medelfel",
    "se": "Medelfel",
    "p": "p-värde",
    "p_value": "p-värde",
    "coef": "Koefficient",
    "numerator": "Täljare",
    "denominator": "Nämnare",
    "scenario": "Scenario",
    "check": "Kontroll",
    "report_value": "Rapportens värde",
    "difference": "Skillnad",
    "definition": "Definition",
    "target": "Mål",
    "target_year": "Målår",
    "base_year": "Basår",
    "sex": "Kön",
    "outcome": "Utfall",
    "confidence": "Konfidensgrad",
    "mean": "Medelvärde",
    "sd": "Standardavvikelse",
}

#: Parts of column names, for the rest.
_PARTS: dict[str, str] = {
    "n": "antal",
    "pc": "primärvård",
    "spec": "specialiserad vård",
    "total": "totalt",
    "share": "andel",
    "growth": "tillväxt",
    "required": "som krävs",
    "recent": "senaste åren",
    "base": "basår",
    "target": "mål",
    "low": "nedre gräns",
    "high": "övre gräns",
    "pct": "procent",
    "pp": "procentenheter",
    "mnkr": "miljoner kronor",
    "per": "per",
    "inv": "invånare",
    "year": "år",
    "years": "år",
    "change": "förändring",
    "start": "start",
    "end": "slut",
    "extra": "extra",
    "cost": "kostnad",
    "region": "region",
    "regions": "regioner",
    "value": "värde",
    "values": "värden",
    "gap": "gap",
    "model": "modell",
    "report": "rapport",
    "compendium": "kompendium",
    "source": "källa",
    "count": "antal",
    "mean": "medelvärde",
    "national": "riket",
    "beds": "vårdplatser",
    "grants": "statsbidrag",
    "municipalities": "kommuner",
    "outside": "utanför",
    "slope": "lutning",
    "p": "p",
    "adjusted": "justerat",
    "effect": "effekt",
    "pre": "före",
    "last": "senaste",
    "first": "första",
    "sv": "",
}


def swedish_header(column: str) -> str:
    """A column name as a Swedish header: known names from :data:`HEADERS`, others word by word.

    Names that are already Swedish text (with spaces, capitals or å, ä, ö) are kept.
    """
    column = str(column)
    if column in HEADERS:
        return HEADERS[column]
    if not re.fullmatch(r"[a-z0-9_]+", column):
        return column
    words = [_PARTS.get(part, part) for part in column.split("_")]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def _epoch() -> dt.datetime:
    """The build's date (``SOURCE_DATE_EPOCH``), never the clock; 1980-01-01 without it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime(1980, 1, 1)


def _stable_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, bytes)`` with every entry dated from the build's date."""
    when = max(_epoch(), dt.datetime(1980, 1, 1)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def rounded(data: pd.DataFrame) -> pd.DataFrame:
    """Float columns rounded to :data:`DECIMALS` (integers and text untouched)."""
    out = data.copy()
    floats = out.select_dtypes(include="float").columns
    out[floats] = out[floats].round(DECIMALS)
    return out


def write_csv(data: pd.DataFrame, path: Path) -> None:
    """CSV for Swedish Excel: semicolon, decimal comma, UTF-8 with BOM, rounded floats."""
    rounded(data).to_csv(path, index=False, sep=";", decimal=",", encoding="utf-8-sig")


def read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` back (for tests and checks)."""
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")


def xlsx_bytes(data: pd.DataFrame, *, title: str = "", source: str = "") -> bytes:
    """An xlsx with the data under Swedish headers (units as words) and a sheet about the file.

    Sheet ``Data``: one header row, then the rows; a ``unit`` column reads "kr per invånare"
    rather than "kr/inv". Sheet ``Om filen``: title, source and each column's header beside
    its name in the CSV.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    frame = rounded(data)
    for col in frame.columns:
        if str(col) == "unit" or str(col).endswith("_unit"):
            frame[col] = frame[col].map(lambda u: unit_label(u) if isinstance(u, str) else u)
    headers = [swedish_header(c) for c in frame.columns]
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append([_plain(v) for v in row])
    ws.freeze_panes = "A2"
    for k, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(1, k).column_letter].width = min(max(len(header) + 2, 10), 50)
    about = wb.create_sheet("Om filen")
    about.append(["Titel", title])
    about.append(["Källa", source])
    about.append([])
    about.append(["Kolumn", "Namn i CSV-filen"])
    for header, col in zip(headers, frame.columns, strict=True):
        about.append([header, str(col)])
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 40
    when = _epoch()
    wb.properties.creator = "God och nära vård i siffror"
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl.save_workbook: it stamps the clock
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as unpacked:  # re-dated entries
        return _stable_zip([(name, unpacked.read(name)) for name in unpacked.namelist()])


def _plain(value):
    """A cell value openpyxl accepts: numbers, text, booleans; lists as text; missing as empty."""
    if isinstance(value, list | tuple | dict | set) or (hasattr(value, "ndim") and value.ndim > 0):
        return json.dumps(
            list(value) if not isinstance(value, dict) else value, ensure_ascii=False, default=str
        )
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, int | float | str | bool):
        return value
    return str(value)


#: The last xlsx written under each file name, with its key (a cache, safe to delete): openpyxl
#: takes about 0,1 s a file, and a re-executed chapter writes its unchanged tables again.
XLSX_STORE = Path(os.environ.get("GNV_XLSX_CACHE", ".cache/xlsx"))


def xlsx_key(data: pd.DataFrame, title: str, source: str) -> str | None:
    """Digest of what shapes :func:`xlsx_bytes`: the data pickled (values and their types),
    title, source, this module's code and the environment (with ``SOURCE_DATE_EPOCH``, the
    files' date); None when the data cannot be pickled."""
    import hashlib
    import pickle

    from analysis import reuse

    try:
        digest = hashlib.sha256(pickle.dumps(data, protocol=5))
    except Exception:  # an object column holding something unpicklable: no key, no cache
        return None
    digest.update(json.dumps([title, source, reuse.environment()], sort_keys=True).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def write_xlsx(data: pd.DataFrame, path: Path, *, title: str = "", source: str = "") -> None:
    """Write :func:`xlsx_bytes` to ``path``, or the file kept from the last write of the same
    name when its key (:func:`xlsx_key`) is unchanged: byte for byte what it would write."""
    path = Path(path)
    key = xlsx_key(data, title, source)
    kept, stamp = XLSX_STORE / path.name, XLSX_STORE / f"{path.name}.key"
    try:
        if key is not None and stamp.read_text(encoding="utf-8") == key:
            path.write_bytes(kept.read_bytes())
            return
    except OSError:
        pass
    content = xlsx_bytes(data, title=title, source=source)
    path.write_bytes(content)
    if key is not None:
        XLSX_STORE.mkdir(parents=True, exist_ok=True)
        stamp.unlink(missing_ok=True)  # the key last: a half-written entry is never trusted
        kept.write_bytes(content)
        stamp.write_text(key, encoding="utf-8")


def zip_folder(folder: Path, name: str) -> Path:
    """Zip the CSV and xlsx files of ``folder`` into ``folder/<name>.zip`` (sorted, build-dated)."""
    folder = Path(folder)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
    target = folder / f"{name}.zip"
    target.write_bytes(_stable_zip([(p.name, p.read_bytes()) for p in files]))
    return target
