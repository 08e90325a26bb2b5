"""The optional server-side cache of public responses, on Django's cache framework.

Off unless CODES_CACHE_TIMEOUT is set. It wraps the app's views, so it runs after all of the
host's middleware, and it keys responses with django.utils.cache, so it honours their Vary
headers and the active language. Every entry's key carries a version kept in a cache that all
servers share (CODES_CACHE_VERSION_ALIAS); a committed change to the knowledge base writes a new
version, so every server stops serving what it had at once, even where each process keeps the
responses themselves in its own memory (CODES_CACHE_ALIAS).
"""

from __future__ import annotations

import functools
import time

from django.core.cache import caches
from django.db import transaction
from django.db.models import signals
from django.http import HttpResponse
from django.utils.cache import get_cache_key, learn_cache_key, set_response_etag

from .conf import settings
from .http import is_public, sends_no_credentials

VERSION_KEY = "statuskb:version"


def the_cache():
    return caches[settings.CACHE_ALIAS]


def version_cache():
    return caches[settings.CACHE_VERSION_ALIAS or settings.CACHE_ALIAS]


def key_prefix() -> str:
    return f"statuskb.{version_cache().get_or_set(VERSION_KEY, time.time_ns, timeout=None)}"


def new_version() -> None:
    version_cache().set(VERSION_KEY, time.time_ns(), timeout=None)


def storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and is_public(response)
    )


def cache_public_responses(view):
    """Serve anonymous GET and HEAD requests from the cache, and keep the public responses the
    view gives them. Does nothing while CODES_CACHE_TIMEOUT is 0."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        timeout = settings.CACHE_TIMEOUT
        if not (timeout and request.method in ("GET", "HEAD") and sends_no_credentials(request)):
            return view(request, *args, **kwargs)
        cache, prefix = the_cache(), key_prefix()
        key = get_cache_key(request, prefix, "GET", cache=cache)
        cached = cache.get(key) if key else None
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if request.method == "GET" and storable(response):

            def store(rendered):
                key = learn_cache_key(request, rendered, timeout, prefix, cache=cache)
                # A plain copy: a template response from the cache counts as rendered already,
                # and the decorators outside this one (conditional_page) could not replace it.
                copy = HttpResponse(
                    rendered.content, status=rendered.status_code, headers=rendered.headers
                )
                if not copy.has_header("ETag"):
                    set_response_etag(copy)  # once, not by conditional_page on every hit
                cache.set(key, copy, timeout)

            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
        return response

    return wrapped


def invalidate(using=None) -> None:
    """A new version when the current transaction commits (at once outside one): for changes
    that send no signals, such as bulk_create and update."""
    transaction.on_commit(new_version, using=using)


def invalidate_on_change(sender, action="post", using=None, **kwargs):
    if action.startswith("post"):  # m2m_changed also sends pre_add, pre_remove, pre_clear
        invalidate(using)


def connect(app_config) -> None:
    """A new version after every committed save, delete and relation change of the app's
    models (history records aside: they are never on a public page)."""
    for model in app_config.get_models(include_auto_created=True):
        if hasattr(model, "history_id"):
            continue
        uid = f"statuskb-new-version-{model._meta.label_lower}"
        for signal in (signals.post_save, signals.post_delete, signals.m2m_changed):
            signal.connect(invalidate_on_change, sender=model, dispatch_uid=uid)
