"""Search: numbers and class patterns jump to their page; words are matched and ranked.

Words are matched through the ORM: on PostgreSQL with full-text search on the document that
codes.indexes indexes (each word also matches the start of longer words and, through English
stemming, other forms of itself); elsewhere each word must appear in one of the searched columns.
Standard and vendor codes are ranked together, a match in the reason phrase, a former name, or
a phrase or constant some implementation uses first, so a reader who pastes a phrase from a log
line or a constant from a stack trace finds that code at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse

from .conf import settings
from .indexes import CONFIG, search_document
from .models import (
    SEARCHED_COLUMNS,
    Alias,
    ImplementationCode,
    StatusCode,
    Vendor,
    VendorExtension,
    is_known_number,
)

NUMBER = re.compile(r"\d{3}")
CLASS_PATTERN = re.compile(r"([1-5])xx", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8
# A constant as pasted from code: HttpStatus.PAYLOAD_TOO_LARGE, StatusCode::NOT_FOUND.
QUALIFIED = re.compile(r"(?:[A-Za-z_][\w]*(?:\.|::))+([A-Za-z_]\w*)")


@dataclass
class SearchResults:
    """The best matches, standard and vendor codes together (at most CODES_SEARCH_RESULTS), and
    how many matched."""

    query: str
    hits: list[StatusCode | VendorExtension] = field(default_factory=list)
    count: int = 0
    redirect_to: str | None = None
    names: list[ImplementationCode] = field(default_factory=list)

    @property
    def shown(self) -> int:
        return len(self.hits)


def search(query: str) -> SearchResults:
    query = " ".join(query.split())
    if not query:
        return SearchResults(query)
    if NUMBER.fullmatch(query):
        return search_number(query)
    if match := CLASS_PATTERN.fullmatch(query):
        return SearchResults(
            query, redirect_to=reverse("statuskb:class-detail", kwargs={"label": f"{match[1]}xx"})
        )
    words = WORD.findall(query.lower())[:MAX_WORDS]
    names = implementation_names(query)
    named = {row.number for row in names}
    rankings = [ranked_codes(query, words, named), ranked_extensions(query, words, named)]
    limit = settings.SEARCH_RESULTS
    best = [hit for ranking in rankings for hit in ranking[:limit]]
    best.sort(key=lambda hit: (-hit.rank, hit.number, getattr(hit, "vendor_id", 0)))
    return SearchResults(
        query,
        hits=best[:limit],
        count=sum(ranking.count() for ranking in rankings),
        names=names,
    )


def implementation_names(query: str) -> list[ImplementationCode]:
    """The implementation rows whose phrase or constant is the query, as pasted; a qualified
    constant is also looked up by its last part."""
    rows = ImplementationCode.objects.published().named(query)
    if match := QUALIFIED.fullmatch(query):
        rows = rows | ImplementationCode.objects.published().named(match[1])
    return list(rows.in_table_order()[: settings.SEARCH_RESULTS])


def search_number(query: str) -> SearchResults:
    number = int(query)
    if is_known_number(number):
        return SearchResults(
            query, redirect_to=reverse("statuskb:number-detail", kwargs={"number": number})
        )
    return SearchResults(query)


def having_words(queryset: QuerySet, words: list[str]) -> QuerySet:
    """The rows whose searched text has every word, each as a word or a word's start."""
    if not words:
        return queryset.none()
    columns = SEARCHED_COLUMNS[queryset.model.__name__]
    if connections[queryset.db].vendor == "postgresql":
        terms = " & ".join(f"{word}:*" for word in words)
        return queryset.annotate(document=search_document(*columns)).filter(
            document=SearchQuery(terms, search_type="raw", config=CONFIG)
        )
    for word in words:
        queryset = queryset.filter(
            Q.create([(f"{column}__icontains", word) for column in columns], connector=Q.OR)
        )
    return queryset


def ranked(queryset: QuerySet, matches: QuerySet, extra: Q, rules: list[tuple[Q, int]]):
    """The rows that match, best first: the first rule a row meets gives its rank."""
    rank = Case(
        *(When(condition, then=Value(score)) for condition, score in rules),
        default=Value(1),
        output_field=IntegerField(),
    )
    candidates = Q(pk__in=matches.values("pk")) | extra
    return queryset.filter(candidates).annotate(rank=rank).order_by("-rank", "number")


def ranked_codes(query: str, words: list[str], named: set[int]) -> QuerySet:
    codes = StatusCode.objects.published()
    aliases = Alias.objects.filter(name__icontains=query).values("code_id")
    return ranked(
        codes,
        having_words(codes, words),
        Q(pk__in=aliases) | Q(number__in=named),
        [
            (Q(phrase__iexact=query) | Q(number__in=named), 100),
            (Q(phrase__icontains=query) | Q(pk__in=aliases), 50),
            (Q(summary__icontains=query), 20),
            (Q(body__icontains=query), 10),
        ],
    )


def ranked_extensions(query: str, words: list[str], named: set[int]) -> QuerySet:
    extensions = VendorExtension.objects.published().select_related("vendor")
    vendors = Vendor.objects.filter(name__iexact=query).values("pk")
    return ranked(
        extensions,
        having_words(extensions, words),
        Q(vendor__in=vendors) | Q(number__in=named),
        [
            (Q(phrase__iexact=query) | Q(number__in=named), 100),
            (Q(phrase__icontains=query), 50),
            (Q(vendor__in=vendors) | Q(product__icontains=query), 30),
            (Q(summary__icontains=query), 20),
            (Q(body__icontains=query), 10),
        ],
    )
