"""What the dataset says the software here does, checked against that software: nginx's status
lines, limits, 408, 444 and 499; Node.js's status table and header limit; Python's HTTPStatus.
Each test also checks that the dataset still says it, so a release that changes the behaviour, or
an edit that changes the claim, fails here and the two are brought back into line."""

import json
import shutil
import socket
import subprocess
import time

import pytest

from bench.servers import nginx
from tests.livesite import free_port
from tests.nginx_config import nginx_config
from tests.raw_http import exchange
from tests.shipped import alias_names, texts_of, vendor_body

pytestmark = pytest.mark.xdist_group("test_software_claims")

NGINX_HTTP = """\
    log_format status "$status $body_bytes_sent";
    access_log {work}/access.log status;
    server {{ listen 127.0.0.1:{port}; {locations} location / {{ return 200; }}
             location = /slow {{ proxy_pass http://127.0.0.1:{silent}; }} }}
"""


@pytest.fixture(scope="module")
def running_nginx(tmp_path_factory):
    assert shutil.which("nginx"), "nginx is missing: make test installs it"
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    codes = [*NGINX_STATUS_LINES, 408, 444]
    locations = " ".join(f"location = /{n} {{ return {n}; }}" for n in codes)
    # An upstream that accepts connections (the kernel does, from the backlog) and never answers.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        http = NGINX_HTTP.format(
            work=work, port=port, locations=locations, silent=silent.getsockname()[1]
        )
        with nginx(nginx_config(work, http), [port], work):
            yield port, work / "access.log"


def last_logged(access_log) -> list[str]:
    """The status and body size of the newest access log line, once nginx has written it."""
    for _ in range(100):
        lines = access_log.read_text().splitlines()
        if lines:
            return lines[-1].split()
        time.sleep(0.05)
    raise AssertionError("nginx logged nothing")


# The old spellings nginx writes in its status line, as the dataset records them.
NGINX_STATUS_LINES = {
    413: "Request Entity Too Large",
    501: "Not Implemented",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}


@pytest.mark.parametrize("number", NGINX_STATUS_LINES)
def test_nginx_status_line_spellings(running_nginx, number):
    phrase = NGINX_STATUS_LINES[number]
    port, _ = running_nginx
    answer = exchange(port, f"GET /{number} HTTP/1.0\r\n\r\n".encode())
    assert answer.split(b"\r\n")[0] == f"HTTP/1.1 {number} {phrase}".encode()
    assert f"{number} {phrase}" in texts_of(number) or phrase in alias_names(number)


def test_nginx_never_sends_a_408_of_its_own_and_logs_it(running_nginx):
    port, access_log = running_nginx
    assert exchange(port, b"GET /408 HTTP/1.0\r\n\r\n") == b""
    assert last_logged(access_log)[0] == "408"
    assert "nginx keeps that spelling in its table of status lines but never sends a 408" in (
        texts_of(408)
    )


def test_nginx_444_closes_the_connection_and_logs_444_with_no_bytes(running_nginx):
    port, access_log = running_nginx
    assert exchange(port, b"GET /444 HTTP/1.0\r\n\r\n") == b""
    assert last_logged(access_log) == ["444", "0"]
    assert "the access log line shows 444 with 0 bytes" in vendor_body("nginx", 444)


def test_nginx_logs_499_when_the_client_leaves_before_the_answer(running_nginx):
    port, access_log = running_nginx
    access_log.write_text("")  # nginx appends; only this request's line is wanted
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET /slow HTTP/1.0\r\n\r\n")
        time.sleep(0.3)  # nginx is now waiting on the silent upstream
    assert last_logged(access_log)[0] == "499"
    assert "client hung up before nginx had sent a response" in vendor_body("nginx", 499)


def test_nginx_refuses_a_body_over_1_mb_by_default_with_413(running_nginx):
    request = b"POST / HTTP/1.0\r\nContent-Length: %d\r\n\r\n"
    port, _ = running_nginx
    assert exchange(port, request % (1024 * 1024 + 1)).startswith(b"HTTP/1.1 413 ")
    assert "defaults to 1 MB" in texts_of(413)


def test_nginx_answers_an_oversized_header_with_400_not_431(running_nginx):
    request = b"GET / HTTP/1.0\r\nCookie: " + b"a" * 9000 + b"\r\n\r\n"
    port, _ = running_nginx
    answer = exchange(port, request)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"Request Header Or Cookie Too Large" in answer
    assert 'nginx, for instance, answers 400 with a "Request Header Or Cookie Too Large"' in (
        texts_of(431)
    )


def node(script: str):
    binary = shutil.which("node")
    assert binary, "Node.js is missing (it is on every machine of this kind)"
    result = subprocess.run([binary, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_dataset_names_the_node_version_it_checked():
    assert node("console.log(JSON.stringify(process.versions.node))").startswith("20.")


def test_nodes_status_table():
    table = node("console.log(JSON.stringify(require('http').STATUS_CODES))")
    assert table["413"] == "Payload Too Large" and "Payload Too Large" in texts_of(413)
    assert table["422"] == "Unprocessable Entity"
    assert 'Node.js 20\'s `http.STATUS_CODES` among them ("Unprocessable Entity")' in texts_of(422)
    for number in (303, 308):
        assert str(number) in table and "Node.js 20's `http.STATUS_CODES`" in texts_of(number)
    assert "104" not in table


NODE_HEADER_LIMIT = """
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    socket.end('GET / HTTP/1.1\\r\\nHost: x\\r\\nCookie: ' + 'a'.repeat(17000) + '\\r\\n\\r\\n');
  });
  let answer = '';
  socket.on('data', (chunk) => { answer += chunk; });
  socket.on('close', () => {
    console.log(JSON.stringify([http.maxHeaderSize, answer.split('\\r\\n')[0]]));
    server.close();
  });
});
"""


def test_nodes_header_limit_and_431():
    limit, status_line = node(NODE_HEADER_LIMIT)
    assert (limit, status_line) == (16384, "HTTP/1.1 431 Request Header Fields Too Large")
    assert "`http.maxHeaderSize` is 16384" in texts_of(431)


def installed_pythons() -> list[str]:
    return [name for name in ("python3.11", "python3.12", "python3.13") if shutil.which(name)]


def test_pythons_status_tables():
    """The Pythons the dataset names (3.11 to 3.13): no 306 member, 303 and 308 present."""
    assert "python3.11" in installed_pythons()
    script = "import http, json; print(json.dumps([s.value for s in http.HTTPStatus]))"
    for python in installed_pythons():
        result = subprocess.run([python, "-c", script], capture_output=True, text=True)
        if result.returncode:  # a pyenv shim for a version that is not installed
            continue
        values = json.loads(result.stdout)
        assert 306 not in values and 104 not in values, python
        assert 303 in values and 308 in values, python
    assert "has no member for 306 (checked in Python 3.11, 3.12 and 3.13" in texts_of(306)
