"""The HTTP rules that pages and the API share: who may cache an answer, conditional requests,
and which address a request comes from.

Public answers are the same for every anonymous reader: browsers revalidate them with their
ETag, and a shared cache (deploy/nginx.conf, a CDN) may keep them for CODES_PROXY_MAX_AGE
seconds. Answers for a signed-in user are private and vary on the credentials. Errors are never
stored, whoever asked, except the few SHAREABLE_STATUSES below.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.decorators import decorator_from_middleware
from django.utils.http import parse_http_date_safe

from .conf import settings

# The answers a cache may keep, decided here for every status the app sends. A 404 or 410 is
# the same for everyone until the data changes, like a page, and keeping it briefly spares the
# site a crawler's repeated misses. Every other error is the client's own (400, 403, 405, 412,
# 413, 429) or a passing state of the server (5xx): RFC 6585 section 4 says a 429 must not be
# stored, and one client's error must never be served to another.
SHAREABLE_STATUSES = frozenset({200, 301, 308, 404, 410})


def mark_public(response):
    """Let browsers and shared caches keep the response, revalidating with its ETag."""
    if response.status_code not in SHAREABLE_STATUSES:
        return mark_not_stored(response)
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PROXY_MAX_AGE)
    return response


def mark_private(response):
    """A response for one signed-in user (drafts, write forms): no shared cache may keep it."""
    if response.status_code not in SHAREABLE_STATUSES:
        return mark_not_stored(response)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def mark_not_stored(response):
    response["Cache-Control"] = "no-store"
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


def client_address(request) -> str:
    """The address a request comes from, as far as the site can trust it: REMOTE_ADDR, or with
    CODES_TRUSTED_PROXIES = n, the address the outermost of those n proxies saw, which is the
    n-th from the end of X-Forwarded-For (each proxy appends the address it was reached from;
    what the client wrote there itself comes before and is ignored)."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


class ConditionalGetOrHeadMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware, for HEAD as well as GET: a HEAD carries the validators
    a GET would, and is answered 304 when they match (RFC 9110 section 9.3.2). Django's leaves
    HEAD alone, since a server may drop the body before it is hashed; the app's views build the
    whole body for HEAD, as for GET, and the server drops it afterwards."""

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD"):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response


conditional = decorator_from_middleware(ConditionalGetOrHeadMiddleware)
