"""A host site that mounts the pages under a prefix and leaves the API out."""

from django.urls import include, path

urlpatterns = [path("http/", include("codes.urls"))]
