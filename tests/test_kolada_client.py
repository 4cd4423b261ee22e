"""The Kolada client stays on the configured host and accepts only complete, requested data.

Each test runs a scripted HTTP server on 127.0.0.1 (``http.server`` in a thread); a second
server on another port plays the foreign host. All bodies are synthetic test data.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from analysis.sources.kolada_api import KoladaError, data_url, download_kolada, fetch_kolada

FAST = {"timeout": 1.0, "retries": 0, "backoff": 0.01}
UNITS = {"U70447": "procent", "N70061": "kr/inv"}


def entry(kpi, municipality, period, value):
    return {
        "kpi": kpi,
        "municipality": municipality,
        "period": period,
        "values": [{"gender": "T", "value": value}],
    }


GOOD = [entry("U70447", "0000", 2020, 69.4), entry("U70447", "0013", 2020, 72.0)]


class Server:
    """A scripted server: ``routes[path]`` is a callable(handler) that writes the answer."""

    def __init__(self):
        self.routes: dict = {}
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.hits.append(self.path)
                answer = server.routes.get(self.path)
                try:
                    if answer is None:
                        json_answer(self, {"error": "no such route"}, status=404)
                    else:
                        answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base_url = self.root + "/v3"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def path(self, kpis=("U70447",), years=(2020,)) -> str:
        return data_url(self.base_url, kpis, years)[len(self.root) :]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def json_answer(handler, body, status=200, headers=()):
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    for key, value in headers:
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(data)


def answer(body, status=200, headers=()):
    return lambda h: json_answer(h, body, status, headers)


@pytest.fixture
def api():
    server = Server()
    yield server
    server.close()


@pytest.fixture
def foreign():
    server = Server()
    yield server
    server.close()


def test_good_answer_passes(api, tmp_path):
    api.routes[api.path()] = answer({"values": GOOD, "count": 2})
    df = fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, cache_dir=tmp_path, **FAST)
    assert sorted(df["region_code"]) == ["00", "13"]
    assert len(list(tmp_path.glob("kolada_*.json"))) == 1


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_to_another_host_is_not_followed(api, foreign, tmp_path, status):
    api.routes[api.path()] = answer({}, status=status, headers=[("Location", foreign.root + api.path())])
    foreign.routes[api.path()] = answer({"values": GOOD, "count": 2})
    with pytest.raises(KoladaError, match=f"HTTP {status}.*redirects are not followed"):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, cache_dir=tmp_path, **FAST)
    assert foreign.hits == [] and not list(tmp_path.iterdir())


def test_redirect_on_the_same_host_is_not_followed_either(api):
    api.routes[api.path()] = answer({}, status=302, headers=[("Location", "/elsewhere")])
    with pytest.raises(KoladaError, match="redirect"):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, **FAST)
    assert api.hits == [api.path()]


def test_foreign_next_url_is_refused_and_nothing_cached(api, foreign, tmp_path):
    api.routes[api.path()] = answer({"values": GOOD[:1], "count": 2, "next_url": foreign.root + "/v3/page2"})
    foreign.routes["/v3/page2"] = answer({"values": GOOD[1:], "count": 2})
    with pytest.raises(KoladaError, match="next_url .* leaves the configured API"):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, cache_dir=tmp_path, **FAST)
    assert foreign.hits == [] and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "next_url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "https://{host}/v3/page2", "//evil.example/v3/p"]
)
def test_next_url_with_another_scheme_is_a_clear_error(api, next_url):
    host = api.root.removeprefix("http://")
    api.routes[api.path()] = answer({"values": GOOD, "count": 2, "next_url": next_url.format(host=host)})
    with pytest.raises(KoladaError, match="not an http|leaves the configured API"):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, **FAST)
    assert api.hits == [api.path()]


def test_relative_next_url_on_the_same_host_is_followed(api):
    api.routes[api.path()] = answer({"values": GOOD[:1], "count": 2, "next_url": "/v3/page2"})
    api.routes["/v3/page2"] = answer({"values": GOOD[1:], "count": 2})
    df = fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, **FAST)
    assert len(df) == 2


def test_missing_count_is_rejected(api, tmp_path):
    api.routes[api.path()] = answer({"values": GOOD})
    with pytest.raises(KoladaError, match="missing key 'count'"):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, cache_dir=tmp_path, **FAST)
    assert not list(tmp_path.iterdir())


def test_missing_count_on_a_later_page_is_rejected(api):
    api.routes[api.path()] = answer({"values": GOOD[:1], "count": 2, "next_url": "/v3/page2"})
    api.routes["/v3/page2"] = answer({"values": GOOD[1:]})
    with pytest.raises(KoladaError, match="missing key 'count'"):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, **FAST)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([*GOOD, entry("N70061", "0013", 2020, 31000.0)], "KPI 'N70061', which was not requested"),
        ([*GOOD, entry("U70447", "0013", 2019, 70.0)], "year '2019', which was not requested"),
    ],
)
def test_unrequested_kpi_or_year_is_rejected_and_not_cached(api, tmp_path, values, message):
    api.routes[api.path()] = answer({"values": values, "count": len(values)})
    with pytest.raises(KoladaError, match=message):
        fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, cache_dir=tmp_path, **FAST)
    assert not list(tmp_path.iterdir())


def test_cache_with_unrequested_data_is_not_used(api, tmp_path):
    api.routes[api.path()] = answer({"values": GOOD, "count": 2})
    fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, cache_dir=tmp_path, **FAST)
    cache = next(tmp_path.glob("kolada_*.json"))
    payload = json.loads(cache.read_text())
    payload["values"].append(entry("N70061", "0013", 2020, 1.0))
    payload["count"] = len(payload["values"])
    cache.write_text(json.dumps(payload))
    df = fetch_kolada(["U70447"], [2020], base_url=api.base_url, units=UNITS, cache_dir=tmp_path, **FAST)
    assert not df.attrs["kolada"]["from_cache"] and set(df["indicator"]) == {"U70447"}
    assert len(api.hits) == 2


def drip(handler):
    """Headers at once, then one byte of a valid body every 0,1 s (each read well within timeout)."""
    data = json.dumps({"values": GOOD, "count": 2}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    for byte in data:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


def test_slow_drip_stops_at_the_total_deadline(api):
    api.routes[api.path()] = drip
    start = time.monotonic()
    with pytest.raises(KoladaError, match="deadline of 0.5 s"):
        download_kolada(["U70447"], [2020], base_url=api.base_url, deadline=0.5, **FAST)
    assert time.monotonic() - start < 3


def header_drip(handler):
    """Response headers one byte every 0,5 s (each read well within the 1 s timeout), forever."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"x" * 1000
    try:
        for byte in head:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.5)
    except OSError:  # the client hung up at its deadline
        pass
    handler.close_connection = True


def test_header_drip_stops_at_the_total_deadline(api):
    """The deadline covers the whole request, headers included (issue 16)."""
    api.routes[api.path()] = header_drip
    start = time.monotonic()
    with pytest.raises(KoladaError, match="deadline of 2.0 s"):
        download_kolada(["U70447"], [2020], base_url=api.base_url, deadline=2.0, **FAST)
    assert time.monotonic() - start < 4


def oversize_with_length(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(10_000_000))
    handler.end_headers()
    handler.wfile.write(b"[" * 1000)


def oversize_without_length(handler):
    """No Content-Length: the body runs on until the connection closes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Connection", "close")
    handler.end_headers()
    body = b'{"count": 1, "values": [' + b" " * 200_000 + b"]}"
    handler.wfile.write(body)


@pytest.mark.parametrize("route", [oversize_with_length, oversize_without_length])
def test_oversize_response_is_rejected(api, tmp_path, route):
    api.routes[api.path()] = route
    with pytest.raises(KoladaError, match="cap of 100000 bytes"):
        download_kolada(
            ["U70447"], [2020], base_url=api.base_url, max_bytes=100_000, cache_dir=tmp_path, **FAST
        )
    assert not list(tmp_path.iterdir())


def test_base_url_must_be_http():
    with pytest.raises(KoladaError, match="not an http"):
        download_kolada(["U70447"], [2020], base_url="file:///tmp/v3", **FAST)


def test_snapshot_only_series_are_never_requested_from_the_api(tmp_path):
    from analysis.sources.kolada import KoladaSource, loadable_ids

    ids = ["U70447", "SCB_FOLKMANGD", "N70061", "SCB_ANDEL80"]
    api = KoladaSource("api", base_url="https://api.kolada.se/v3")
    assert loadable_ids(ids, api) == (["U70447", "N70061"], ["SCB_FOLKMANGD", "SCB_ANDEL80"])
    snapshot = KoladaSource("snapshot", path=tmp_path / "kolada_values.csv")
    assert loadable_ids(ids, snapshot) == (ids, [])
