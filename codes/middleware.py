"""The lean path for anonymous reads: first in MIDDLEWARE, it answers from the page cache before
sessions, authentication or any view run, and stores the public responses it let through."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

from . import cache


def replay(request, entry) -> HttpResponse:
    _, status, headers, content = entry
    etag = dict(headers).get("ETag")
    if etag and etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        response = HttpResponseNotModified()
        for name, value in headers:
            if name in ("ETag", "Cache-Control", "Vary"):
                response.headers[name] = value
        return response
    return HttpResponse(content, status=status, headers=headers)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous_read = request.method == "GET" and cache.sends_no_credentials(request)
        if not (anonymous_read and cache.enabled()):
            return self.get_response(request)
        store = cache.page_cache()
        key = cache.page_key(request)
        found = store.get_many([cache.GENERATION_KEY, key])
        generation = found.get(cache.GENERATION_KEY) or cache.new_generation()
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return replay(request, entry)

        response = self.get_response(request)
        if (
            getattr(response, cache.PUBLIC_ATTRIBUTE, False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            entry = (generation, response.status_code, list(response.items()), response.content)
            store.set(key, entry, timeout=cache.settings.CACHE_TIMEOUT)
        return response
