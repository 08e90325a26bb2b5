"""Faults under load, on PostgreSQL with Redis as the cache: the database stops for a few
seconds and starts again, then Redis does. Readers get 503 with Retry-After while the database
is away (never a 500, never a hang), the site recovers by itself, and no acknowledged write is
lost. While Redis is away, pages are rendered without it.

Stopping the database needs Debian's pg_ctlcluster and root, as in CI (.ci/run).
"""

import shutil
import subprocess
import threading
import time

import pytest
from django.db import connection

from bench.servers import redis
from tests.conftest import load_dataset
from tests.livesite import free_port, production_site, request, run_load
from tests.test_load import WRITERS, assert_every_acknowledged_write_is_kept, writer_tokens

pytestmark = [
    pytest.mark.exclusive,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="stops PostgreSQL"),
]

LOAD_SECONDS = 16
DATABASE_DOWN = (3, 7)  # seconds into the load
REDIS_DOWN = (10, 12)


def cluster() -> list[str]:
    """Debian's version and name of the cluster serving the test database."""
    port = str(connection.settings_dict["PORT"] or 5432)
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for line in listing.stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == port:
            return [version, name]
    raise AssertionError(f"No cluster of pg_lsclusters listens on port {port}.")


def pg_ctlcluster(action: str) -> None:
    extra = ["-m", "fast"] if action == "stop" else []
    subprocess.run(["pg_ctlcluster", *cluster(), action, *extra], check=True)
    if action == "start":
        subprocess.run(["pg_isready", "-q", "-t", "30", "-h", "127.0.0.1"], check=True)


def cluster_is_running() -> bool:
    return (
        subprocess.run(["pg_ctlcluster", *cluster(), "status"], capture_output=True).returncode == 0
    )


def at(second, start, action):
    delay = start + second - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    action()


class Script(threading.Thread):
    """Steps run in order at their scheduled seconds into the load, each only after the one
    before has finished (a fast shutdown under load can take several seconds, and starting a
    cluster that is still stopping fails). Records when each step finished and what it raised."""

    def __init__(self, start, steps):
        super().__init__()
        self.start_time, self.steps = start, steps
        self.finished: dict[str, float] = {}
        self.error: BaseException | None = None

    def run(self):
        try:
            for name, second, action in self.steps:
                at(second, self.start_time, action)
                self.finished[name] = time.monotonic() - self.start_time
        except BaseException as error:  # noqa: BLE001 (reported by the test, not lost in the thread)
            self.error = error


@pytest.fixture
def database_cluster():
    cluster()  # fails early when no Debian cluster serves the test database
    # A checkpoint now leaves little for the shutdown checkpoint to write, so the outage
    # starts when the script says rather than seconds later.
    port = str(connection.settings_dict["PORT"] or 5432)
    subprocess.run(["su", "postgres", "-c", f"psql -q -p {port} -c CHECKPOINT"], check=True)
    yield
    if not cluster_is_running():  # whatever happened, later tests need the database back
        pg_ctlcluster("start")


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: apt-get install redis-server (make test does)")
    port = free_port()
    work = tmp_path / "redis"
    work.mkdir()
    holder = {}

    def start():
        holder["context"] = redis(port, work)
        holder["context"].__enter__()

    def stop():
        holder.pop("context").__exit__(None, None, None)

    start()
    yield port, start, stop
    if "context" in holder:
        stop()


def test_database_and_cache_outages_under_load(tmp_path, redis_server, database_cluster):
    load_dataset()
    tokens = writer_tokens()
    redis_port, start_redis, stop_redis = redis_server
    log = tmp_path / "site.log"
    with production_site(log, CACHE_URL=f"redis://127.0.0.1:{redis_port}/0") as port:
        for _ in range(3):  # warm the page cache
            assert request(port, "GET", "/404/")[0] == 200
        start = time.monotonic()
        database = Script(
            start,
            [
                ("database down", DATABASE_DOWN[0], lambda: pg_ctlcluster("stop")),
                ("database up", DATABASE_DOWN[1], lambda: pg_ctlcluster("start")),
            ],
        )
        cache = Script(
            start,
            [("cache down", REDIS_DOWN[0], stop_redis), ("cache up", REDIS_DOWN[1], start_redis)],
        )
        database.start()
        cache.start()
        outcome = run_load(port, LOAD_SECONDS, tokens, list(WRITERS.values()))
        database.join()
        cache.join()
        ready = request(port, "GET", "/readyz")

    connection.close()  # the test's own connection did not survive the restart
    assert database.error is None and cache.error is None, (database.error, cache.error)
    database_up = database.finished["database up"]
    assert database_up < LOAD_SECONDS - 3, "the database came back too late to see recovery"
    assert outcome.failures == []  # every request got an answer within the timeout
    # 202: a write to a published code, kept as a revision for review
    assert set(outcome.statuses) <= {200, 202, 429, 503}, outcome.statuses
    unavailable = [
        (when - start, headers) for when, status, headers in outcome.answers if status == 503
    ]
    assert unavailable, "the database outage never showed"
    assert all(headers.get("Retry-After") == "5" for _, headers in unavailable)
    assert all(DATABASE_DOWN[0] <= when <= database_up + 5 for when, _ in unavailable)
    recovered = [status for when, status, _ in outcome.answers if when - start > LOAD_SECONDS - 3]
    assert recovered and set(recovered) <= {200, 202, 429}
    assert ready[0] == 200
    assert_every_acknowledged_write_is_kept(outcome)
    text = log.read_text()
    assert "Internal Server Error" not in text and "Service Unavailable" in text
