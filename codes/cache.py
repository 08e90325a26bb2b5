"""The page cache: whole anonymous responses, invalidated at once whenever the data changes.

Every entry is stamped with the data generation, a random token in the shared cache that any
change to the knowledge base replaces. One round trip fetches both the generation and the
entry, so an edit made through one server is seen by every other server on its next request.
"""

from __future__ import annotations

import functools
import hashlib
import uuid

from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers

from .conf import settings

GENERATION_KEY = "statuskb:generation"
# Set on a response that every anonymous reader may share; the middleware stores only those.
PUBLIC_ATTRIBUTE = "statuskb_public"


def page_cache():
    return caches[settings.CACHE_ALIAS]


def enabled() -> bool:
    return settings.CACHE_TIMEOUT > 0


def new_generation() -> str:
    generation = uuid.uuid4().hex
    page_cache().set(GENERATION_KEY, generation, timeout=None)
    return generation


def invalidate() -> None:
    """Make every cached page stale: now, so this process never serves a page older than its
    own write, and again at commit, so no other process keeps a page it rendered from the data
    as it was before the commit."""
    new_generation()
    transaction.on_commit(new_generation)


def sends_no_credentials(request) -> bool:
    """No session cookie and no Authorization header: a reader nobody has signed in."""
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and django_settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def page_key(request) -> str:
    # The raw Host header is enough: an entry exists only for a host the full path accepted.
    parts = (
        request.META.get("HTTP_HOST", ""),
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
    )
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"statuskb:page:{digest}"


def mark_public(response):
    """Let browsers and shared caches keep the response, revalidating with its ETag."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PROXY_MAX_AGE)
    setattr(response, PUBLIC_ATTRIBUTE, True)
    return response


def public(view):
    """mark_public for a function view."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_public(view(request, *args, **kwargs))

    return wrapped


def mark_private(response):
    """A response for one signed-in user (drafts, write forms): no shared cache may keep it."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def vary_on_credentials(response):
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response


def invalidate_on_change(sender, action="post", **kwargs):
    if action.startswith("post"):  # m2m_changed also sends pre_add, pre_remove, pre_clear
        invalidate()


def connect(app_config) -> None:
    """Invalidate on every save, delete and relation change of the app's models (history
    records aside: they are never on a public page)."""
    from django.db.models import signals

    for model in app_config.get_models(include_auto_created=True):
        if hasattr(model, "history_id"):
            continue
        uid = f"statuskb-invalidate-{model._meta.label_lower}"
        for signal in (signals.post_save, signals.post_delete, signals.m2m_changed):
            signal.connect(invalidate_on_change, sender=model, dispatch_uid=uid)
