"""The API's views. Permissions, throttles and page size are set here, never taken from a host's
REST_FRAMEWORK defaults, and read the app's settings live."""

import csv
import io

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions, renderers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.views import APIView

from codes import checker, revisions, services
from codes.http import mark_private, mark_public, sends_no_credentials, vary_on_credentials
from codes.models import (
    Citation,
    Implementation,
    ImplementationCode,
    PublicationState,
    Revision,
    Rule,
    Source,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)

from . import serializers
from .filters import (
    ImplementationCodeFilter,
    ImplementationFilter,
    RuleFilter,
    SourceFilter,
    StatusCodeFilter,
    StrictOrderingFilter,
    StrictSearchFilter,
    VendorExtensionFilter,
)
from .http import (
    ConditionalGetMixin,
    ConditionalRetrieveMixin,
    ConditionalWriteMixin,
    Conflict,
    RequestTooLarge,
    refuse_large_body,
)
from .parsers import StrictJSONParser
from .permissions import (
    AnonThrottle,
    LoginAccountThrottle,
    LoginAddressThrottle,
    Pagination,
    ReadOrModelPermissions,
    UserThrottle,
    can_see_drafts,
)
from .schema import CodesAutoSchema


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's, with no inline style, for strict CSPs: no style attributes in the template, and
    without the <style> element that colours code in descriptions (the app's have none)."""

    template = "codes/api/browsable.html"

    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["code_style"] = None
        return context


class APIConfigMixin:
    """What every API view pins down for itself."""

    schema = CodesAutoSchema()
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]

    def get_permissions(self):
        return [ReadOrModelPermissions()]

    def get_throttles(self):
        return [AnonThrottle(), UserThrottle()]

    def initial(self, request, *args, **kwargs):
        refuse_large_body(request)  # before authentication: session auth's CSRF check reads forms
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        """Django's own refusals of a request, raised as the body is read, answered in JSON."""
        if isinstance(exc, RequestDataTooBig):
            exc = RequestTooLarge()
        elif isinstance(exc, SuspiciousOperation):
            exc = ParseError(str(exc))
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        """What anonymous readers get is public; what a signed-in user gets (drafts) is theirs."""
        response = super().finalize_response(request, response, *args, **kwargs)
        vary_on_credentials(response)
        user = getattr(request, "_user", None)  # never authenticate again from here
        anonymous = sends_no_credentials(request._request) and not (user and user.is_authenticated)
        if anonymous and request.method in ("GET", "HEAD"):
            return mark_public(response)
        return mark_private(response)


class CodesViewSet(APIConfigMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, StrictSearchFilter, StrictOrderingFilter]

    def visible(self, queryset):
        """Published entries only, unless the user may see drafts."""
        if can_see_drafts(self.request.user, queryset.model):
            return queryset
        return queryset.published()

    def update(self, request, *args, **kwargs):
        """A change to a published entry that keeps it published is a revision for review:
        202 Accepted, with the revision; readers keep the published version."""
        entry = self.get_object()
        data = request.data if hasattr(request.data, "get") else {}  # a list: refused below
        keeps_state = data.get("state", entry.state) == entry.state
        if not (entry.is_published and keeps_state):
            return super().update(request, *args, **kwargs)
        with revisions.proposing(entry, request.user) as proposal:
            self.proposal = proposal
            super().update(request, *args, **kwargs)
            proposal.changed = True
        if proposal.revision is None:  # nothing changed
            return Response(self.get_serializer(self.get_object()).data)
        data = serializers.RevisionSerializer(proposal.revision, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    def perform_destroy(self, instance):
        if instance.is_published and not services.can_publish(self.request.user, instance):
            raise PermissionDenied("Only reviewers can take a published entry off the site.")
        super().perform_destroy(instance)

    def perform_create(self, serializer):
        self.save_by_the_workflow(serializer, previous_state=None)

    def perform_update(self, serializer):
        self.save_by_the_workflow(serializer, previous_state=serializer.instance.state)

    def save_by_the_workflow(self, serializer, previous_state):
        """The admin's rules: only reviewers publish or unpublish; a change to a published entry
        is a revision (see update)."""
        if getattr(self, "proposal", None) is not None:
            serializer.save()
            return
        requested = serializer.validated_data.get("state", previous_state or PublicationState.DRAFT)
        entry = serializer.Meta.model(state=requested)
        services.apply_workflow(entry, self.request.user, previous_state)
        if requested != entry.state and previous_state != PublicationState.PUBLISHED:
            raise PermissionDenied("Only reviewers can publish.")
        stamp = (
            {"published_by": entry.published_by, "published_at": entry.published_at}
            if entry.published_at
            else {}
        )
        serializer.save(state=entry.state, **stamp)
        services.after_state_change(serializer.instance, self.request.user, previous_state)


class StatusCodeViewSet(CodesViewSet):
    summaries = {
        "list": "List status codes",
        "retrieve": "One status code, with every vendor meaning of its number",
    }
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,6}"
    filterset_class = StatusCodeFilter
    search_fields = ["phrase", "summary", "body", "aliases__name"]
    ordering_fields = ["number", "phrase", "modified"]
    ordering = ["number"]

    def get_queryset(self):
        codes = self.visible(StatusCode.objects.all())
        if self.action == "list":
            return codes
        return codes.with_detail()

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.StatusCodeSerializer
        return serializers.StatusCodeDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        number = self.kwargs.get("number")
        if number is not None and number.isdigit():
            extensions = self.visible(VendorExtension.objects.all()).select_related("vendor")
            context["vendor_meanings"] = {int(number): list(extensions.filter(number=number))}
            rows = ImplementationCode.objects.published().in_table_order()
            context["in_the_wild"] = {int(number): list(rows.filter(number=number))}
        return context


class VendorViewSet(CodesViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    search_fields = ["name", "summary"]
    ordering_fields = ["name", "slug", "modified"]
    ordering = ["name"]

    def get_queryset(self):
        vendors = self.visible(Vendor.objects.all())
        if self.action == "list":
            return vendors
        extensions = self.visible(VendorExtension.objects.all()).select_related("vendor")
        return vendors.prefetch_related(
            Prefetch("extensions", queryset=extensions, to_attr="visible_extensions")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.VendorSerializer
        return serializers.VendorDetailSerializer


class VendorExtensionViewSet(CodesViewSet):
    lookup_url_kwarg = "key"
    lookup_value_regex = "[-a-zA-Z0-9_]+/[0-9]{1,6}"
    filterset_class = VendorExtensionFilter
    search_fields = ["phrase", "summary", "body", "product", "vendor__name"]
    ordering_fields = ["number", "phrase", "modified"]
    ordering = ["number", "prominence", "vendor__name"]
    serializer_class = serializers.VendorExtensionSerializer

    def get_queryset(self):
        return self.visible(VendorExtension.objects.all()).with_detail()

    def get_object(self):
        vendor, number = self.kwargs["key"].split("/")
        extension = get_object_or_404(self.get_queryset(), vendor__slug=vendor, number=number)
        self.check_object_permissions(self.request, extension)
        return extension


class SourceViewSet(CodesViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = SourceFilter
    search_fields = ["title", "author", "publisher", "summary"]
    ordering_fields = ["title", "slug", "published_on", "modified"]
    ordering = ["kind", "title", "slug"]

    def get_queryset(self):
        sources = self.visible(Source.objects.all()).prefetch_related("obsoletes")
        if self.action == "list":
            return sources
        citations = Citation.objects.select_related(
            "status_code", "vendor_extension__vendor"
        ).in_number_order()
        if not can_see_drafts(self.request.user, StatusCode):
            citations = citations.published()
        return sources.prefetch_related(
            Prefetch("citations", queryset=citations, to_attr="visible_citations")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.SourceSerializer
        return serializers.SourceDetailSerializer


class ImplementationViewSet(CodesViewSet):
    """Servers, runtimes and frameworks; the detail lists what each sends and names per number.
    Their rows are curated in the admin."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = ImplementationFilter
    search_fields = ["name", "summary", "language"]
    ordering_fields = ["name", "slug", "modified"]
    ordering = ["name"]

    def get_queryset(self):
        implementations = self.visible(Implementation.objects.all())
        if self.action == "list":
            return implementations
        rows = ImplementationCode.objects.select_related("implementation").in_table_order()
        return implementations.prefetch_related(Prefetch("codes", queryset=rows))

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ImplementationSerializer
        return serializers.ImplementationDetailSerializer


class ImplementationCodeViewSet(APIConfigMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Every implementation row, filterable by implementation, number, class or a name exactly
    as pasted from a log or a stack trace."""

    serializer_class = serializers.ImplementationCodeSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = ImplementationCodeFilter
    ordering_fields = ["number", "implementation__name"]

    def get_queryset(self):
        rows = ImplementationCode.objects.in_table_order()
        if can_see_drafts(self.request.user, Implementation):
            return rows
        return rows.published()


class RuleViewSet(APIConfigMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Every rule of every published code, filterable by code, class, aspect, level, whom it
    binds, header field or topic. Rules are curated with their code, in the admin."""

    serializer_class = serializers.RuleSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = RuleFilter

    def get_queryset(self):
        return Rule.objects.published().in_panel_order()


@extend_schema(  # on the class, which has the app's schema class (its methods have none)
    summary="Check a response against the rules of its status code",
    request=serializers.CheckRequestSerializer,
    responses={200: serializers.CheckReportSerializer},
)
class CheckView(APIConfigMixin, APIView):
    """Hold the head of one response against the rules of its code. Nothing is fetched: only the
    text sent is checked, and it is neither stored nor logged. A text that is not a response
    head is a 400 that says why."""

    def get_permissions(self):
        return [permissions.AllowAny()]

    def post(self, request, format=None):
        given = serializers.CheckRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            report = checker.check(data["response"], data["method"], data["content"])
        except checker.CheckError as error:
            raise ValidationError({"response": [str(error)]}) from error
        found = serializers.CheckReportSerializer(report, context={"request": request})
        return Response(found.data)


class MayReadRevisions(permissions.BasePermission):
    """Staff who may view revisions read them; approving needs the entry's publish permission,
    which codes.revisions checks."""

    def has_permission(self, request, view):
        return request.user.has_perm("statuskb.view_revision")


class RevisionViewSet(APIConfigMixin, viewsets.ReadOnlyModelViewSet):
    """Changes to published entries: awaiting review (?status=pending), sent back, approved."""

    serializer_class = serializers.RevisionSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["status"]

    def get_permissions(self):
        return [permissions.IsAuthenticated(), MayReadRevisions()]

    def get_queryset(self):
        return Revision.objects.select_related("entry_type", "created_by", "reviewed_by")

    @extend_schema(request=None, responses=serializers.RevisionSerializer)
    @action(detail=True, methods=["post"], schema=CodesAutoSchema())
    def approve(self, request, pk=None):
        revision = self.get_object()
        try:
            revisions.approve(revision, request.user)
        except revisions.Conflict as error:
            raise Conflict(str(error)) from error
        revision.refresh_from_db()
        return Response(self.get_serializer(revision).data)

    @extend_schema(request=serializers.ReviewSerializer, responses=serializers.RevisionSerializer)
    @action(detail=True, methods=["post"], url_path="send-back", schema=CodesAutoSchema())
    def send_back(self, request, pk=None):
        revision = self.get_object()
        review = serializers.ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        try:
            revisions.send_back(revision, request.user, review.validated_data["comment"])
        except revisions.Conflict as error:
            raise Conflict(str(error)) from error
        return Response(self.get_serializer(revision).data)


class StatusClassViewSet(APIConfigMixin, ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    queryset = StatusClass.objects.all()
    serializer_class = serializers.StatusClassSerializer
    lookup_field = "digit"
    lookup_value_regex = "[1-5]"
    pagination_class = None


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, list):  # an error: say it in one row
            data = [{"detail": str(data.get("detail", data))}] if isinstance(data, dict) else []
        out = io.StringIO()
        if data:
            writer = csv.DictWriter(out, fieldnames=list(data[0]))
            writer.writeheader()
            writer.writerows(data)
        return out.getvalue().encode(self.charset)


@extend_schema(  # on the class, which has the app's schema class (its methods have none)
    summary="The whole published knowledge base",
    responses={200: OpenApiResponse(description="JSON document, or CSV rows")},
)
class ExportView(APIConfigMixin, ConditionalGetMixin, APIView):
    """The whole published knowledge base in one document: JSON, or CSV with a row per meaning."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    def get_permissions(self):
        return [permissions.AllowAny()]

    def get(self, request, format=None):
        codes = list(StatusCode.objects.published().with_detail())
        extensions = list(VendorExtension.objects.published().with_detail())
        if request.accepted_renderer.format == "csv":
            return Response(csv_rows(codes, extensions))
        vendors = list(Vendor.objects.published())
        sources = list(Source.objects.published().prefetch_related("obsoletes"))
        rows = ImplementationCode.objects.in_table_order()
        implementations = list(
            Implementation.objects.published().prefetch_related(Prefetch("codes", queryset=rows))
        )
        context = {
            "request": request,
            "vendor_meanings": meanings_by_number(extensions),
            "in_the_wild": rows_by_number(
                row for implementation in implementations for row in implementation.codes.all()
            ),
        }
        return Response(
            {
                # When the newest record changed, not when the document was made: the same data
                # gives the same bytes, and so the same ETag, from every worker at any time.
                "updated": max(
                    (
                        record.modified
                        for record in [*codes, *extensions, *vendors, *sources, *implementations]
                    ),
                    default=None,
                ),
                "codes": serializers.StatusCodeDetailSerializer(
                    codes, many=True, context=context
                ).data,
                "vendors": serializers.VendorSerializer(vendors, many=True, context=context).data,
                "vendor_extensions": serializers.VendorExtensionSerializer(
                    extensions, many=True, context=context
                ).data,
                "sources": serializers.SourceSerializer(sources, many=True, context=context).data,
                "implementations": serializers.ImplementationDetailSerializer(
                    implementations, many=True, context=context
                ).data,
            }
        )


def meanings_by_number(extensions) -> dict[int, list]:
    meanings: dict[int, list] = {}
    for extension in extensions:
        meanings.setdefault(extension.number, []).append(extension)
    return meanings


def rows_by_number(rows) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(row.number, []).append(row)
    for number_rows in found.values():
        number_rows.sort(key=lambda row: row.implementation.name)
    return found


def csv_rows(codes, extensions) -> list[dict]:
    rows = []
    for code in codes:
        defining = next((ref for ref in code.references.all() if ref.is_defining), None)
        rows.append(
            {
                "number": code.number,
                "vendor": "",
                "phrase": code.phrase,
                "class": code.status_class.label,
                "registry_status": code.registry_status,
                "deprecated": code.is_deprecated,
                "experimental": code.is_experimental,
                "obsolete": code.is_obsolete,
                "defined_in": f"{defining.source.slug} {defining.section}".strip()
                if defining
                else "",
                "summary": code.summary,
            }
        )
    for extension in extensions:
        rows.append(
            {
                "number": extension.number,
                "vendor": extension.vendor.slug,
                "phrase": extension.phrase,
                "class": f"{extension.number // 100}xx",
                "registry_status": "unregistered",
                "deprecated": extension.is_deprecated,
                "experimental": False,
                "obsolete": False,
                "defined_in": extension.evidence_url,
                "summary": extension.summary,
            }
        )
    # Stable: under each number, the standard code and then its vendor meanings by prominence.
    return sorted(rows, key=lambda row: row["number"])


class RootView(APIConfigMixin, APIRootView):
    schema = None  # as in APIRootView: the root only links to the API's resources

    def get_permissions(self):
        return [permissions.AllowAny()]


class SchemaView(SpectacularAPIView):
    schema = None  # the schema and the docs are not part of the API they describe


class DocsView(SpectacularSwaggerSplitView):
    schema = None
    template_name = "codes/api/swagger_ui.html"  # no inline style, for strict CSPs


class TokenView(APIConfigMixin, ObtainAuthToken):
    """Trade a username and password for the user's API token: CODES_LOGIN_THROTTLE_RATE
    attempts per client address and per username, right or wrong, then 429 with Retry-After."""

    renderer_classes = [JSONRenderer]

    def get_permissions(self):
        return [permissions.AllowAny()]

    def get_throttles(self):
        return [LoginAddressThrottle(), LoginAccountThrottle()]

    def throttled(self, request, wait):
        raise Throttled(
            wait, detail="Too many attempts at a token from this address or for this username."
        )


class NotFoundView(APIConfigMixin, APIView):
    """Any other URL under the API, such as a malformed key: a 404 in the API's format."""

    schema = None

    def get_permissions(self):
        return [permissions.AllowAny()]

    @property
    def default_response_headers(self):
        headers = super().default_response_headers
        del headers["Allow"]  # there is no resource to allow anything on
        return headers

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()
