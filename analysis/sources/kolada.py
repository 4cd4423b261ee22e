"""Kolada (RKA) region × year values: live API v3 client and offline snapshot reader.

Both paths return the same validated tidy table (``analysis.validation.TIDY_COLUMNS``) with
``source = "kolada"``, Kolada's region ids mapped to two-digit län codes (``"0000"`` ->
``"00"`` Riket) and units from the indicator registry. Kolada data are yearly, so there is
no sub-annual aggregation. Where the data come from is decided by
:func:`resolve_kolada_source` (explicit order, logged, never a silent fallback) and
:func:`load_kolada` returns the table plus the provenance the *Datakällor* chapter shows.

Indicators missing from the ``units`` mapping get the unit :data:`UNREGISTERED_UNIT`
(``"okänd"``): they are read, but no unit-specific range check applies to them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pandas as pd
import requests
import urllib3

from analysis.regions import ALL_CODES, region_name, to_region_code
from analysis.sources.deadline import request_deadline, watch_session
from analysis.sources.kolada_fast import read_snapshot_fast
from analysis.sources.textfile import decimal_comma_split, decode_utf8
from analysis.validation import MAX_YEAR, MIN_YEAR, TIDY_COLUMNS, DataValidationError, Problem, validate_tidy

logger = logging.getLogger(__name__)

SOURCE = "kolada"
DEFAULT_BASE_URL = "https://api.kolada.se/v3"
ENV_VAR = "GNV_DATA_DIR"
CONFIG_KEY = "data.snapshot_dir"
SNAPSHOT_FILE = "kolada_values.csv"
#: Default place of the values file inside a snapshot directory (config: data.files.kolada).
SNAPSHOT_RELPATH = f"kolada/{SNAPSHOT_FILE}"
SNAPSHOT_COLUMNS: list[str] = ["kpi", "region_code", "region", "year", "gender", "value"]
UNREGISTERED_UNIT = "okänd"

#: Kolada municipality id of each region (and ``"0000"`` Riket) -> canonical län code.
KOLADA_REGION_IDS: dict[str, str] = {f"00{code}": code for code in ALL_CODES}

_KOLADA_KPI_RE = re.compile(r"^[A-Z]\d{5}$")
_SNAPSHOT_KPI_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_MAX_DELAY = 60.0
#: Total time allowed for one HTTP request (headers and whole body), in seconds. The per-read
#: ``timeout`` alone does not bound a server that sends one byte every few hundred milliseconds.
DEFAULT_DEADLINE = 300.0
#: Largest accepted response body (decoded), in bytes: far above a real page of Kolada values.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024


class KoladaError(RuntimeError):
    """A Kolada download or configuration failed; the message names the URL or path."""

    def __init__(self, message: str, url: str | None = None):
        super().__init__(message)
        self.url = url


class KoladaUnavailable(KoladaError):
    """No snapshot is configured or found and the live API cannot be reached."""


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


@dataclass
class KoladaDownload:
    """The assembled raw JSON of one API request (all pages), as cached on disk."""

    url: str
    values: list[dict]
    fetched_at: str
    pages: int
    from_cache: bool = False
    counts: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- API client


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of ``url``, the port made explicit; raises on anything but http(s)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise KoladaError(f"Kolada client: {url!r} is not an http(s) URL; nothing is fetched from it", url)
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise KoladaError(
            f"Kolada client: {url!r} has an invalid port; nothing is fetched from it", url
        ) from None
    return scheme, parts.hostname.lower(), port


def _check_same_origin(url: str, base_url: str, what: str) -> None:
    """Refuse ``url`` unless it has the scheme, host and port of the configured API root."""
    if _origin(url) != _origin(base_url):
        raise KoladaError(
            f"Kolada client: {what} {url} leaves the configured API {base_url} (another scheme, host or "
            "port); it is not followed and nothing from it is used",
            url,
        )


def data_url(base_url: str, kpis: Iterable[str], years: Iterable[int]) -> str:
    """``{base_url}/data/kpi/{ids}/year/{years}`` for the Kolada API v3."""
    _origin(base_url)
    kpis, years = list(kpis), [int(y) for y in years]
    if not kpis or not years:
        raise ValueError("fetch_kolada needs at least one KPI id and one year")
    bad = [k for k in kpis if not _KOLADA_KPI_RE.match(str(k))]
    if bad:
        raise KoladaError(
            f"not Kolada KPI ids: {', '.join(map(str, bad))} (expected e.g. U70447); "
            "SCB_* series exist only in the snapshot (see analysis.registry.api_ids)"
        )
    return f"{base_url.rstrip('/')}/data/kpi/{','.join(kpis)}/year/{','.join(map(str, years))}"


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


class _DeadlineExceeded(Exception):
    """The whole request took longer than its deadline (retried like a timeout)."""


def _read_body(
    resp: requests.Response, url: str, deadline_at: float, deadline: float, max_bytes: int
) -> bytes:
    """The decoded body, read in pieces so that the total deadline and the size cap hold."""
    length = resp.headers.get("Content-Length", "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise KoladaError(
            f"Kolada response from {url} announces {int(length)} bytes, more than the cap of {max_bytes} "
            "bytes; rejected unread",
            url,
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline_at:
            raise _DeadlineExceeded(f"the response took longer than the deadline of {deadline} s")
        chunk = resp.raw.read1(_CHUNK, decode_content=True)  # at most one socket read
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise KoladaError(
                f"Kolada response from {url} exceeds the cap of {max_bytes} bytes; rejected", url
            )
        chunks.append(chunk)


def _request(
    session: requests.Session,
    url: str,
    timeout: float,
    retries: int,
    backoff: float,
    *,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """GET one URL and return its body; retries (exponential backoff) on connection errors,
    timeouts, an exceeded deadline, 5xx and 429.

    ``retries`` is the number of attempts after the first. Other 4xx fail at once; so do
    redirects (never followed: the client talks to the configured host only) and bodies over
    ``max_bytes``. ``timeout`` bounds each socket read, ``deadline`` the whole attempt.
    """
    last = ""
    wait: float | None = None
    watch_session(session)
    for attempt in range(retries + 1):
        if attempt:
            delay = min(_MAX_DELAY, wait if wait is not None else backoff * 2 ** (attempt - 1))
            logger.warning("Kolada: %s; retry %d/%d in %.2f s: %s", last, attempt, retries, delay, url)
            time.sleep(delay)
        wait = None
        deadline_at = time.monotonic() + deadline
        late = f"the response took longer than the deadline of {deadline} s"
        # the socket is shut down at the deadline, so slow headers cannot outlast it either
        with request_deadline(deadline) as watch:
            try:
                resp = session.get(
                    url,
                    timeout=timeout,
                    headers={"Accept": "application/json"},
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout:
                last = late if watch.expired else f"no answer within the timeout of {timeout} s"
                continue
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                last = late if watch.expired else f"connection error ({type(exc).__name__}: {exc})"
                continue
            except requests.RequestException as exc:  # e.g. InvalidSchema, InvalidURL: not retried
                raise KoladaError(
                    f"Kolada request to {url} failed: {type(exc).__name__}: {exc}", url
                ) from None
            with resp:
                if resp.is_redirect or 300 <= resp.status_code < 400:
                    target = resp.headers.get("Location", "(no Location header)")
                    raise KoladaError(
                        f"Kolada answered HTTP {resp.status_code} for {url}, redirecting to {target}; redirects "
                        "are not followed (the client talks only to the configured API host)",
                        url,
                    )
                try:
                    body = _read_body(resp, url, deadline_at, deadline, max_bytes)
                except _DeadlineExceeded as exc:
                    last = str(exc)
                    continue
                except (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
                    last = late if watch.expired else f"no answer within the timeout of {timeout} s"
                    continue
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                    last = (
                        late
                        if watch.expired
                        else f"connection error while reading ({type(exc).__name__}: {exc})"
                    )
                    continue
        if resp.status_code == 429 or resp.status_code >= 500:
            last = f"HTTP {resp.status_code}"
            wait = _retry_after(resp)
            continue
        if resp.status_code >= 400:
            raise KoladaError(
                f"Kolada answered HTTP {resp.status_code} for {url} (client error, not retried): "
                f"{body[:200].decode('utf-8', 'replace')!r}",
                url,
            )
        return body
    raise KoladaError(f"Kolada request failed after {retries + 1} attempt(s), last: {last}: {url}", url)


def _check_item(item: object, index: int, url: str) -> None:
    """Raise naming URL, position and key when one entry of ``values`` is malformed."""
    where = f"values[{index}]"
    if not isinstance(item, dict):
        raise KoladaError(f"Kolada response from {url}: {where} is not an object", url)
    for key in ("kpi", "municipality", "period", "values"):
        if key not in item:
            raise KoladaError(f"Kolada response from {url} is missing key '{key}' in {where}", url)
    if not isinstance(item["values"], list):
        raise KoladaError(f"Kolada response from {url}: {where}.values is not a list", url)
    for j, inner in enumerate(item["values"]):
        if not isinstance(inner, dict):
            raise KoladaError(f"Kolada response from {url}: {where}.values[{j}] is not an object", url)
        for key in ("gender", "value"):
            if key not in inner:
                raise KoladaError(
                    f"Kolada response from {url} is missing key '{key}' in {where}.values[{j}]", url
                )


def _parse_page(body: bytes, url: str) -> tuple[list[dict], int, str | None]:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise KoladaError(
            f"Kolada returned malformed JSON for {url}: {exc}; body starts "
            f"{body[:80].decode('utf-8', 'replace')!r}",
            url,
        ) from None
    if not isinstance(payload, dict):
        raise KoladaError(f"Kolada response from {url} is not a JSON object", url)
    if "values" not in payload:
        raise KoladaError(f"Kolada response from {url} is missing key 'values'", url)
    values = payload["values"]
    if not isinstance(values, list):
        raise KoladaError(f"Kolada response from {url}: 'values' is not a list", url)
    for i, item in enumerate(values):
        _check_item(item, i, url)
    if "count" not in payload:
        raise KoladaError(
            f"Kolada response from {url} is missing key 'count', so its completeness cannot be checked; "
            "rejected",
            url,
        )
    count = payload["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise KoladaError(
            f"Kolada response from {url}: 'count' is {count!r}, not a non-negative integer", url
        )
    next_url = payload.get("next_url") or payload.get("next_page") or None
    if next_url is not None and not isinstance(next_url, str):
        raise KoladaError(f"Kolada response from {url}: 'next_url' is {next_url!r}, not a URL", url)
    return values, count, next_url


def _check_requested(values: list[dict], kpis: set[str], years: set[str], url: str) -> None:
    """Reject a response that carries KPIs or years that were not requested (foreign data)."""
    for i, item in enumerate(values):
        kpi, period = str(item["kpi"]), str(item["period"])
        if kpi not in kpis:
            raise KoladaError(
                f"Kolada response from {url}: values[{i}] is for KPI {kpi!r}, which was not requested "
                f"({', '.join(sorted(kpis))}); the download is rejected",
                url,
            )
        if period not in years:
            raise KoladaError(
                f"Kolada response from {url}: values[{i}] ({kpi}) is for year {period!r}, which was not "
                f"requested ({', '.join(sorted(years))}); the download is rejected",
                url,
            )


def _check_counts(counts: list[int], sizes: list[int], url: str) -> None:
    """Accept only complete downloads (every page must announce ``count``).

    ``count`` is read either per page (length of that page's ``values``, as in API v2) or as
    the total over all pages; a download passes if it is consistent with one reading.
    """
    announced = counts
    if not announced:
        return
    total = sum(sizes)
    per_page = all(c == n for c, n in zip(counts, sizes, strict=True))
    overall = all(c == total for c in counts)
    if per_page or overall:
        return
    pairs = enumerate(zip(counts, sizes, strict=True), start=1)
    detail = ", ".join(f"page {i}: count={c} values={n}" for i, (c, n) in pairs)
    raise KoladaError(
        f"Incomplete Kolada download from {url}: the API announced count={announced[0]} but "
        f"{total} value(s) arrived over {len(sizes)} page(s) ({detail}); partial data are rejected",
        url,
    )


def _cache_file(cache_dir: Path | str, url: str) -> Path:
    return Path(cache_dir) / f"kolada_{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"


def _read_cache(path: Path, url: str, kpis: set[str], years: set[str]) -> KoladaDownload | None:
    """The cached download for ``url``, or None (with a warning) if the file is unusable."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("url") != url:
            raise ValueError(f"cached for another URL ({payload.get('url')})")
        values = payload["values"]
        if not isinstance(values, list) or payload.get("count") != len(values):
            raise ValueError("value count does not match")
        for i, item in enumerate(values):
            _check_item(item, i, str(path))
        _check_requested(values, kpis, years, str(path))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, KoladaError) as exc:
        logger.warning("Kolada: ignoring unusable cache file %s (%s); downloading again", path, exc)
        return None
    logger.info("Kolada: using cached download %s for %s", path, url)
    return KoladaDownload(
        url, values, payload.get("fetched_at", ""), payload.get("pages", 0), from_cache=True
    )


def _write_cache(path: Path, download: KoladaDownload) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "url": download.url,
        "fetched_at": download.fetched_at,
        "pages": download.pages,
        "count": len(download.values),
        "values": download.values,
    }
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def download_kolada(
    kpis: Iterable[str],
    years: Iterable[int],
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30,
    retries: int = 4,
    backoff: float = 1.0,
    cache_dir: Path | str | None = None,
    session: requests.Session | None = None,
    max_pages: int = 1000,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> KoladaDownload:
    """Download every page of one data request (raw JSON), or reuse its cache file.

    Raises :class:`KoladaError` on HTTP errors, redirects, a ``next_url`` to another scheme,
    host or port, malformed, oversized or incomplete responses, and responses carrying KPIs or
    years that were not requested. Only a download that passed all checks is cached.
    """
    kpis, years = list(kpis), [int(y) for y in years]
    url = data_url(base_url, kpis, years)
    wanted_kpis, wanted_years = {str(k) for k in kpis}, {str(y) for y in years}
    cache = _cache_file(cache_dir, url) if cache_dir is not None else None
    if cache is not None and cache.exists():
        cached = _read_cache(cache, url, wanted_kpis, wanted_years)
        if cached is not None:
            return cached
    own = session is None
    session = session or requests.Session()
    values: list[dict] = []
    counts: list[int] = []
    sizes: list[int] = []
    seen: set[str] = set()
    page_url: str | None = url
    try:
        while page_url is not None:
            if page_url in seen:
                raise KoladaError(f"Kolada paging loops: next_url {page_url} was already fetched", url)
            if len(seen) >= max_pages:
                raise KoladaError(f"Kolada paging exceeded {max_pages} pages for {url}", url)
            seen.add(page_url)
            body = _request(
                session, page_url, timeout, retries, backoff, deadline=deadline, max_bytes=max_bytes
            )
            page, count, next_url = _parse_page(body, page_url)
            _check_requested(page, wanted_kpis, wanted_years, page_url)
            values.extend(page)
            counts.append(count)
            sizes.append(len(page))
            if next_url:
                page_url = urljoin(page_url, next_url)
                _check_same_origin(page_url, base_url, "next_url")
            else:
                page_url = None
    finally:
        if own:
            session.close()
    _check_counts(counts, sizes, url)
    download = KoladaDownload(
        url, values, datetime.now(UTC).isoformat(timespec="seconds"), len(sizes), counts=counts
    )
    logger.info("Kolada: %d value entries in %d page(s) from %s", len(values), len(sizes), url)
    if cache is not None:
        _write_cache(cache, download)
    return download


_STR_COLUMNS = ("source", "indicator", "region_code", "sex", "unit", "source_file")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Tidy columns in order with explicit dtypes, so that an empty table validates too."""
    out = frame[TIDY_COLUMNS].astype({c: "str" for c in _STR_COLUMNS})
    return out.astype({"year": "int64", "source_row": "int64", "value": "float64"})


def tidy_download(
    download: KoladaDownload, units: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, list[dict]]:
    """Turn a download into a validated tidy table; returns it and the skipped null values.

    Keeps only the 21 regions and Riket (``0000``); municipalities and groups are dropped.
    """
    url, units = download.url, dict(units or {})
    rows, nulls, dropped = [], [], 0
    for item in download.values:
        code = KOLADA_REGION_IDS.get(str(item["municipality"]))
        if code is None:
            dropped += 1
            continue
        kpi, period = str(item["kpi"]), str(item["period"])
        if not re.fullmatch(r"\d{4}", period):
            raise KoladaError(f"Kolada response from {url}: period {period!r} for {kpi} is not a year", url)
        for inner in item["values"]:
            value, sex = inner["value"], inner["gender"]
            if sex not in ("T", "K", "M"):
                raise KoladaError(f"Kolada response from {url}: gender {sex!r} for {kpi}/{period}", url)
            if value is None:
                nulls.append({"kpi": kpi, "region_code": code, "year": int(period), "sex": sex})
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise KoladaError(
                    f"Kolada response from {url}: value {value!r} for {kpi}/{item['municipality']}/"
                    f"{period} is not a number",
                    url,
                )
            rows.append((kpi, code, int(period), sex, float(value), units.get(kpi, UNREGISTERED_UNIT)))
    if dropped:
        logger.debug("Kolada: dropped %d non-region entries (municipalities, groups) from %s", dropped, url)
    if nulls:
        examples = ", ".join(f"{n['kpi']}/{n['region_code']}/{n['year']}/{n['sex']}" for n in nulls[:5])
        logger.warning("Kolada: skipped %d null value(s) from %s (e.g. %s)", len(nulls), url, examples)
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "sex", "value", "unit"])
    frame.insert(0, "source", SOURCE)
    for col in ("numerator", "denominator", "ci_low", "ci_high"):
        frame[col] = float("nan")
    frame["source_file"] = url
    frame["source_row"] = 0
    return validate_tidy(_typed(frame), units=units or None, context=url), nulls


def fetch_kolada(
    kpis: Iterable[str],
    years: Iterable[int],
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30,
    retries: int = 4,
    backoff: float = 1.0,
    cache_dir: Path | str | None = None,
    session: requests.Session | None = None,
    units: Mapping[str, str] | None = None,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> pd.DataFrame:
    """Fetch KPIs × years from the Kolada API v3 as a validated tidy table.

    Follows ``next_url`` until absent, retries transient failures, rejects incomplete
    downloads, caches the assembled JSON per request in ``cache_dir``. Null values are
    skipped, logged and reported in ``df.attrs["kolada"]`` (``n_null``, ``null_values``)
    together with ``url``, ``fetched_at``, ``from_cache`` and ``pages``.
    """
    download = download_kolada(
        kpis,
        years,
        base_url=base_url,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        cache_dir=cache_dir,
        session=session,
        deadline=deadline,
        max_bytes=max_bytes,
    )
    df, nulls = tidy_download(download, units)
    df.attrs["kolada"] = {
        "url": download.url,
        "fetched_at": download.fetched_at,
        "from_cache": download.from_cache,
        "pages": download.pages,
        "n_values": len(df),
        "n_null": len(nulls),
        "null_values": nulls,
        "sha256": hashlib.sha256(json.dumps(download.values, sort_keys=True).encode()).hexdigest(),
    }
    return df


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


def _snapshot_file(value: str, project_root: Path, origin: str, relpath: str) -> Path:
    """The kolada_values.csv that a configured path denotes; raises if there is none."""
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = project_root / path
    if not path.exists():
        raise KoladaError(
            f"{origin} points to {path}, which does not exist. Fix or unset it: a configured "
            "snapshot never falls back to another source."
        )
    if path.is_file():
        return path
    for candidate in (path / relpath, path / Path(relpath).name):
        if candidate.is_file():
            return candidate
    raise KoladaError(
        f"{origin} points to the directory {path}, which holds neither {relpath} nor {Path(relpath).name}."
    )


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
       ``data.files.kolada``, default ``kolada/kolada_values.csv``) or its bare file name, or
       the file itself. A configured path that does not exist (or holds no such file) raises
       :class:`KoladaError`; it never falls through to a later step.
    2. A snapshot beside the checkout: ``project_root/../shared/data/<snapshot_file>``.
    3. The live API at ``base_url``, after a quick reachability request; if unreachable,
       :class:`KoladaUnavailable` names the three remedies.
    """
    project_root = Path(project_root)
    cfg = (config_snapshot or "").strip()
    env_value = (env.get(ENV_VAR) or "").strip()
    if cfg:
        if env_value and env_value != cfg:
            logger.warning(
                "Kolada: %s=%s is ignored because %s is set in the config", ENV_VAR, env_value, CONFIG_KEY
            )
        path = _snapshot_file(cfg, project_root, f"{CONFIG_KEY} in config/config.yaml", snapshot_file)
        source = KoladaSource("snapshot", path=path, reason=f"{CONFIG_KEY} in config/config.yaml ({cfg})")
    elif env_value:
        path = _snapshot_file(env_value, project_root, f"the environment variable {ENV_VAR}", snapshot_file)
        source = KoladaSource("snapshot", path=path, reason=f"environment variable {ENV_VAR} ({env_value})")
    else:
        beside = (project_root / ".." / "shared" / "data" / snapshot_file).resolve()
        if beside.is_file():
            source = KoladaSource(
                "snapshot", path=beside, reason="snapshot beside the checkout (../shared/data)"
            )
        else:
            logger.info(
                "Kolada: no snapshot configured or beside the checkout (%s); probing %s", beside, base_url
            )
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

    The metadata dict has ``kind``, ``path``, ``url``, ``reason``, ``vintage`` (file mtime or
    fetch time, ISO 8601 UTC), ``n_values``, ``n_null`` (null values skipped by the API),
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
            "vintage": datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds"),
            "n_values": len(df),
            "n_null": 0,
            "sha256": _sha256_file(path),
            "from_cache": False,
        }
    else:
        base_url = source.base_url or DEFAULT_BASE_URL
        snapshot_only = [k for k in kpis if not _KOLADA_KPI_RE.match(k)]
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
    return [i for i in ids if _KOLADA_KPI_RE.match(i)], [i for i in ids if not _KOLADA_KPI_RE.match(i)]
