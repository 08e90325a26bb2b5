import pytest

from codes.models import PublicationState
from tests.factories import StatusCodeFactory, VendorExtensionFactory, VendorFactory

pytestmark = pytest.mark.django_db


def test_index_lists_published_codes_only(client):
    StatusCodeFactory(number=404, phrase="Not Found")
    StatusCodeFactory(number=405, phrase="Secret Draft", state=PublicationState.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    assert "404 Not Found" in response.content.decode()
    assert "Secret Draft" not in response.content.decode()


def test_number_page_shows_code_and_vendor_meanings(client):
    StatusCodeFactory(number=451, phrase="Unavailable For Legal Reasons")
    VendorExtensionFactory(vendor=VendorFactory(name="Microsoft"), number=451, phrase="Redirect")
    page = client.get("/451/").content.decode()
    assert "451 Unavailable For Legal Reasons" in page
    assert "Microsoft: Redirect" in page


def test_number_with_only_vendor_meanings_has_a_page(client):
    VendorExtensionFactory(vendor=VendorFactory(name="nginx"), number=444, phrase="No Response")
    assert client.get("/444/").status_code == 200


@pytest.mark.parametrize("path", ["/299/", "/999/", "/42/", "/404/"])
def test_unknown_or_draft_numbers_are_404(client, path):
    StatusCodeFactory(number=404, state=PublicationState.DRAFT)
    assert client.get(path).status_code == 404
