"""Who may do what: anonymous visitors, signed-in readers, editors, reviewers and superusers
against every write path of the admin and the API, and every kind of draft."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from codes import revisions
from codes.groups import EDITORS, REVIEWERS, create_groups
from codes.models import (
    Implementation,
    PublicationState,
    RevisionStatus,
    Source,
    StatusCode,
    Vendor,
)
from tests.factories import (
    AliasFactory,
    CitationFactory,
    HeaderFactory,
    ImplementationCodeFactory,
    ImplementationFactory,
    RuleFactory,
    SourceFactory,
    SpecReferenceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "editor", "reviewer", "superuser"]
DRAFT, PUBLISHED = PublicationState.DRAFT, PublicationState.PUBLISHED
ADMIN_MODELS = [
    model
    for model in apps.get_app_config("statuskb").get_models()
    if not model.__name__.startswith("Historical")
]


@pytest.fixture
def kb(django_user_model):
    """One record of every kind, published, a draft of every curated kind, and a revision."""
    rfc = SourceFactory(slug="rfc9110", kind="standard")
    code = StatusCodeFactory(number=404, phrase="Not Found")
    code.related_headers.add(HeaderFactory(name="Cache-Control"))
    AliasFactory(code=code, name="Old Name", origin=rfc)
    SpecReferenceFactory(code=code, source=rfc)
    CitationFactory(source=rfc, status_code=code)
    nginx = VendorFactory(slug="nginx", name="nginx")
    VendorExtensionFactory(vendor=nginx, number=444, phrase="No Response")
    StatusCodeFactory(number=410, phrase="Gone")
    ImplementationCodeFactory(number=404, phrase="Not Found")
    RuleFactory(code=code, source=rfc, topic="Cacheable by default")
    proposed = revisions.snapshot(code)
    proposed["fields"]["summary"] = "A proposed summary."
    revisions.save_revision(code, django_user_model.objects.create_user("author"), proposed)
    return {
        "code": StatusCodeFactory(number=402, phrase="Draft Code", state=DRAFT),
        "vendor": VendorFactory(slug="draftco", name="Draft Co", state=DRAFT),
        "extension": VendorExtensionFactory(vendor=nginx, number=449, state=DRAFT),
        "source": SourceFactory(slug="draft-source", state=DRAFT),
        "implementation": ImplementationFactory(slug="draft-server", state=DRAFT),
    }


@pytest.fixture
def users(django_user_model):
    groups = create_groups()
    users = {"reader": django_user_model.objects.create_user("reader")}
    for role, group in (("editor", EDITORS), ("reviewer", REVIEWERS)):
        users[role] = django_user_model.objects.create_user(role, is_staff=True)
        users[role].groups.add(groups[group])
    users["superuser"] = django_user_model.objects.create_superuser("root")
    return users


@pytest.fixture
def session(users):
    """A browser session (the admin) for a role."""

    def client_for(role):
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return client_for


@pytest.fixture
def api(users):
    def client_for(role):
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(users[role])
        return client

    return client_for


# The admin


def admin_pages(model):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pk = model._base_manager.order_by("pk").values_list("pk", flat=True).first()
    pages = {"changelist": reverse(f"{name}_changelist"), "add": reverse(f"{name}_add")}
    for page in ("change", "delete", "history"):
        pages[page] = reverse(f"{name}_{page}", args=[pk])
    return pages


def expected_admin_status(role, model, page):
    if role in ("anonymous", "reader"):
        return 302  # to the login page: the admin is for staff only
    if role == "superuser" and model._meta.model_name != "revision":
        return 200
    if model._meta.model_name == "statusclass":  # fixed by migrations: staff only view
        return 403 if page in ("add", "delete") else 200
    if model._meta.model_name == "revision":  # made by editing entries, kept as history
        return 403 if page == "add" or (page == "delete" and role != "superuser") else 200
    if page == "delete":
        return 200 if role == "reviewer" else 403
    return 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_by_role(kb, session, role, model):
    client = session(role)
    for page, url in admin_pages(model).items():
        response = client.get(url)
        assert response.status_code == expected_admin_status(role, model, page), (page, url)
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ROLES)
def test_admin_delete_by_role(kb, session, role):
    url = reverse("admin:statuskb_statuscode_delete", args=[StatusCode.objects.get(number=410).pk])
    response = session(role).post(url, {"post": "yes"})
    may_delete = role in ("reviewer", "superuser")
    assert response.status_code == (302 if may_delete or role in ("anonymous", "reader") else 403)
    assert StatusCode.objects.filter(number=410).exists() is not may_delete


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "model", [StatusCode, Vendor, Source, Implementation], ids=lambda model: model.__name__
)
def test_admin_publish_action_by_role(kb, session, role, model):
    drafts = {
        StatusCode: "code",
        Vendor: "vendor",
        Source: "source",
        Implementation: "implementation",
    }
    draft = kb[drafts[model]]
    url = reverse(f"admin:statuskb_{model._meta.model_name}_changelist")
    session(role).post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.state == PUBLISHED) is (role in ("reviewer", "superuser"))


@pytest.mark.parametrize("role", ROLES)
def test_admin_add_by_role(kb, session, role):
    form = {"number": "499", "phrase": "Client Closed", "status_class": "4"}
    form.update(registry_status="unregistered", summary="", body="")
    for inline in ("aliases", "references", "rules", "citations"):
        form.update({f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"})
    session(role).post(reverse("admin:statuskb_statuscode_add"), form)
    added = StatusCode.objects.filter(number=499).first()
    if role in ("anonymous", "reader"):
        assert added is None
    else:  # everything new starts as a draft, whoever adds it
        assert added is not None and added.state == DRAFT


# The API

API_WRITES = [
    ("post", "/api/codes/", {"number": 499, "phrase": "New"}, "add"),
    ("patch", "/api/codes/410/", {"summary": "Changed"}, "change"),
    ("patch", "/api/codes/402/", {"state": "published"}, "publish"),
    ("delete", "/api/codes/410/", None, "delete"),
    ("post", "/api/vendors/", {"slug": "acme", "name": "Acme"}, "add"),
    ("patch", "/api/vendors/nginx/", {"summary": "Changed"}, "change"),
    ("patch", "/api/vendors/draftco/", {"state": "published"}, "publish"),
    ("delete", "/api/vendors/draftco/", None, "delete"),
    ("post", "/api/vendor-extensions/", {"vendor": "nginx", "number": 497, "phrase": "N"}, "add"),
    ("patch", "/api/vendor-extensions/nginx/444/", {"summary": "Changed"}, "change"),
    ("patch", "/api/vendor-extensions/nginx/449/", {"state": "published"}, "publish"),
    ("delete", "/api/vendor-extensions/nginx/444/", None, "delete"),
    ("post", "/api/sources/", {"slug": "new", "title": "New", "kind": "article"}, "add"),
    ("patch", "/api/sources/rfc9110/", {"summary": "Changed"}, "change"),
    ("patch", "/api/sources/draft-source/", {"state": "published"}, "publish"),
    ("delete", "/api/sources/draft-source/", None, "delete"),
]
# A change to a published entry is a revision for review: 202 Accepted.
SUCCESS = {"add": 201, "change": 202, "publish": 200, "delete": 204}
EDITORS_MAY = {"add", "change"}


def expected_api_status(role, action):
    if role == "anonymous":
        return 401
    if role == "reader":
        return 403
    if role == "editor" and action not in EDITORS_MAY:
        return 403
    return SUCCESS[action]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "payload", "action"),
    API_WRITES,
    ids=[f"{method} {path} {action}" for method, path, _, action in API_WRITES],
)
def test_api_writes_by_role(kb, api, role, method, path, payload, action):
    response = getattr(api(role), method)(path, payload, format="json")
    assert response.status_code == expected_api_status(role, action), response.content


# Drafts

DRAFT_PAGES = {
    "code": ("/402/", "/api/codes/402/"),
    "vendor": ("/vendors/draftco/", "/api/vendors/draftco/"),
    "extension": (None, "/api/vendor-extensions/nginx/449/"),
    "source": ("/sources/draft-source/", "/api/sources/draft-source/"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", DRAFT_PAGES)
def test_drafts_by_role(kb, session, api, role, kind):
    page, api_path = DRAFT_PAGES[kind]
    curators = role in ("editor", "reviewer", "superuser")
    if page:  # public pages show what is published, to everyone
        assert session(role).get(page).status_code == 404
    assert api(role).get(api_path).status_code == (200 if curators else 404)
    draft = kb[kind]
    admin_url = reverse(f"admin:statuskb_{draft._meta.model_name}_change", args=[draft.pk])
    assert session(role).get(admin_url).status_code == (200 if curators else 302)


# Revisions: only reviewers (and superusers) approve or send back, by every path; an editor
# cannot approve a revision of their own or anyone else's.
MAY_REVIEW = {"reviewer", "superuser"}


def pending_revision(users, author):
    code = StatusCode.objects.get(number=404)
    proposed = revisions.snapshot(code)
    proposed["fields"]["summary"] = f"Proposed by {author}."
    return revisions.save_revision(code, users[author], proposed)


@pytest.mark.parametrize("author", ["editor", "reviewer"])
@pytest.mark.parametrize("role", ROLES)
def test_approving_a_revision_in_the_admin_by_role(kb, users, session, role, author):
    revision = pending_revision(users, author)
    url = reverse("admin:statuskb_revision_review", args=[revision.pk])
    response = session(role).post(url, {"_approve": "1"})
    revision.refresh_from_db()
    if role in ("anonymous", "reader"):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == (302 if role in MAY_REVIEW else 403)
    assert (revision.status == RevisionStatus.APPROVED) is (role in MAY_REVIEW)


@pytest.mark.parametrize("author", ["editor", "reviewer"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", ["approve/", "send-back/"])
def test_reviewing_a_revision_through_the_api_by_role(kb, users, api, role, author, step):
    revision = pending_revision(users, author)
    response = api(role).post(f"/api/revisions/{revision.pk}/{step}", {"comment": "Why."})
    expected = {"anonymous": 401, "reader": 403, "editor": 403}.get(role, 200)
    assert response.status_code == expected
    revision.refresh_from_db()
    assert (revision.status == RevisionStatus.PENDING) is (role not in MAY_REVIEW)
