import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from codes.groups import EDITORS, REVIEWERS
from codes.models import PublicationState, Revision
from tests.factories import CitationFactory, VendorExtensionFactory

pytestmark = pytest.mark.django_db

CODES_MODELS = [
    model
    for model in apps.get_app_config("statuskb").get_models()
    if not model.__name__.startswith("Historical")
]


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
    # Revisions are made by editing entries, never added by hand.
    assert add.status_code == (403 if model is Revision else 200)


def test_admin_shows_model_validation_as_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:statuskb_statuscode_add"),
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


# The curation workflow in the admin


@pytest.fixture
def groups():
    from codes.groups import create_groups

    return create_groups()


def staff_client(django_user_model, groups, name, group):
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(groups[group])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(django_user_model, groups):
    return staff_client(django_user_model, groups, "ed", EDITORS)


@pytest.fixture
def reviewer_client(django_user_model, groups):
    return staff_client(django_user_model, groups, "rev", REVIEWERS)


def code_form(code, **changes):
    data = {
        "number": code.number,
        "phrase": code.phrase,
        "status_class": code.status_class_id,
        "summary": code.summary,
        "body": code.body,
        "registry_status": code.registry_status,
        "related_codes": [],
        "related_headers": [],
    }
    for prefix in ("aliases", "references", "rules", "citations"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return {**data, **changes}


def test_anonymous_cannot_reach_the_admin(client):
    response = client.get(reverse("admin:statuskb_statuscode_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editor_sees_no_publish_actions_and_reviewer_does(editor_client, reviewer_client):
    from tests.factories import StatusCodeFactory

    StatusCodeFactory(number=404)
    url = reverse("admin:statuskb_statuscode_changelist")
    editor_page = editor_client.get(url).content.decode()
    assert 'value="submit_for_review"' in editor_page
    assert 'value="publish"' not in editor_page
    assert 'value="publish"' in reviewer_client.get(url).content.decode()


def test_editor_cannot_publish_through_the_action(editor_client):
    from tests.factories import StatusCodeFactory

    code = StatusCodeFactory(number=404, state=PublicationState.IN_REVIEW)
    editor_client.post(
        reverse("admin:statuskb_statuscode_changelist"),
        {"action": "publish", "_selected_action": [code.pk]},
    )
    code.refresh_from_db()
    assert code.state == PublicationState.IN_REVIEW


def test_reviewer_publishes_with_the_bulk_action(reviewer_client):
    from tests.factories import StatusCodeFactory

    codes = [StatusCodeFactory(number=n, state=PublicationState.IN_REVIEW) for n in (404, 410)]
    response = reviewer_client.post(
        reverse("admin:statuskb_statuscode_changelist"),
        {"action": "publish", "_selected_action": [code.pk for code in codes]},
        follow=True,
    )
    assert "2 published." in response.content.decode()
    for code in codes:
        code.refresh_from_db()
        assert code.state == PublicationState.PUBLISHED
        assert code.published_by.username == "rev"


def test_editor_edit_of_a_published_code_waits_for_review(editor_client):
    """The published version stays live; the change is a revision (tests/test_revisions.py)."""
    from tests.factories import StatusCodeFactory

    code = StatusCodeFactory(number=404, phrase="Not Found")
    response = editor_client.post(
        reverse("admin:statuskb_statuscode_change", args=[code.pk]),
        code_form(code, phrase="Not Found Here"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    code.refresh_from_db()
    assert (code.phrase, code.state) == ("Not Found", PublicationState.PUBLISHED)
    assert Revision.objects.get().content["fields"]["phrase"] == "Not Found Here"


def test_history_records_who_changed_what_and_reverts(editor_client):
    from tests.factories import StatusCodeFactory

    code = StatusCodeFactory(number=404, phrase="Not Found", state=PublicationState.DRAFT)
    code.history.all().delete()
    change_url = reverse("admin:statuskb_statuscode_change", args=[code.pk])
    editor_client.post(change_url, code_form(code, phrase="Lost"))
    editor_client.post(change_url, code_form(code, phrase="Missing"))
    records = list(code.history.all())
    assert [r.phrase for r in records] == ["Missing", "Lost"]
    assert {r.history_user.username for r in records} == {"ed"}
    history = editor_client.get(reverse("admin:statuskb_statuscode_history", args=[code.pk]))
    page = history.content.decode()
    assert "Lost" in page and "ed" in page
    # The difference between two versions: the changed field with its old and new value.
    assert (
        "<strong>Reason phrase:</strong> <del>Lost</del> &nbsp;&rarr;&nbsp;&nbsp;<ins>Missing</ins>"
        in (" ".join(page.split()))
    )
    older = records[1]
    revert_url = reverse(
        "admin:statuskb_statuscode_simple_history", args=[code.pk, older.history_id]
    )
    assert editor_client.get(revert_url).status_code == 200
    editor_client.post(revert_url, code_form(code, phrase="Lost"))
    code.refresh_from_db()
    assert code.phrase == "Lost"
    assert code.history.count() == 3


def test_import_dry_run_previews_without_writing(editor_client):
    from codes.models import StatusCode

    csv_file = io.BytesIO(b"number,phrase,summary,body\n299,Test Code,One line.,A body.\n")
    csv_file.name = "codes.csv"
    response = editor_client.post(
        reverse("admin:statuskb_statuscode_import"),
        {"import_file": csv_file, "format": 0, "resource": 0},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Test Code" in page and "Confirm import" in page
    assert not StatusCode.objects.filter(number=299).exists()


def test_import_shows_errors_per_row_and_offers_no_confirm(editor_client):
    csv_file = io.BytesIO(b"number,phrase\n299,Fine\n999,Out of range\n")
    csv_file.name = "codes.csv"
    response = editor_client.post(
        reverse("admin:statuskb_statuscode_import"),
        {"import_file": csv_file, "format": 0, "resource": 0},
    )
    page = response.content.decode()
    assert "Confirm import" not in page
    assert "Ensure this value is less than or equal to 599." in page


def test_who_changed_an_entry_links_to_their_user_page_only_for_those_who_may_open_it(
    editor_client, admin_client
):
    from tests.factories import StatusCodeFactory

    code = StatusCodeFactory(number=404, phrase="Not Found", state=PublicationState.DRAFT)
    change_url = reverse("admin:statuskb_statuscode_change", args=[code.pk])
    editor_client.post(change_url, code_form(code, phrase="Lost"))
    editor = code.history.first().history_user
    user_page = reverse("admin:auth_user_change", args=[editor.pk])
    history_url = reverse("admin:statuskb_statuscode_history", args=[code.pk])

    as_editor = editor_client.get(history_url).content.decode()
    assert "ed" in as_editor and user_page not in as_editor
    assert editor_client.get(user_page).status_code == 403  # why it must not be linked
    as_admin = admin_client.get(history_url).content.decode()
    assert f'href="{user_page}"' in as_admin
    assert admin_client.get(user_page).status_code == 200
