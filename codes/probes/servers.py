"""Probes of web servers: start the server on a loopback port with a configuration that answers
each number, ask for every number, and read the status line it sends."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import Named, NotHere, Reading

STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) ?([^\r\n]*)\r?\n")


def nginx(numbers: Iterable[int]) -> Reading:
    """nginx answering each number with `return`."""
    numbers = sorted(numbers)
    if not shutil.which("nginx"):
        raise NotHere("nginx is not installed")
    version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    with tempfile.TemporaryDirectory() as work, free_port() as port:
        locations = "\n".join(f"location = /{n} {{ return {n}; }}" for n in numbers)
        temp_paths = " ".join(
            f"{kind}_temp_path {work};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        config = Path(work, "nginx.conf")
        config.write_text(
            f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
            f"http {{ {temp_paths} access_log off;\n"
            f"server {{ listen 127.0.0.1:{port};\n{locations}\n}} }}\n"
        )
        args = ["nginx", "-p", work, "-c", str(config), "-g", "daemon off;"]
        with serving(args, port):
            names = {number: ask(port, f"/{number}", number) for number in numbers}
    return Reading(version.strip().rpartition("/")[2].split()[0], names, reads_constants=False)


APACHE_MODULES = ["mpm_event", "authz_core", "mime", "asis"]


def apache_httpd(numbers: Iterable[int]) -> Reading:
    """Apache httpd sending, through mod_asis, a response whose Status header gives only the
    number: the phrase in the status line is Apache's own."""
    numbers = sorted(numbers)
    binary = shutil.which("apache2") or shutil.which("httpd")
    if not binary:
        raise NotHere("Apache httpd is not installed")
    version = subprocess.run([binary, "-v"], capture_output=True, text=True).stdout
    modules = Path(subprocess.run(
        [binary, "-V"], capture_output=True, text=True
    ).stdout.partition('HTTPD_ROOT="')[2].partition('"')[0], "modules")  # fmt: skip
    if not modules.is_dir():
        modules = Path("/usr/lib/apache2/modules")
    with tempfile.TemporaryDirectory() as work, free_port() as port:
        root = Path(work, "www")
        root.mkdir()
        for number in numbers:
            Path(root, f"{number}.asis").write_text(f"Status: {number}\n\n")
        loads = "\n".join(f"LoadModule {m}_module {modules}/mod_{m}.so" for m in APACHE_MODULES)
        config = Path(work, "httpd.conf")
        config.write_text(
            f"ServerRoot {work}\nListen 127.0.0.1:{port}\nPidFile {work}/httpd.pid\n"
            f"ErrorLog {work}/error.log\n{loads}\nUser nobody\nGroup nogroup\n"
            f"ServerName localhost\nDocumentRoot {root}\n"
            "TypesConfig /dev/null\nAddHandler send-as-is asis\n"
        )
        Path(root).chmod(0o755)
        Path(work).chmod(0o755)  # the server's children run as nobody
        with serving([binary, "-f", str(config), "-DFOREGROUND"], port):
            names = {number: ask(port, f"/{number}.asis", number) for number in numbers}
    return Reading(re.search(r"Apache/([\d.]+)", version)[1], names, reads_constants=False)


@contextmanager
def free_port() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield port


@contextmanager
def serving(args: list[str], port: int) -> Iterator[None]:
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not listening(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{args[0]} did not start: {server.stderr.read().decode()}")
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait(timeout=20)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def ask(port: int, path: str, number: int) -> Named:
    """The status line the server sends for a request of the path."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while b"\n" not in answer and (chunk := connection.recv(65536)):
            answer += chunk
    match = STATUS_LINE.match(answer)
    if not match:
        return Named(sends=None)
    sent = int(match[1])
    return Named(match[2].decode("latin-1"), sends=0 if sent == number else sent)
