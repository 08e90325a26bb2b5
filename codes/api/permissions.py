"""Who may do what through the API, how often, and how much of a list one page holds: each
view of the API sets these itself, so a host site's REST_FRAMEWORK defaults never change them."""

import hashlib
import re

from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from codes.conf import settings
from codes.http import client_address

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


class ReadOrModelPermissions(permissions.DjangoModelPermissions):
    """Anyone may read; writing takes the model's add, change or delete permission."""

    def has_permission(self, request, view):
        # A method the view does not have is answered 405 (with Allow), whoever asks.
        if request.method in permissions.SAFE_METHODS or request.method not in view.allowed_methods:
            return True
        return super().has_permission(request, view)


class ByClientAddress:
    """Throttles key on the address CODES_TRUSTED_PROXIES vouches for, never on an
    X-Forwarded-For that the client wrote itself (DRF's default without NUM_PROXIES)."""

    def get_ident(self, request):
        return client_address(request)


class AnonThrottle(ByClientAddress, AnonRateThrottle):
    def get_rate(self):
        return settings.ANON_THROTTLE_RATE


class UserThrottle(ByClientAddress, UserRateThrottle):
    def get_rate(self):
        return settings.USER_THROTTLE_RATE


class LoginThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.LOGIN_THROTTLE_RATE


class LoginAddressThrottle(ByClientAddress, LoginThrottle):
    """Attempts at a token from one address, whichever usernames it tries."""

    scope = "statuskb_login_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginAccountThrottle(LoginThrottle):
    """Attempts at one username's token, from whichever addresses: a guess spread over many
    machines is held back too."""

    scope = "statuskb_login_account"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username:
            return None  # nothing to guess at: the view answers 400
        ident = hashlib.sha256(username.casefold().encode()).hexdigest()  # any text, a safe key
        return self.cache_format % {"scope": self.scope, "ident": ident}


class Pagination(PageNumberPagination):
    """?page= and ?page_size=, each a whole number in its range or a 400 that says so (DRF's own
    falls back to the default page size on anything it cannot read)."""

    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.max_page_size = settings.MAX_PAGE_SIZE
        self.page_size = settings.PAGE_SIZE
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param, "1")
        number = WHOLE_NUMBER.fullmatch(value) and int(value) >= 1
        if value not in self.last_page_strings and not number:
            raise ValidationError({self.page_query_param: ["A whole number from 1."]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": settings.MAX_PAGE_SIZE},
        }
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
        return parameters


def can_see_drafts(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
