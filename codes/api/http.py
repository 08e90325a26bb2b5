"""HTTP done right for the API: ETags on reads, If-Match on writes, conflicts as 409."""

import hashlib
import json

from django.conf import settings as django_settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError
from django.utils.cache import quote_etag
from django.utils.decorators import method_decorator
from rest_framework import status
from rest_framework.exceptions import APIException

from codes.cache import cache_public_responses
from codes.http import conditional


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed since you read it; fetch it again."
    default_code = "precondition_failed"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self, detail=None, code=None):
        limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(detail or f"The request body is over the limit of {limit} bytes.", code)


def refuse_large_body(request) -> None:
    """413 for a write whose body Content-Length says is over DATA_UPLOAD_MAX_MEMORY_SIZE,
    before any of it is read. (Other methods never read a body.)"""
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    length = request.META.get("CONTENT_LENGTH") or ""
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if limit is not None and length.isdigit() and int(length) > limit:
        raise RequestTooLarge(f"The request body is {length} bytes; the limit is {limit}.")


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records depend on this one."
    default_code = "conflict"


def etag_for(data) -> str:
    """A strong ETag of a representation, the same whatever the renderer."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()
    return quote_etag(hashlib.sha256(encoded).hexdigest()[:32])


class ConditionalGetMixin:
    """An ETag on every read, and 304 for a matching If-None-Match; anonymous reads are served
    from the server-side cache where CODES_CACHE_TIMEOUT is set."""

    @method_decorator(conditional)
    @method_decorator(cache_public_responses)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class ConditionalRetrieveMixin(ConditionalGetMixin):
    """A single resource's ETag comes from its data, so writes can check If-Match against it."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_for(response.data)
        return response


class ConditionalWriteMixin(ConditionalRetrieveMixin):
    """Writes check If-Match (strong comparison: a weak tag never matches) and If-None-Match
    ("*" or the current tag: the client meant not to overwrite), answering 412 when they fail;
    protected deletes are 409."""

    def update(self, request, *args, **kwargs):
        self.check_preconditions()
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_for(response.data)
        return response

    def destroy(self, request, *args, **kwargs):
        self.check_preconditions()
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as error:
            names = sorted({str(obj) for obj in error.protected_objects})[:5]
            raise Conflict(f"Other records depend on this one: {', '.join(names)}.") from error

    def check_preconditions(self):
        """RFC 9110 section 13.1.1 and 13.1.2, for a resource that exists."""
        if_match = self.request.headers.get("If-Match")
        if_none_match = self.request.headers.get("If-None-Match")
        if not (if_match or if_none_match):
            return
        current = etag_for(self.get_serializer(self.get_object()).data)
        if if_match and if_match.strip() != "*" and current not in tags(if_match):
            raise PreconditionFailed()
        if if_none_match and (
            if_none_match.strip() == "*"
            or current in {tag.removeprefix("W/") for tag in tags(if_none_match)}
        ):
            raise PreconditionFailed(
                "The resource exists, and If-None-Match asked not to change it."
            )


def tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]
