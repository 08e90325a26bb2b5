from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .conf import settings


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search status codes"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "404, 5xx, teapot"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["q"]
        field.max_length = settings.SEARCH_MAX_LENGTH
        field.validators.append(MaxLengthValidator(field.max_length))
        field.widget.attrs["maxlength"] = str(field.max_length)
