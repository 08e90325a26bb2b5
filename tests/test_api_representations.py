"""A published code in the API, built from prepared reads: byte for byte what the serializer
gives, for every code of the dataset."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from codes.api.http import etag_for
from codes.api.serializers import StatusCodeDetailSerializer
from codes.models import StatusCode, VendorExtension

pytestmark = pytest.mark.django_db


def serialized(number, path=None):
    """What StatusCodeDetailSerializer makes of a published code, rendered as the API renders."""
    request = Request(APIRequestFactory().get(path or f"/api/codes/{number}/"))
    code = StatusCode.objects.published().with_detail().get(number=number)
    meanings = VendorExtension.objects.published().select_related("vendor").filter(number=number)
    context = {"request": request, "vendor_meanings": {number: list(meanings)}}
    return StatusCodeDetailSerializer(code, context=context).data


def test_every_published_code_reads_as_its_serializer_writes_it(dataset):
    api = APIClient()
    numbers = StatusCode.objects.published().values_list("number", flat=True)
    assert len(numbers) > 60
    for number in numbers:
        response = api.get(f"/api/codes/{number}/")
        expected = serialized(number)
        assert response.content == JSONRenderer().render(expected), number
        assert response["ETag"] == etag_for(expected)


def test_who_may_see_drafts_is_served_by_the_serializer(dataset, django_user_model):
    code = StatusCode.objects.get(number=418)
    StatusCode.objects.filter(pk=code.pk).update(state="draft")
    editor = django_user_model.objects.create_user("editor")
    editor.user_permissions.set(Permission.objects.filter(codename="view_statuscode"))
    api = APIClient()
    assert api.get("/api/codes/418/").status_code == 404
    api.force_authenticate(editor)
    assert api.get("/api/codes/418/").json()["state"] == "draft"


@pytest.mark.parametrize("path", ["/api/codes/200/", "/api/codes/404.json"])
def test_format_suffixes_keep_their_own_links(dataset, path):
    body = APIClient().get(path).json()
    assert body["url"].endswith(path)


@pytest.mark.parametrize("path", ["/api/codes/299/", "/api/codes/0/", "/api/codes/999999/"])
def test_numbers_without_a_standard_code_are_404(dataset, path):
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "No StatusCode matches the given query."}
