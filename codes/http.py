"""The HTTP caching headers that pages and the API share.

Public responses are the same for every anonymous reader: browsers revalidate them with their
ETag, and a shared cache (deploy/nginx.conf, a CDN) may keep them for CODES_PROXY_MAX_AGE
seconds. Responses for a signed-in user are private and vary on the credentials.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from .conf import settings


def mark_public(response):
    """Let browsers and shared caches keep the response, revalidating with its ETag."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PROXY_MAX_AGE)
    return response


def mark_private(response):
    """A response for one signed-in user (drafts, write forms): no shared cache may keep it."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def vary_on_credentials(response):
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response


def sends_no_credentials(request) -> bool:
    """No session cookie and no Authorization header: a reader nobody has signed in."""
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and django_settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_public(response) -> bool:
    return "public" in response.get("Cache-Control", "").replace(" ", "").split(",")
