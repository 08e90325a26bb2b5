"""The public pages: classes, numbers, comparisons, vendors, sources and search."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView

from .cache import cache_public_responses
from .conf import settings
from .errors import method_not_allowed
from .forms import CheckForm, RuleFilterForm, SearchForm
from .http import conditional, mark_not_stored, mark_public
from .models import (
    MAX_NUMBER,
    MIN_NUMBER,
    SOURCE_KIND_ORDER,
    Citation,
    Header,
    Implementation,
    ImplementationCode,
    Rule,
    RuleAspect,
    Source,
    SourceKind,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
    citation_is_public,
    is_known_number,
    numbers_with_pages,
)
from .search import search


def public_page(view):
    """What every public page gets: ETags that answer If-None-Match with 304, public caching
    (pages are the same for everyone), on the server too where CODES_CACHE_TIMEOUT is set, and
    no CSRF check: pages only read, so any other method is the view's 405 with Allow."""

    @functools.wraps(view)
    def public(request, *args, **kwargs):
        return mark_public(view(request, *args, **kwargs))

    return csrf_exempt(conditional(cache_public_responses(public)))


class PageMixin:
    """Every page: the swappable base template, a link to the same data in the API, and
    public_page()."""

    api_view_name: str | None = None

    @method_decorator(public_page)
    def dispatch(self, request, *args, **kwargs):
        return self.page(request, *args, **kwargs)

    def page(self, request, *args, **kwargs):
        """The page itself, without public_page()'s caching: what previews render."""
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        allowed = super().http_method_not_allowed(request, *args, **kwargs)["Allow"]
        return method_not_allowed(request, allowed)

    def get_api_kwargs(self) -> dict:
        return {}

    def get_api_url(self) -> str:
        """Empty where the host site does not mount the API."""
        if not self.api_view_name:
            return ""
        try:
            return reverse(f"statuskb_api:{self.api_view_name}", kwargs=self.get_api_kwargs())
        except NoReverseMatch:
            return ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("codes_base_template", settings.BASE_TEMPLATE)
        kwargs.setdefault("api_url", self.get_api_url())
        return super().get_context_data(**kwargs)


@dataclass
class NumberRow:
    """A number in a list: its standard code, if any, its first vendor codes, how many more."""

    number: int
    code: StatusCode | None = None
    extensions: list[VendorExtension] = field(default_factory=list)
    more: int = 0

    @property
    def phrase(self) -> str:
        if self.code:
            return self.code.phrase
        return " / ".join(
            [extension.phrase for extension in self.extensions] + ["…"] * bool(self.more)
        )

    @property
    def summary(self) -> str:
        return self.code.summary if self.code else self.extensions[0].summary

    @property
    def vendors(self) -> str:
        vendors = ", ".join(extension.vendor_name for extension in self.extensions)
        return f"{vendors} and {self.more} more" if self.more else vendors

    def get_absolute_url(self) -> str:
        return reverse("statuskb:number-detail", kwargs={"number": self.number})


def numbers_by_class(codes, extensions) -> dict[int, list[NumberRow]]:
    """Rows per class digit, from published codes and their first_per_number() vendor codes."""
    rows: dict[int, NumberRow] = {code.number: NumberRow(code.number, code) for code in codes}
    for extension in extensions:
        row = rows.setdefault(extension.number, NumberRow(extension.number))
        row.extensions.append(extension)
        row.more = extension.vendor_code_count - len(row.extensions)
    grouped = defaultdict(list)
    for number in sorted(rows):
        grouped[number // 100].append(rows[number])
    return grouped


class IndexView(PageMixin, TemplateView):
    """Every class with its codes, vendor codes marked."""

    template_name = "codes/index.html"
    api_view_name = "statuscode-list"

    def get_context_data(self, **kwargs):
        rows = numbers_by_class(
            StatusCode.objects.published().for_list(),
            VendorExtension.objects.published().first_per_number(),
        )
        classes = list(StatusClass.objects.all())
        for status_class in classes:
            status_class.rows = rows[status_class.digit]
        return super().get_context_data(classes=classes, search_form=SearchForm(), **kwargs)


class ClassDetailView(PageMixin, DetailView):
    """One class with its codes."""

    template_name = "codes/statusclass_detail.html"
    context_object_name = "status_class"
    api_view_name = "statusclass-detail"

    def get_api_kwargs(self):
        return {"digit": self.kwargs["label"][0]}

    def get_object(self, queryset=None):
        label = self.kwargs["label"]
        digit = int(label[0])
        status_class = StatusClass.objects.filter(digit=digit).first()
        if status_class is None:
            raise Http404(f"There is no {label} class.")
        self.rows = numbers_by_class(
            StatusCode.objects.published().in_class(digit).for_list(),
            VendorExtension.objects.published().in_class(digit).first_per_number(),
        )[digit]
        return status_class

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=self.rows, **kwargs)


class NumberDetailView(PageMixin, TemplateView):
    """One number: its standard meaning, if any, and every vendor meaning."""

    template_name = "codes/number_detail.html"
    api_view_name = "statuscode-detail"

    def get(self, request, *args, **kwargs):
        number = kwargs["number"]
        if not MIN_NUMBER <= number <= MAX_NUMBER:
            raise Http404(f"{number} is not a status code number.")
        canonical = reverse("statuskb:number-detail", kwargs={"number": number})
        if request.path != canonical:
            # Only to a page that exists: a redirect must not end in a 404.
            if not is_known_number(number):
                raise Http404(f"The knowledge base has nothing on {number}.")
            return redirect(canonical, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_api_kwargs(self):
        return {"number": self.kwargs["number"]}

    def get_context_data(self, **kwargs):
        number = kwargs["number"]
        code = StatusCode.objects.published().with_detail().filter(number=number).first()
        extensions = list(VendorExtension.objects.published().with_detail().filter(number=number))
        if code is None and not extensions:
            raise Http404(f"The knowledge base has nothing on {number}.")
        api_url = self.get_api_url()
        if code is None and api_url:
            # A number with only vendor meanings has no code resource: link to those meanings.
            api_url = reverse("statuskb_api:vendorextension-list") + f"?number={number}"
        return super().get_context_data(
            code=code,
            extensions=extensions,
            in_the_wild=in_the_wild(number, code),
            class_label=f"{number // 100}xx",
            api_url=api_url,
            **kwargs,
        )


def in_the_wild(number: int, code: StatusCode | None) -> list[ImplementationCode]:
    """What each published implementation sends and names for the number; a phrase other than
    the registry's is marked (row.differs)."""
    rows = list(ImplementationCode.objects.published().in_table_order().filter(number=number))
    for row in rows:
        row.differs = bool(code and row.phrase and row.phrase != code.phrase)
    return rows


class CompareView(PageMixin, TemplateView):
    """Two codes side by side."""

    template_name = "codes/compare.html"

    def get(self, request, *args, **kwargs):
        a, b = kwargs["a"], kwargs["b"]
        canonical = reverse("statuskb:compare", kwargs={"a": min(a, b), "b": max(a, b)})
        if a == b or request.path != canonical:
            # Only to a page that exists: a redirect must not end in a 404.
            if StatusCode.objects.published().filter(number__in={a, b}).count() < len({a, b}):
                raise Http404(f"No standard code {a} or {b} to compare.")
            if a == b:
                return redirect("statuskb:number-detail", number=a, permanent=True)
            return redirect(canonical, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        numbers = [kwargs["a"], kwargs["b"]]
        codes = {
            code.number: code
            for code in StatusCode.objects.published().with_detail().filter(number__in=numbers)
        }
        missing = [number for number in numbers if number not in codes]
        if missing:
            raise Http404(f"No standard code {missing[0]} to compare.")
        return super().get_context_data(codes=[codes[number] for number in numbers], **kwargs)


class VendorListView(PageMixin, ListView):
    template_name = "codes/vendor_list.html"
    context_object_name = "vendors"
    api_view_name = "vendor-list"

    def get_queryset(self):
        return Vendor.objects.published().annotate(
            extension_count=Count(
                "extensions", filter=Q(extensions__in=VendorExtension.objects.published())
            )
        )


class VendorDetailView(PageMixin, DetailView):
    template_name = "codes/vendor_detail.html"
    context_object_name = "vendor"
    api_view_name = "vendor-detail"

    def get_api_kwargs(self):
        return {"slug": self.kwargs["slug"]}

    def get_queryset(self):
        return Vendor.objects.published().prefetch_related(
            Prefetch(
                "extensions",
                queryset=VendorExtension.objects.published(),
                to_attr="published_extensions",
            )
        )

    def get_context_data(self, **kwargs):
        extensions = self.object.published_extensions
        standard = StatusCode.objects.published().filter(
            number__in=[extension.number for extension in extensions]
        )
        standard_by_number = {code.number: code for code in standard}
        for extension in extensions:
            extension.standard_code = standard_by_number.get(extension.number)
        return super().get_context_data(**kwargs)


class ImplementationListView(PageMixin, ListView):
    template_name = "codes/implementation_list.html"
    context_object_name = "implementations"
    api_view_name = "implementation-list"

    def get_queryset(self):
        return Implementation.objects.published().annotate(row_count=Count("codes"))


class ImplementationDetailView(PageMixin, DetailView):
    """Everything one implementation sends and names, number by number."""

    template_name = "codes/implementation_detail.html"
    context_object_name = "implementation"
    api_view_name = "implementation-detail"

    def get_api_kwargs(self):
        return {"slug": self.kwargs["slug"]}

    def get_queryset(self):
        return Implementation.objects.published()

    def get_context_data(self, **kwargs):
        rows = list(self.object.codes.order_by("number", "is_alias", "until", "since"))
        pages = numbers_with_pages()
        for row in rows:
            row.implementation = self.object  # for verified_live, without a query per row
            row.has_page = row.number in pages
        return super().get_context_data(rows=rows, **kwargs)


class SourceListView(PageMixin, ListView):
    """Every source, and a matrix of which source covers which number."""

    template_name = "codes/source_list.html"
    context_object_name = "sources"
    api_view_name = "source-list"

    def get_queryset(self):
        public = citation_is_public("citations__")
        return Source.objects.published().annotate(
            citation_count=Count("citations", filter=public, distinct=True),
            disagreement_count=Count(
                "citations", filter=public & Q(citations__disagrees=True), distinct=True
            ),
            reference_count=Count(
                "references__code",
                filter=Q(references__code__in=StatusCode.objects.published()),
                distinct=True,
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = list(context["sources"])
        by_kind = sorted(sources, key=lambda source: SOURCE_KIND_ORDER.index(source.kind))
        context["sources_by_kind"] = [
            (SourceKind(kind).label, list(group))
            for kind, group in groupby(by_kind, key=lambda source: source.kind)
        ]
        context["matrix"] = coverage_matrix(sources)
        return context


def coverage_matrix(sources) -> dict:
    """Rows of numbers; columns of the non-standard sources and one column for the standards."""
    columns = [source for source in sources if source.kind != SourceKind.STANDARD]
    citations = (
        Citation.objects.filter(source__in=sources)
        .published()
        .values_list(
            "source_id",
            "source__slug",
            "source__kind",
            "status_code__number",
            "vendor_extension__number",
            "disagrees",
        )
    )
    cells: dict[int, dict] = defaultdict(lambda: {"sources": {}, "standards": []})
    for source_id, slug, kind, code_number, extension_number, disagrees in citations:
        row = cells[code_number or extension_number]
        if kind == SourceKind.STANDARD:
            row["standards"].append(slug)
        else:
            previous = row["sources"].get(source_id, False)
            row["sources"][source_id] = previous or disagrees
    rows = []
    for number in sorted(cells):
        row = cells[number]
        rows.append(
            {
                "number": number,
                "cells": [
                    {"source": source, "covered": source.pk in row["sources"],
                     "disagrees": row["sources"].get(source.pk, False)}
                    for source in columns
                ],
                "standards": sorted(row["standards"]),
            }
        )  # fmt: skip
    return {"columns": columns, "rows": rows}


class SourceDetailView(PageMixin, DetailView):
    template_name = "codes/source_detail.html"
    context_object_name = "source"
    api_view_name = "source-detail"

    def get_api_kwargs(self):
        return {"slug": self.kwargs["slug"]}

    def get_queryset(self):
        return Source.objects.published().prefetch_related(
            Prefetch("obsoletes", queryset=Source.objects.published()),
            Prefetch("obsoleted_by", queryset=Source.objects.published()),
        )

    def get_context_data(self, **kwargs):
        citations = list(
            self.object.citations.published()
            .select_related("status_code", "vendor_extension__vendor")
            .in_number_order()
        )
        return super().get_context_data(
            citations=citations,
            disagreements=[citation for citation in citations if citation.disagrees],
            **kwargs,
        )


class SearchView(PageMixin, TemplateView):
    """Numbers go to their page, class patterns to their class; words are searched, ranked."""

    template_name = "codes/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET or None)
        if not form.is_bound:
            return self.render_to_response(self.get_context_data(form=form))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        query = form.cleaned_data["q"]
        if not query:
            return self.render_to_response(self.get_context_data(form=form))
        results = search(query)
        if results.redirect_to:
            return redirect(results.redirect_to)
        return self.render_to_response(self.get_context_data(form=form, results=results))


class RuleListView(PageMixin, TemplateView):
    """Each rule across codes, by topic: which codes are cacheable by default, which require
    a header field."""

    template_name = "codes/rule_list.html"
    api_view_name = "rule-list"

    def get(self, request, *args, **kwargs):
        rules = Rule.objects.published().in_topic_order()
        headers = Header.objects.filter(rules__in=rules).distinct().values_list("name", flat=True)
        form = RuleFilterForm(request.GET or None, headers=headers)
        if form.is_bound and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        given = form.cleaned_data if form.is_bound else {}
        filters = {name: value for name, value in given.items() if value}
        if "header" in filters:
            filters["header__name"] = filters.pop("header")
        topics = [
            (topic, list(group))
            for topic, group in groupby(rules.filter(**filters), key=lambda rule: rule.topic)
        ]
        by_aspect = [
            (RuleAspect(aspect).label, list(group))
            for aspect, group in groupby(topics, key=lambda topic: topic[1][0].aspect)
        ]
        return self.render_to_response(
            self.get_context_data(form=form, by_aspect=by_aspect, filtered=bool(filters))
        )


class CheckView(PageMixin, TemplateView):
    """Paste a response; see which rules of its code it keeps or breaks. Posting is exempt from
    CSRF: a check changes nothing and is never stored, and a token would put a cookie on a public
    page. Results are never cached, and what was pasted is neither stored nor logged."""

    template_name = "codes/check.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CheckForm())
        return super().get_context_data(**kwargs)

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return mark_not_stored(self.page(request, *args, **kwargs))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CheckForm(request.POST)
        report = form.check() if form.is_valid() else None
        context = self.get_context_data(form=form, report=report)
        return self.render_to_response(context, status=200 if report else 400)
