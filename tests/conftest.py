import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.signals import pre_save
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bench.servers import REPO
from codes import loading
from codes.models import (
    Alias,
    Citation,
    Header,
    Implementation,
    ImplementationCode,
    Rule,
    Source,
    SpecReference,
    StatusCode,
    Vendor,
    VendorExtension,
)
from tests.livesite import production_site


def load_dataset() -> None:
    """The shipped dataset, loaded without validating each record again: that is most of a
    load's time, and tests/test_dataset.py validates every shipped record and loads the file
    as a site would."""
    app = apps.get_app_config("statuskb")
    for model in app.get_models():
        pre_save.disconnect(sender=model, dispatch_uid=loading.validation_uid(model))
    try:
        call_command("loaddata", "statuskb", verbosity=0)
    finally:
        loading.connect(app)


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """The shipped dataset, loaded once for a whole test module (a load takes seconds)."""
    with django_db_blocker.unblock():
        load_dataset()
    yield
    with django_db_blocker.unblock():
        models = (
            Rule,
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


@pytest.fixture(scope="session")
def reading_site(tmp_path_factory):
    """The demo site as deployed (gunicorn, DEBUG off), on a database of its own with the
    dataset loaded once: for tests that only read, which then share one load."""
    work = tmp_path_factory.mktemp("reading-site")
    database = f"sqlite:///{work}/site.sqlite3"
    environment = {**os.environ, "DEBUG": "true", "DATABASE_URL": database}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env=environment,
        check=True,
    )
    load = "import django; django.setup(); from tests.conftest import load_dataset; load_dataset()"
    environment["DJANGO_SETTINGS_MODULE"] = "statuskb.settings"
    subprocess.run([sys.executable, "-c", load], cwd=REPO, env=environment, check=True)
    with production_site(work / "site.log", DATABASE_URL=database) as port:
        yield f"http://127.0.0.1:{port}"
