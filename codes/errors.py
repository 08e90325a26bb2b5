"""What a site answers when a request fails: a database that cannot be reached (down,
restarting, overloaded) is 503 Service Unavailable with Retry-After, since the knowledge base
is only out of reach for a moment; anything else is 500. Sites use it as their handler500."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import TemplateDoesNotExist, loader
from django.views.decorators.csrf import requires_csrf_token

from .health import RETRY_AFTER_SECONDS

OUTAGES = (OperationalError, InterfaceError)
MESSAGES = {
    500: "Something went wrong on our side; it has been logged.",
    503: "The site cannot reach its database for a moment. Please try again shortly.",
}


@requires_csrf_token
def server_error(request, template_name=None):
    status = 503 if isinstance(sys.exc_info()[1], OUTAGES) else 500
    response = render_error(request, status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def render_error(request, status: int) -> HttpResponse:
    if not request.accepts("text/html"):
        return JsonResponse({"detail": MESSAGES[status]}, status=status)
    try:
        # No request context: its processors may need the database that just failed.
        html = loader.get_template(f"{status}.html").render({"message": MESSAGES[status]})
    except TemplateDoesNotExist:
        return HttpResponse(MESSAGES[status], content_type="text/plain", status=status)
    return HttpResponse(html, status=status)
