"""The benchmark's own moving parts: reading wrk's report, running the shipped nginx config
with only its addresses changed, and the parts of a first hit (the benchmark itself is
`make bench`, not a test)."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import load, nginxconf
from bench.parts import PARTS
from tests.factories import StatusCodeFactory

WRK_OUTPUT = """\
Running 2s test @ http://127.0.0.1:18101/404/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.71ms    1.02ms  14.20ms   80.12%
    Req/Sec     2.16k   120.33     2.40k    70.00%
  Latency Distribution
     50%  850.00us
     75%    4.01ms
     90%    4.90ms
     99%    1.20s
  8612 requests in 2.00s, 126.44MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   4306.00
Transfer/sec:     63.22MB
"""


def test_wrk_latencies_are_read_in_milliseconds_whatever_the_unit():
    assert load.latency(WRK_OUTPUT, "50") == pytest.approx(0.85)
    assert load.latency(WRK_OUTPUT, "99") == pytest.approx(1200)


def test_wrk_errors_count_socket_errors_and_bad_statuses():
    assert load.errors(WRK_OUTPUT) == 7
    assert load.errors("Requests/sec: 10\n") == 0


def test_the_shipped_nginx_config_is_run_with_only_addresses_changed(tmp_path):
    config = nginxconf.shipped([18121, 18122], 18123, tmp_path / "cache")
    assert "server 127.0.0.1:18121;" in config and "server 127.0.0.1:18122;" in config
    assert "listen 127.0.0.1:18123;" in config and str(tmp_path / "cache") in config
    shipped = Path(nginxconf.SHIPPED).read_text()
    for directive in ("proxy_cache_bypass", "proxy_no_cache", "proxy_cache_revalidate"):
        assert directive in shipped and directive in config


def test_the_shipped_config_undoes_debians_tcp_nopush():
    """The benchmark's nginx.conf keeps Debian's tcp_nopush on, as a real server would; without
    this override cached pages of 75 KB took 44 ms each on kept-alive connections."""
    assert "tcp_nopush on;" in nginxconf.MAIN
    assert "tcp_nopush off;" in Path(nginxconf.SHIPPED).read_text()


CAPTURED = {"/404/": b"<p>captured page</p>", "/api/codes/404/": b'{"captured": true}'}


@pytest.fixture
def parts(tmp_path, monkeypatch, settings):
    """The site as the benchmark's parts run it: page cache off, the pages captured."""
    manifest = {}
    for number, (path, body) in enumerate(CAPTURED.items()):
        (tmp_path / f"page-{number}").write_bytes(body)
        content_type = "application/json" if path.startswith("/api/") else "text/html"
        manifest[path] = {"file": f"page-{number}", "content_type": content_type, "length": 1}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setenv("BENCH_CAPTURE", str(tmp_path))
    settings.CODES_CACHE_TIMEOUT = 0
    StatusCodeFactory(number=404, phrase="Not Found")
    site_middleware = settings.MIDDLEWARE

    def client(part=None):
        """A client of the site as it is, or of the site running `part`."""
        if part:
            monkeypatch.setenv("BENCH_PART", part)
            settings.MIDDLEWARE = [*site_middleware, "bench.parts.FirstHitParts"]
        return Client()

    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", CAPTURED)
def test_the_django_part_answers_before_the_view_runs(parts, path):
    with CaptureQueriesContext(connection) as queries:
        response = parts("django").get(path)
    assert response.status_code == 200
    assert response.content == CAPTURED[path]
    assert len(queries) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path", CAPTURED)
def test_the_reads_part_runs_the_view_but_renders_nothing(parts, path):
    with CaptureQueriesContext(connection) as page_queries:
        page = parts().get(path)
    with CaptureQueriesContext(connection) as queries:
        response = parts("reads").get(path)
    assert response.status_code == 200
    assert response.content == CAPTURED[path]
    assert response["Content-Type"] == page["Content-Type"].split(";")[0]
    assert len(queries) == len(page_queries) > 0
    if not path.startswith("/api/"):
        assert page.templates and not response.templates


@pytest.mark.django_db
def test_the_parts_leave_other_paths_alone(parts):
    for part in PARTS:
        response = parts(part).get("/4xx/")
        assert response.status_code == 200
        assert b"Not Found" in response.content


@pytest.mark.django_db
def test_an_unknown_part_is_refused(parts):
    with pytest.raises(ValueError, match="BENCH_PART must be one of django, reads"):
        parts("rendering").get("/404/")
