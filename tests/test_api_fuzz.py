"""Schema-driven fuzzing of the API against its own OpenAPI schema, in-process through WSGI.

schemathesis reads /api/schema/ from the app, generates requests for every operation in it, valid
ones and deliberately invalid ones, and checks every response: no server error, only documented
status codes, content types and headers, and bodies that match the documented schemas.

Every operation runs anonymously, where writes must be refused (401), never crash; and as a
superuser with an API token, so that writes get past the permission check and their validation
runs. What a request writes is rolled back, so every example starts from the shipped dataset.

Hypothesis keeps failing examples in .hypothesis/ (git-ignored) and replays them first next time;
delete the directory to start afresh.
"""

import json
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

# One worker loads the shipped dataset once for the whole module (conftest's dataset fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_api_fuzz")]

# Examples per operation in the fuzzing phase; the coverage phase adds its own boundary cases.
# The export builds the whole knowledge base per request, so it gets fewer.
MAX_EXAMPLES = 20
EXPORT_EXAMPLES = MAX_EXAMPLES // 5
WRITE_EXAMPLES = MAX_EXAMPLES // 4

FUZZ = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # The fixtures are function-scoped on purpose (a token, throttle settings); nothing in them
    # needs resetting between examples, which each roll back what they write.
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
)

# Chosen from schemathesis.checks; what they find is a bug in the API or in its schema.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    # A method an operation does not have is 405, with an Allow header that matches the schema.
    checks.unsupported_method,
    checks.allow_header_conformance,
]
# Anonymously, a write that succeeds is a hole: every status it could give is documented, so
# only this check notices. (As the superuser it would re-send every success without the token:
# slower, and no more than the anonymous run shows.)
ANONYMOUS_CHECKS = [*CHECKS, checks.ignored_auth]
# Left out, deliberately:
# - negative_data_rejection: it flags leniency that Django REST framework has by design and the
#   API keeps: a JSON number for a string field is accepted as its text (0 as "0"), and an empty
#   form field counts as absent.
# - positive_data_acceptance: schema-valid writes may still be refused with 400 by rules a JSON
#   schema cannot state (unique slugs and numbers, the model's clean(): "vendor-docs evidence
#   needs a URL"), which is correct.
# - missing_required_header: it expects 401 when the coverage phase leaves out Authorization, but
#   the superuser run always sends its token; the anonymous run covers missing credentials.
# - use_after_free, ensure_resource_availability: they follow resources across requests, which
#   needs schemathesis's stateful runner, not single cases.
# - object_level_authorization: it needs two identities that own objects; editors share them all.
# - max_response_time: timing in-process says nothing about production.

APP = get_wsgi_application()


def load_schema(**operations):
    """The app's schema; the keyword arguments are per-operation settings for schemathesis."""
    config = SchemathesisConfig.from_dict({"operations": [operations]}) if operations else None
    return schemathesis.openapi.from_wsgi("/api/schema/", APP, config=config)


def needs_credentials(raw_schema) -> list[str]:
    return [
        operation["operationId"]
        for path in raw_schema["paths"].values()
        for operation in path.values()
        if {} not in operation.get("security", [{}])
    ]


NO_COVERAGE = {"phases": {"coverage": {"enabled": False}}}
# As the superuser, reads differ from anonymous ones only in showing drafts: fuzzing them is
# enough, and the coverage phase's boundary cases go to the writes.
superuser_schema = load_schema(**{"include-method": "GET"}, **NO_COVERAGE)
# Anonymous writes are refused before their body is read, so the coverage phase's hundreds of
# body variants would all meet the same 401: the fuzzing phase is enough there. The token
# endpoint is for anonymous clients: it reads its body whoever asks.
anonymous_schema = load_schema(
    **{"include-operation-id": [*needs_credentials(superuser_schema.raw_schema), "token_create"]},
    **NO_COVERAGE,
)
# The superuser's writes get past the permission check, so their bodies are read: schema-made
# ones, and pathological ones (PATHOLOGICAL) mixed in.
writes_schema = load_schema(
    **{"include-operation-id": needs_credentials(superuser_schema.raw_schema)}, **NO_COVERAGE
)


# What no honest client sends, as bodies that schemathesis can still encode as JSON (those it
# cannot, deep nesting, NaN, lone surrogates, invalid UTF-8 or duplicate keys, are sent as bytes
# in test_pathological_input.py).
PATHOLOGICAL = [
    {"number": 10**4000, "phrase": "x"},
    {"number": 1e308, "summary": -1e-308},
    {"summary": "x" * (1024 * 1024 + 1)},
    {"summary": "\x00", "phrase": "\x1b[31m"},
    [],
    "body",
    None,
]


def before_generate_body(context, strategy):
    return st.one_of(strategy, st.sampled_from(PATHOLOGICAL))


writes_schema.hook(before_generate_body)


def is_export(context) -> bool:
    return context.operation.path.startswith("/api/export.")


def known_keys() -> dict[str, tuple[str, list[str]]]:
    """Path parameters of resources in the shipped dataset, so fuzzed requests hit some."""
    records = json.loads((Path(__file__).parent.parent / "fixtures/statuskb.json").read_text())

    def fields(model):
        return [record["fields"] for record in records if record["model"] == f"statuskb.{model}"]

    return {
        "/api/classes/{digit}/": ("digit", [str(digit) for digit in range(1, 6)]),
        "/api/codes/{number}/": ("number", [str(code["number"]) for code in fields("statuscode")]),
        "/api/vendors/{slug}/": ("slug", [vendor["slug"] for vendor in fields("vendor")]),
        "/api/sources/{slug}/": ("slug", [source["slug"] for source in fields("source")]),
        "/api/vendor-extensions/{key}/": (
            "key",
            [f"{ext['vendor'][0]}/{ext['number']}" for ext in fields("vendorextension")],
        ),
    }


KNOWN_KEYS = known_keys()


def before_generate_path_parameters(context, strategy):
    """Half the time, the path names a resource that exists rather than a made-up one."""
    if context.operation.path not in KNOWN_KEYS:
        return strategy
    name, keys = KNOWN_KEYS[context.operation.path]
    return st.one_of(strategy, st.sampled_from(keys).map(lambda key: {name: key}))


for loaded in (superuser_schema, anonymous_schema, writes_schema):
    loaded.hook(before_generate_path_parameters)


@pytest.fixture
def app_in_test_transaction(dataset, settings):
    """Serve the fuzzed requests inside the test's transaction, unthrottled.

    Django's WSGI handler closes the database connection when a request starts and finishes;
    on PostgreSQL that would end the test transaction. Django's test Client disconnects it for
    the same reason.
    """
    settings.CODES_ANON_THROTTLE_RATE = settings.CODES_USER_THROTTLE_RATE = "1000000/minute"
    settings.CODES_LOGIN_THROTTLE_RATE = "1000000/minute"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the demo site's limit
    cache.clear()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def superuser_token(admin_user):
    return {"Authorization": f"Token {Token.objects.create(user=admin_user).key}"}


def call_and_validate(case, headers=None, checks=CHECKS):
    """One request, checked; whatever it writes is rolled back."""
    with transaction.atomic():
        case.call_and_validate(headers=headers, checks=checks)
        transaction.set_rollback(True)


@anonymous_schema.exclude(is_export).parametrize()
@FUZZ
def test_anonymous(case, app_in_test_transaction):
    call_and_validate(case, checks=ANONYMOUS_CHECKS)


@superuser_schema.exclude(is_export).parametrize()
@FUZZ
def test_superuser(case, app_in_test_transaction, superuser_token):
    call_and_validate(case, superuser_token)


# Fewer examples: test_pathological_input.py sends every write the worst bodies directly.
@writes_schema.parametrize()
@hypothesis.settings(FUZZ, max_examples=WRITE_EXAMPLES)
def test_superuser_writes(case, app_in_test_transaction, superuser_token):
    call_and_validate(case, superuser_token)


# The export is public and shows the published entries, whoever asks: anonymous is enough.
@anonymous_schema.exclude(lambda context: not is_export(context)).parametrize()
@hypothesis.settings(FUZZ, max_examples=EXPORT_EXAMPLES)
def test_export(case, app_in_test_transaction):
    call_and_validate(case, checks=ANONYMOUS_CHECKS)
