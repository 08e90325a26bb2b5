"""Bad input anywhere gets a clear 4xx or a clear command error, never a 500 and never a partial
write: absurd paths and query strings, oversized bodies and uploads, malformed imports and
fixtures."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from codes.groups import EDITORS, create_groups
from codes.models import StatusCode
from tests.factories import SourceFactory, StatusCodeFactory, VendorExtensionFactory, VendorFactory

pytestmark = pytest.mark.django_db

ODD = [
    "x" * 5000,
    "ünïcödé-✓",
    "%00",
    "nul\x00byte",
    "' OR 1=1 --",
    "1; DROP TABLE statuskb_statuscode",
    "../../etc/passwd",
    "%2e%2e%2f%2e%2e%2f",
    "<script>",
    "-1",
    "99999999999999999999999",
    "4xx",
    "😀" * 50,
    "\u202e\u0000\ufeff",
]
PATH_TEMPLATES = [
    "/{}/",
    "/{}/vs/404/",
    "/404/vs/{}/",
    "/vendors/{}/",
    "/sources/{}/",
    "/api/codes/{}/",
    "/api/classes/{}/",
    "/api/vendors/{}/",
    "/api/vendor-extensions/{}/{}/",
    "/api/sources/{}/",
    "/{}",
]
QUERY_TEMPLATES = [
    "/search/?q={}",
    "/api/codes/?page={}",
    "/api/codes/?page_size={}",
    "/api/codes/?ordering={}",
    "/api/codes/?status_class={}",
    "/api/codes/?registry_status={}",
    "/api/codes/?is_deprecated={}",
    "/api/codes/?vendor={}",
    "/api/codes/?search={}",
    "/api/codes/?format={}",
    "/api/vendor-extensions/?number={}",
    "/api/export.csv?status_class={}",
    "/?{}={}",
]


@pytest.fixture
def kb():
    StatusCodeFactory(number=404, phrase="Not Found")
    SourceFactory(slug="rfc9110")
    VendorExtensionFactory(vendor=VendorFactory(slug="nginx"), number=444)


@pytest.mark.parametrize("odd", ODD, ids=range(len(ODD)))
def test_absurd_paths_and_query_strings_get_4xx_or_a_redirect(client, kb, odd):
    for template in PATH_TEMPLATES + QUERY_TEMPLATES:
        path = template.format(*[odd] * template.count("{}"))
        for accept in ("text/html", "application/json"):
            response = client.get(path, headers={"accept": accept})
            assert response.status_code < 500, (path, response.status_code)


@pytest.fixture
def editor_api(django_user_model):
    user = django_user_model.objects.create_user("ed", is_staff=True)
    user.groups.add(create_groups()[EDITORS])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{" * 10_000, "application/json"),
        ('{"number": 499, "phrase": "' + "x" * 2_000_000 + '"}', "application/json"),
        ('{"number": "499\\u0000", "phrase": "Nul"}', "application/json"),
        ('{"number": [499], "phrase": {"a": 1}}', "application/json"),
        ("[]", "application/json"),
        ("null", "application/json"),
        ("\xff\xfe garbage", "application/json"),
        ("<xml/>", "application/xml"),
    ],
    ids=range(8),
)
def test_bad_api_bodies_are_4xx_and_write_nothing(editor_api, kb, body, content_type):
    response = editor_api.generic("POST", "/api/codes/", body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert not StatusCode.objects.filter(number=499).exists()


@pytest.fixture
def editor_client(django_user_model):
    user = django_user_model.objects.create_user("ed", is_staff=True)
    user.groups.add(create_groups()[EDITORS])
    client = Client()
    client.force_login(user)
    return client


def post_import(client, content: bytes, name="codes.csv", file_format="0"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    url = reverse("admin:statuskb_statuscode_import")
    return client.post(url, {"import_file": upload, "format": file_format, "resource": "0"})


def test_an_oversized_import_file_is_refused_before_a_row_is_read(editor_client, settings):
    settings.CODES_IMPORT_MAX_BYTES = 1000
    row = b"499,Client Closed,,,,unassigned\n"
    content = b"number,phrase,summary,body,state,registry_status\n" + row * 100
    response = post_import(editor_client, content)
    assert response.status_code == 200
    assert "files to import may be at most 1000" in response.content.decode()
    assert not StatusCode.objects.filter(number=499).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02\xff\xfe binary",
        b"number,phrase\n" + b"4" * 100_000 + b",Long\n",
        b"number,phrase\nfour hundred,Words\n",
        b'number,phrase\n499,"unterminated\n',
        b"",
        "number,phrase\n499,Ünïcödé ✓\n".encode("utf-16"),
    ],
    ids=range(6),
)
def test_malformed_imports_are_errors_on_the_page_and_write_nothing(editor_client, content):
    response = post_import(editor_client, content)
    assert response.status_code == 200
    assert not StatusCode.objects.filter(number__gte=400).exclude(number=404).exists()


def test_malformed_json_import_writes_nothing(editor_client):
    response = post_import(editor_client, b'[{"number": 499', name="codes.json", file_format="1")
    assert response.status_code == 200
    assert not StatusCode.objects.filter(number=499).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"number": 499, "phrase": "x" * 10_000, "status_class": 4},
        {"number": 499, "phrase": "Nul\x00", "status_class": 4},
        {"number": "four", "phrase": "Words", "status_class": 4},
        {"number": 499, "phrase": "Wrong class", "status_class": 9},
        {"number": 70000, "phrase": "Too big", "status_class": 4},
    ],
    ids=range(5),
)
def test_bad_fixtures_fail_with_a_message_and_load_nothing(tmp_path, fields):
    path = tmp_path / "bad.json"
    good = {
        "model": "statuskb.statuscode",
        "fields": {"number": 498, "phrase": "Good", "status_class": 4},
    }
    path.write_text(json.dumps([good, {"model": "statuskb.statuscode", "fields": fields}]))
    # loaddata names the fixture or the record; its error classes vary with what failed.
    with pytest.raises(Exception, match=r"(?i)statuskb\.statuscode|bad\.json"):
        call_command("loaddata", str(path), verbosity=0)
    assert not StatusCode.objects.exists()
