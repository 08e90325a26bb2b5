"""Links to the app's pages that lists repeat on every row: `reverse` costs tens of
microseconds, and a list of a class calls it a hundred times a page."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def number_url(number: int) -> str:
    return cached_reverse("statuskb:number-detail", "number", number)


def source_url(slug: str) -> str:
    return cached_reverse("statuskb:source-detail", "slug", slug)


def cached_reverse(view_name: str, argument: str, value) -> str:
    """reverse(), remembered per URLconf and script prefix, which are all it depends on."""
    return _reverse(
        get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), view_name, argument, value
    )


@lru_cache(maxsize=4096)
def _reverse(urlconf: str, script_prefix: str, view_name: str, argument: str, value) -> str:
    return reverse(view_name, urlconf=urlconf, kwargs={argument: value})
