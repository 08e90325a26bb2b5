"""The static twin: a minimal WSGI app that returns the captured bytes of each page from memory.

Served by gunicorn with the same settings as the site, it is the limit a dynamic page can
approach on that stack.
"""

import os
from pathlib import Path

from bench import captured

PAGES = captured.read(Path(os.environ["BENCH_CAPTURE"]))
NOT_FOUND = [("Content-Type", "text/plain"), ("Content-Length", "0")]


def application(environ, start_response):
    query = environ.get("QUERY_STRING")
    path = environ["PATH_INFO"] + (f"?{query}" if query else "")
    page = PAGES.get(path)
    if page is None:
        start_response("404 Not Found", NOT_FOUND)
        return [b""]
    headers, body = page
    start_response("200 OK", headers)
    return [body]
