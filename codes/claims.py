"""Checks of what the dataset's texts claim, beyond what any one field can validate: deep links
into sources that have anchors, software claims that name their versions, years and registry
dates that agree with each other and with the records they describe, and a header record for
every header a body names."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .models import Alias, Citation, Header, Source, StatusCode, VendorExtension

# Software whose behaviour changes between releases. A sentence about one of them that says how
# things stand ("still", "now", "no longer"...) must say for which versions it holds.
SOFTWARE = re.compile(
    r"\b(Python|HTTPStatus|Node(?:\.js)?|nginx|Apache|httpd|Go|net/http|Django|DRF|"
    r"REST framework|Spring|Tomcat|IIS|ASP\.NET|Express|Flask|Werkzeug|Rails|Rack|PHP|"
    r"Laravel|Tornado|curl|Chrome|Chromium|Firefox|Safari|HAProxy|Varnish|Envoy|Java)\b"
)
HOW_THINGS_STAND = re.compile(
    r"\b(still|now|currently|nowadays|today|these days|at present|no longer|any more|anymore|"
    r"latest|modern)\b",
    re.IGNORECASE,
)
# "3.13", "1.27.x", "v20", "Node.js 20", "Go 1.22", "release-1.27.0", "since 0.7.21".
VERSION = re.compile(
    r"\b(?:v?\d+\.(?:\d+|x)(?:\.\d+)*|v\d+)\b|"
    r"\b(?:Python|Node(?:\.js)?|Go|Django|Spring|Spring Framework|Tomcat|IIS|PHP|Laravel|"
    r"Tornado|Java|Chrome|Firefox|Safari|ASP\.NET Core|Express|Rails)\s+v?\d+\b"
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# "RFC 7231 (2014)", "(RFC 2068, 1997)", "RFC 7538 in 2015", "RFC 2616 of 1999".
# A header named in code in a body: `Retry-After`, `Location: /new`, `crawler-price: USD 0.01`.
HEADER_IN_CODE = re.compile(
    r"`([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)(?::(?: [^`]*)?)?`"
    r"|`([A-Za-z][A-Za-z0-9]*):(?: [^`]*)?`"
)
SINGLE_NAME_IN_CODE = re.compile(r"`([A-Za-z][A-Za-z0-9]*)`")
# Names in code that look like headers and are not: a method, a link relation, a precondition,
# a Railgun component, a Sec-Fetch-Site value, a cookie, a command-line tool, nginx's
# $ssl_client_verify value "FAILED:reason".
NOT_HEADERS = {
    "m-get", "blocked-by", "lock-token-submitted", "rg-listener", "same-origin", "xsrf-token",
    "ssllabs-scan", "failed",
}  # fmt: skip
RFC_YEAR = re.compile(r"\bRFC\s?(\d{3,5})(?:\)|,| \(|\s+(?:in|of|from))\s*\(?((?:19|20)\d\d)\b")


def find_claim_problems() -> list[str]:
    return [
        *citation_link_problems(),
        *unversioned_software_claims(),
        *year_problems(),
        *header_problems(),
        *unlinked_header_problems(),
        *registration_date_problems(),
    ]


def citation_link_problems() -> list[str]:
    """A citation of a source whose pages have anchors links to the anchor it relies on."""
    citations = (
        Citation.objects.published()
        .filter(source__has_anchors=True)
        .exclude(url__contains="#")
        .select_related("source", "status_code", "vendor_extension__vendor")
    )
    return [
        f"{cited_entry(citation)}: cites {citation.source.slug} without a deep link (#anchor)"
        for citation in citations
    ]


def unversioned_software_claims() -> list[str]:
    return [
        f"{label}: says how software stands without naming its versions: {sentence!r}"
        for label, text in published_texts()
        for sentence in SENTENCE_END.split(text)
        if SOFTWARE.search(sentence)
        and HOW_THINGS_STAND.search(sentence)
        and not VERSION.search(sentence)
    ]


def year_problems() -> list[str]:
    """Every year given for an RFC agrees with the date of its source record, and, for RFCs
    without one, with every other year given for it."""
    source_years = {
        source.slug: source.published_on.year
        for source in Source.objects.filter(slug__startswith="rfc", published_on__isnull=False)
    }
    stated = defaultdict(set)
    problems = []
    for label, text in published_texts():
        for number, year in RFC_YEAR.findall(text):
            year = int(year)
            stated[number].add((year, label))
            known = source_years.get(f"rfc{number}")
            if known is not None and known != year:
                problems.append(f"{label}: dates RFC {number} {year}, its source says {known}")
    for number, mentions in stated.items():
        if f"rfc{number}" not in source_years and len({year for year, _ in mentions}) > 1:
            where = ", ".join(f"{year} in {label}" for year, label in sorted(mentions))
            problems.append(f"RFC {number} is given different years: {where}")
    return problems


def header_problems() -> list[str]:
    """Every header a body names in code has a header record, for its summary and spec link."""
    known = {name.casefold() for name in Header.objects.values_list("name", flat=True)}
    problems = []
    for label, text in published_texts(bodies_only=True):
        for name in sorted(header_names_in(text), key=str.casefold):
            if name.casefold() not in known | NOT_HEADERS:
                problems.append(f"{label}: names the header {name} without a header record")
    return problems


def header_names_in(text: str) -> set[str]:
    return {hyphenated or single for hyphenated, single in HEADER_IN_CODE.findall(text)}


def unlinked_header_problems() -> list[str]:
    """A header a code's body names in code is one of its related headers, so that the page
    links to its definition."""
    headers = {header.name.casefold(): header.name for header in Header.objects.all()}
    problems = []
    for code in StatusCode.objects.published().prefetch_related("related_headers"):
        related = {header.name.casefold() for header in code.related_headers.all()}
        named = header_names_in(code.body) | set(SINGLE_NAME_IN_CODE.findall(code.body))
        for name in sorted({name.casefold() for name in named} & headers.keys() - related):
            problems.append(f"{code.number} body: names {headers[name]} but does not relate it")
    return problems


# An ISO date and the registry event the words just before it name: "registered 2024-11-13",
# "extension registered 2025-09-15", "set it to expire on 2026-11-13".
REGISTRY_EVENT = re.compile(r"exten\w*(?: \w+)?|expir\w*|regist(?!ry)\w*", re.IGNORECASE)
ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")
EVENT_FIELDS = {
    "exten": "registration_extended_on",
    "expir": "registration_expires_on",
    "regist": "registered_on",
}


def registration_date_problems() -> list[str]:
    """The registry dates a code's texts give agree with the ones its fields record."""
    problems = []
    codes = StatusCode.objects.published().filter(registered_on__isnull=False)
    for code in codes.prefetch_related("citations__source"):
        texts = [("summary", code.summary), ("body", code.body)]
        texts += [(f"note from {c.source.slug}", c.note) for c in code.citations.all()]
        for where, text in texts:
            for date in ISO_DATE.finditer(text):
                events = REGISTRY_EVENT.findall(text[max(0, date.start() - 40) : date.start()])
                if not events:
                    continue
                event = events[-1].lower()
                field = next(f for prefix, f in EVENT_FIELDS.items() if event.startswith(prefix))
                recorded = getattr(code, field)
                if str(recorded) != date.group():
                    problems.append(
                        f"{code.number} {where}: says {events[-1]} {date.group()}, "
                        f"{field} is {recorded}"
                    )
    return problems


def published_texts(bodies_only: bool = False) -> Iterator[tuple[str, str]]:
    """(where, text) for every text readers can see, or only the bodies of codes."""
    for code in StatusCode.objects.published():
        yield f"{code.number} summary", code.summary
        yield f"{code.number} body", code.body
    for extension in VendorExtension.objects.published().select_related("vendor"):
        label = f"{extension.vendor.slug} {extension.number}"
        yield f"{label} summary", extension.summary
        yield f"{label} body", extension.body
    if bodies_only:
        return
    for citation in Citation.objects.published().select_related(
        "source", "status_code", "vendor_extension__vendor"
    ):
        yield f"{cited_entry(citation)} note from {citation.source.slug}", citation.note
    for alias in Alias.objects.filter(code__in=StatusCode.objects.published()).select_related(
        "code"
    ):
        yield f"{alias.code.number} alias {alias.name!r}", alias.note


def cited_entry(citation: Citation) -> str:
    if citation.status_code_id:
        return str(citation.status_code.number)
    extension = citation.vendor_extension
    return f"{extension.vendor.slug} {extension.number}"
