"""What the API says about each resource. Writes are validated by the models' own full_clean()."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from codes import checker
from codes.markdown import render_markdown
from codes.models import (
    Alias,
    Citation,
    Header,
    Implementation,
    ImplementationCode,
    Revision,
    Rule,
    Source,
    SpecReference,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)


class ModelCleanMixin:
    """Run the model's full_clean() on what a write would save, and report it per field."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        concrete = {
            name: value
            for name, value in attrs.items()
            if not self.Meta.model._meta.get_field(name).many_to_many
        }
        instance = self.Meta.model(**{**self.current_values(), **concrete})
        if self.instance is not None:
            instance.pk = self.instance.pk
            instance._state.adding = False
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
        return attrs

    def current_values(self) -> dict:
        if self.instance is None:
            return {}
        return {
            field.attname: getattr(self.instance, field.attname)
            for field in self.Meta.model._meta.concrete_fields
        }


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """A NUL character in a slug is a client error, not a database error (PostgreSQL)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError("Null characters are not allowed.")
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.STR)
class MarkdownHtmlField(serializers.ReadOnlyField):
    """A Markdown field rendered to sanitized HTML."""

    def to_representation(self, value):
        return str(render_markdown(value))


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


def vendor_extension_url(request, extension) -> str:
    key = f"{extension.vendor.slug}/{extension.number}"
    return absolute(request, reverse("statuskb_api:vendorextension-detail", kwargs={"key": key}))


class StatusClassSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="statuskb_api:statusclass-detail", lookup_field="digit"
    )
    label = serializers.CharField(read_only=True)
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = StatusClass
        fields = ["url", "html_url", "digit", "label", "name", "summary"]

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class AliasSerializer(serializers.ModelSerializer):
    origin = serializers.SlugRelatedField(
        source="public_origin", slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Alias
        fields = ["name", "origin", "note"]


class SpecReferenceSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.CharField(source="source.title", read_only=True)

    class Meta:
        model = SpecReference
        fields = ["source", "title", "section", "url", "is_defining"]


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    source_title = serializers.CharField(source="source.title", read_only=True)
    source_kind = serializers.CharField(source="source.kind", read_only=True)

    class Meta:
        model = Citation
        fields = [
            "source",
            "source_title",
            "source_kind",
            "name_used",
            "is_webdav",
            "is_experimental",
            "is_deprecated",
            "url",
            "checked_on",
            "note",
            "disagrees",
        ]


class VendorMeaningSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    vendor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)

    class Meta:
        model = VendorExtension
        fields = ["url", "vendor", "vendor_name", "number", "phrase", "product", "summary"]

    def get_url(self, obj) -> str:
        return vendor_extension_url(self.context.get("request"), obj)


class StatusCodeSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """A code in lists: what it is, without the long text."""

    url = serializers.HyperlinkedIdentityField(
        view_name="statuskb_api:statuscode-detail", lookup_field="number"
    )
    html_url = serializers.SerializerMethodField()
    status_class = serializers.IntegerField(source="status_class_id", read_only=True)
    registration_expired = serializers.BooleanField(
        read_only=True, help_text="A temporary registration past its expiry, no renewal recorded."
    )

    class Meta:
        model = StatusCode
        fields = [
            "url",
            "html_url",
            "number",
            "phrase",
            "status_class",
            "summary",
            "registry_status",
            "registered_on",
            "registration_extended_on",
            "registration_expires_on",
            "registration_checked_on",
            "registration_expired",
            "is_deprecated",
            "is_experimental",
            "is_obsolete",
            "state",
            "modified",
        ]
        read_only_fields = ["modified"]

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())

    def validate(self, attrs):
        # The class follows from the number; clients never have to send it.
        number = attrs.get("number", getattr(self.instance, "number", None))
        if number is not None:
            attrs["status_class_id"] = number // 100
        return super().validate(attrs)


class ImplementationCodeSerializer(serializers.ModelSerializer):
    """What one implementation sends and names for a number, in a range of its versions."""

    implementation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    implementation_name = serializers.CharField(source="implementation.name", read_only=True)
    source = serializers.URLField(source="url", read_only=True)
    verified_live = serializers.BooleanField(
        read_only=True,
        help_text="Whether the test suite checks the row against the software, in a version "
        "it holds for.",
    )

    class Meta:
        model = ImplementationCode
        fields = [
            "implementation",
            "implementation_name",
            "number",
            "phrase",
            "constant",
            "is_alias",
            "sends_instead",
            "closes_connection",
            "since",
            "until",
            "source",
            "note",
            "verified_live",
        ]
        read_only_fields = fields


class RuleSerializer(serializers.ModelSerializer):
    """One rule of a code, at its requirement level, cited to its section."""

    code = serializers.IntegerField(source="code.number", read_only=True)
    header = serializers.CharField(source="header.name", default="", read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Rule
        fields = [
            "code",
            "topic",
            "aspect",
            "level",
            "party",
            "header",
            "checked_by",
            "condition",
            "method",
            "statement",
            "source",
            "section",
            "url",
        ]
        read_only_fields = fields


class StatusCodeDetailSerializer(StatusCodeSerializer):
    """Everything about a code, and every vendor meaning of its number."""

    body_html = MarkdownHtmlField(source="body")
    aliases = AliasSerializer(many=True, read_only=True)
    references = SpecReferenceSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    rules = RuleSerializer(many=True, read_only=True)
    related_codes = StrictSlugRelatedField(
        slug_field="number", many=True, queryset=StatusCode.objects.all(), required=False
    )
    related_headers = StrictSlugRelatedField(
        slug_field="name", many=True, queryset=Header.objects.all(), required=False
    )
    vendor_meanings = serializers.SerializerMethodField()
    in_the_wild = serializers.SerializerMethodField(
        help_text="What each implementation sends and names for the number."
    )

    class Meta(StatusCodeSerializer.Meta):
        fields = [
            *StatusCodeSerializer.Meta.fields,
            "body",
            "body_html",
            "aliases",
            "references",
            "related_codes",
            "related_headers",
            "citations",
            "rules",
            "vendor_meanings",
            "in_the_wild",
            "created",
        ]
        read_only_fields = ["modified", "created"]

    @extend_schema_field(VendorMeaningSerializer(many=True))
    def get_vendor_meanings(self, obj):
        meanings = self.context.get("vendor_meanings", {}).get(obj.number, [])
        return VendorMeaningSerializer(meanings, many=True, context=self.context).data

    @extend_schema_field(ImplementationCodeSerializer(many=True))
    def get_in_the_wild(self, obj):
        rows = self.context.get("in_the_wild", {}).get(obj.number, [])
        return ImplementationCodeSerializer(rows, many=True, context=self.context).data


class VendorSerializer(ModelCleanMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="statuskb_api:vendor-detail", lookup_field="slug"
    )
    html_url = serializers.SerializerMethodField()
    website = serializers.URLField(source="url", required=False, allow_blank=True)

    class Meta:
        model = Vendor
        fields = ["url", "html_url", "slug", "name", "website", "summary", "state", "modified"]
        read_only_fields = ["modified"]

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class VendorExtensionSerializer(ModelCleanMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    vendor = StrictSlugRelatedField(slug_field="slug", queryset=Vendor.objects.all())
    body_html = MarkdownHtmlField(source="body")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = VendorExtension
        fields = [
            "url",
            "html_url",
            "vendor",
            "number",
            "phrase",
            "product",
            "summary",
            "body",
            "body_html",
            "evidence",
            "evidence_url",
            "is_deprecated",
            "prominence",
            "citations",
            "state",
            "modified",
        ]
        read_only_fields = ["modified"]
        # Uniqueness per vendor and number is checked by the model's full_clean().
        validators = []

    def get_url(self, obj) -> str:
        return vendor_extension_url(self.context.get("request"), obj)

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class VendorDetailSerializer(VendorSerializer):
    extensions = serializers.SerializerMethodField()

    class Meta(VendorSerializer.Meta):
        fields = [*VendorSerializer.Meta.fields, "extensions"]

    @extend_schema_field(VendorMeaningSerializer(many=True))
    def get_extensions(self, obj):
        # The viewset prefetches what the user may see; a fresh write has nothing prefetched.
        extensions = getattr(obj, "visible_extensions", None)
        if extensions is None:
            extensions = obj.extensions.published().select_related("vendor")
        return VendorMeaningSerializer(extensions, many=True, context=self.context).data


class CoverageSerializer(serializers.ModelSerializer):
    """One code a source covers, as the source describes it."""

    number = serializers.IntegerField(source="subject_number", read_only=True)
    vendor = serializers.SlugRelatedField(
        source="vendor_extension.vendor", slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Citation
        fields = ["number", "vendor", "name_used", "disagrees", "note", "url"]


class SourceSerializer(ModelCleanMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="statuskb_api:source-detail", lookup_field="slug"
    )
    html_url = serializers.SerializerMethodField()
    document_url = serializers.URLField(source="url", required=False, allow_blank=True)
    obsoletes = StrictSlugRelatedField(
        slug_field="slug", many=True, queryset=Source.objects.all(), required=False
    )

    class Meta:
        model = Source
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "kind",
            "author",
            "publisher",
            "document_url",
            "published_on",
            "edited_on",
            "summary",
            "has_anchors",
            "obsoletes",
            "state",
            "modified",
        ]
        read_only_fields = ["modified"]

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class SourceDetailSerializer(SourceSerializer):
    coverage = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "coverage"]

    @extend_schema_field(CoverageSerializer(many=True))
    def get_coverage(self, obj):
        # The viewset prefetches what the user may see; a fresh write has nothing prefetched.
        citations = getattr(obj, "visible_citations", None)
        if citations is None:
            citations = obj.citations.select_related("status_code", "vendor_extension__vendor")
        return CoverageSerializer(citations, many=True, context=self.context).data


class RevisionSerializer(serializers.ModelSerializer):
    """A change to a published entry, awaiting review or reviewed."""

    url = serializers.HyperlinkedIdentityField(view_name="statuskb_api:revision-detail")
    entry_kind = serializers.CharField(source="entry_type.model", read_only=True)
    entry_html_url = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Revision
        fields = [
            "url", "id", "entry_kind", "entry_label", "entry_html_url", "status", "created_by",
            "created", "reviewed_by", "reviewed_at", "comment", "base", "content",
        ]  # fmt: skip
        read_only_fields = fields

    def get_entry_html_url(self, obj) -> str:
        entry = obj.entry
        if entry is None:
            return ""
        return absolute(self.context.get("request"), entry.get_absolute_url())


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, allow_blank=False, trim_whitespace=True)


class ImplementationSerializer(ModelCleanMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="statuskb_api:implementation-detail", lookup_field="slug"
    )
    html_url = serializers.SerializerMethodField()
    source = serializers.URLField(source="url")

    class Meta:
        model = Implementation
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "category",
            "language",
            "source",
            "summary",
            "history_from",
            "verified_versions",
            "state",
            "modified",
        ]
        read_only_fields = ["modified"]

    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())


class ImplementationDetailSerializer(ImplementationSerializer):
    codes = ImplementationCodeSerializer(many=True, read_only=True)

    class Meta(ImplementationSerializer.Meta):
        fields = [*ImplementationSerializer.Meta.fields, "codes"]


class CheckRequestSerializer(serializers.Serializer):
    response = serializers.CharField(
        max_length=checker.MAX_TEXT,
        trim_whitespace=False,
        help_text="The head of one response: status line, header fields, optionally the content "
        "after an empty line, as curl -si prints it.",
    )
    method = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20,
        help_text="The request's method, if known (some rules hold only for HEAD or CONNECT).",
    )  # fmt: skip
    content = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="Whether content followed the head; null to judge from the text.",
    )  # fmt: skip

    def validate_method(self, value: str) -> str:
        try:
            return checker.clean_method(value.strip().upper())
        except checker.CheckError as error:
            raise serializers.ValidationError(str(error)) from error


class StatusLineSerializer(serializers.Serializer):
    version = serializers.CharField()
    number = serializers.IntegerField()
    phrase = serializers.CharField()
    content = serializers.BooleanField(allow_null=True, help_text="Whether content followed.")


class FindingSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=list(checker.Outcome))
    explanation = serializers.CharField()
    breaks_requirement = serializers.BooleanField(
        help_text="A broken MUST, MUST NOT or definition."
    )
    rule = RuleSerializer()


class CheckReportSerializer(serializers.Serializer):
    response = StatusLineSerializer()
    code = serializers.SerializerMethodField(help_text="The code's API URL; null if unknown.")
    breaks_requirement = serializers.BooleanField()
    findings = FindingSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())

    def get_code(self, report) -> str | None:
        if report.code is None:
            return None
        url = reverse("statuskb_api:statuscode-detail", kwargs={"number": report.code.number})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
