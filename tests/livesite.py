"""The demo site under its production server (gunicorn, DEBUG off) on loopback, against the
test database, and a bounded load of readers and token-authenticated writers on it."""

from __future__ import annotations

import http.client
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from bench import nginxconf
from bench.servers import REPO, nginx, process, wait_for_port

GREEDY_ADDRESS = "127.0.0.2"
READ_PATHS = ["/", "/404/", "/4xx/", "/search/?q=retry", "/api/codes/", "/api/codes/404/"]
REQUEST_TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as the server's DATABASE_URL."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@contextmanager
def production_site(log: Path, demo_tables: bool = False, **env):
    """gunicorn serving statuskb.settings with DEBUG off, yielding its port. With demo_tables,
    the demo site's own tables (the admin login's lockouts) are added to the test database's."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "statuskb.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_URL": "",
        # Its own: live sites of tests running side by side collect at the same time.
        "STATIC_ROOT": str(log.parent / "staticfiles"),
        **env,
    }
    # As a deployment does: static files served from the collected manifest.
    commands = [["collectstatic", "--noinput"]] + [["migrate", "--noinput"]] * demo_tables
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=REPO, env=environment, check=True
        )
    args = [sys.executable, "-m", "gunicorn", "statuskb.wsgi:application"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", "3", "--timeout", "30"]
    with process(args, log, env=environment):
        wait_for_port(port)
        yield port


@contextmanager
def behind_nginx(app_port: int, work: Path):
    """deploy/nginx.conf in front of the site, as the benchmark runs it; yields nginx's port."""
    port, static_port = free_port(), free_port()
    (work / "static").mkdir(parents=True, exist_ok=True)
    proxy = nginxconf.shipped([app_port], port, work / "cache")
    config = nginxconf.write(
        work, static_port=static_port, static_files=work / "static", proxy=proxy
    )
    with nginx(config, [port, static_port], work):
        yield port


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # no answer at all: refused, timed out
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (number, summary)
    reads: Counter = field(default_factory=Counter)  # statuses the readers got
    greedy: list[tuple[str, int]] = field(default_factory=list)  # (path, status)
    answers: list[tuple[float, int, dict]] = field(default_factory=list)  # (time, status, headers)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, headers: dict) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.answers.append((time.monotonic(), status, headers))


def request(port, method, path, body=None, headers=None, source="127.0.0.1"):
    """One request from the given loopback address (all of 127.0.0.0/8 is this machine)."""
    client = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=REQUEST_TIMEOUT, source_address=(source, 0)
    )
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        client.close()


def reader(port, deadline, outcome):
    chooser = random.Random(1)
    while time.monotonic() < deadline:
        try:
            status, headers = request(port, "GET", chooser.choice(READ_PATHS))
        except OSError as error:
            outcome.failures.append(f"read: {error!r}")
            continue
        outcome.record(status, headers)
        with outcome.lock:
            outcome.reads[status] += 1


def greedy_reader(port, deadline, outcome, refusals=10, limit=60):
    """Reads from its own address as fast as it can, each time a URL no cache holds yet and an
    X-Forwarded-For of its own invention: throttled soon, it must not make others see 429. It
    goes on past the deadline, for up to `limit` seconds, until it has been refused `refusals`
    times, however slowly a busy machine answers."""
    serial, refused = 0, 0
    give_up = time.monotonic() + limit
    while (time.monotonic() < deadline or refused < refusals) and time.monotonic() < give_up:
        serial += 1
        path = f"/api/classes/4/?n={serial}"
        headers = {"X-Forwarded-For": f"10.{serial % 250}.0.1"}
        try:
            status, answer = request(port, "GET", path, headers=headers, source=GREEDY_ADDRESS)
        except OSError as error:
            outcome.failures.append(f"greedy read: {error!r}")
            continue
        refused += status == 429
        outcome.record(status, answer)
        with outcome.lock:
            outcome.greedy.append((path, status))


def writer(port, deadline, outcome, token, numbers):
    """Changes the summaries of its own codes in turn, each to a text never used before."""
    serial = 0
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    while time.monotonic() < deadline:
        number = numbers[serial % len(numbers)]
        summary = f"Load write {token[:6]}-{serial}"
        serial += 1
        body = f'{{"summary": "{summary}"}}'
        try:
            status, answer = request(port, "PATCH", f"/api/codes/{number}/", body, headers)
        except OSError as error:
            outcome.failures.append(f"write: {error!r}")
            continue
        outcome.record(status, answer)
        if status == 202:  # a published code's change, recorded as a revision for review
            with outcome.lock:
                outcome.acknowledged.append((number, summary))


def run_load(port, seconds, tokens, numbers_per_writer, readers=4, greedy=False) -> Outcome:
    outcome = Outcome()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=reader, args=(port, deadline, outcome)) for _ in range(readers)
    ]
    if greedy:
        threads.append(threading.Thread(target=greedy_reader, args=(port, deadline, outcome)))
    threads += [
        threading.Thread(target=writer, args=(port, deadline, outcome, token, numbers))
        for token, numbers in zip(tokens, numbers_per_writer, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 65)
    return outcome
