"""The lean path for anonymous reads: first in MIDDLEWARE, it answers from the page cache before
sessions, authentication or any view run, and stores the public responses it let through."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

from . import cache

# Responses each server process keeps in its own memory, checked against the data generation on
# every request, so a hit usually needs nothing from the cache server (nor, on PostgreSQL,
# from the database: see codes.watcher).
LOCAL_BYTES = 32 * 1024 * 1024
# Requests a process has seen answered with a storable response. Only those read the data
# generation, so static files, the admin and anything else the cache never keeps pay nothing.
KNOWN_KEYS = 10_000


def replay(request, entry) -> HttpResponse:
    _, status, headers, content, etag = entry
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match and etag and etag in parse_etags(if_none_match):
        response = HttpResponseNotModified()
        for name, value in headers:
            if name in ("ETag", "Cache-Control", "Vary"):
                response.headers[name] = value
        return response
    return HttpResponse(content, status=status, headers=headers)


def storable(response) -> bool:
    return (
        getattr(response, cache.PUBLIC_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.local: dict[str, tuple] = {}
        self.local_bytes = 0
        self.cacheable: set[str] = set()

    def __call__(self, request):
        anonymous_read = request.method == "GET" and cache.sends_no_credentials(request)
        if not (anonymous_read and cache.enabled()):
            return self.get_response(request)
        connection = cache.generation_connection()
        if connection.in_atomic_block:  # uncommitted changes may be in sight: no cache
            return self.get_response(request)
        key = cache.page_key(request)
        if key not in self.cacheable:
            response = self.get_response(request)
            if storable(response):
                if len(self.cacheable) >= KNOWN_KEYS:
                    self.cacheable.clear()
                self.cacheable.add(key)
            return response

        store = cache.page_cache()
        generation = cache.generation_for_hit(connection)
        entry = self.local.get(key)
        if entry is None or entry[0] != generation:
            entry = store.get(key)
        if entry is not None and entry[0] == generation:
            self.keep(key, entry)
            return replay(request, entry)

        response = self.get_response(request)
        if storable(response):
            entry = (
                generation,
                response.status_code,
                list(response.items()),
                response.content,
                response.get("ETag"),
            )
            store.set(key, entry, timeout=cache.settings.CACHE_TIMEOUT)
            self.keep(key, entry)
        return response

    def keep(self, key: str, entry: tuple) -> None:
        old = self.local.get(key)
        if old is entry:
            return
        if old is not None:
            self.local_bytes -= len(old[3])
        size = len(entry[3])
        if self.local_bytes + size > LOCAL_BYTES:
            self.local.clear()
            self.local_bytes = 0
        self.local[key] = entry
        self.local_bytes += size
