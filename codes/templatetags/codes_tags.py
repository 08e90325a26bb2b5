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
    return _reverse("statuskb:number-detail", "number", number)


@register.filter
def source_url(slug: str) -> str:
    """The page of a source, by slug: a code's page links one from every citation."""
    return _reverse("statuskb:source-detail", "slug", slug)


def _reverse(view_name: str, argument: str, value) -> str:
    return _cached_reverse(
        get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), view_name, argument, value
    )


@lru_cache(maxsize=4096)
def _cached_reverse(urlconf: str, script_prefix: str, view_name: str, argument: str, value) -> str:
    return reverse(view_name, urlconf=urlconf, kwargs={argument: value})


@register.filter
def web_url(url: str) -> str:
    """The URL if it is a web address, else nothing: validation keeps other schemes out of the
    database, and this keeps them out of an href should one get in anyway."""
    return url if url.strip().lower().startswith(("https://", "http://")) else ""
