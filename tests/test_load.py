"""A bounded load on the production server: readers and token-authenticated writers at once
for a fixed time. It must end with no 5xx, no lost write and nothing alarming in the log."""

from collections import Counter
from contextlib import ExitStack

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from bench.servers import redis
from codes.models import Revision, StatusCode
from tests.conftest import load_dataset
from tests.livesite import behind_nginx, free_port, production_site, request, run_load

# Alone, after the rest (make test): how many writes a few seconds of load gets through
# depends on what else the machine's two cores are doing.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.exclusive]

LOAD_SECONDS = 6
WRITERS = {"writer-a": [200, 201, 202], "writer-b": [203, 204, 206]}


def writer_tokens():
    tokens = []
    for name in WRITERS:
        user = get_user_model().objects.create_superuser(name, password="x")
        tokens.append(Token.objects.create(user=user).key)
    return tokens


def assert_every_acknowledged_write_is_kept(outcome, at_least=10):
    """Each writer changes codes of its own; the revision of each code holds the last change
    the server acknowledged, and the published code is untouched until review."""
    assert len(outcome.acknowledged) >= at_least, outcome.statuses
    last = {}
    for number, summary in outcome.acknowledged:
        last[number] = summary
    for number, summary in last.items():
        code = StatusCode.objects.get(number=number)
        [revision] = Revision.objects.of(code).open()
        assert revision.content["fields"]["summary"] == summary
        assert code.summary != summary


def test_mixed_load_ends_with_no_5xx_no_lost_write_and_a_quiet_log(tmp_path):
    load_dataset()
    tokens = writer_tokens()
    log = tmp_path / "site.log"
    with production_site(log) as port:
        outcome = run_load(port, LOAD_SECONDS, tokens, list(WRITERS.values()))
    assert outcome.failures == []
    # 202: writes to published codes are revisions; 429: the API's throttles
    assert set(outcome.statuses) <= {200, 202, 429}, outcome.statuses
    assert outcome.statuses[200] > 100
    assert_every_acknowledged_write_is_kept(outcome)
    text = log.read_text()
    for alarm in ("ERROR", "CRITICAL", "Traceback", "WARNING"):
        assert alarm not in text, text


def test_behind_nginx_a_throttled_client_cannot_make_others_see_429(tmp_path):
    """The same load through deploy/nginx.conf, with Redis keeping the throttles' counts for
    all workers, as deployed, and a greedy client on an address of its own that invents an
    X-Forwarded-For for every request: it is throttled by the address nginx saw
    (TRUSTED_PROXIES=1), and its 429s are never kept for anyone else."""
    load_dataset()
    tokens = writer_tokens()
    log = tmp_path / "site.log"
    redis_port = free_port()
    with ExitStack() as servers:
        servers.enter_context(redis(redis_port, tmp_path))
        app_port = servers.enter_context(
            production_site(log, TRUSTED_PROXIES="1", CACHE_URL=f"redis://127.0.0.1:{redis_port}/0")
        )
        port = servers.enter_context(behind_nginx(app_port, tmp_path / "nginx"))
        # Shorter: the load itself is the test above's; the greedy client runs until refused.
        outcome = run_load(port, LOAD_SECONDS / 2, tokens, list(WRITERS.values()), greedy=True)
        throttled = [path for path, status in outcome.greedy if status == 429]
        assert throttled, Counter(status for _, status in outcome.greedy)
        # Another reader asks for what the greedy client was refused: the site answers.
        after = [request(port, "GET", path) for path in throttled[:50]]
    assert outcome.failures == []
    assert set(outcome.reads) == {200}, outcome.reads
    assert {status for _, status in outcome.greedy} == {200, 429}
    assert {status for status, _ in after} == {200}
    assert {headers["X-Cache-Status"] for _, headers in after} <= {"MISS", "EXPIRED"}
    assert_every_acknowledged_write_is_kept(outcome, at_least=5)
    for alarm in ("ERROR", "CRITICAL", "Traceback"):
        assert alarm not in log.read_text()
