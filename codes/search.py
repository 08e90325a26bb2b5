"""Search: numbers and class patterns jump to their page; words are matched and ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.urls import reverse

from .conf import settings
from .fulltext import matching, words_of
from .models import MAX_NUMBER, MIN_NUMBER, Alias, StatusCode, Vendor, VendorExtension

NUMBER = re.compile(r"\d{3}")
CLASS_PATTERN = re.compile(r"([1-5])xx", re.IGNORECASE)
MAX_WORDS = 8


@dataclass
class SearchResults:
    """The best matches of each kind, at most CODES_SEARCH_RESULTS, and how many matched."""

    query: str
    codes: list[dict] = field(default_factory=list)  # number, phrase, summary
    extensions: list[dict] = field(default_factory=list)  # and vendor_name
    redirect_to: str | None = None
    codes_matched: int = 0
    extensions_matched: int = 0

    @property
    def count(self) -> int:
        return self.codes_matched + self.extensions_matched

    @property
    def shown(self) -> int:
        return len(self.codes) + len(self.extensions)


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
    words = words_of(query)[:MAX_WORDS]
    codes, codes_matched = best(
        StatusCode.objects.values("pk", "number", "phrase", "summary"), ranked_codes(query, words)
    )
    extensions, extensions_matched = best(
        VendorExtension.objects.values(
            "pk", "number", "phrase", "summary", vendor_name=F("vendor__name")
        ),
        ranked_extensions(query, words),
    )
    return SearchResults(
        query,
        codes=codes,
        extensions=extensions,
        codes_matched=codes_matched,
        extensions_matched=extensions_matched,
    )


def best(rows: QuerySet, ranking: QuerySet) -> tuple[list[dict], int]:
    """The first CODES_SEARCH_RESULTS rows of the ranking, in its order, and how many matched:
    one query ranks and counts the matches and returns the ids shown, and only those rows are
    read (as dicts: a page of results builds no model instances)."""
    shown = ranking.annotate(matched=Window(Count("pk"))).values_list("pk", "matched")
    shown = list(shown[: settings.SEARCH_RESULTS])
    if not shown:
        return [], 0
    by_id = {row["pk"]: row for row in rows.filter(pk__in=[pk for pk, _ in shown])}
    return [by_id[pk] for pk, _ in shown], shown[0][1]


def search_number(query: str) -> SearchResults:
    number = int(query)
    known = MIN_NUMBER <= number <= MAX_NUMBER and (
        StatusCode.objects.published().filter(number=number).exists()
        or VendorExtension.objects.published().filter(number=number).exists()
    )
    if known:
        return SearchResults(
            query, redirect_to=reverse("statuskb:number-detail", kwargs={"number": number})
        )
    return SearchResults(query)


def ranked(queryset: QuerySet, candidates: Q, rules: list[tuple[Q, int]]) -> QuerySet:
    """The candidates, best first: the first rule a row meets gives its rank."""
    rank = Case(
        *(When(condition, then=Value(score)) for condition, score in rules),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.filter(candidates).annotate(rank=rank).order_by("-rank", "number")


def ranked_codes(query: str, words: list[str]) -> QuerySet:
    codes = StatusCode.objects.published()
    named = Alias.objects.filter(name__icontains=query).values("code_id")
    return ranked(
        codes,
        matching(codes, words) | Q(pk__in=named),
        [
            (Q(phrase__iexact=query), 100),
            (Q(phrase__icontains=query), 50),
            (Q(pk__in=named), 40),
            (Q(summary__icontains=query), 20),
            (Q(body__icontains=query), 10),
        ],
    )


def ranked_extensions(query: str, words: list[str]) -> QuerySet:
    extensions = VendorExtension.objects.published()
    vendors = Vendor.objects.filter(name__iexact=query).values("pk")
    return ranked(
        extensions,
        matching(extensions, words) | Q(vendor__in=vendors),
        [
            (Q(phrase__iexact=query), 100),
            (Q(phrase__icontains=query), 50),
            (Q(vendor__in=vendors) | Q(product__icontains=query), 30),
            (Q(summary__icontains=query), 20),
            (Q(body__icontains=query), 10),
        ],
    )
