import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from codes.models import (
    Alias,
    Citation,
    Header,
    Implementation,
    ImplementationCode,
    Source,
    SpecReference,
    StatusCode,
    Vendor,
    VendorExtension,
)


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """The shipped dataset, loaded once for a whole test module (a load takes seconds)."""
    with django_db_blocker.unblock():
        call_command("loaddata", "statuskb", verbosity=0)
    yield
    with django_db_blocker.unblock():
        models = (
            ImplementationCode,
            Implementation,
            Citation,
            Alias,
            SpecReference,
            VendorExtension,
            Vendor,
            StatusCode,
            Source,
            Header,
        )
        for model in models:
            model.objects.all().delete()
        # Each deletion adds a history row (loading adds none): delete those too, or a later
        # module's dumpdata meets the history of objects that no longer exist.
        for model in models:
            model.history.all().delete()


@pytest.fixture
def superuser_api(django_user_model):
    """An API client signed in with a superuser's token: every write gets past permissions."""
    user = django_user_model.objects.create_superuser("root", password="pw")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Test transactions roll back without a signal, so no cached page may outlive its test."""
    cache.clear()
    yield
    cache.clear()
