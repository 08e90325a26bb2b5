"""codes_verify's checks of what the texts claim: deep links, software versions, years."""

import datetime

import pytest

from codes.claims import find_claim_problems
from codes.models import Header
from tests.factories import (
    AliasFactory,
    CitationFactory,
    HeaderFactory,
    SourceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_citation_of_a_source_with_anchors_must_link_to_one():
    rfc = SourceFactory(
        slug="rfc9110", url="https://www.rfc-editor.org/rfc/rfc9110", has_anchors=True
    )
    citation = CitationFactory(source=rfc, status_code=StatusCodeFactory(number=404), url=rfc.url)
    CitationFactory(source=SourceFactory(url="https://example.com/blog/"), url="")
    assert find_claim_problems() == ["404: cites rfc9110 without a deep link (#anchor)"]

    citation.url = f"{rfc.url}#section-15.5.5"
    citation.save()
    assert find_claim_problems() == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Python's `http.HTTPStatus` still uses the old name.",
        "nginx no longer sends a body for it.",
        "Node.js now calls it Content Too Large.",
    ],
)
def test_a_claim_about_how_software_stands_must_name_its_versions(sentence):
    StatusCodeFactory(number=413, body=f"Intro.\n\n{sentence} More.")
    assert find_claim_problems() == [
        f"413 body: says how software stands without naming its versions: {sentence!r}"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Python 3.13 and later now use the RFC 9110 name.",
        "Node.js 20 still calls it Payload Too Large.",
        "nginx (checked in 1.22.1) still sends the hyphenated spelling.",
        "The server still has to send a Location header.",  # not about software
    ],
)
def test_versioned_or_software_free_claims_pass(sentence):
    StatusCodeFactory(number=413, summary=sentence)
    assert find_claim_problems() == []


def test_claims_are_checked_in_vendor_codes_notes_and_aliases():
    extension = VendorExtensionFactory(
        vendor__slug="nginx", number=499, body="nginx still logs it."
    )
    CitationFactory(
        source__slug="blog",
        status_code=None,
        vendor_extension=extension,
        note="Apache now sends it.",
    )
    AliasFactory(
        code=StatusCodeFactory(number=504), name="Gateway Time-out", note="nginx still sends it."
    )
    assert [problem.split(":")[0] for problem in find_claim_problems()] == [
        "nginx 499 body",
        "nginx 499 note from blog",
        "504 alias 'Gateway Time-out'",
    ]


def test_a_year_given_for_an_rfc_must_match_its_source():
    SourceFactory(slug="rfc7231", published_on=datetime.date(2014, 6, 1))
    StatusCodeFactory(number=413, body="Renamed by RFC 7231 (2014).")
    StatusCodeFactory(number=414, summary="Named by RFC 7231 in 2015.")
    assert find_claim_problems() == ["414 summary: dates RFC 7231 2015, its source says 2014"]


def test_an_rfc_without_a_source_must_be_given_one_year():
    StatusCodeFactory(number=308, summary="Experimental in RFC 7238 (2014).")
    StatusCodeFactory(number=307, body="308 was first specified in RFC 7238, 2014.")
    assert find_claim_problems() == []
    StatusCodeFactory(number=302, body="See RFC 7238 (2013).")
    assert find_claim_problems() == [
        "RFC 7238 is given different years: 2013 in 302 body, 2014 in 307 body, 2014 in 308 summary"
    ]


def test_drafts_are_not_checked():
    StatusCodeFactory(number=413, body="Python still uses it.", state="draft")
    assert find_claim_problems() == []


def test_a_header_named_in_a_body_needs_a_header_record():
    StatusCodeFactory(
        number=503,
        body="Send `Retry-After: 120`, or `X-Wait`, with the `Location:` of a status page; "
        "not a `M-GET` method or a `blocked-by` relation.",
    )
    VendorExtensionFactory(vendor__slug="cloudflare", number=402, summary="A `crawler-price`.")
    assert find_claim_problems() == [
        "503 body: names the header Location without a header record",
        "503 body: names the header Retry-After without a header record",
        "503 body: names the header X-Wait without a header record",
        "cloudflare 402 summary: names the header crawler-price without a header record",
    ]
    for name in ["retry-after", "X-Wait", "Location", "crawler-price"]:
        HeaderFactory(name=name)
    assert not [problem for problem in find_claim_problems() if "header record" in problem]


def test_a_header_a_code_names_is_among_its_related_headers():
    code = StatusCodeFactory(number=503, body="Send `Retry-After` and a `Date`, not a `Cookie:`.")
    for name in ["Retry-After", "Date", "Cookie"]:
        HeaderFactory(name=name)
    code.related_headers.add(HeaderFactory(name="Vary"))
    assert find_claim_problems() == [
        "503 body: names Cookie but does not relate it",
        "503 body: names Date but does not relate it",
        "503 body: names Retry-After but does not relate it",
    ]
    code.related_headers.add(*Header.objects.filter(name__in=["Retry-After", "Date", "Cookie"]))
    assert find_claim_problems() == []


def test_registry_dates_in_texts_agree_with_the_recorded_ones():
    code = StatusCodeFactory(
        number=104,
        registry_status="temporary",
        registered_on=datetime.date(2024, 11, 13),
        registration_extended_on=datetime.date(2025, 9, 15),
        registration_expires_on=datetime.date(2026, 11, 13),
        registration_checked_on=datetime.date(2026, 12, 4),
        summary="Registered 2024-11-13, extension registered 2025-09-15, expiring 2026-11-13.",
        body="IANA registered it on 2024-11-13, extended it on 2025-09-15 and set it to expire "
        "on 2026-11-13. The registry we read on 2026-12-04 showed no renewal.",
    )
    assert find_claim_problems() == []
    CitationFactory(status_code=code, source__slug="iana", note="Expires 2026-11-14.")
    assert find_claim_problems() == [
        "104 note from iana: says Expires 2026-11-14, registration_expires_on is 2026-11-13"
    ]
