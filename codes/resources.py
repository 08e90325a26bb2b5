"""Import and export of codes, vendor extensions and citations (django-import-export).

Every row is validated by the model's full_clean(); if any row fails, nothing is written. An
import follows the publication workflow like any other edit, and shows in the history: a row that
changes a published entry becomes a revision for review.
"""

from diff_match_patch import diff_match_patch
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from import_export import fields, resources, widgets

from . import revisions
from .models import (
    MAX_NUMBER,
    MIN_NUMBER,
    Citation,
    Header,
    Source,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)
from .services import after_state_change, apply_workflow


class MarkedDiff(resources.Diff):
    """The import preview's changes as <ins> and <del> elements styled by codes/admin/admin.css,
    instead of diff-match-patch's style="..." attributes, which a Content-Security-Policy
    without 'unsafe-hashes' does not apply."""

    TAGS = {
        diff_match_patch.DIFF_INSERT: "ins",
        diff_match_patch.DIFF_DELETE: "del",
        diff_match_patch.DIFF_EQUAL: "span",
    }

    def as_html(self):
        matcher = diff_match_patch()
        columns = []
        for before, after in zip(self.left, self.right, strict=True):
            if before != after and self.new:
                before = ""
            changes = matcher.diff_main(force_str(before), force_str(after))
            matcher.diff_cleanupSemantic(changes)
            columns.append(
                mark_safe("".join(self.mark(operation, text) for operation, text in changes))
            )
        return columns

    def mark(self, operation, text):
        tag = self.TAGS[operation]
        return f"<{tag}>{escape(text).replace(chr(10), '&para;<br>')}</{tag}>" if text else ""


class CodesResource(resources.ModelResource):
    class Meta:
        abstract = True
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def get_diff_class(cls):
        return MarkedDiff

    def import_instance(self, instance, row, **kwargs):
        instance._state_before_import = getattr(instance, "state", None) if instance.pk else None
        super().import_instance(instance, row, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        """A row that changes a published entry, or a part of one, becomes a revision of the
        entry for review, like an edit in the admin."""
        entry = None if kwargs.get("dry_run") else self.published_entry(instance)
        user = kwargs.get("user")
        if entry is None or user is None:
            return super().save_instance(instance, is_create, row, **kwargs)
        with revisions.proposing(entry, user) as proposal:
            super().save_instance(instance, is_create, row, **kwargs)
            proposal.changed = True
        return None

    def published_entry(self, instance):
        """The published entry the row's record is, or is part of (see PartAdmin)."""
        if isinstance(instance, Citation):
            candidates = [instance.status_code, instance.vendor_extension]
        elif instance.pk is not None:
            candidates = [type(instance).objects.filter(pk=instance.pk).first()]
        else:
            candidates = []
        return next((entry for entry in candidates if entry and entry.is_published), None)

    def after_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and hasattr(instance, "state") and not kwargs.get("dry_run"):
            after_state_change(instance, user, instance._state_before_import)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is None:
            return
        instance._history_user = user  # simple-history's way to name who made the change
        if hasattr(instance, "state"):
            apply_workflow(instance, user, instance._state_before_import)


class StatusCodeResource(CodesResource):
    status_class = fields.Field(
        attribute="status_class",
        column_name="status_class",
        widget=widgets.ForeignKeyWidget(StatusClass, field="digit"),
    )
    related_codes = fields.Field(
        attribute="related_codes",
        column_name="related_codes",
        widget=widgets.ManyToManyWidget(StatusCode, field="number", separator="|"),
    )
    related_headers = fields.Field(
        attribute="related_headers",
        column_name="related_headers",
        widget=widgets.ManyToManyWidget(Header, field="name", separator="|"),
    )

    class Meta(CodesResource.Meta):
        model = StatusCode
        import_id_fields = ["number"]
        fields = [
            "number",
            "phrase",
            "status_class",
            "summary",
            "body",
            "registry_status",
            "registered_on",
            "registration_extended_on",
            "registration_expires_on",
            "registration_checked_on",
            "is_deprecated",
            "is_experimental",
            "is_obsolete",
            "state",
            "related_codes",
            "related_headers",
        ]

    def before_import_row(self, row, **kwargs):
        # The class follows from the number: a file need not say it.
        number = str(row.get("number") or "").strip()
        if not row.get("status_class") and number.isdigit():
            # Out of range, the number's own validation says what is wrong.
            if MIN_NUMBER <= int(number) <= MAX_NUMBER:
                row["status_class"] = int(number) // 100


class VendorExtensionResource(CodesResource):
    vendor = fields.Field(
        attribute="vendor",
        column_name="vendor",
        widget=widgets.ForeignKeyWidget(Vendor, field="slug"),
    )

    class Meta(CodesResource.Meta):
        model = VendorExtension
        import_id_fields = ["vendor", "number"]
        fields = [
            "vendor",
            "number",
            "phrase",
            "product",
            "summary",
            "body",
            "evidence",
            "evidence_url",
            "is_deprecated",
            "prominence",
            "state",
        ]


class VendorExtensionWidget(widgets.ForeignKeyWidget):
    """A vendor extension written as vendor/number, e.g. nginx/499."""

    def __init__(self, **kwargs):
        super().__init__(VendorExtension, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        vendor, _, number = str(value).partition("/")
        try:
            return VendorExtension.objects.get(vendor__slug=vendor, number=int(number))
        except (ValueError, VendorExtension.DoesNotExist):
            raise ValueError(
                f"No vendor extension {value!r}: write it as vendor/number, e.g. nginx/499."
            ) from None

    def render(self, value, obj=None, **kwargs):
        return f"{value.vendor.slug}/{value.number}" if value else ""


class CitationResource(CodesResource):
    source = fields.Field(
        attribute="source",
        column_name="source",
        widget=widgets.ForeignKeyWidget(Source, field="slug"),
    )
    status_code = fields.Field(
        attribute="status_code",
        column_name="status_code",
        widget=widgets.ForeignKeyWidget(StatusCode, field="number"),
    )
    vendor_extension = fields.Field(
        attribute="vendor_extension",
        column_name="vendor_extension",
        widget=VendorExtensionWidget(),
    )

    class Meta(CodesResource.Meta):
        model = Citation
        fields = [
            "id",
            "source",
            "status_code",
            "vendor_extension",
            "name_used",
            "is_webdav",
            "is_experimental",
            "is_deprecated",
            "url",
            "checked_on",
            "note",
            "disagrees",
        ]
