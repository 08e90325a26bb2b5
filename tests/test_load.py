"""A bounded load on the production server: readers and token-authenticated writers at once
for a fixed time. It must end with no 5xx, no lost write and nothing alarming in the log."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from codes.models import StatusCode
from tests.livesite import production_site, run_load

pytestmark = pytest.mark.django_db(transaction=True)

LOAD_SECONDS = 6
WRITERS = {"writer-a": [200, 201, 202], "writer-b": [203, 204, 206]}


def writer_tokens():
    tokens = []
    for name in WRITERS:
        user = get_user_model().objects.create_superuser(name, password="x")
        tokens.append(Token.objects.create(user=user).key)
    return tokens


def assert_every_acknowledged_write_is_kept(outcome):
    assert len(outcome.acknowledged) >= 10, outcome.statuses
    last = {}
    for number, summary in outcome.acknowledged:
        last[number] = summary
    for number, summary in last.items():
        assert StatusCode.objects.get(number=number).summary == summary
    recorded = set(StatusCode.history.values_list("summary", flat=True))
    assert {summary for _, summary in outcome.acknowledged} <= recorded


def test_mixed_load_ends_with_no_5xx_no_lost_write_and_a_quiet_log(tmp_path):
    call_command("loaddata", "statuskb", verbosity=0)
    tokens = writer_tokens()
    log = tmp_path / "site.log"
    with production_site(log) as port:
        outcome = run_load(port, LOAD_SECONDS, tokens, list(WRITERS.values()))
    assert outcome.failures == []
    assert set(outcome.statuses) <= {200, 429}, outcome.statuses  # 429: the API's throttles
    assert outcome.statuses[200] > 100
    assert_every_acknowledged_write_is_kept(outcome)
    text = log.read_text()
    for alarm in ("ERROR", "CRITICAL", "Traceback", "WARNING"):
        assert alarm not in text, text
