from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "codes_api"


class Router(DefaultRouter):
    APIRootView = views.RootView


router = Router()
router.register("codes", views.StatusCodeViewSet, basename="statuscode")
router.register("classes", views.StatusClassViewSet, basename="statusclass")
router.register("vendors", views.VendorViewSet, basename="vendor")
router.register("vendor-extensions", views.VendorExtensionViewSet, basename="vendorextension")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("export.json", views.ExportView.as_view(), {"format": "json"}, name="export-json"),
    path("export.csv", views.ExportView.as_view(), {"format": "csv"}, name="export-csv"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="codes_api:schema"), name="docs"),
    *router.urls,
]
