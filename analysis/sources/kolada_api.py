"""Kolada (RKA) API v3 client: paged downloads with retries, a deadline, a size cap and a cache.

Hardened for a build machine: the client talks only to the configured API host over http(s),
follows no redirect or ``next_url`` elsewhere, enforces a total deadline and a size cap per
request, requires ``count``, rejects KPIs or years it did not request, and caches only
downloads that passed. :func:`fetch_kolada` returns the tidy table
(``analysis.validation.TIDY_COLUMNS``); choosing between API and snapshot is
``analysis.sources.kolada``'s job.
"""

from __future__ import annotations

import hashlib
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
from typing import Any
from urllib.parse import urljoin, urlsplit

import pandas as pd
import requests
import urllib3

from analysis.regions import ALL_CODES
from analysis.sources.deadline import request_deadline, watch_session
from analysis.validation import TIDY_COLUMNS, validate_tidy

logger = logging.getLogger(__name__)

SOURCE = "kolada"
DEFAULT_BASE_URL = "https://api.kolada.se/v3"
UNREGISTERED_UNIT = "okänd"

#: Kolada municipality id of each region (and ``"0000"`` Riket) -> canonical län code.
KOLADA_REGION_IDS: dict[str, str] = {f"00{code}": code for code in ALL_CODES}

KOLADA_KPI_RE = re.compile(r"^[A-Z]\d{5}$")
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
    bad = [k for k in kpis if not KOLADA_KPI_RE.match(str(k))]
    if bad:
        raise KoladaError(
            f"not Kolada KPI ids: {', '.join(map(str, bad))} (expected a capital letter and five digits); "
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
    units: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Fetch KPIs × years from the Kolada API v3 as a validated tidy table.

    ``options`` are those of :func:`download_kolada` (``base_url``, ``timeout``, ``retries``,
    ``backoff``, ``cache_dir``, ``session``, ``deadline``, ``max_bytes``), passed on unchanged.
    Follows ``next_url`` until absent, retries transient failures, rejects incomplete
    downloads, caches the assembled JSON per request in ``cache_dir``. Null values are
    skipped, logged and reported in ``df.attrs["kolada"]`` (``n_null``, ``null_values``)
    together with ``url``, ``fetched_at``, ``from_cache`` and ``pages``.
    """
    download = download_kolada(kpis, years, **options)
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
