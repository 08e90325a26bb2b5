import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter

from codes.conf import settings
from codes.models import (
    MAX_NUMBER,
    MIN_NUMBER,
    Evidence,
    Implementation,
    ImplementationCategory,
    ImplementationCode,
    RegistryStatus,
    Rule,
    RuleAspect,
    RuleLevel,
    RuleParty,
    Source,
    SourceKind,
    StatusCode,
    VendorExtension,
)


class StrictSearchFilter(SearchFilter):
    """A search the database cannot run is a client error, not a server one: a NUL byte, or a
    query longer than CODES_SEARCH_MAX_LENGTH (thousands of terms, each a LIKE, or one pattern
    beyond SQLite's limit)."""

    template = "codes/api/filters/search.html"  # no style attribute, for strict CSPs

    def get_search_terms(self, request):
        limit = settings.SEARCH_MAX_LENGTH
        if len(request.query_params.get(self.search_param, "")) > limit:
            raise ValidationError({self.search_param: [f"At most {limit} characters."]})
        try:
            terms = super().get_search_terms(request)
        except ValidationError as error:  # DRF's own check (3.16+) names no parameter
            raise ValidationError({self.search_param: error.detail}) from error
        if any("\x00" in term for term in terms):
            raise ValidationError({self.search_param: ["Null characters are not allowed."]})
        return terms


class StrictOrderingFilter(OrderingFilter):
    template = "codes/api/filters/ordering.html"  # no style attribute, for strict CSPs


class ClassField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value).strip().lower()
        if not value:
            return None
        digit = value.removesuffix("xx")
        if digit not in {"1", "2", "3", "4", "5"}:
            raise forms.ValidationError("A class is 1 to 5, or 1xx to 5xx.")
        return int(digit)


@extend_schema_field({"type": "string", "pattern": "^ *[1-5]([xX]{2})? *$"})
class ClassFilter(django_filters.Filter):
    field_class = ClassField


@extend_schema_field({"type": "integer", "minimum": MIN_NUMBER, "maximum": MAX_NUMBER})
class NumberFilter(django_filters.NumberFilter):
    """A status code number, its range stated in the schema as well as checked."""

    def __init__(self, **kwargs):
        super().__init__(min_value=MIN_NUMBER, max_value=MAX_NUMBER, **kwargs)


class StrictBooleanField(forms.Field):
    """true or false (or 1 or 0); anything else is an error, not "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise forms.ValidationError("Use true or false.") from None


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StatusCodeFilter(django_filters.FilterSet):
    is_deprecated = StrictBooleanFilter()
    is_experimental = StrictBooleanFilter()
    is_obsolete = StrictBooleanFilter()
    status_class = ClassFilter(field_name="status_class_id", label="Class (4 or 4xx)")
    registry_status = django_filters.ChoiceFilter(choices=RegistryStatus.choices)
    vendor = django_filters.CharFilter(
        method="filter_vendor", label="Numbers that this vendor (slug) also uses"
    )

    class Meta:
        model = StatusCode
        fields = [
            "status_class",
            "registry_status",
            "is_deprecated",
            "is_experimental",
            "is_obsolete",
        ]

    def filter_vendor(self, queryset, name, value):
        numbers = VendorExtension.objects.published().filter(vendor__slug=value).values("number")
        return queryset.filter(number__in=numbers)


class VendorExtensionFilter(django_filters.FilterSet):
    vendor = django_filters.CharFilter(field_name="vendor__slug", label="Vendor slug")
    number = NumberFilter()
    status_class = ClassFilter(method="filter_class", label="Class (4 or 4xx)")
    evidence = django_filters.ChoiceFilter(choices=Evidence.choices)
    is_deprecated = StrictBooleanFilter()

    class Meta:
        model = VendorExtension
        fields = ["vendor", "number", "status_class", "evidence", "is_deprecated"]

    def filter_class(self, queryset, name, value):
        return queryset.filter(number__gte=value * 100, number__lt=(value + 1) * 100)


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)

    class Meta:
        model = Source
        fields = ["kind"]


class ImplementationFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=ImplementationCategory.choices)

    class Meta:
        model = Implementation
        fields = ["category"]


class ImplementationCodeFilter(django_filters.FilterSet):
    implementation = django_filters.CharFilter(
        field_name="implementation__slug", label="Implementation slug"
    )
    category = django_filters.ChoiceFilter(
        field_name="implementation__category", choices=ImplementationCategory.choices
    )
    number = NumberFilter()
    status_class = ClassFilter(method="filter_class", label="Class (4 or 4xx)")
    name = django_filters.CharFilter(
        method="filter_name", label="A phrase or constant, exactly as written (any case)"
    )
    is_alias = StrictBooleanFilter()

    class Meta:
        model = ImplementationCode
        fields = ["implementation", "category", "number", "status_class", "name", "is_alias"]

    def filter_class(self, queryset, name, value):
        return queryset.filter(number__gte=value * 100, number__lt=(value + 1) * 100)

    def filter_name(self, queryset, name, value):
        return queryset.named(value)


class RuleFilter(django_filters.FilterSet):
    number = NumberFilter(field_name="code__number")
    status_class = ClassFilter(method="filter_class", label="Class (4 or 4xx)")
    aspect = django_filters.ChoiceFilter(choices=RuleAspect.choices)
    level = django_filters.ChoiceFilter(choices=RuleLevel.choices)
    party = django_filters.ChoiceFilter(choices=RuleParty.choices)
    header = django_filters.CharFilter(
        field_name="header__name", lookup_expr="iexact", label="Header field name (any case)"
    )
    topic = django_filters.CharFilter(lookup_expr="iexact", label="Topic (any case)")

    class Meta:
        model = Rule
        fields = ["number", "status_class", "aspect", "level", "party", "header", "topic"]

    def filter_class(self, queryset, name, value):
        return queryset.filter(code__status_class_id=value)
