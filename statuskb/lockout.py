"""The answer to a client django-axes has locked out of the admin's login: 429 Too Many
Requests (RFC 6585), saying when to try again, in the page and in Retry-After."""

from django.conf import settings
from django.shortcuts import render

from codes.http import mark_not_stored


def too_many_attempts(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "429.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    return mark_not_stored(response)
