"""Every name the app puts where a host site's names live carries the statuskb prefix."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse


def test_tables_constraints_and_indexes_are_prefixed():
    config = apps.get_app_config("statuskb")
    assert config.name == "codes"
    names = []
    for model in config.get_models(include_auto_created=True):
        names.append(model._meta.db_table)
        names += [constraint.name for constraint in model._meta.constraints]
        names += [index.name for index in model._meta.indexes]
    assert len(names) > 30
    assert [name for name in names if not name.startswith("statuskb_")] == []


@pytest.mark.django_db
def test_permissions_and_groups_are_the_apps_own():
    call_command("codes_create_groups", stdout=io.StringIO())
    permissions = Permission.objects.filter(content_type__app_label="statuskb")
    assert permissions.filter(codename="publish_statuscode").exists()
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Status code editors",
        "Status code reviewers",
    }


def test_url_names_live_in_the_apps_namespaces():
    assert reverse("statuskb:number-detail", kwargs={"number": 404}) == "/404/"
    assert reverse("statuskb_api:statuscode-list") == "/api/codes/"
