from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import checker
from .conf import settings
from .models import RuleAspect, RuleLevel, RuleParty


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


def blank_first(choices) -> list[tuple[str, str]]:
    return [("", _("Any"))] + [(value, label) for value, label in choices if value]


class RuleFilterForm(forms.Form):
    """The rules page's filters: every one optional, a wrong value a 400."""

    aspect = forms.ChoiceField(label=_("About"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    party = forms.ChoiceField(label=_("Binds"), required=False)
    header = forms.ChoiceField(label=_("Header field"), required=False)

    def __init__(self, *args, headers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = blank_first(RuleAspect.choices)
        self.fields["level"].choices = blank_first(RuleLevel.choices)
        self.fields["party"].choices = blank_first(RuleParty.choices)
        self.fields["header"].choices = blank_first((name, name) for name in headers)


class CheckForm(forms.Form):
    """What a reader pastes on the check page."""

    CONTENT_CHOICES = [
        ("", _("Judge from the paste")),
        ("yes", _("Yes, content followed")),
        ("no", _("No content followed")),
    ]

    response = forms.CharField(
        label=_("The response's status line and header fields"),
        max_length=checker.MAX_TEXT,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "spellcheck": "false",
                "autocapitalize": "off",
                "aria-describedby": "response-help",
            }
        ),
        help_text=_(
            "Paste what curl -si or your browser's network tab shows: the status line, then "
            "one header field a line, then, if you like, the content after an empty line."
        ),
    )
    method = forms.CharField(
        label=_("Request method (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "GET", "autocapitalize": "characters"}),
    )
    content = forms.ChoiceField(
        label=_("Did content follow the head?"),
        choices=CONTENT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_method(self) -> str:
        method = self.cleaned_data["method"].strip().upper()
        try:
            return checker.clean_method(method)
        except checker.CheckError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_content(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["content"])

    def check(self) -> checker.Report | None:
        """The checker's report, or None with the reason added to the form's errors."""
        try:
            data = self.cleaned_data
            return checker.check(data["response"], data["method"], data["content"])
        except checker.CheckError as error:
            self.add_error("response", str(error))
            return None
