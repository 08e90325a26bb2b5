"""nginx's own codes 494 to 497, as the dataset describes them, checked against the nginx that
runs here: by default neither the client nor the access log sees the number, only 400, and an
error_page with its own status is what the log then records. A release that changes this
fails here, and the entries (nginx 495, 496, 497) are brought up to date."""

import shutil
import ssl
import subprocess
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from bench.servers import nginx
from tests.livesite import free_port
from tests.nginx_config import nginx_config

pytestmark = pytest.mark.xdist_group("test_nginx_codes")

TLS_HTTP = """\
    log_format status $status;
    ssl_certificate {work}/cert.pem;
    ssl_certificate_key {work}/key.pem;
    # Plain HTTP to a TLS port (497), by default and redirected.
    server {{ listen 127.0.0.1:{plain}; listen 127.0.0.1:{tls} ssl;
             access_log {work}/default.log status; return 200; }}
    server {{ listen 127.0.0.1:{redirected} ssl; access_log {work}/redirected.log status;
             error_page 497 =301 https://$host$request_uri; return 200; }}
    # A client certificate required and not sent (496).
    server {{ listen 127.0.0.1:{mutual} ssl; ssl_verify_client on;
             ssl_client_certificate {work}/cert.pem;
             access_log {work}/mutual.log status; return 200; }}
"""


@contextmanager
def nginx_with_tls(work):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", work / "key.pem", "-out", work / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    ports = {name: free_port() for name in ("plain", "tls", "redirected", "mutual")}
    config = nginx_config(work, TLS_HTTP.format(work=work, **ports))
    with nginx(config, list(ports.values()), work):
        yield ports


def status(url: str, context=None) -> int:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), NoRedirects()
    )
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_495_to_497_reach_neither_the_client_nor_the_log(tmp_path):
    assert shutil.which("nginx"), "nginx is missing: make test installs it"
    unverified = ssl.create_default_context()
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE
    with nginx_with_tls(tmp_path) as ports:
        plain_to_tls = status(f"http://127.0.0.1:{ports['tls']}/")
        redirected = status(f"http://127.0.0.1:{ports['redirected']}/")
        without_certificate = status(f"https://127.0.0.1:{ports['mutual']}/", unverified)
        plain_port = status(f"http://127.0.0.1:{ports['plain']}/")

    assert (plain_to_tls, redirected, without_certificate, plain_port) == (400, 301, 400, 200)
    logged = {
        name: (tmp_path / f"{name}.log").read_text().split()
        for name in ("default", "redirected", "mutual")
    }
    assert logged == {"default": ["400", "200"], "redirected": ["301"], "mutual": ["400"]}


HEADER_HTTP = """\
    log_format status $status;
    server {{ listen 127.0.0.1:{default}; access_log {work}/default.log status; return 200; }}
    server {{ listen 127.0.0.1:{standard}; access_log {work}/standard.log status;
             error_page 494 =431 /too-big; location = /too-big {{ return 200 "too big"; }}
             location / {{ return 200; }} }}
"""


def test_494_reaches_neither_the_client_nor_the_log_unless_error_page_gives_431(tmp_path):
    """The nginx 494 entry: 400 with the "Request Header Or Cookie Too Large" page, 400 in the
    access log, the cause in the error log at info level; error_page 494 =431 sends 431."""
    ports = {"default": free_port(), "standard": free_port()}
    config = nginx_config(tmp_path, HEADER_HTTP.format(work=tmp_path, **ports), "info")
    cookie = {"Cookie": "a" * 9000}  # one line over the default 8k buffer
    with nginx(config, list(ports.values()), tmp_path):
        default = fetch(f"http://127.0.0.1:{ports['default']}/", cookie)
        standard = fetch(f"http://127.0.0.1:{ports['standard']}/", cookie)

    assert default[0] == 400 and b"400 Request Header Or Cookie Too Large" in default[1]
    assert standard[0] == 431
    assert (tmp_path / "default.log").read_text().split() == ["400"]
    assert (tmp_path / "standard.log").read_text().split() == ["431"]
    assert "client sent too long header line" in (tmp_path / "error.log").read_text()


def fetch(url: str, headers: dict) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
