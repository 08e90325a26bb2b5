"""The editors' admin: curated entries with history, workflow actions and import/export.

Workflow rules live in services.py; the admin only offers them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import diffs, previews, revisions, services
from .admin_forms import LimitedImportForm
from .markdown import render_markdown
from .models import (
    Alias,
    Citation,
    Curated,
    Header,
    Implementation,
    ImplementationCode,
    PublicationState,
    Revision,
    RevisionStatus,
    Rule,
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


# Where a curated entry's workflow fields show: read only, folded away at the end of the form.
PUBLICATION_FIELDSET = (
    _("Publication"),
    {
        "fields": ["state", "published_by", "published_at", "created", "modified"],
        "classes": ["collapse"],
    },
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


class FullTextChanges(HistoricalRecordContextHelper):
    """A change in the history list shows the whole old and new value with the changed words
    marked, where simple-history shortens long text to "Reser[119 chars]ee…"."""

    def stringify_delta_change_values(self, change, old, new):
        def text(value):
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

        return diffs.marked_words(text(old), text(new))


class HistoryAdmin(SimpleHistoryAdmin, CodesModelAdmin):
    object_history_template = "codes/admin/object_history.html"
    object_history_list_template = "codes/admin/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return FullTextChanges(self.model, historical_record)

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
        entry = self.get_object(request, unquote(object_id))
        if isinstance(entry, Curated):
            revisions_of_entry = Revision.objects.of(entry).select_related(
                "created_by", "reviewed_by"
            )
            extra_context = {
                **(extra_context or {}),
                "revisions": revisions_of_entry.order_by("-created"),
            }
        return super().history_view(request, object_id, extra_context)


def as_revision(request, entry, view, *args):
    """Run an admin view on a published entry so that what it saves becomes a revision (see
    codes.revisions.proposing); the response is rendered while the editor's version is in place."""
    with revisions.proposing(entry, request.user) as proposal:
        request.codes_proposal = proposal
        response = view(*args)
        if hasattr(response, "render"):
            response.render()
    return response


def proposal_of(request) -> revisions.Proposal | None:
    """The revision an admin view of this request is making (as_revision), if any."""
    return getattr(request, "codes_proposal", None)


def mark_proposed(request) -> None:
    """Tell the proposal of this request, if any, that the view saved a change."""
    if (proposal := proposal_of(request)) is not None:
        proposal.changed = True


def awaits_review(entry) -> str:
    return _(
        "Your change to “%(entry)s” awaits review. Readers see the published version until a "
        "reviewer approves it."
    ) % {"entry": entry}


class CuratedAdmin(HistoryAdmin):
    """Publication state moves only through the workflow actions, never by typing it in."""

    save_on_top = True  # a long form: its buttons at the top as well

    def get_inline_instances(self, request, obj=None):
        """Each inline says in its title how many rows it holds, since inlines start collapsed."""
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if obj is not None:
                related = inline.model._meta.get_field(inline.fk_name).remote_field.related_name
                count = getattr(obj, related).count()
                inline.verbose_name_plural = f"{inline.model._meta.verbose_name_plural} ({count})"
        return inlines

    readonly_fields = ["state", "published_by", "published_at", "created", "modified"]
    actions = ["submit_for_review", "publish", "unpublish"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not services.can_publish(request.user, self.model):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A published entry is edited as a revision: the form shows the editor's pending
        version, and saving records the change for review instead of publishing it."""
        entry = self.get_object(request, unquote(object_id)) if object_id else None
        if entry is not None and request.method == "GET":
            self.tell_about_open_revisions(request, entry)
        if entry is None or not entry.is_published:
            return super().changeform_view(request, object_id, form_url, extra_context)
        view = super().changeform_view
        return as_revision(request, entry, view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting a published entry to an earlier version is a revision too."""
        entry = self.get_object(request, unquote(object_id))
        view = super().history_form_view
        if entry is None or not entry.is_published:
            return view(request, object_id, version_id, extra_context)
        return as_revision(request, entry, view, request, object_id, version_id, extra_context)

    def tell_about_open_revisions(self, request, entry):
        for revision in Revision.objects.of(entry).open().select_related("created_by"):
            if revision.creates_entry and revision.status == RevisionStatus.SENT_BACK:
                message = _(
                    "A reviewer sent this entry back: “%(comment)s”. Send it for review again "
                    "when it is ready."
                )
            elif revision.creates_entry:
                message = _("This entry awaits review.")
            elif revision.created_by != request.user:
                message = _("A change by %(user)s awaits review.")
            elif revision.status == RevisionStatus.SENT_BACK:
                message = _(
                    "A reviewer sent your change back: “%(comment)s”. The form shows your "
                    "version; save it again to resubmit."
                )
            else:
                message = _("Your change awaits review. The form shows your version.")
            params = {"user": revision.created_by, "comment": revision.comment}
            preview = reverse("admin:statuskb_revision_preview", args=[revision.pk])
            self.message_user(
                request,
                format_html('{} <a href="{}">{}</a>', message % params, preview, _("Preview")),
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        if proposal_of(request) is None:
            previous = (
                type(obj).objects.filter(pk=obj.pk).values_list("state", flat=True).first()
                if change
                else None
            )
            services.apply_workflow(obj, request.user, previous)
        super().save_model(request, obj, form, change)
        mark_proposed(request)  # simple-history's revert saves without save_related

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mark_proposed(request)

    def response_change(self, request, obj):
        if proposal_of(request) is None:
            return super().response_change(request, obj)
        self.message_user(request, awaits_review(obj), messages.SUCCESS)
        return HttpResponseRedirect(request.path)

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


class WholeSummaryMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":  # shown whole, not in a one-line box
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MarkdownPreviewMixin(WholeSummaryMixin):
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
    fk_name = "code"
    classes = ["collapse"]
    extra = 0
    autocomplete_fields = ["origin"]


class SpecReferenceInline(admin.TabularInline):
    model = SpecReference
    fk_name = "code"
    classes = ["collapse"]
    extra = 0
    autocomplete_fields = ["source"]
    formfield_overrides = CodesModelAdmin.formfield_overrides


class RuleInline(admin.StackedInline):
    model = Rule
    fk_name = "code"
    classes = ["collapse"]
    extra = 0
    autocomplete_fields = ["source", "header"]
    fields = [
        ("topic", "aspect", "level", "party"),
        "statement",
        ("header", "checked_by", "condition", "method"),
        ("source", "section", "url"),
    ]
    formfield_overrides = CodesModelAdmin.formfield_overrides


class CitationInline(admin.StackedInline):
    model = Citation
    classes = ["collapse"]
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
    inlines = [AliasInline, SpecReferenceInline, RuleInline, CitationInline]
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
        PUBLICATION_FIELDSET,
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
    fieldsets = [
        (None, {"fields": ["vendor", "number", "phrase", "product", "summary"]}),
        (_("Body"), {"fields": ["body", "body_preview"]}),
        (
            _("Evidence and rank"),
            {"fields": ["evidence", "evidence_url", "prominence", "is_deprecated"]},
        ),
        PUBLICATION_FIELDSET,
    ]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["title", "slug", "kind", "publisher", "published_on", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "slug", "author", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["obsoletes"]
    ordering = ["kind", "title"]


class ImplementationCodeInline(admin.TabularInline):
    model = ImplementationCode
    fk_name = "implementation"
    classes = ["collapse"]
    extra = 0
    fields = [
        "number",
        "phrase",
        "constant",
        "is_alias",
        "sends_instead",
        "closes_connection",
        "since",
        "until",
        "url",
        "note",
    ]
    formfield_overrides = {
        **CodesModelAdmin.formfield_overrides,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})},
    }


@admin.register(Implementation)
class ImplementationAdmin(WholeSummaryMixin, CuratedAdmin):
    list_display = ["name", "category", "language", "verified_versions", "state", "modified"]
    list_filter = ["category", "state"]
    search_fields = ["name", "slug", "language", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    inlines = [ImplementationCodeInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "language", "url", "summary"]}),
        (_("Versions"), {"fields": ["history_from", "verified_versions"]}),
        PUBLICATION_FIELDSET,
    ]


class PartAdmin(HistoryAdmin):
    """A part shown with an entry (a citation, an alias, a spec reference). Changing or removing
    the part of a published entry on its own admin page, as in the entry's form, makes a
    revision of the entry for review."""

    entry_fields: list[str] = []  # the foreign keys to the entries a part can belong to

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        entry_fields = self.entry_fields

        class StaysWithItsEntry(form):
            """A part of a published entry is not moved to another entry here: its removal and
            its addition would be two revisions of two entries, to be reviewed apart."""

            def clean(self):
                cleaned = super().clean()
                for name in entry_fields:
                    before = getattr(self.instance, name, None) if self.instance.pk else None
                    if before is not None and before.is_published and cleaned.get(name) != before:
                        raise ValidationError(
                            _(
                                "This belongs to “%(entry)s”, which is published: remove it "
                                "there and add a new one to the other entry instead."
                            )
                            % {"entry": before}
                        )
                return cleaned

        return StaysWithItsEntry

    def published_entry(self, request, object_id):
        if object_id:
            part = self.get_object(request, unquote(object_id))
            entries = [getattr(part, name) for name in self.entry_fields] if part else []
        elif request.method == "POST":
            entries = [self.posted_entry(request, name) for name in self.entry_fields]
        else:
            entries = []
        return next((entry for entry in entries if entry and entry.is_published), None)

    def posted_entry(self, request, name):
        pk = request.POST.get(name, "")
        if not pk.isdigit():
            return None
        return self.model._meta.get_field(name).related_model.objects.filter(pk=pk).first()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        entry = self.published_entry(request, object_id)
        view = super().changeform_view
        if entry is None:
            return view(request, object_id, form_url, extra_context)
        return as_revision(request, entry, view, request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        entry = self.published_entry(request, object_id)
        view = super().delete_view
        if entry is None:
            return view(request, object_id, extra_context)
        return as_revision(request, entry, view, request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        entry = self.published_entry(request, object_id)
        view = super().history_form_view
        if entry is None:
            return view(request, object_id, version_id, extra_context)
        return as_revision(request, entry, view, request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        mark_proposed(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        mark_proposed(request)

    def after_proposal(self, request, obj):
        entry = proposal_of(request).entry
        self.message_user(request, awaits_review(entry), messages.SUCCESS)
        opts = entry._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
        )

    def response_add(self, request, obj, post_url_continue=None):
        if proposal_of(request) is None:
            return super().response_add(request, obj, post_url_continue)
        return self.after_proposal(request, obj)

    def response_change(self, request, obj):
        if proposal_of(request) is None:
            return super().response_change(request, obj)
        return self.after_proposal(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        if proposal_of(request) is None:
            return super().response_delete(request, obj_display, obj_id)
        return self.after_proposal(request, None)


@admin.register(Citation)
class CitationAdmin(ImportExportAdmin, PartAdmin):
    entry_fields = ["status_code", "vendor_extension"]
    resource_classes = [CitationResource]
    list_display = ["__str__", "source", "name_used", "disagrees", "checked_on"]
    list_filter = ["disagrees", "source__kind", "source", "is_deprecated", "is_experimental"]
    list_select_related = ["source", "status_code", "vendor_extension__vendor"]
    search_fields = ["=status_code__number", "=vendor_extension__number", "name_used", "note"]
    autocomplete_fields = ["source", "status_code", "vendor_extension"]
    date_hierarchy = "checked_on"


@admin.register(Alias)
class AliasAdmin(PartAdmin):
    entry_fields = ["code"]
    list_display = ["name", "code", "origin"]
    list_select_related = ["code", "origin"]
    search_fields = ["name", "=code__number"]
    autocomplete_fields = ["code", "origin"]


@admin.register(SpecReference)
class SpecReferenceAdmin(PartAdmin):
    entry_fields = ["code"]
    list_display = ["code", "source", "section", "is_defining"]
    list_filter = ["is_defining", "source"]
    list_select_related = ["code", "source"]
    search_fields = ["=code__number", "source__slug", "section"]
    autocomplete_fields = ["code", "source"]


@admin.register(Rule)
class RuleAdmin(PartAdmin):
    entry_fields = ["code"]
    list_display = ["code", "topic", "aspect", "level", "party", "header", "source", "section"]
    list_filter = ["aspect", "level", "party", "checked_by", "source", "header"]
    list_select_related = ["code", "source", "header"]
    search_fields = ["=code__number", "topic", "statement", "header__name"]
    autocomplete_fields = ["code", "source", "header"]
    ordering = ["code__number", "aspect", "topic"]


@admin.register(ImplementationCode)
class ImplementationCodeAdmin(PartAdmin):
    entry_fields = ["implementation"]
    list_display = ["number", "implementation", "phrase", "constant", "is_alias", "versions"]
    list_filter = ["implementation", "is_alias"]
    list_select_related = ["implementation"]
    search_fields = ["=number", "phrase", "constant"]
    autocomplete_fields = ["implementation"]
    ordering = ["number", "implementation__name", "is_alias", "since"]


@admin.register(Header)
class HeaderAdmin(HistoryAdmin):
    """A header shows on the pages of the codes it is related to, and has no revisions of its
    own: once a published code shows it, only reviewers change it."""

    list_display = ["name", "summary"]
    search_fields = ["name", "summary"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.shown_on_published_pages(obj):
            return services.can_publish(request.user, StatusCode)
        return super().has_change_permission(request, obj)

    def shown_on_published_pages(self, header) -> bool:
        return header.codes.filter(state=PublicationState.PUBLISHED).exists()


@admin.register(StatusClass)
class StatusClassAdmin(CodesModelAdmin):
    list_display = ["label", "name"]
    ordering = ["digit"]


class MineFilter(admin.SimpleListFilter):
    """An editor's own changes: awaiting review, sent back, approved."""

    title = _("edited by")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Me"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(created_by=request.user)
        return queryset


@admin.register(Revision)
class RevisionAdmin(CodesModelAdmin):
    """The review queue: changes to published entries, oldest first. A reviewer opens one, reads
    what it changes against the published version, and approves it or sends it back."""

    list_display = [
        "entry_label", "entry_type", "created_by", "created", "status", "reviewed_by", "comment",
    ]  # fmt: skip
    list_filter = ["status", MineFilter, "entry_type"]
    list_select_related = ["entry_type", "created_by", "reviewed_by"]
    ordering = ["created", "pk"]
    fields = [
        "entry_label", "entry_type", "status", "created_by", "created", "reviewed_by",
        "reviewed_at", "comment",
    ]  # fmt: skip
    change_form_template = "admin/statuskb/revision/change_form.html"

    def has_add_permission(self, request):
        return False  # a revision is made by editing an entry

    def has_change_permission(self, request, obj=None):
        return False  # reviewed with the approve and send-back buttons, never edited

    change_list_template = "admin/statuskb/revision/change_list.html"

    def changelist_view(self, request, extra_context=None):
        """Below the revisions, entries in review that have no revision (sent for review before
        revisions were kept, or loaded in that state), oldest first: a reviewer publishes them
        from their list."""
        waiting = []
        for model in (StatusCode, VendorExtension, Vendor, Source):
            with_revision = Revision.objects.open().filter(
                entry_type=ContentType.objects.get_for_model(model), creates_entry=True
            )
            entries = (
                model.objects.filter(state=PublicationState.IN_REVIEW)
                .exclude(pk__in=with_revision.values("entry_id"))
                .order_by("modified")
            )
            waiting += [(entry.modified, model._meta, entry) for entry in entries[:100]]
        waiting.sort(key=lambda row: row[0])
        extra_context = {**(extra_context or {}), "entries_in_review": waiting}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_preview",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if revision is not None:
            model = revision.entry_type.model_class()
            fields, parts = diffs.revision_changes(model, revision.base, revision.content)
            extra_context.update(
                changed_fields=fields,
                changed_parts=parts,
                entry=revision.entry,
                can_review=revision.status == RevisionStatus.PENDING
                and revisions.can_review(request.user, revision),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_view(self, request, object_id):
        """The public page as readers would see it with this revision approved."""
        revision = self.get_object(request, unquote(object_id))
        if revision is None or revision.entry is None:
            raise Http404
        return previews.preview(request, revision)

    def review_view(self, request, object_id):
        """Approve or send back (POST only)."""
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            if "_approve" in request.POST:
                revisions.approve(revision, request.user)
                done = _("Approved: readers now see the change to “%(entry)s”.")
            else:
                comment = request.POST.get("comment", "").strip()
                if not comment:
                    raise revisions.Conflict(_("Say what to change when you send it back."))
                revisions.send_back(revision, request.user, comment)
                done = _("Sent back to its editor with your comment: “%(entry)s”.")
        except revisions.Conflict as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:statuskb_revision_change", args=[revision.pk])
            )
        self.message_user(request, done % {"entry": revision.entry_label}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:statuskb_revision_changelist"))
