from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from .conf import settings


class LimitedImportForm(ImportForm):
    """import-export's upload form, refusing files over CODES_IMPORT_MAX_BYTES before a row is
    read (Django limits form data, not uploaded files)."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files to import may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_big",
            )
        return upload
