"""The editors' admin: curated entries with history, workflow actions and import/export.

Workflow rules live in services.py; the admin only offers them.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_forms import LimitedImportForm
from .markdown import render_markdown
from .models import (
    Alias,
    Citation,
    Header,
    Source,
    SpecReference,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)
from .resources import CitationResource, StatusCodeResource, VendorExtensionResource

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, `code`, [links](https://example.org), lists with - and "
    "fenced code blocks with ```. Raw HTML is shown as text. The preview shows the saved text."
)


class CodesModelAdmin(admin.ModelAdmin):
    # Links typed without a scheme are web links: read them as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# The app's admin pages work under a Content-Security-Policy without 'unsafe-inline' or
# 'unsafe-hashes': where a third-party template has inline handlers or styles, ours replaces it.
class ImportExportAdmin(ImportExportModelAdmin):
    formats = [CSV, JSON]
    import_template_name = "codes/admin/import.html"
    export_template_name = "codes/admin/export.html"
    import_form_class = LimitedImportForm

    def get_import_data_kwargs(self, **kwargs):
        # One failing row, validation errors included, and nothing is written.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}


class HistoryAdmin(SimpleHistoryAdmin, CodesModelAdmin):
    object_history_template = "codes/admin/object_history.html"
    object_history_list_template = "codes/admin/object_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        """Who made each change links to their user page only for those who may open it;
        simple-history links it for everyone, and an editor's click answered 403."""
        users = get_user_model()._meta
        if not any(
            request.user.has_perm(f"{users.app_label}.{get_permission_codename(action, users)}")
            for action in ("view", "change")
        ):
            # The list template links a name only when this view name reverses.
            extra_context = {**(extra_context or {}), "admin_user_view": ""}
        return super().history_view(request, object_id, extra_context)


class CuratedAdmin(HistoryAdmin):
    """Publication state moves only through the workflow actions, never by typing it in."""

    readonly_fields = ["state", "published_by", "published_at", "created", "modified"]
    actions = ["submit_for_review", "publish", "unpublish"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not services.can_publish(request.user, self.model):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def save_model(self, request, obj, form, change):
        previous = (
            type(obj).objects.filter(pk=obj.pk).values_list("state", flat=True).first()
            if change
            else None
        )
        services.apply_workflow(obj, request.user, previous)
        super().save_model(request, obj, form, change)

    def _move(self, request, queryset, move, done):
        try:
            count = move(list(queryset), request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Send selected drafts for review"))
    def submit_for_review(self, request, queryset):
        self._move(request, queryset, services.submit_for_review, _("%(count)d sent for review."))

    @admin.action(description=_("Publish selected entries"))
    def publish(self, request, queryset):
        self._move(request, queryset, services.publish, _("%(count)d published."))

    @admin.action(description=_("Unpublish selected entries"))
    def unpublish(self, request, queryset):
        self._move(request, queryset, services.unpublish, _("%(count)d unpublished."))


class MarkdownPreviewMixin:
    @admin.display(description=_("Preview"))
    def body_preview(self, obj):
        if not obj or not obj.body:
            return "-"
        return format_html('<div class="markdown-preview">{}</div>', render_markdown(obj.body))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "body_preview"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.help_text = MARKDOWN_HELP
        return field


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    autocomplete_fields = ["origin"]


class SpecReferenceInline(admin.TabularInline):
    model = SpecReference
    extra = 0
    autocomplete_fields = ["source"]
    formfield_overrides = CodesModelAdmin.formfield_overrides


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    fk_name = "status_code"
    autocomplete_fields = ["source"]
    exclude = ["vendor_extension"]
    formfield_overrides = CodesModelAdmin.formfield_overrides


class VendorCitationInline(CitationInline):
    fk_name = "vendor_extension"
    exclude = ["status_code"]


class HasVendorMeaningsFilter(admin.SimpleListFilter):
    title = _("vendor meanings")
    parameter_name = "vendor_meanings"

    def lookups(self, request, model_admin):
        return [("yes", _("Has vendor meanings")), ("no", _("No vendor meanings"))]

    def queryset(self, request, queryset):
        if self.value() not in {"yes", "no"}:
            return queryset
        used = Exists(VendorExtension.objects.filter(number=OuterRef("number")))
        return queryset.filter(used) if self.value() == "yes" else queryset.exclude(used)


@admin.register(StatusCode)
class StatusCodeAdmin(MarkdownPreviewMixin, ImportExportAdmin, CuratedAdmin):
    resource_classes = [StatusCodeResource]
    list_display = [
        "number",
        "phrase",
        "status_class",
        "state",
        "registry_status",
        "is_deprecated",
        "is_experimental",
        "is_obsolete",
        "modified",
    ]
    list_display_links = ["number", "phrase"]
    list_filter = [
        "status_class",
        "state",
        "registry_status",
        "is_deprecated",
        "is_experimental",
        "is_obsolete",
        HasVendorMeaningsFilter,
    ]
    list_select_related = ["status_class"]
    search_fields = ["=number", "phrase", "aliases__name", "summary", "body"]
    ordering = ["number"]
    autocomplete_fields = ["related_codes", "related_headers"]
    inlines = [AliasInline, SpecReferenceInline, CitationInline]
    history_list_display = ["state", "phrase", "summary"]
    fieldsets = [
        (None, {"fields": ["number", "phrase", "status_class", "summary"]}),
        (_("Body"), {"fields": ["body", "body_preview"]}),
        (
            _("Registry and flags"),
            {
                "fields": [
                    "registry_status",
                    ("registered_on", "registration_extended_on", "registration_expires_on"),
                    "registration_checked_on",
                    "is_deprecated",
                    "is_experimental",
                    "is_obsolete",
                ]
            },
        ),
        (_("Related"), {"fields": ["related_codes", "related_headers"]}),
        (
            _("Publication"),
            {"fields": ["state", "published_by", "published_at", "created", "modified"]},
        ),
    ]


@admin.register(Vendor)
class VendorAdmin(CuratedAdmin):
    list_display = ["name", "slug", "state", "modified"]
    list_filter = ["state"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]


@admin.register(VendorExtension)
class VendorExtensionAdmin(MarkdownPreviewMixin, ImportExportAdmin, CuratedAdmin):
    resource_classes = [VendorExtensionResource]
    list_display = [
        "number",
        "phrase",
        "vendor",
        "prominence",
        "product",
        "evidence",
        "state",
        "modified",
    ]
    list_display_links = ["number", "phrase"]
    list_filter = ["vendor", "state", "evidence", "is_deprecated"]
    list_select_related = ["vendor"]
    search_fields = ["=number", "phrase", "product", "vendor__name", "summary", "body"]
    ordering = ["number", "prominence", "vendor__name"]
    autocomplete_fields = ["vendor"]
    inlines = [VendorCitationInline]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["title", "slug", "kind", "publisher", "published_on", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "slug", "author", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["obsoletes"]
    ordering = ["kind", "title"]


@admin.register(Citation)
class CitationAdmin(ImportExportAdmin, HistoryAdmin):
    resource_classes = [CitationResource]
    list_display = ["__str__", "source", "name_used", "disagrees", "checked_on"]
    list_filter = ["disagrees", "source__kind", "source", "is_deprecated", "is_experimental"]
    list_select_related = ["source", "status_code", "vendor_extension__vendor"]
    search_fields = ["=status_code__number", "=vendor_extension__number", "name_used", "note"]
    autocomplete_fields = ["source", "status_code", "vendor_extension"]
    date_hierarchy = "checked_on"


@admin.register(Alias)
class AliasAdmin(HistoryAdmin):
    list_display = ["name", "code", "origin"]
    list_select_related = ["code", "origin"]
    search_fields = ["name", "=code__number"]
    autocomplete_fields = ["code", "origin"]


@admin.register(SpecReference)
class SpecReferenceAdmin(HistoryAdmin):
    list_display = ["code", "source", "section", "is_defining"]
    list_filter = ["is_defining", "source"]
    list_select_related = ["code", "source"]
    search_fields = ["=code__number", "source__slug", "section"]
    autocomplete_fields = ["code", "source"]


@admin.register(Header)
class HeaderAdmin(HistoryAdmin):
    list_display = ["name", "summary"]
    search_fields = ["name", "summary"]


@admin.register(StatusClass)
class StatusClassAdmin(CodesModelAdmin):
    list_display = ["label", "name"]
    ordering = ["digit"]
