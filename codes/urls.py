from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path, register_converter

from . import views
from .errors import read_only
from .feeds import LatestChangesFeed
from .sitemaps import SITEMAPS


class NumberConverter:
    """Any short run of digits, so that /0404/ can be redirected and /9999/ answered with 404."""

    regex = "[0-9]{1,6}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(NumberConverter, "codes_number")


app_name = "statuskb"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    re_path(r"^(?P<label>[1-5]xx)/$", views.ClassDetailView.as_view(), name="class-detail"),
    path("<codes_number:number>/", views.NumberDetailView.as_view(), name="number-detail"),
    path("<codes_number:a>/vs/<codes_number:b>/", views.CompareView.as_view(), name="compare"),
    path("vendors/", views.VendorListView.as_view(), name="vendor-list"),
    path("vendors/<slug:slug>/", views.VendorDetailView.as_view(), name="vendor-detail"),
    path("implementations/", views.ImplementationListView.as_view(), name="implementation-list"),
    path(
        "implementations/<slug:slug>/",
        views.ImplementationDetailView.as_view(),
        name="implementation-detail",
    ),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("rules/", views.RuleListView.as_view(), name="rule-list"),
    path("check/", views.CheckView.as_view(), name="check"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", views.public_page(read_only(LatestChangesFeed())), name="feed"),
    path(
        "sitemap.xml",
        views.public_page(read_only(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
