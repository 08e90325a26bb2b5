from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "statuskb_api"


class Router(DefaultRouter):
    APIRootView = views.RootView


router = Router()
router.register("codes", views.StatusCodeViewSet, basename="statuscode")
router.register("classes", views.StatusClassViewSet, basename="statusclass")
router.register("vendors", views.VendorViewSet, basename="vendor")
router.register("vendor-extensions", views.VendorExtensionViewSet, basename="vendorextension")
router.register("sources", views.SourceViewSet, basename="source")
router.register("implementations", views.ImplementationViewSet, basename="implementation")
router.register(
    "implementation-codes", views.ImplementationCodeViewSet, basename="implementationcode"
)
router.register("rules", views.RuleViewSet, basename="rule")
router.register("revisions", views.RevisionViewSet, basename="revision")

urlpatterns = [
    path("export.json", views.ExportView.as_view(), {"format": "json"}, name="export-json"),
    path("export.csv", views.ExportView.as_view(), {"format": "csv"}, name="export-csv"),
    path("check/", views.CheckView.as_view(), name="check"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="statuskb_api:schema"), name="docs"),
    *router.urls,
    # Last: what no route above matches is a JSON 404, not the site's HTML page. Only paths
    # ending in a slash, so that APPEND_SLASH still redirects /api/codes to /api/codes/.
    re_path(r"^[\s\S]*/$", views.NotFoundView.as_view()),
]
