"""What a site answers when a request fails before or outside a view's own error handling: a
database that cannot be reached (down, restarting, overloaded) is 503 Service Unavailable with
Retry-After, since the knowledge base is only out of reach for a moment; anything else is 500;
a request Django refuses outright is 400 (too many fields, a bad Host), or 413 for a body over
DATA_UPLOAD_MAX_MEMORY_SIZE. Sites use them as their handler500 and handler400. Under the
API, or for a client that does not read HTML, the answer is JSON."""

from __future__ import annotations

import functools
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import TemplateDoesNotExist, loader
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import requires_csrf_token

from .health import RETRY_AFTER_SECONDS
from .http import mark_not_stored

API_NAMESPACE = "statuskb_api"
OUTAGES = (OperationalError, InterfaceError)
MESSAGES = {
    400: "The request could not be read.",
    500: "Something went wrong on our side; it has been logged.",
    503: "The site cannot reach its database for a moment. Please try again shortly.",
}


@requires_csrf_token
def server_error(request, template_name=None):
    status = 503 if isinstance(sys.exc_info()[1], OUTAGES) else 500
    response = render_error(request, status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def bad_request(request, exception, template_name=None):
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return render_error(request, 413, f"The request body is over the limit of {limit} bytes.")
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return render_error(request, 400, f"The request has more than {limit} fields.")
    return render_error(request, 400)


def wants_json(request) -> bool:
    return under_api(request) or not request.accepts("text/html")


def under_api(request) -> bool:
    """Whether the path is the API's, resolved here when Django refused the request before
    resolving it (a bad Host, say)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
    return API_NAMESPACE in match.namespaces


def render_error(request, status: int, message: str = "") -> HttpResponse:
    message = message or MESSAGES[status]
    if wants_json(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        try:
            # No request context: its processors may need the database that just failed.
            html = loader.get_template(f"{status}.html").render({"message": message})
            response = HttpResponse(html, status=status)
        except TemplateDoesNotExist:
            response = HttpResponse(message, content_type="text/plain", status=status)
    return mark_not_stored(response)


def method_not_allowed(request, allowed: str) -> HttpResponse:
    """405 with Allow, and content that explains it, as RFC 9110 section 15.5 asks of an error
    (Django's own 405 has none: the checker found the demo site's empty)."""
    response = render_error(request, 405, f"This page answers only {allowed}.")
    response["Allow"] = allowed
    return response


def read_only(view):
    """Like require_safe: GET and HEAD only, any other method a 405 that explains itself."""

    @functools.wraps(view)
    def only_safe(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(request, "GET, HEAD")
        return view(request, *args, **kwargs)

    return only_safe
