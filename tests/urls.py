from django.contrib import admin
from django.urls import include, path

from codes import health

urlpatterns = [
    path("healthz", health.liveness),
    path("readyz", health.readiness),
    path("admin/", admin.site.urls),
    path("api/", include("codes.api.urls")),
    path("", include("codes.urls")),
]

handler400 = "codes.errors.bad_request"
handler500 = "codes.errors.server_error"
