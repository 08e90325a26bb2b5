"""The app's settings: each is read live from Django's settings with a CODES_ prefix.

Reading at access time, never at import, keeps override_settings working.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {
    # The template every app page extends; a host site points it at its own layout.
    "BASE_TEMPLATE": "codes/base.html",
    # Items in the Atom feed of recent changes.
    "FEED_SIZE": 20,
    # Longest search query accepted, in characters.
    "SEARCH_MAX_LENGTH": 100,
    # The best matches a search shows of each kind (status codes, vendor codes).
    "SEARCH_RESULTS": 50,
    # The largest file the admin accepts for import, in bytes.
    "IMPORT_MAX_BYTES": 2 * 1024 * 1024,
    # API: items per page, and the largest page a client may ask for with ?page_size=.
    "PAGE_SIZE": 50,
    "MAX_PAGE_SIZE": 1000,
    # API request rates, in Django REST framework's notation ("100/minute").
    "ANON_THROTTLE_RATE": "120/minute",
    "USER_THROTTLE_RATE": "600/minute",
    # Attempts at trading a password for an API token, per client address and per username.
    "LOGIN_THROTTLE_RATE": "10/hour",
    # How many proxies in front of the site append the address they were reached from to
    # X-Forwarded-For (deploy/nginx.conf is one). Throttles key on the address the outermost of
    # them saw; 0, the default, keys on REMOTE_ADDR and ignores X-Forwarded-For, which any
    # client can write.
    "TRUSTED_PROXIES": 0,
    # Seconds the server-side cache keeps a public response (pages, feeds, anonymous API reads);
    # any committed change to the data drops them all at once. 0, the default, turns it off.
    "CACHE_TIMEOUT": 0,
    # The cache (a CACHES alias) that keeps the responses. Each process may keep its own (a local
    # memory cache answers fastest), as long as the version is kept in a shared one.
    "CACHE_ALIAS": "default",
    # The cache that keeps the version, which a committed change renews; with several server
    # processes it must be one they all share (Redis, Memcached). Defaults to CACHE_ALIAS.
    "CACHE_VERSION_ALIAS": None,
    # Seconds a shared cache in front of the site (nginx, a CDN) may serve a page without asking.
    "PROXY_MAX_AGE": 10,
    # Email reviewers when a change awaits them, and editors when theirs is approved or sent
    # back (Django's email framework: EMAIL_BACKEND, DEFAULT_FROM_EMAIL). False turns it off.
    "REVIEW_EMAILS": True,
}


class Settings:
    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"codes has no setting named {name!r}.")
        return getattr(django_settings, f"CODES_{name}", DEFAULTS[name])


settings = Settings()
