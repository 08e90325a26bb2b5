"""The page cache: whole anonymous responses, dropped at once when the data changes.

Every entry is stamped with the data generation: a number in one database row that each
committed change to the knowledge base moves on. The row lives beside the data, so a server
that reads it sees exactly the changes committed before it, whichever server made them; on
SQLite it costs a few microseconds, far less than a round trip to a cache server.
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connections, router, transaction
from django.db.models import F
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control, patch_vary_headers

from .conf import settings
from .watcher import watcher

# Set on a response that every anonymous reader may share; the middleware stores only those.
PUBLIC_ATTRIBUTE = "statuskb_public"


def page_cache():
    return caches[settings.CACHE_ALIAS]


def enabled() -> bool:
    return settings.CACHE_TIMEOUT > 0


def generation_model():
    from .models import DataGeneration

    return DataGeneration


@functools.cache
def database_alias() -> str:
    return router.db_for_write(generation_model())


@functools.cache
def generation_query(alias: str) -> str:
    table = connections[alias].ops.quote_name(generation_model()._meta.db_table)
    return f"SELECT value FROM {table} WHERE id = 1"


def generation_connection():
    return connections[database_alias()]


def current_generation(connection=None) -> int:
    """The data generation, read with one plain query (the ORM would cost more than the rest
    of a cached response)."""
    connection = connection or generation_connection()
    with connection.cursor() as cursor:
        cursor.execute(generation_query(connection.alias))
        row = cursor.fetchone()
    return row[0] if row else next_generation()


def generation_for_hit(connection) -> int:
    """The generation a cached entry must carry: on PostgreSQL, what this process has heard
    (see codes.watcher), asking the database only while it is not listening."""
    if settings.CACHE_LISTEN and connection.vendor == "postgresql":
        heard = watcher.generation(connection.alias, generation_query(connection.alias))
        if heard is not None:
            return heard
    return current_generation(connection)


def next_generation() -> int:
    model = generation_model()
    if model.objects.filter(pk=1).update(value=F("value") + 1):
        value = current_generation()
    else:
        # A new database, or one that was flushed: start where no earlier number can be.
        value = time.time_ns()
        model.objects.update_or_create(pk=1, defaults={"value": value})
    watcher.saw(value)
    return value


def invalidate() -> None:
    """Move the generation on when the current transaction commits (at once outside one)."""
    queued = getattr(generation_connection(), "run_on_commit", [])
    if not any(callback is next_generation for _, callback, _ in queued):
        transaction.on_commit(next_generation, using=database_alias())


def sends_no_credentials(meta) -> bool:
    """No session cookie and no Authorization header: a reader nobody has signed in. Takes a
    request's META (or a WSGI environ)."""
    if "HTTP_AUTHORIZATION" in meta:
        return False
    cookies = meta.get("HTTP_COOKIE")
    return not cookies or django_settings.SESSION_COOKIE_NAME not in parse_cookie(cookies)


def scheme(meta) -> str:
    """http or https, as HttpRequest.scheme decides it, from a request's META or an environ."""
    if django_settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = django_settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


KEY_VARIABLES = (
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT",
)


def page_key(meta) -> str:
    """What a response depends on, from a request's META or a WSGI environ: scheme, host, path
    and query, and the Accept header the API negotiates on. An entry exists only for a host
    the full path accepted."""
    parts = [scheme(meta), *(meta.get(name, "") for name in KEY_VARIABLES)]
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
        if hasattr(model, "history_id") or model is generation_model():
            continue
        uid = f"statuskb-invalidate-{model._meta.label_lower}"
        for signal in (signals.post_save, signals.post_delete, signals.m2m_changed):
            signal.connect(invalidate_on_change, sender=model, dispatch_uid=uid)
