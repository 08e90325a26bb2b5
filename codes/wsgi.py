"""The fastest path for repeat anonymous reads: a WSGI wrapper that answers from this process's
copies of responses (codes.localpages) before Django builds a request object.

It only reads what PageCacheMiddleware stored and checks it exactly as the middleware does:
same key, same credentials test, same data generation. Anything else (a first request, an entry
only in the shared cache, a stale entry, any error) goes to Django unchanged, where the
middleware and the views handle it. A site turns it on in its wsgi.py:

    application = CachedPagesApplication(get_wsgi_application())
"""

from __future__ import annotations

from django.db import DatabaseError

from . import cache
from .localpages import local_pages
from .middleware import not_modified, not_modified_headers


class CachedPagesApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = self.fresh_entry(environ)
        if entry is None:
            return self.application(environ, start_response)
        if not_modified(environ, entry):
            start_response("304 Not Modified", not_modified_headers(entry))
            return []
        start_response("200 OK", entry[2])
        return [entry[3]]

    @staticmethod
    def fresh_entry(environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET" or not cache.enabled():
            return None
        if not cache.sends_no_credentials(environ):
            return None
        key = cache.page_key(environ)
        entry = local_pages.entries.get(key)
        if entry is None or key not in local_pages.cacheable:
            return None
        try:
            connection = cache.generation_connection()
            if connection.in_atomic_block:
                return None
            generation = cache.generation_for_hit(connection)
        except DatabaseError:  # let Django answer, and report the outage
            return None
        return entry if entry[0] == generation and entry[1] == 200 else None
