"""Who may do what through the API, how often, and how much of a list one page holds: each
view of the API sets these itself, so a host site's REST_FRAMEWORK defaults never change them."""

from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from codes.conf import settings


class ReadOrModelPermissions(permissions.DjangoModelPermissions):
    """Anyone may read; writing takes the model's add, change or delete permission."""

    def has_permission(self, request, view):
        # A method the view does not have is answered 405 (with Allow), whoever asks.
        if request.method in permissions.SAFE_METHODS or request.method not in view.allowed_methods:
            return True
        return super().has_permission(request, view)


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.ANON_THROTTLE_RATE


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.USER_THROTTLE_RATE


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.max_page_size = settings.MAX_PAGE_SIZE
        self.page_size = settings.PAGE_SIZE
        return super().get_page_size(request)


def can_see_drafts(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
