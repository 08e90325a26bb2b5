"""The lean path for anonymous reads: first in MIDDLEWARE, it answers from the page cache before
sessions, authentication or any view run, and stores the public responses it let through."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

from . import cache
from .localpages import local_pages


def not_modified(meta, entry) -> bool:
    etag = entry[4]
    if_none_match = meta.get("HTTP_IF_NONE_MATCH")
    return bool(if_none_match and etag and etag in parse_etags(if_none_match))


def not_modified_headers(entry) -> list[tuple[str, str]]:
    return [(name, value) for name, value in entry[2] if name in ("ETag", "Cache-Control", "Vary")]


def replay(request, entry) -> HttpResponse:
    if not_modified(request.META, entry):
        return HttpResponseNotModified(headers=not_modified_headers(entry))
    _, status, headers, content, _ = entry
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
        self.local = local_pages

    def __call__(self, request):
        meta = request.META
        anonymous_read = request.method == "GET" and cache.sends_no_credentials(meta)
        if not (anonymous_read and cache.enabled()):
            return self.get_response(request)
        connection = cache.generation_connection()
        if connection.in_atomic_block:  # uncommitted changes may be in sight: no cache
            return self.get_response(request)
        key = cache.page_key(meta)
        if key not in self.local.cacheable:
            response = self.get_response(request)
            if storable(response):
                self.local.learn(key)
            return response

        store = cache.page_cache()
        generation = cache.generation_for_hit(connection)
        entry = self.local.entries.get(key)
        if entry is None or entry[0] != generation:
            entry = store.get(key)
        if entry is not None and entry[0] == generation:
            self.local.keep(key, entry)
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
            self.local.keep(key, entry)
        return response
