import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import CitationFactory, VendorExtensionFactory

pytestmark = pytest.mark.django_db

CODES_MODELS = list(apps.get_app_config("codes").get_models())


@pytest.mark.parametrize("model", CODES_MODELS, ids=lambda m: m._meta.model_name)
def test_every_model_is_registered(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", CODES_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_and_add_form_load(admin_client, model):
    CitationFactory()
    VendorExtensionFactory()
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert changelist.status_code == 200
    assert add.status_code == 200


def test_admin_shows_model_validation_as_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:codes_statuscode_add"),
        {
            "number": "404",
            "phrase": "Not Found",
            "status_class": "5",
            "registry_status": "registered",
            "state": "draft",
        },
    )
    assert response.status_code == 200
    assert "404 belongs to the 4xx class, not 5xx." in response.content.decode()
