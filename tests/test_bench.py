"""The benchmark's own moving parts: reading wrk's report, running the shipped nginx config
with only its addresses changed (the benchmark itself is `make bench`, not a test)."""

from pathlib import Path

import pytest

from bench import load, nginxconf

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
