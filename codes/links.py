"""Links to the app's pages, remembered: `reverse` costs about ten microseconds, a page links
a dozen times in its navigation alone, and a list of a class links a hundred numbers."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def number_url(number: int) -> str:
    return cached_reverse("statuskb:number-detail", kwargs={"number": number})


def source_url(slug: str) -> str:
    return cached_reverse("statuskb:source-detail", kwargs={"slug": slug})


def cached_reverse(view_name: str, args=(), kwargs=None, current_app=None) -> str:
    """reverse(), remembered per URLconf and script prefix, which are all else it depends on."""
    return _reverse(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        current_app,
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())) if kwargs else (),
    )


@lru_cache(maxsize=4096)
def _reverse(urlconf, script_prefix, current_app, view_name, args, kwargs) -> str:
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )
