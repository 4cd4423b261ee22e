"""Kolada (RKA) region × year values: snapshot reader, source resolution and loading.

Both paths return the same validated tidy table (``analysis.validation.TIDY_COLUMNS``) with
``source = "kolada"``, Kolada's region ids mapped to two-digit län codes (``"0000"`` ->
``"00"`` Riket) and units from the indicator registry. Kolada data are yearly, so there is
no sub-annual aggregation. Where the data come from is decided by
:func:`resolve_kolada_source` (explicit order, logged, never a silent fallback) and
:func:`load_kolada` returns the table plus the provenance the *Datakällor* chapter shows.

Indicators missing from the ``units`` mapping get the unit :data:`UNREGISTERED_UNIT`
(``"okänd"``): they are read, but no unit-specific range check applies to them. The API
client itself is :mod:`analysis.sources.kolada_api`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import requests

from analysis.config import ENV_VAR, SnapshotNotFound, resolve_snapshot_dir
from analysis.coverage import stated_date
from analysis.regions import ALL_CODES, region_name, to_region_code
from analysis.sources.kolada_api import (
    DEFAULT_BASE_URL,
    KOLADA_KPI_RE,
    KOLADA_REGION_IDS,
    SOURCE,
    UNREGISTERED_UNIT,
    KoladaError,
    KoladaUnavailable,
    _typed,
    fetch_kolada,
)
from analysis.sources.kolada_fast import read_snapshot_fast
from analysis.sources.textfile import decimal_comma_split, decode_utf8
from analysis.validation import MAX_YEAR, MIN_YEAR, DataValidationError, Problem, validate_tidy

logger = logging.getLogger(__name__)

CONFIG_KEY = "data.snapshot_dir"
SNAPSHOT_FILE = "kolada_values.csv"
#: Default place of the values file inside a snapshot directory, for calls outside the workflow;
#: the workflow passes the location declared in config (data.sources.kolada.location).
SNAPSHOT_RELPATH = f"kolada/{SNAPSHOT_FILE}"
SNAPSHOT_COLUMNS: list[str] = ["kpi", "region_code", "region", "year", "gender", "value"]

_SNAPSHOT_KPI_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class KoladaSource:
    """Where Kolada data are read from: a snapshot file or the live API."""

    kind: str  # "snapshot" | "api"
    path: Path | None = None  # the kolada_values.csv file when kind == "snapshot"
    base_url: str | None = None  # API root when kind == "api"
    reason: str = ""  # why this source was chosen (logged and shown in Datakällor)

    def __post_init__(self):
        if self.kind not in ("snapshot", "api"):
            raise ValueError(f"KoladaSource kind must be 'snapshot' or 'api', not {self.kind!r}")
        if (self.kind == "snapshot") != (self.path is not None):
            raise ValueError("a snapshot source needs a path, an API source none")


# --------------------------------------------------------------------------- snapshot reader

_REGION_EXPECTED = (
    "a Kolada region id: 0000 (Riket) or 00 + a län code (" + ", ".join(f"00{c}" for c in ALL_CODES[1:]) + ")"
)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is allowed); a decoding error names line, column and cause."""
    return decode_utf8(data, name, ",")


def _parse_records(text: str, name: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for fields in reader:
            if fields:  # blank lines carry nothing
                records.append((reader.line_num, fields))
    except csv.Error as exc:
        raise DataValidationError(
            [Problem(name, reader.line_num, "<csv>", str(exc), "well-formed comma-separated values")], name
        ) from None
    return records


def _header_problems(header: list[str], line: int, name: str) -> list[Problem]:
    expected = ",".join(SNAPSHOT_COLUMNS)
    if len(header) == 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
            if sep in header[0]:
                return [
                    Problem(
                        name,
                        line,
                        "<header>",
                        header[0],
                        f"comma-separated columns {expected}; found {label}",
                    )
                ]
    problems = [
        Problem(name, line, col, "<missing>", f"a column '{col}' in the header (found: {', '.join(header)})")
        for col in SNAPSHOT_COLUMNS
        if col not in header
    ]
    dupes = sorted({c for c in header if header.count(c) > 1})
    problems += [Problem(name, line, c, c, "each column name once in the header") for c in dupes]
    return problems


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_snapshot(
    path: Path | str, units: Mapping[str, str] | None = None, *, check_ranges: bool = True
) -> pd.DataFrame:
    """Read ``kolada_values.csv`` (kpi, region_code, region, year, gender, value) as a tidy table.

    ``units`` maps indicator id -> tidy unit (from the registry). Every problem raises
    :class:`DataValidationError` with file, row (header = 1), column, value and expectation:
    empty file, encoding, delimiter, missing columns, ragged rows, unknown region ids or names
    that do not match the id, bad years or genders, non-numeric or empty values, duplicate
    keys and (unless ``check_ranges`` is false) out-of-range values for the registry's unit.
    With ``check_ranges=False`` impossible values are returned for the caller to set aside
    with a reason (``analysis.quality.screen``); structural problems still raise.
    """
    path = Path(path)
    name = str(path)
    units = dict(units or {})
    # well-formed files: pyarrow, categorical text columns, about 3x the file size in memory;
    # on any doubt the row-by-row reading below names the problem with file, row and column
    fast = read_snapshot_fast(
        path,
        SNAPSHOT_COLUMNS,
        KOLADA_REGION_IDS,
        _region_of_name,
        _SNAPSHOT_KPI_RE,
        SOURCE,
        units,
        UNREGISTERED_UNIT,
    )
    if fast is not None:
        _log_unregistered(fast, units, name)
        return validate_tidy(fast, units=units or None, context=name, check_ranges=check_ranges)
    data = path.read_bytes()
    expected_header = ",".join(SNAPSHOT_COLUMNS)
    if not data.strip():
        raise DataValidationError(
            [Problem(name, None, "<file>", "<empty file>", f"a header '{expected_header}' and data rows")],
            name,
        )
    records = _parse_records(_decode(data, name), name)
    header_line, header = records[0]
    problems = _header_problems(header, header_line, name)
    if problems:
        raise DataValidationError(problems, name)
    if len(records) == 1:
        raise DataValidationError(
            [Problem(name, None, "<file>", "<header only>", "at least one data row after the header")], name
        )
    pos = {col: header.index(col) for col in SNAPSHOT_COLUMNS}
    rows = []
    for line, fields in records[1:]:
        if len(fields) != len(header):
            split = decimal_comma_split(fields, header, ("value",))
            if split:  # an unquoted decimal comma, not a ragged row
                problems.append(
                    Problem(
                        name,
                        line,
                        split[0],
                        split[1],
                        "a number with a decimal point ('.'), not a "
                        f"decimal comma (unquoted, it splits the row into {len(fields)} fields)",
                    )
                )
                continue
            problems.append(
                Problem(
                    name,
                    line,
                    "<row>",
                    f"{len(fields)} field(s)",
                    f"{len(header)} comma-separated fields as in the header (quote values containing commas)",
                )
            )
            continue
        kpi, rid, rname, year, sex, raw = (fields[pos[c]] for c in SNAPSHOT_COLUMNS)
        code = KOLADA_REGION_IDS.get(rid)
        if not _SNAPSHOT_KPI_RE.match(kpi):
            problems.append(Problem(name, line, "kpi", kpi, "a Kolada KPI id such as U70447 (or SCB_*)"))
        if code is None:
            problems.append(Problem(name, line, "region_code", rid, _REGION_EXPECTED))
        else:
            try:
                named = to_region_code(rname)
            except KeyError:
                named = None
            if named != code:
                problems.append(
                    Problem(name, line, "region", rname, f"the name of region {rid} ({region_name(code)})")
                )
        if not re.fullmatch(r"\d{4}", year) or not MIN_YEAR <= int(year) <= MAX_YEAR:
            problems.append(
                Problem(name, line, "year", year, f"a four-digit year between {MIN_YEAR} and {MAX_YEAR}")
            )
        if sex not in ("T", "K", "M"):
            problems.append(Problem(name, line, "gender", sex, "'T' (total), 'K' (women) or 'M' (men)"))
        value = _number(raw)
        if value is None:
            if raw.strip() == "":
                expectation = "a number (leave the row out when Kolada has no value)"
            elif re.fullmatch(r"-?\d+,\d+", raw.strip()):
                expectation = "a number with a decimal point ('.'), not a decimal comma"
            else:
                expectation = "a number"
            problems.append(Problem(name, line, "value", raw, expectation))
        if not problems:
            rows.append((kpi, code, int(year), sex, value, line))
    if problems:
        raise DataValidationError(problems, name)
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "sex", "value", "source_row"])
    frame.insert(0, "source", SOURCE)
    frame["unit"] = frame["indicator"].map(lambda k: units.get(k, UNREGISTERED_UNIT))
    for col in ("numerator", "denominator", "ci_low", "ci_high"):
        frame[col] = float("nan")
    frame["source_file"] = name
    _log_unregistered(frame, units, name)
    return validate_tidy(_typed(frame), units=units or None, context=name, check_ranges=check_ranges)


def _region_of_name(name: str) -> str | None:
    try:
        return to_region_code(name)
    except KeyError:
        return None


def _log_unregistered(frame: pd.DataFrame, units: Mapping[str, str], name: str) -> None:
    unregistered = sorted(set(frame["indicator"].unique()) - set(units))
    if unregistered:
        logger.info(
            "Kolada snapshot %s: %d indicator(s) not in the registry (unit '%s')",
            name,
            len(unregistered),
            UNREGISTERED_UNIT,
        )


# --------------------------------------------------------------------------- source resolution


def _snapshot_file(path: Path, origin: str, relpath: str) -> Path:
    """The Kolada CSV that a resolved snapshot path denotes (the file, or inside the directory)."""
    if path.is_file():
        return path
    for candidate in (path / relpath, path / Path(relpath).name):
        if candidate.is_file():
            return candidate
    raise KoladaError(f"{origin}: the directory {path} holds neither {relpath} nor {Path(relpath).name}.")


def _probe(base_url: str, timeout: float, session: requests.Session | None) -> tuple[bool, str]:
    url = f"{base_url.rstrip('/')}/kpi/N70061"
    getter = session.get if session is not None else requests.get
    try:
        resp = getter(url, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        return False, f"{type(exc).__name__}: {exc}"
    if resp.status_code >= 500:
        return False, f"HTTP {resp.status_code} from {url}"
    return True, f"HTTP {resp.status_code} from {url}"


def resolve_kolada_source(
    config_snapshot: str | None,
    env: Mapping[str, str],
    project_root: Path | str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    probe_timeout: float = 5.0,
    session: requests.Session | None = None,
    snapshot_file: str = SNAPSHOT_RELPATH,
) -> KoladaSource:
    """Decide where Kolada data come from, in this order (each step logged):

    1. ``data.snapshot_dir`` in ``config/config.yaml`` (``config_snapshot``), else the
       environment variable ``GNV_DATA_DIR``. Config wins over the environment because the
       config file is the recorded, reviewable choice for a build; an environment variable
       that disagrees is logged as ignored. The path (relative paths are taken from
       ``project_root``) is a snapshot directory holding ``snapshot_file`` (config
       ``data.sources.kolada.location``, default ``kolada/kolada_values.csv``) or its bare file name, or
       the file itself. A configured path that does not exist (or holds no such file) raises
       :class:`KoladaError`; it never falls through to a later step.
    2. A snapshot beside the checkout: ``project_root/../shared/data/<snapshot_file>``.
    3. The live API at ``base_url``, after a quick reachability request; if unreachable,
       :class:`KoladaUnavailable` names the three remedies.
    """
    project_root = Path(project_root)
    try:
        found, reason = resolve_snapshot_dir(config_snapshot, env, project_root)
    except SnapshotNotFound as exc:
        raise KoladaError(str(exc)) from None
    if found is not None:
        source = KoladaSource("snapshot", path=_snapshot_file(found, reason, snapshot_file), reason=reason)
    else:
        beside = project_root / ".." / "shared" / "data"
        logger.info("Kolada: no snapshot configured or beside the checkout; probing %s", base_url)
        ok, detail = _probe(base_url, probe_timeout, session)
        if not ok:
            raise KoladaUnavailable(
                f"No Kolada data source: no snapshot is configured, none lies beside the checkout "
                f"({beside}), and the Kolada API at {base_url} is unreachable ({detail}). Do one of: "
                f"(1) set {CONFIG_KEY} in config/config.yaml to a snapshot directory (holding "
                f"{snapshot_file}); (2) set the environment variable {ENV_VAR} to such a "
                f"directory; (3) connect to the internet so that {base_url} can be reached.",
                base_url,
            )
        source = KoladaSource(
            "api", base_url=base_url, reason=f"no snapshot configured or found; API reachable ({detail})"
        )
    logger.info("Kolada source: %s %s (%s)", source.kind, source.path or source.base_url, source.reason)
    return source


# --------------------------------------------------------------------------- loading


def _sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def load_kolada(
    kpis: Iterable[str],
    years: Iterable[int],
    source: KoladaSource,
    units: Mapping[str, str],
    cache_dir: Path | str | None = None,
    *,
    timeout: float = 30,
    retries: int = 4,
    backoff: float = 1.0,
    session: requests.Session | None = None,
    require_all: bool = True,
    check_ranges: bool = True,
) -> tuple[pd.DataFrame, dict]:
    """The validated tidy table for ``kpis`` × ``years`` from ``source``, plus its provenance.

    The metadata dict has ``kind``, ``path``, ``url``, ``reason``, ``vintage`` (the snapshot's
    stated date, :func:`analysis.coverage.stated_date`, or the fetch time, ISO 8601 UTC), ``n_values``, ``n_null`` (null values skipped by the API),
    ``sha256`` (of the snapshot file, or of the downloaded JSON values) and ``from_cache``.
    With ``require_all`` a KPI with no value at all raises :class:`KoladaError`.
    ``check_ranges=False`` (snapshot only) returns out-of-range values for quarantine.
    """
    kpis = list(dict.fromkeys(str(k) for k in kpis))
    years = sorted({int(y) for y in years})
    if not kpis or not years:
        raise ValueError("load_kolada needs at least one KPI id and one year")
    if source.kind == "snapshot":
        path = Path(source.path)
        full = read_snapshot(path, units=units, check_ranges=check_ranges)
        df = full[full["indicator"].isin(kpis) & full["year"].isin(years)].reset_index(drop=True)
        where = str(path)
        meta = {
            "kind": "snapshot",
            "path": where,
            "url": None,
            "reason": source.reason,
            "vintage": stated_date(path),
            "n_values": len(df),
            "n_null": 0,
            "sha256": _sha256_file(path),
            "from_cache": False,
        }
    else:
        base_url = source.base_url or DEFAULT_BASE_URL
        snapshot_only = [k for k in kpis if not KOLADA_KPI_RE.match(k)]
        if snapshot_only:
            raise KoladaError(
                f"{', '.join(snapshot_only)} are not Kolada KPI ids and exist only in the snapshot, so the "
                f"live API cannot serve them; use a snapshot ({CONFIG_KEY} or {ENV_VAR}) or leave them out "
                "(analysis.registry.api_ids)",
                base_url,
            )
        df = fetch_kolada(
            kpis,
            years,
            base_url=base_url,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            cache_dir=cache_dir,
            session=session,
            units=units,
        )
        info = df.attrs.pop("kolada")
        where = info["url"]
        meta = {
            "kind": "api",
            "path": None,
            "url": info["url"],
            "reason": source.reason,
            "vintage": info["fetched_at"],
            "n_values": len(df),
            "n_null": info["n_null"],
            "sha256": info["sha256"],
            "from_cache": info["from_cache"],
        }
    missing = [k for k in kpis if k not in set(df["indicator"])]
    meta["missing_kpis"] = missing
    if missing:
        message = f"no Kolada values for {', '.join(missing)} in {years[0]}-{years[-1]} from {where}"
        if require_all:
            raise KoladaError(message, meta["url"])
        logger.warning("Kolada: %s", message)
    logger.info("Kolada: %d values for %d KPI(s) from %s", len(df), len(kpis) - len(missing), where)
    return df, meta


def loadable_ids(ids: Iterable[str], source: KoladaSource) -> tuple[list[str], list[str]]:
    """Split registry ids into (ids to load from ``source``, snapshot-only ids it cannot serve).

    Snapshot-only series (``SCB_*``, not Kolada KPIs) are a separate source that exists only in
    a snapshot file: they are never requested from the live API. With a snapshot source every
    id is loadable.
    """
    ids = list(dict.fromkeys(str(i) for i in ids))
    if source.kind == "snapshot":
        return ids, []
    return [i for i in ids if KOLADA_KPI_RE.match(i)], [i for i in ids if not KOLADA_KPI_RE.match(i)]
