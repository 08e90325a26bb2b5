from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from codes import health

urlpatterns = [
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("api/", include("codes.api.urls")),
    path("", include("codes.urls")),
]

# A database outage answers 503 with Retry-After, anything else 500.
handler400 = "codes.errors.bad_request"
handler500 = "codes.errors.server_error"
