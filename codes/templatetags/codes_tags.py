from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from codes.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def number_url(number: int) -> str:
    """The page of a number: `{% url %}` costs tens of microseconds, and lists call it once
    a row, hundreds of times a page."""
    return _number_url(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), number)


@lru_cache(maxsize=1024)
def _number_url(urlconf: str, script_prefix: str, number: int) -> str:
    return reverse("statuskb:number-detail", urlconf=urlconf, kwargs={"number": number})


@register.filter
def web_url(url: str) -> str:
    """The URL if it is a web address, else nothing: validation keeps other schemes out of the
    database, and this keeps them out of an href should one get in anyway."""
    return url if url.strip().lower().startswith(("https://", "http://")) else ""
