"""The parts of a first hit, for the benchmark's breakdown. With BENCH_PART set, the site (page
cache off) answers each captured page with its captured bytes (other paths as usual):

- "django": before the view runs. What the request costs through Django and every middleware.
- "reads": after the view has read its data and put it together, skipping only the rendering
  of its template or JSON. What the view adds.

The whole page, rendered, is the site's usual uncached figure; the difference is the rendering.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.http import HttpResponse

from bench import captured

PARTS = ("django", "reads")


class FirstHitParts:
    """Last in MIDDLEWARE, so that every other middleware runs as it does for a real page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.part = os.environ["BENCH_PART"]
        if self.part not in PARTS:
            raise ValueError(f"BENCH_PART must be one of {', '.join(PARTS)}, not {self.part!r}.")
        self.pages = captured.read(Path(os.environ["BENCH_CAPTURE"]))

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        page = self.pages.get(request.get_full_path())
        if page and self.part == "django":
            headers, body = page
            return HttpResponse(body, content_type=dict(headers)["Content-Type"])
        return None

    def process_template_response(self, request, response):
        if page := self.pages.get(request.get_full_path()):
            headers, body = page
            # Setting the content marks a template response rendered: its template never runs.
            response.content = body
            response["Content-Type"] = dict(headers)["Content-Type"]
        return response
