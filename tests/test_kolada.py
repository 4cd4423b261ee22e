"""Kolada client, source resolution and snapshot loading.

The API tests run against a small HTTP server on 127.0.0.1 that answers in the documented
v3 format; every test uses short timeouts and backoff so the file stays fast.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from analysis.registry import KOLADA_TABLE_PROVIDERS, load_registry, units_by_id
from analysis.sources.kolada import (
    KoladaError,
    KoladaSource,
    KoladaUnavailable,
    fetch_kolada,
    load_kolada,
    read_snapshot,
    resolve_kolada_source,
)
from analysis.sources.kolada_api import data_url
from analysis.validation import KEY

ROOT = Path(__file__).resolve().parents[1]
SHARED_VALUES = ROOT.parent / "shared" / "data" / "kolada" / "kolada_values.csv"
UNITS = {"U70447": "procent", "N70061": "kr/inv"}
FAST = {"timeout": 0.3, "retries": 2, "backoff": 0.01}


class FakeKolada:
    """Routes request paths to scripted answers and counts the hits per path."""

    def __init__(self):
        self.routes: dict[str, list[tuple]] = {}
        self.hits: dict[str, int] = {}
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.base_url = f"{self.root}/v3"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def route(self, path: str, *answers: tuple) -> None:
        """Answers are (status, body[, delay_s]); the last one repeats."""
        self.routes[path] = list(answers)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.hits[self.path] = fake.hits.get(self.path, 0) + 1
                answers = fake.routes.get(self.path)
                if not answers:
                    status, body, delay = 404, '{"error": "no such route"}', 0
                else:
                    answer = answers.pop(0) if len(answers) > 1 else answers[0]
                    status, body, delay = (*answer, 0)[:3]
                if delay:
                    time.sleep(delay)
                data = (body if isinstance(body, str) else json.dumps(body)).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def kolada():
    fake = FakeKolada()
    yield fake
    fake.close()


def closed_port_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"


def entry(kpi, municipality, period, value, gender="T"):
    return {
        "kpi": kpi,
        "municipality": municipality,
        "period": period,
        "values": [{"gender": gender, "count": 1, "status": "", "value": value}],
    }


def path_of(url: str, fake: FakeKolada) -> str:
    return url[len(fake.root) :]


PAGE1 = [
    entry("U70447", "0000", 2020, 69.4),
    entry("U70447", "0013", 2020, 72.0),
    entry("U70447", "0180", 2020, 70.0),  # Stockholm municipality: not a region, dropped
    entry("U70447", "0001", 2020, None),  # null: skipped and reported
]
PAGE2 = [entry("N70061", "0013", 2020, 31000.0), entry("N70061", "0009", 2020, 35000.0)]


def two_pages(fake: FakeKolada, kpis=("U70447", "N70061"), years=(2020,), counts=(4, 2)) -> str:
    url = data_url(fake.base_url, kpis, years)
    first = path_of(url, fake)
    second = first + "?page=2"
    fake.route(first, (200, {"values": PAGE1, "count": counts[0], "next_url": fake.root + second}))
    fake.route(second, (200, {"values": PAGE2, "count": counts[1]}))
    return url


# --------------------------------------------------------------------------- API client


def test_two_pages_follow_next_url_keep_regions_and_report_nulls(kolada, caplog):
    url = two_pages(kolada)
    df = fetch_kolada(["U70447", "N70061"], [2020], base_url=kolada.base_url, units=UNITS, **FAST)
    assert sorted(zip(df["indicator"], df["region_code"], strict=True)) == [
        ("N70061", "09"),
        ("N70061", "13"),
        ("U70447", "00"),
        ("U70447", "13"),
    ]
    assert set(df["unit"]) == {"procent", "kr/inv"}
    assert (df["source_row"] == 0).all() and (df["source_file"] == url).all()
    info = df.attrs["kolada"]
    assert info["pages"] == 2 and info["n_null"] == 1
    assert info["null_values"] == [{"kpi": "U70447", "region_code": "01", "year": 2020, "sex": "T"}]
    assert "skipped 1 null value" in caplog.text


def test_count_as_total_over_pages_is_accepted(kolada):
    two_pages(kolada, counts=(6, 6))
    df = fetch_kolada(["U70447", "N70061"], [2020], base_url=kolada.base_url, units=UNITS, **FAST)
    assert len(df) == 4


def test_count_mismatch_rejects_partial_download(kolada):
    url = two_pages(kolada, counts=(9, 9))
    with pytest.raises(KoladaError, match="Incomplete Kolada download") as err:
        fetch_kolada(["U70447", "N70061"], [2020], base_url=kolada.base_url, units=UNITS, **FAST)
    assert url in str(err.value) and "partial data are rejected" in str(err.value)


def test_500_then_success_is_retried(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (500, "oops"), (200, {"values": PAGE1[:2], "count": 2}))
    df = fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, units=UNITS, **FAST)
    assert len(df) == 2
    assert kolada.hits[path_of(url, kolada)] == 2


def test_429_is_retried(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (429, "slow down"), (200, {"values": PAGE1[:1], "count": 1}))
    assert len(fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, **FAST)) == 1


def test_persistent_503_gives_up_naming_url(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (503, "down"))
    with pytest.raises(KoladaError, match="after 3 attempt") as err:
        fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, **FAST)
    assert url in str(err.value) and "HTTP 503" in str(err.value)
    assert kolada.hits[path_of(url, kolada)] == 3


def test_404_fails_immediately(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (404, "not found"))
    with pytest.raises(KoladaError, match="HTTP 404") as err:
        fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, **FAST)
    assert url in str(err.value)
    assert kolada.hits[path_of(url, kolada)] == 1


def test_timeout_is_retried_then_succeeds(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(
        path_of(url, kolada), (200, {"values": [], "count": 0}, 0.8), (200, {"values": PAGE1[:1], "count": 1})
    )
    df = fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, units=UNITS, **FAST)
    assert len(df) == 1 and kolada.hits[path_of(url, kolada)] == 2


def test_timeout_every_time_fails(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (200, {"values": []}, 0.8))
    with pytest.raises(KoladaError, match="timeout of 0.2 s"):
        fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, timeout=0.2, retries=1, backoff=0.01)
    assert kolada.hits[path_of(url, kolada)] == 2


def test_connection_refused_fails_after_retries():
    with pytest.raises(KoladaError, match="connection error"):
        fetch_kolada(["U70447"], [2020], base_url=closed_port_url(), timeout=0.3, retries=1, backoff=0.01)


def test_malformed_json_names_url(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (200, '{"values": [ {"kpi": '))
    with pytest.raises(KoladaError, match="malformed JSON") as err:
        fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, **FAST)
    assert url in str(err.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"count": 0}, "missing key 'values'"),
        (
            {"values": [{"kpi": "U70447", "period": 2020, "values": []}]},
            "missing key 'municipality' in values[0]",
        ),
        (
            {
                "values": [
                    {"kpi": "U70447", "municipality": "0013", "period": 2020, "values": [{"gender": "T"}]}
                ]
            },
            "missing key 'value' in values[0].values[0]",
        ),
        ({"values": [entry("U70447", "0013", 2020, "n/a")], "count": 1}, "is not a number"),
    ],
)
def test_missing_keys_and_bad_values_raise(kolada, body, message):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (200, body))
    with pytest.raises(KoladaError) as err:
        fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, **FAST)
    assert message in str(err.value) and url in str(err.value)


def test_cache_second_call_hits_no_server(kolada, tmp_path):
    url = two_pages(kolada)
    args = (["U70447", "N70061"], [2020])
    first = fetch_kolada(*args, base_url=kolada.base_url, cache_dir=tmp_path, units=UNITS, **FAST)
    hits = dict(kolada.hits)
    assert sum(hits.values()) == 2 and len(list(tmp_path.glob("kolada_*.json"))) == 1
    second = fetch_kolada(*args, base_url=kolada.base_url, cache_dir=tmp_path, units=UNITS, **FAST)
    assert kolada.hits == hits
    assert second.attrs["kolada"]["from_cache"] and not first.attrs["kolada"]["from_cache"]
    assert second.attrs["kolada"]["fetched_at"] == first.attrs["kolada"]["fetched_at"]
    assert first.equals(second)
    cached = json.loads(next(tmp_path.glob("kolada_*.json")).read_text())
    assert cached["url"] == url and cached["count"] == 6


def test_corrupt_cache_is_ignored_and_refetched(kolada, tmp_path):
    two_pages(kolada)
    fetch_kolada(["U70447", "N70061"], [2020], base_url=kolada.base_url, cache_dir=tmp_path, **FAST)
    next(tmp_path.glob("kolada_*.json")).write_text("{broken")
    df = fetch_kolada(["U70447", "N70061"], [2020], base_url=kolada.base_url, cache_dir=tmp_path, **FAST)
    assert not df.attrs["kolada"]["from_cache"] and sum(kolada.hits.values()) == 4


def test_paging_loop_is_detected(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2020])
    kolada.route(path_of(url, kolada), (200, {"values": [], "count": 0, "next_url": url}))
    with pytest.raises(KoladaError, match="paging loops"):
        fetch_kolada(["U70447"], [2020], base_url=kolada.base_url, **FAST)


def test_empty_answer_gives_empty_table_and_load_refuses_it(kolada):
    url = data_url(kolada.base_url, ["U70447"], [2030])
    kolada.route(path_of(url, kolada), (200, {"values": [], "count": 0}))
    df = fetch_kolada(["U70447"], [2030], base_url=kolada.base_url, units=UNITS, **FAST)
    assert df.empty and list(df.columns)[:3] == ["source", "indicator", "region_code"]
    with pytest.raises(KoladaError, match="no Kolada values for U70447"):
        load_kolada(["U70447"], [2030], KoladaSource("api", base_url=kolada.base_url), UNITS, **FAST)


def test_snapshot_only_ids_are_refused_for_the_api():
    with pytest.raises(KoladaError, match="SCB_FOLKMANGD"):
        data_url("http://x/v3", ["U70447", "SCB_FOLKMANGD"], [2020])


# --------------------------------------------------------------------------- resolution order

SNAPSHOT_CSV = "kpi,region_code,region,year,gender,value\nU70447,0013,Halland,2020,T,70.5\nU70447,0000,Riket,2020,T,69.0\n"


def make_snapshot(directory: Path, nested: bool = True) -> Path:
    target = directory / "kolada" if nested else directory
    target.mkdir(parents=True, exist_ok=True)
    path = target / "kolada_values.csv"
    path.write_text(SNAPSHOT_CSV, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "main"
    root.mkdir()
    return root


def test_config_path_is_used(project, tmp_path):
    csv_path = make_snapshot(tmp_path / "snap")
    source = resolve_kolada_source(str(tmp_path / "snap"), {}, project)
    assert source.kind == "snapshot" and source.path == csv_path and "config" in source.reason


def test_config_may_name_the_csv_or_the_kolada_directory(project, tmp_path):
    csv_path = make_snapshot(tmp_path / "snap")
    assert resolve_kolada_source(str(csv_path), {}, project).path == csv_path
    assert resolve_kolada_source(str(csv_path.parent), {}, project).path == csv_path


def test_snapshot_file_name_follows_config(project, tmp_path):
    target = tmp_path / "snap" / "kolada" / "kolada_values_2025.csv"
    target.parent.mkdir(parents=True)
    target.write_text(SNAPSHOT_CSV, encoding="utf-8")
    source = resolve_kolada_source(
        str(tmp_path / "snap"), {}, project, snapshot_file="kolada/kolada_values_2025.csv"
    )
    assert source.path == target
    with pytest.raises(KoladaError, match="holds neither kolada/kolada_values.csv"):
        resolve_kolada_source(str(tmp_path / "snap"), {}, project)


def test_relative_config_path_is_taken_from_project_root(project):
    csv_path = make_snapshot(project / "snap")
    assert resolve_kolada_source("snap", {}, project).path == csv_path


def test_env_is_used_without_config(project, tmp_path):
    csv_path = make_snapshot(tmp_path / "envsnap")
    source = resolve_kolada_source(None, {"GNV_DATA_DIR": str(tmp_path / "envsnap")}, project)
    assert source.path == csv_path and "GNV_DATA_DIR" in source.reason


def test_config_wins_over_env(project, tmp_path, caplog):
    cfg = make_snapshot(tmp_path / "cfg")
    make_snapshot(tmp_path / "env")
    source = resolve_kolada_source(str(tmp_path / "cfg"), {"GNV_DATA_DIR": str(tmp_path / "env")}, project)
    assert source.path == cfg
    assert "ignored" in caplog.text


def test_missing_configured_path_is_an_error_not_a_fallback(project, tmp_path):
    make_snapshot(tmp_path / "env")
    make_snapshot(project.parent / "shared" / "data")  # a snapshot beside the checkout exists too
    with pytest.raises(KoladaError, match="does not exist") as err:
        resolve_kolada_source(str(tmp_path / "nope"), {"GNV_DATA_DIR": str(tmp_path / "env")}, project)
    assert "data.snapshot_dir" in str(err.value)
    with pytest.raises(KoladaError, match="GNV_DATA_DIR"):
        resolve_kolada_source(None, {"GNV_DATA_DIR": str(tmp_path / "nope")}, project)


def test_directory_without_snapshot_is_an_error(project, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(KoladaError, match="holds neither"):
        resolve_kolada_source(str(tmp_path / "empty"), {}, project)


def test_snapshot_beside_checkout(project):
    csv_path = make_snapshot(project.parent / "shared" / "data")
    source = resolve_kolada_source(None, {}, project)
    assert source.kind == "snapshot" and source.path == csv_path.resolve() and "beside" in source.reason


def test_api_when_no_snapshot_and_reachable(project, kolada):
    kolada.route("/v3/kpi/N70061", (200, {"values": []}))
    source = resolve_kolada_source(None, {"GNV_DATA_DIR": ""}, project, base_url=kolada.base_url)
    assert source.kind == "api" and source.base_url == kolada.base_url


def test_unreachable_api_names_all_three_remedies(project):
    with pytest.raises(KoladaUnavailable) as err:
        resolve_kolada_source(None, {}, project, base_url=closed_port_url(), probe_timeout=0.3)
    text = str(err.value)
    assert "data.snapshot_dir in config/config.yaml" in text
    assert "GNV_DATA_DIR" in text
    assert "connect to the internet" in text


# --------------------------------------------------------------------------- load_kolada


def test_load_kolada_from_snapshot_with_metadata(tmp_path):
    csv_path = make_snapshot(tmp_path)
    source = KoladaSource("snapshot", path=csv_path, reason="test")
    df, meta = load_kolada(["U70447"], [2020], source, UNITS)
    assert len(df) == 2 and set(df["unit"]) == {"procent"}
    assert meta["kind"] == "snapshot" and meta["n_values"] == 2 and len(meta["sha256"]) == 64
    assert meta["vintage"] is None and meta["path"] == str(csv_path)  # no stated date: not the clock


def test_load_kolada_refuses_missing_kpi(tmp_path):
    source = KoladaSource("snapshot", path=make_snapshot(tmp_path))
    with pytest.raises(KoladaError, match="no Kolada values for N70061"):
        load_kolada(["U70447", "N70061"], [2020], source, UNITS)
    df, meta = load_kolada(["U70447", "N70061"], [2020], source, UNITS, require_all=False)
    assert meta["missing_kpis"] == ["N70061"] and len(df) == 2


def test_load_kolada_from_api_with_cache(kolada, tmp_path):
    two_pages(kolada)
    source = KoladaSource("api", base_url=kolada.base_url)
    df, meta = load_kolada(["U70447", "N70061"], [2020], source, UNITS, tmp_path, **FAST)
    assert meta["kind"] == "api" and meta["n_null"] == 1 and meta["n_values"] == 4
    _, meta2 = load_kolada(["U70447", "N70061"], [2020], source, UNITS, tmp_path, **FAST)
    assert meta2["from_cache"] and meta2["sha256"] == meta["sha256"]


def test_load_kolada_api_refuses_snapshot_only_series():
    source = KoladaSource("api", base_url=closed_port_url())
    with pytest.raises(KoladaError, match="exist only in the snapshot"):
        load_kolada(["SCB_FOLKMANGD"], [2020], source, {})


# --------------------------------------------------------------------------- the real snapshot


@pytest.mark.skipif(not SHARED_VALUES.is_file(), reason="../shared/data snapshot not present")
def test_real_snapshot_reads_completely():
    registry = load_registry(ROOT / "data-raw" / "indicators.csv")
    # Ranges are screened by the build (analysis.quality), so a new year with an impossible
    # value must still read; counts are derived from the file, not pinned to today's snapshot.
    df = read_snapshot(SHARED_VALUES, units=units_by_id(registry), check_ranges=False)
    with SHARED_VALUES.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    assert len(df) == len(lines) - 1  # every data row becomes one tidy row
    assert df["indicator"].nunique() == len({line.split(",", 1)[0] for line in lines[1:]})
    assert df["region_code"].nunique() == 22 and "00" in set(df["region_code"])
    assert not df.duplicated(KEY).any()
    registered = df[df["indicator"].isin(registry["id"])]
    in_file = registry["provider"].isin(KOLADA_TABLE_PROVIDERS)  # kolada_extra rows: own files
    assert set(registered["indicator"]) == set(registry.loc[in_file, "id"])
    national = df[(df["indicator"] == "U70447") & (df["region_code"] == "00") & (df["year"] == 2020)]
    assert national["value"].tolist() == [69.4]  # README spot check
