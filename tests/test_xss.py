"""Hostile text in every field a page or the API renders stays text: no script, no event
handler, no javascript: URL, no frame, no style reaches the output."""

from html.parser import HTMLParser

import pytest
from rest_framework.test import APIClient

from codes.models import Header
from tests.factories import (
    AliasFactory,
    CitationFactory,
    HeaderFactory,
    SourceFactory,
    SpecReferenceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1) )",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
]
HOSTILE_URL = "javascript:alert(1)"  # what only a raw write past validation could store
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "style", "frame", "base", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class Inspector(HTMLParser):
    """Collects what a browser would act on."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and not (tag == "form" and dict(attrs).get("role") == "search"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in dict(attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            elif name == "style":
                self.problems.append(f"{tag} style=")
            elif name in URL_ATTRIBUTES and value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"{tag} {name}={value[:20]}")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.fixture(params=range(len(PAYLOADS)), ids=lambda i: PAYLOADS[i][:30])
def payload(request):
    return PAYLOADS[request.param]


@pytest.fixture
def hostile(payload):
    """The payload in every text field of every kind of record a page shows."""
    source = SourceFactory(
        slug="evil", title=payload, summary=payload, kind="standard", url=HOSTILE_URL
    )
    code = StatusCodeFactory(number=404, phrase=payload, summary=payload, body=payload)
    other = StatusCodeFactory(number=410, phrase=payload, summary=payload, body=payload)
    code.related_codes.add(other)
    header_name = payload[: Header._meta.get_field("name").max_length]  # PostgreSQL enforces it
    code.related_headers.add(HeaderFactory(name=header_name, summary=payload, url=HOSTILE_URL))
    AliasFactory(code=code, name=payload, note=payload, origin=source)
    SpecReferenceFactory(code=code, source=source, section=payload[:20], url=HOSTILE_URL)
    CitationFactory(
        source=source, status_code=code, name_used=payload, note=payload, url=HOSTILE_URL
    )
    vendor = VendorFactory(slug="evilco", name=payload, summary=payload, url=HOSTILE_URL)
    extension = VendorExtensionFactory(
        vendor=vendor,
        number=404,
        phrase=payload,
        product=payload,
        summary=payload,
        body=payload,
        evidence="vendor-docs",
        evidence_url=HOSTILE_URL,
    )
    CitationFactory(source=source, vendor_extension=extension, status_code=None, note=payload)
    return payload


PAGES = [
    "/",
    "/404/",
    "/4xx/",
    "/404/vs/410/",
    "/vendors/",
    "/vendors/evilco/",
    "/sources/",
    "/sources/evil/",
    "/search/?q=alert",
    "/feed/",
]


def test_no_page_carries_a_live_payload(client, hostile):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert problems_in(response.content.decode()) == [], path


def test_the_apis_rendered_html_carries_no_live_payload(hostile):
    api = APIClient()
    for path in ("/api/codes/404/", "/api/vendor-extensions/evilco/404/"):
        body_html = api.get(path).json()["body_html"]
        assert problems_in(body_html) == [], path
