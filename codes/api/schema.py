"""The API's OpenAPI schema tells the whole truth: every error a request can get, and public reads.

drf-spectacular documents the success response of each operation only. The API also answers
4xx responses that clients must handle; they are documented here, for every view, from what the
view does (its method, its permissions, its filters and its pagination), so the schema keeps up
with the views without per-view annotations.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions

from .http import ConditionalGetMixin, ConditionalWriteMixin
from .permissions import ReadOrModelPermissions

STRINGS = {"type": "array", "items": {"type": "string"}}

ERROR = {
    "type": "object",
    "description": "Why the request failed.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "What is wrong with the request: messages per field, or for the whole request in "
        "non_field_errors; a request that could not be read at all has a detail instead."
    ),
    "properties": {"detail": {"type": "string"}, "non_field_errors": STRINGS},
    "additionalProperties": STRINGS,
}

WHY = {
    304: "Not modified since the version whose ETag was sent in If-None-Match.",
    400: "The request is invalid.",
    401: "No credentials where they are needed, or wrong credentials.",
    403: "The user may not do this.",
    404: "Not found.",
    406: "None of the media types in Accept can be served.",
    409: "Other records depend on this one.",
    412: (
        "The resource has changed since the version whose ETag was sent in If-Match, or it "
        "exists and If-None-Match asked not to overwrite it."
    ),
    413: "The request body is over the site's limit (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    415: "The request body's media type is not supported.",
    429: "Too many requests; retry after the number of seconds in Retry-After.",
}


class CodesAutoSchema(AutoSchema):
    def get_summary(self):
        """A view's `summaries` name each of its actions in a few words."""
        action = getattr(self.view, "action", None) or self.method.lower()
        return getattr(self.view, "summaries", {}).get(action)

    def error_codes(self) -> set[int]:
        """The 4xx responses this operation can give, from what its view does."""
        codes = {401, 406, 429}  # wrong credentials, unservable Accept, throttled
        has_lookup = self.has_lookup()
        if self.method in permissions.SAFE_METHODS:
            if self.is_conditional():
                codes.add(304)
            if has_lookup:
                codes.add(404)
            elif self._is_list_view():
                if self.get_filter_backends() or self._get_paginator():
                    codes.add(400)  # an invalid filter value, page or page size
                if self._get_paginator():
                    codes.add(404)  # a page past the last
            return codes
        codes |= {403} if self.method == "DELETE" else {400, 403, 413, 415}
        if has_lookup:
            codes.add(404)
            if self.is_conditional_write():
                codes.add(412)
            if self.method == "DELETE":
                codes.add(409)
        return codes

    def has_lookup(self) -> bool:
        lookup = getattr(self.view, "lookup_url_kwarg", None) or getattr(
            self.view, "lookup_field", None
        )
        return bool(lookup) and f"{{{lookup}}}" in self.path

    def is_conditional(self) -> bool:
        return self.method == "GET" and isinstance(self.view, ConditionalGetMixin)

    def is_conditional_write(self) -> bool:
        return isinstance(self.view, ConditionalWriteMixin) and self.has_lookup()

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.is_conditional():
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    location=OpenApiParameter.HEADER,
                    description="The ETag of a version you have: 304 if it is still current.",
                )
            )
        if self.method in ("PUT", "PATCH", "DELETE") and self.is_conditional_write():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    location=OpenApiParameter.HEADER,
                    description=(
                        "The ETag of the version you read: 412 if it has changed since (strong "
                        "comparison: a weak W/ tag never matches)."
                    ),
                )
            )
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    location=OpenApiParameter.HEADER,
                    description="* (or the current ETag): 412 rather than change what exists.",
                )
            )
        parameters.append(
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                location=OpenApiParameter.HEADER,
                response=[429],
                description="Seconds to wait before the next request.",
            )
        )
        if self.uses_format_suffix():
            # /export.json and /export.csv fix the format in the path; ?format= changes nothing.
            parameters.append(OpenApiParameter("format", exclude=True))
        return parameters

    def uses_format_suffix(self) -> bool:
        return any(self.path.endswith(f".{format}") for format in self.map_renderers("format"))

    def get_auth(self):
        auths = super().get_auth()
        # Reads are public: ReadOrModelPermissions only asks writes for a permission.
        if (
            self.method in permissions.SAFE_METHODS
            and {} not in auths
            and any(isinstance(p, ReadOrModelPermissions) for p in self.view.get_permissions())
        ):
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in sorted(self.error_codes()):
            if str(code) in responses:
                continue
            if code == 304:
                responses["304"] = {"description": WHY[304]}
                continue
            body = self.component("ValidationError" if code == 400 else "Error")
            responses[str(code)] = self._get_response_for_code(
                OpenApiResponse(body, description=WHY[code]), str(code), direction=direction
            )
        return responses

    def component(self, name: str) -> dict:
        schema = VALIDATION_ERROR if name == "ValidationError" else ERROR
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref
