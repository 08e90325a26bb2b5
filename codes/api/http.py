"""HTTP done right for the API: ETags on reads, If-Match on writes, conflicts as 409."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError
from django.utils.cache import quote_etag
from django.utils.decorators import method_decorator
from django.views.decorators.http import conditional_page
from rest_framework import status
from rest_framework.exceptions import APIException

from codes.cache import cache_public_responses


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed since you read it; fetch it again."
    default_code = "precondition_failed"


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

    @method_decorator(conditional_page)
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
    """If-Match on writes answers 412 when the client is stale; protected deletes are 409."""

    def update(self, request, *args, **kwargs):
        self.check_if_match()
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_for(response.data)
        return response

    def destroy(self, request, *args, **kwargs):
        self.check_if_match()
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as error:
            names = sorted({str(obj) for obj in error.protected_objects})[:5]
            raise Conflict(f"Other records depend on this one: {', '.join(names)}.") from error

    def check_if_match(self):
        header = self.request.headers.get("If-Match")
        if not header or header.strip() == "*":
            return
        current = etag_for(self.get_serializer(self.get_object()).data)
        offered = [tag.strip() for tag in header.split(",")]
        if current not in offered and f"W/{current}" not in offered:
            raise PreconditionFailed()
