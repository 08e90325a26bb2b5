from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("http/api/", include("codes.api.urls")),
    path("http/", include("codes.urls")),
    path("shop/", include("shop.codes.urls")),
]
