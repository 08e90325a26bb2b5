"""The shipped dataset: complete, valid, and stable through dumpdata and loaddata."""

import datetime
import json
from http import HTTPStatus
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.html import escape

from codes.models import (
    Citation,
    RegistryStatus,
    Source,
    SourceKind,
    StatusCode,
    Vendor,
    VendorExtension,
)
from codes.verification import find_problems

# One worker loads the shipped dataset once for the whole module (conftest's dataset fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_dataset")]

REGISTERED = {
    100, 101, 102, 103,
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
    300, 301, 302, 303, 304, 305, 306, 307, 308,
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417,
    418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
    500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
}  # fmt: skip
SEEDS = {
    "leventemo-status-codes",
    "mdn-http-status",
    "http-status-code-tutorial",
    "dynomapper-status-codes",
    "mrtran-http-status-codes",
}
# What the dataset holds: every model but the history of edits (historical rows, revisions).
CODES_MODELS = [
    model
    for model in apps.get_app_config("statuskb").get_models()
    if not model.__name__.startswith("Historical") and model.__name__ != "Revision"
]


def dump() -> list:
    out = StringIO()
    call_command(
        "dumpdata",
        "statuskb",
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        stdout=out,
    )
    records = json.loads(out.getvalue())
    for record in records:
        for field in ("created", "modified"):
            if field in record["fields"]:
                record["fields"][field] = to_the_millisecond(record["fields"][field])
    return records


def to_the_millisecond(timestamp: str) -> str:
    """Django's JSON encoder keeps milliseconds: "…:43.000Z" and "…:43Z" are the same instant."""
    return datetime.datetime.fromisoformat(timestamp).isoformat(timespec="milliseconds")


def test_dataset_passes_verification(dataset):
    assert find_problems() == []


def test_verify_command_passes_on_the_dataset(dataset):
    out = StringIO()
    call_command("codes_verify", stdout=out)
    assert "The dataset is sound." in out.getvalue()


@pytest.mark.parametrize("model", CODES_MODELS, ids=lambda m: m._meta.model_name)
def test_every_record_passes_model_validation(dataset, model):
    records = list(model.objects.all())
    assert records
    for record in records:
        record.full_clean()


def test_every_registered_code_is_present_with_its_current_phrase(dataset):
    codes = {code.number: code for code in StatusCode.objects.all()}
    assert REGISTERED <= set(codes)
    assert codes[413].phrase == "Content Too Large"
    assert codes[422].phrase == "Unprocessable Content"
    assert codes[414].phrase == "URI Too Long"
    assert codes[416].phrase == "Range Not Satisfiable"
    assert codes[306].registry_status == codes[418].registry_status == RegistryStatus.RESERVED
    assert codes[510].is_obsolete
    assert codes[305].is_deprecated


def test_temporary_registrations_carry_the_registrys_dates(dataset):
    resumption = StatusCode.objects.get(number=104)
    assert resumption.phrase == "Upload Resumption Supported"
    assert resumption.registry_status == RegistryStatus.TEMPORARY
    dates = (
        resumption.registered_on,
        resumption.registration_extended_on,
        resumption.registration_expires_on,
    )
    assert [f"{date:%Y-%m-%d}" for date in dates] == ["2024-11-13", "2025-09-15", "2026-11-13"]
    assert resumption.references.get().source.slug == "draft-ietf-httpbis-resumable-upload"


def test_every_http_status_member_is_present(dataset):
    assert {status.value for status in HTTPStatus} <= set(
        StatusCode.objects.values_list("number", flat=True)
    )


def test_former_names_are_aliases_with_their_origin(dataset):
    aliases = {
        alias.name: alias.origin.slug for alias in StatusCode.objects.get(number=413).aliases.all()
    }
    assert aliases["Request Entity Too Large"] == "rfc2616"
    assert aliases["Payload Too Large"] == "rfc7231"


def test_sources_include_the_seeds_standards_mdn_and_iana(dataset):
    slugs = set(Source.objects.values_list("slug", flat=True))
    assert SEEDS <= slugs
    assert {"rfc9110", "rfc2616", "rfc7231", "iana-http-status-codes"} <= slugs
    assert Source.objects.get(slug="rfc9110").obsoletes.filter(slug="rfc7231").exists()
    assert Source.objects.get(slug="rfc9110").kind == SourceKind.STANDARD


def test_every_seed_is_cited(dataset):
    for slug in SEEDS:
        assert Citation.objects.filter(source__slug=slug).count() >= 20, slug


@pytest.mark.parametrize(
    ("source", "number", "expectation"),
    [
        ("http-status-code-tutorial", 413, lambda c: c.disagrees and "three" in c.note.lower()),
        ("http-status-code-tutorial", 308, lambda c: c.is_experimental and c.disagrees),
        ("http-status-code-tutorial", 306, lambda c: c.name_used == "Switch Proxy"),
        ("leventemo-status-codes", 102, lambda c: c.is_deprecated),
        ("mdn-http-status", 102, lambda c: not c.is_deprecated),
    ],
)
def test_known_source_disagreements_are_recorded(dataset, source, number, expectation):
    citation = Citation.objects.get(source__slug=source, status_code__number=number)
    assert expectation(citation), (citation.name_used, citation.note)


@pytest.mark.parametrize(
    ("number", "vendors"),
    [
        (419, ["laravel", "smoothwall", "spring"]),
        (420, ["twitter", "spring", "shopify"]),
        (499, ["nginx", "esri", "antivirus-proxies"]),
        (530, ["cloudflare", "pantheon"]),
        (599, ["tornado", "http-tiny", "unattributed-proxies", "alibaba-cloud"]),
        (444, ["nginx"]),
        (520, ["cloudflare"]),
        (451, ["microsoft"]),
    ],
)
def test_vendor_meanings_of_a_number_in_the_order_readers_meet_them(dataset, number, vendors):
    found = VendorExtension.objects.filter(number=number).values_list("vendor__slug", flat=True)
    assert list(found) == vendors


@pytest.mark.parametrize(
    ("vendor", "number"), [("nginx", 444), ("nginx", 495), ("cloudflare", 520)]
)
def test_vendor_documentation_backs_vendor_codes(dataset, vendor, number):
    extension = VendorExtension.objects.get(vendor__slug=vendor, number=number)
    assert extension.evidence == "vendor-docs"
    assert extension.evidence_url.startswith("https://")


# The vendor and informal codes readers meet in logs (issue 21), with the evidence each rests on.
LOG_CODES = {
    ("nginx", 494): "vendor-source",
    ("nginx", 499): "vendor-source",
    ("cloudflare", 530): "vendor-docs",
    ("google", 308): "vendor-source",
    ("microsoft", 449): "vendor-docs",
    ("microsoft", 450): "reported",
    ("microsoft", 456): "vendor-docs",
    ("microsoft", 457): "vendor-docs",
    ("aws", 460): "vendor-docs",
    ("aws", 463): "vendor-docs",
    ("aws", 464): "vendor-docs",
    ("aws", 561): "vendor-docs",
    ("laravel", 419): "vendor-source",
    ("shopify", 430): "vendor-docs",
    ("shopify", 540): "reported",
    ("qualys", 529): "vendor-docs",
    ("apache-httpd", 218): "reported",
    ("unattributed-proxies", 598): "reported",
    ("unattributed-proxies", 599): "reported",
    ("tornado", 599): "vendor-source",
}


@pytest.mark.parametrize(("vendor", "number"), LOG_CODES)
def test_codes_readers_meet_in_logs_are_published_with_their_evidence(dataset, vendor, number):
    extension = VendorExtension.objects.published().get(vendor__slug=vendor, number=number)
    assert extension.evidence == LOG_CODES[vendor, number]
    assert extension.citations.exists()


@pytest.mark.parametrize("number", [444, 494, 495, 496, 497, 499])
def test_nginx_codes_cite_the_nginx_source_that_defines_them(dataset, number):
    citation = Citation.objects.get(
        vendor_extension__vendor__slug="nginx",
        vendor_extension__number=number,
        source__slug="nginx-src-ngx-http-request-h",
    )
    assert "/release-1.31.4/src/http/ngx_http_request.h#L" in citation.url


def test_loading_twice_changes_nothing(dataset):
    before = dump()
    call_command("loaddata", "statuskb", verbosity=0)
    after = dump()
    for records in (before, after):
        for record in records:
            record["fields"].pop("modified", None)
            record["fields"].pop("created", None)
    assert before == after


def test_dumpdata_then_loaddata_into_a_fresh_database_gives_the_same_data(dataset, tmp_path):
    original = dump()
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(original))
    call_command("flush", interactive=False, verbosity=0)
    assert not StatusCode.objects.exists()
    call_command("loaddata", str(path), verbosity=0)
    assert dump() == original


def test_pages_show_the_data(dataset, client):
    index = client.get("/").content.decode()
    assert 'href="/404/"' in index and "Not Found" in index
    assert "nginx" in client.get("/444/").content.decode()


def test_every_vendor_meaning_shows_on_its_number_page_in_order_and_in_the_api(dataset, client):
    numbers = sorted(set(VendorExtension.objects.values_list("number", flat=True)))
    for number in numbers:
        page = client.get(f"/{number}/")
        assert page.status_code == 200, number
        html = page.content.decode()
        phrases = [escape(phrase) for phrase in meanings(number)]
        positions = [html.index(phrase) for phrase in phrases]
        assert positions == sorted(positions), number
        listed = client.get("/api/vendor-extensions/", {"number": number}).json()["results"]
        assert [row["phrase"] for row in listed] == meanings(number)


def meanings(number: int) -> list[str]:
    return list(VendorExtension.objects.filter(number=number).values_list("phrase", flat=True))


def test_every_vendor_and_source_page_renders(dataset, client):
    for vendor in Vendor.objects.all():
        assert client.get(vendor.get_absolute_url()).status_code == 200, vendor.slug
    for source in Source.objects.all():
        assert client.get(source.get_absolute_url()).status_code == 200, source.slug
