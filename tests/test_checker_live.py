"""The checker on real responses: each recorded here, on a raw socket, from Debian's nginx and
Apache httpd serving a small static tree and from the demo site as deployed (gunicorn), and held
against the shipped rules. When a server or the rules change, these say so."""

import base64
import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from codes import checker
from codes.probes.servers import free_port, serving
from tests.nginx_config import nginx_config
from tests.raw_http import exchange

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_checker_live")]

APACHE_MODULES = [
    "mpm_event", "authz_core", "authn_core", "authn_file", "authz_user", "auth_basic", "mime",
    "dir", "asis",
]  # fmt: skip


def raw(port: int, method: str, path: str, headers: str = "") -> str:
    """The whole response to one request, as the server sent it."""
    length = "Content-Length: 0\r\n" if method in ("POST", "PUT") else ""
    request = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}{length}"
    return exchange(port, f"{request}Connection: close\r\n\r\n".encode()).decode("latin-1")


def field(response: str, name: str) -> str:
    return re.search(rf"^{name}: (.*?)\r$", response, re.MULTILINE | re.IGNORECASE)[1]


def record(port: int, cases: dict) -> dict:
    """Each case's method and response; an If-None-Match case gets the ETag of a first GET."""
    recorded = {}
    for name, (method, path, headers) in cases.items():
        if headers == "If-None-Match":
            headers = f"If-None-Match: {field(raw(port, 'GET', path), 'ETag')}\r\n"
        recorded[name] = (method, raw(port, method, path, headers))
    return recorded


STATIC_CASES = {
    401: ("GET", "/private/secret.txt", ""),
    304: ("GET", "/file.txt", "If-None-Match"),
    206: ("GET", "/file.txt", "Range: bytes=0-9\r\n"),
    416: ("GET", "/file.txt", "Range: bytes=5000-\r\n"),
    301: ("GET", "/dir", ""),
}


@pytest.fixture(scope="module")
def tree() -> Iterator[Path]:
    """A file of 1000 bytes, a directory with an index, a password-protected directory and a
    204 for Apache's send-as-is; readable by the servers' unprivileged workers (pytest's own
    temporary directories are not)."""
    with tempfile.TemporaryDirectory() as directory:
        yield make_tree(Path(directory))


def make_tree(work: Path) -> Path:
    www = work / "www"
    for directory in ("dir", "private"):
        (www / directory).mkdir(parents=True)
    (www / "file.txt").write_text("x" * 1000)
    (www / "dir" / "index.html").write_text("<p>index</p>")
    (www / "private" / "secret.txt").write_text("secret")
    (www / "empty.asis").write_text("Status: 204\n\n")
    digest = base64.b64encode(hashlib.sha1(b"password").digest()).decode()
    (work / "htpasswd").write_text(f"reader:{{SHA}}{digest}\n")
    for path in [work, *work.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return work


@pytest.fixture(scope="module")
def nginx_responses(tree):
    work = tree / "nginx"
    work.mkdir()
    with free_port() as port:
        config = nginx_config(
            work,
            f"access_log off;\nserver {{ listen 127.0.0.1:{port}; root {tree}/www;\n"
            "location = /empty { return 204; }\n"
            f'location /private/ {{ auth_basic "Private"; auth_basic_user_file {tree}/htpasswd; }}'
            "\n}",
        )
        with serving(["nginx", "-p", str(work), "-c", str(config), "-g", "daemon off;"], port):
            return record(
                port,
                {405: ("POST", "/file.txt", ""), 204: ("GET", "/empty", ""), **STATIC_CASES},
            )


@pytest.fixture(scope="module")
def apache_responses(tree):
    binary = shutil.which("apache2") or shutil.which("httpd")
    modules = "\n".join(
        f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so"
        for name in APACHE_MODULES
    )
    with free_port() as port:
        config = tree / "httpd.conf"
        config.write_text(
            f"ServerRoot {tree}\nListen 127.0.0.1:{port}\nPidFile {tree}/httpd.pid\n"
            f"ErrorLog {tree}/apache-error.log\n{modules}\nUser nobody\nGroup nogroup\n"
            f"ServerName localhost\nDocumentRoot {tree}/www\nTypesConfig /dev/null\n"
            "AddHandler send-as-is asis\nDirectoryIndex index.html\n"
            f'<Directory {tree}/www/private>\nAuthType Basic\nAuthName "Private"\n'
            f"AuthUserFile {tree}/htpasswd\nRequire valid-user\n</Directory>\n"
        )
        with serving([binary, "-f", str(config), "-DFOREGROUND"], port):
            return record(
                port,
                {405: ("PUT", "/file.txt", ""), 204: ("GET", "/empty.asis", ""), **STATIC_CASES},
            )


@pytest.fixture(scope="module")
def site_responses(reading_site):
    port = urlsplit(reading_site).port
    page = raw(port, "GET", "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)[1]
    return record(
        port,
        {
            405: ("POST", "/", ""),
            401: ("GET", "/api/codes/", "Authorization: Token not-a-token\r\n"),
            304: ("GET", "/404/", "If-None-Match"),
            206: ("GET", stylesheet, "Range: bytes=0-9\r\n"),
            416: ("GET", stylesheet, "Range: bytes=99999999-\r\n"),
            301: ("GET", "/0404/", ""),
        },
    )


def checked(responses: dict, number: int) -> checker.Report:
    method, response = responses[number]
    assert response.startswith(f"HTTP/1.1 {number} "), response[:200]
    return checker.check(response, method=method)


def outcomes(report: checker.Report) -> dict[str, str]:
    return {finding.rule.topic: finding.outcome for finding in report.findings}


# What each server's response keeps and breaks. Only the rules a response can show are listed;
# the rest (clients, caches, retries) are "cannot tell" for every server alike.
SHARED = {
    401: {"WWW-Authenticate": "held", "Explains the error": "held", "Date": "held"},
    304: {"No content": "held", "ETag": "held", "Date": "held", "Never an answer to POST": None},
    206: {"Content-Range": "held", "The content is the range": "held", "ETag": "held"},
    301: {"Location": "held", "Date": "held"},
}
EXPECTED = {
    "nginx": {
        **SHARED,
        405: {"Allow": "broken", "Explains the error": "held"},  # nginx sends no Allow
        416: {"Content-Range": "held", "Explains the error": "held"},
        204: {"No content": "held", "No Content-Length": "held", "No Transfer-Encoding": "held"},
    },
    "apache": {
        **SHARED,
        405: {"Allow": "held", "Explains the error": "held"},
        # Apache 2.4 sends no Content-Range with its 416; the rule holds for byte ranges, which
        # one response does not show.
        416: {"Content-Range": "cannot tell", "Explains the error": "held"},
        204: {"No content": "held", "No Content-Length": "held", "No Transfer-Encoding": "held"},
    },
    "site": {
        **SHARED,
        405: {"Allow": "held", "Explains the error": "held"},
        401: {"WWW-Authenticate": "held", "Explains the error": "held", "Date": "held"},
        416: {"Content-Range": "held"},
    },
}
BREAKS_A_REQUIREMENT = {("nginx", 405)}


@pytest.mark.parametrize(
    "server, number",
    [(server, number) for server, cases in EXPECTED.items() for number in cases],
)
def test_what_the_checker_says_of_real_responses(dataset, request, server, number):
    responses = request.getfixturevalue(f"{server}_responses")
    report = checked(responses, number)
    found = outcomes(report)
    for topic, outcome in EXPECTED[server][number].items():
        assert found.get(topic) == outcome, (server, number, topic, report.response)
    assert report.breaks_requirement == ((server, number) in BREAKS_A_REQUIREMENT)


def test_the_phrase_notes_name_the_servers_that_send_it(dataset, nginx_responses, apache_responses):
    nginx_notes = checked(nginx_responses, 405).notes
    assert "The registry's phrase for 405 is “Method Not Allowed”." in nginx_notes
    assert any(note.startswith("Sent with this phrase by: nginx") for note in nginx_notes)
    apache_notes = checked(apache_responses, 416).notes
    assert any("Apache httpd" in note for note in apache_notes), apache_notes
