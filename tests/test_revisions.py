"""Editing a published entry makes a revision: the public page keeps the published version until
a reviewer approves it."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from codes import revisions
from codes.groups import EDITORS, REVIEWERS, create_groups
from codes.models import PublicationState, Revision, RevisionStatus
from tests.admin_form import posted_as_rendered
from tests.factories import (
    CitationFactory,
    ImplementationCodeFactory,
    RuleFactory,
    SourceFactory,
    SpecReferenceFactory,
    StatusCodeFactory,
)
from tests.test_admin import code_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    groups = create_groups()
    made = {}
    for name, group in (("ed", EDITORS), ("rev", REVIEWERS)):
        user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
        user.groups.add(groups[group])
        made[name] = user
    return made


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def code():
    code = StatusCodeFactory(number=404, phrase="Not Found", summary="The old summary.")
    CitationFactory(status_code=code, note="The old note.")
    SpecReferenceFactory(code=code, section="15.5.5")
    return code


def citation_rows(code, **changes):
    citation = code.citations.get()
    row = {
        "citations-TOTAL_FORMS": 1,
        "citations-INITIAL_FORMS": 1,
        "citations-0-id": citation.pk,
        "citations-0-status_code": code.pk,
        "citations-0-source": citation.source_id,
        "citations-0-name_used": citation.name_used,
        "citations-0-url": citation.url,
        "citations-0-checked_on": citation.checked_on.isoformat(),
        "citations-0-note": citation.note,
    }
    row.update({f"citations-0-{name}": value for name, value in changes.items()})
    return row


def edit(client, code, **changes):
    url = reverse("admin:statuskb_statuscode_change", args=[code.pk])
    return client.post(url, code_form(code, **changes))


def public_text(client, where=404) -> str:
    response = client.get(where if isinstance(where, str) else f"/{where}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_editors_change_waits_for_review_while_the_page_stays_up(users, code, client):
    editor = logged_in(users["ed"])
    response = edit(editor, code, summary="The new summary.", **citation_rows(code, note="New."))
    assert response.status_code == 302
    assert "awaits review" in editor.get(response["Location"]).content.decode()

    page = public_text(client)
    assert "The old summary." in page and "The old note." in page
    code.refresh_from_db()
    assert code.state == PublicationState.PUBLISHED
    revision = Revision.objects.get()
    assert revision.status == RevisionStatus.PENDING and revision.created_by == users["ed"]
    assert revision.content["fields"]["summary"] == "The new summary."
    assert revision.base["fields"]["summary"] == "The old summary."

    # The editor's change form shows the pending version, inlines included.
    form = editor.get(reverse("admin:statuskb_statuscode_change", args=[code.pk]))
    assert "The new summary." in form.content.decode() and "New." in form.content.decode()

    revisions.approve(revision, users["rev"])
    page = public_text(client)
    assert "The new summary." in page and "New." in page and "The old" not in page
    code.refresh_from_db()
    assert code.published_by == users["rev"] and code.published_at is not None


def test_a_second_save_by_the_same_editor_amends_the_pending_revision(users, code, client):
    editor = logged_in(users["ed"])
    edit(editor, code, summary="First try.")
    edit(editor, code, summary="Second try.")
    revision = Revision.objects.get()
    assert revision.content["fields"]["summary"] == "Second try."
    edit(editor, code)  # back to the published text: nothing left to review
    assert not Revision.objects.exists()


def test_editors_cannot_approve_or_send_back(users, code):
    edit(logged_in(users["ed"]), code, summary="New.")
    revision = Revision.objects.get()
    with pytest.raises(PermissionDenied):
        revisions.approve(revision, users["ed"])
    with pytest.raises(PermissionDenied):
        revisions.send_back(revision, users["ed"], "No.")
    assert Revision.objects.get().status == RevisionStatus.PENDING


def test_a_revision_made_on_an_older_version_cannot_be_approved(users, code, client):
    edit(logged_in(users["ed"]), code, summary="From the editor.")
    edit(logged_in(users["rev"]), code, summary="From the reviewer.")
    first, second = Revision.objects.order_by("pk")
    revisions.approve(second, users["rev"])
    with pytest.raises(revisions.Conflict):
        revisions.approve(first, users["rev"])
    assert "From the reviewer." in public_text(client)


def test_sent_back_revision_keeps_the_comment_and_the_editor_amends_it(users, code, client):
    editor = logged_in(users["ed"])
    edit(editor, code, summary="Tpyo.")
    revisions.send_back(Revision.objects.get(), users["rev"], "Fix the typo, please.")
    revision = Revision.objects.get()
    assert (revision.status, revision.comment) == (
        RevisionStatus.SENT_BACK,
        "Fix the typo, please.",
    )
    assert (
        "Tpyo."
        in editor.get(reverse("admin:statuskb_statuscode_change", args=[code.pk])).content.decode()
    )
    edit(editor, code, summary="Typo fixed.")
    revision = Revision.objects.get()
    assert revision.status == RevisionStatus.PENDING
    assert revision.content["fields"]["summary"] == "Typo fixed."
    assert "The old summary." in public_text(client)


def test_the_review_screen_shows_the_diff_and_the_reviewer_approves_there(users, code, client):
    edit(
        logged_in(users["ed"]), code, summary="The new summary.", **citation_rows(code, note="New.")
    )
    revision = Revision.objects.get()
    reviewer = logged_in(users["rev"])
    queue = reviewer.get(reverse("admin:statuskb_revision_changelist")).content.decode()
    assert "404 Not Found" in queue and "ed" in queue

    screen = reviewer.get(reverse("admin:statuskb_revision_change", args=[revision.pk]))
    page = screen.content.decode()
    assert "The <del>old </del>summary." in page and "The <ins>new </ins>summary." in page
    assert "Citation changed" in page and "<ins>New.</ins>" in page
    assert 'name="_approve"' in page

    review_url = reverse("admin:statuskb_revision_review", args=[revision.pk])
    assert reviewer.post(review_url, {"_approve": "1"}).status_code == 302
    assert "The new summary." in public_text(client)


def test_send_back_needs_a_comment_and_editors_get_no_review_buttons(users, code):
    edit(logged_in(users["ed"]), code, summary="Tpyo.")
    revision = Revision.objects.get()
    editor = logged_in(users["ed"])
    page = editor.get(reverse("admin:statuskb_revision_change", args=[revision.pk]))
    assert 'name="_approve"' not in page.content.decode()
    review_url = reverse("admin:statuskb_revision_review", args=[revision.pk])
    assert editor.post(review_url, {"_approve": "1"}).status_code == 403

    reviewer = logged_in(users["rev"])
    reviewer.post(review_url, {"_send_back": "1", "comment": " "})
    assert Revision.objects.get().status == RevisionStatus.PENDING
    reviewer.post(review_url, {"_send_back": "1", "comment": "Spelling."})
    assert Revision.objects.get().comment == "Spelling."


def citation_form(citation, **changes):
    data = {
        "source": citation.source_id,
        "status_code": citation.status_code_id or "",
        "vendor_extension": citation.vendor_extension_id or "",
        "name_used": citation.name_used,
        "url": citation.url,
        "checked_on": citation.checked_on.isoformat(),
        "note": citation.note,
    }
    return {**data, **changes}


def admin_url(model: str, page: str, *args) -> str:
    return reverse(f"admin:statuskb_{model}_{page}", args=args)


def change_citation_on_its_page(users, code):
    citation = code.citations.get()
    url = admin_url("citation", "change", citation.pk)
    return logged_in(users["ed"]).post(url, citation_form(citation, note="Changed alone."))


def add_citation_on_its_page(users, code):
    other = CitationFactory.build(status_code=code, source=SourceFactory(), note="Added alone.")
    return logged_in(users["ed"]).post(admin_url("citation", "add"), citation_form(other))


def delete_citation_on_its_page(users, code):
    url = admin_url("citation", "delete", code.citations.get().pk)
    return logged_in(users["rev"]).post(url, {"post": "yes"})


def add_alias_on_its_page(users, code):
    data = {"code": code.pk, "name": "Added Alias Name", "note": "", "origin": ""}
    return logged_in(users["ed"]).post(admin_url("alias", "add"), data)


def change_spec_reference_on_its_page(users, code):
    reference = code.references.get()
    data = {"code": code.pk, "source": reference.source_id, "section": "15.5.99", "url": ""}
    return logged_in(users["ed"]).post(admin_url("specreference", "change", reference.pk), data)


@pytest.mark.parametrize(
    ("path", "sign"),
    [
        (change_citation_on_its_page, "Changed alone."),
        (add_citation_on_its_page, "Added alone."),
        (delete_citation_on_its_page, "The old note."),
        (add_alias_on_its_page, "Added Alias Name"),
        (change_spec_reference_on_its_page, "15.5.99"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_parts_own_admin_page_makes_a_revision_too(users, code, client, path, sign):
    before = public_text(client)
    response = path(users, code)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert public_text(client) == before
    revision = Revision.objects.get()
    assert revision.status == RevisionStatus.PENDING

    revisions.approve(revision, users["rev"])
    after = public_text(client)
    assert after != before
    assert (sign in after) is (sign not in before)


def test_reverting_a_published_entry_to_an_earlier_version_is_a_revision(users, code, client):
    code.summary = "A newer summary."
    code.save()
    older = code.history.order_by("history_date").first()
    assert older.summary == "The old summary."
    url = admin_url("statuscode", "simple_history", code.pk, older.history_id)
    response = logged_in(users["ed"]).post(url, code_form(code, summary=older.summary))
    assert response.status_code == 302
    assert "A newer summary." in public_text(client)
    revision = Revision.objects.get()
    assert revision.content["fields"]["summary"] == "The old summary."
    revisions.approve(revision, users["rev"])
    assert "The old summary." in public_text(client)


def api_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_revisions_through_the_api(users, code, client, django_user_model):
    editor, reviewer = api_for(users["ed"]), api_for(users["rev"])
    proposed = editor.patch("/api/codes/404/", {"summary": "Via the API."}, format="json")
    assert proposed.status_code == 202
    revision_url = proposed.json()["url"]
    assert "Via the API." not in public_text(client)

    listed = reviewer.get("/api/revisions/", {"status": "pending"}).json()["results"]
    assert [row["url"] for row in listed] == [revision_url]
    assert (
        api_for(django_user_model.objects.create_user("reader")).get(revision_url).status_code
        == 403
    )

    assert editor.post(f"{revision_url}approve/").status_code == 403
    assert reviewer.post(f"{revision_url}send-back/", {"comment": ""}).status_code == 400
    approved = reviewer.post(f"{revision_url}approve/")
    assert approved.status_code == 200 and approved.json()["reviewed_by"] == "rev"
    assert "Via the API." in public_text(client)
    code.refresh_from_db()
    assert code.published_by == users["rev"] and code.published_at is not None
    assert reviewer.post(f"{revision_url}approve/").status_code == 409  # already approved


def test_a_reviewer_publishing_a_draft_through_the_api_is_recorded(users):
    draft = StatusCodeFactory(number=402, state=PublicationState.IN_REVIEW)
    response = api_for(users["rev"]).patch("/api/codes/402/", {"state": "published"}, format="json")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.state, draft.published_by) == (PublicationState.PUBLISHED, users["rev"])
    assert draft.published_at is not None


def test_preview_shows_the_page_with_the_revision_and_publishes_and_caches_nothing(
    users, code, client, settings
):
    settings.CODES_CACHE_TIMEOUT = 300  # the server-side page cache, on
    assert "The old summary." in public_text(client)  # now cached
    editor = logged_in(users["ed"])
    edit(editor, code, summary="The previewed summary.")
    revision = Revision.objects.get()

    preview = editor.get(admin_url("revision", "preview", revision.pk))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "The previewed summary." in page and "The old summary." not in page
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert preview["X-Robots-Tag"] == "noindex"
    assert "The old summary." in public_text(client)
    code.refresh_from_db()
    assert code.summary == "The old summary."

    form = editor.get(admin_url("statuscode", "change", code.pk)).content.decode()
    assert admin_url("revision", "preview", revision.pk) in form  # linked from the change form
    screen = logged_in(users["rev"]).get(admin_url("revision", "change", revision.pk))
    assert admin_url("revision", "preview", revision.pk) in screen.content.decode()


def test_reviewers_and_editors_are_emailed_once_per_step(
    users, code, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.AUTHENTICATION_BACKENDS = [  # as on the demo site (django-axes): more than one
        "django.contrib.auth.backends.ModelBackend",
        "django.contrib.auth.backends.AllowAllUsersModelBackend",
    ]
    for name in ("ed", "rev"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    editor = logged_in(users["ed"])
    with django_capture_on_commit_callbacks(execute=True):
        edit(editor, code, summary="First.")
        edit(editor, code, summary="Amended while pending: no second email.")
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("To review: 404 Not Found", ["rev@example.org"])
    ]
    revision = Revision.objects.get()
    assert admin_url("revision", "change", revision.pk) in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        revisions.send_back(revision, users["rev"], "Say more.")
    assert mail.outbox[-1].subject == "Sent back: 404 Not Found"
    assert mail.outbox[-1].to == ["ed@example.org"] and "Say more." in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        edit(editor, code, summary="Resubmitted.")
        revisions.approve(Revision.objects.get(), users["rev"])
    assert [m.subject for m in mail.outbox[-2:]] == [
        "To review: 404 Not Found",
        "Approved: 404 Not Found",
    ]

    settings.CODES_REVIEW_EMAILS = False
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        edit(editor, code, summary="Quietly.")
    assert len(mail.outbox) == sent


def test_a_mail_server_that_fails_loses_the_email_not_the_change(
    users, code, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    users["rev"].email = "rev@example.org"
    users["rev"].save()

    def refuse(messages):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("codes.notifications.send_mass_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(logged_in(users["ed"]), code, summary="Kept anyway.")
    assert response.status_code == 302
    assert Revision.objects.get().content["fields"]["summary"] == "Kept anyway."
    assert "Could not send the review emails" in caplog.text


def test_the_entrys_history_lists_its_revisions_with_editor_reviewer_and_diff(users, code):
    edit(logged_in(users["ed"]), code, summary="Reviewed words.")
    revision = Revision.objects.get()
    revisions.approve(revision, users["rev"])
    history = logged_in(users["ed"]).get(admin_url("statuscode", "history", code.pk))
    page = history.content.decode()
    section = page[
        page.index('id="revisions"') : page.index("</table>", page.index('id="revisions"'))
    ]
    assert "ed" in section and "rev" in section and "Approved" in section
    assert admin_url("revision", "change", revision.pk) in section
    # simple-history's own list: the whole old and new text, changed words marked.
    assert "<del>The old summary.</del>" in page and "<ins>Reviewed words.</ins>" in page


def test_the_queue_lists_new_entries_awaiting_review_oldest_first(users, code):
    import datetime

    from tests.factories import VendorFactory

    older = VendorFactory(name="Older Vendor", state=PublicationState.IN_REVIEW)
    newer = StatusCodeFactory(number=299, phrase="Newer Code", state=PublicationState.IN_REVIEW)
    StatusCodeFactory(number=298, phrase="Plain Draft", state=PublicationState.DRAFT)
    type(older).objects.filter(pk=older.pk).update(
        modified=newer.modified - datetime.timedelta(hours=1)
    )
    queue = logged_in(users["rev"]).get(admin_url("revision", "changelist")).content.decode()
    section = queue[queue.index('id="entries-in-review"') :]
    assert section.index("Older Vendor") < section.index("Newer Code")
    assert "Plain Draft" not in section
    assert admin_url("statuscode", "change", newer.pk) in section


def test_the_change_form_is_usable(users, code):
    form = logged_in(users["ed"]).get(admin_url("statuscode", "change", code.pk)).content.decode()
    assert form.count('class="submit-row"') == 2  # save buttons above and below
    assert '<textarea name="summary"' in form  # the summary shown whole
    assert (
        form.index('name="summary"')
        < form.index('name="body"')
        < form.index('name="registry_status"')
    )
    for title in ("aliases (0)", "specification references (1)", "citations (1)"):
        assert title in form.lower()
    assert form.count("<details") >= 3  # inlines (and publication data) start collapsed


def test_line_ends_a_browser_sends_are_no_change(users, code, client):
    code.body = "First line.\nSecond line."
    code.save()
    edit(logged_in(users["ed"]), code, body="First line.\r\nSecond line.", summary="New.")
    revision = Revision.objects.get()
    assert revision.content["fields"]["body"] == revision.base["fields"]["body"]
    screen = logged_in(users["rev"]).get(admin_url("revision", "change", revision.pk)).content
    assert b'<th scope="row">Body</th>' not in screen


def change_through_the_form(client, model: str, entry, change):
    url = admin_url(model, "change", entry.pk)
    data = posted_as_rendered(client.get(url))
    change(data)
    return client.post(url, data)


def implementation_row():
    return ImplementationCodeFactory(phrase="Not Found", constant="NOT_FOUND").implementation


def with_a_rule(code):
    RuleFactory(code=code, source=code.citations.get().source, topic="Allow")
    return code


def rule_form(rule, **changes) -> dict:
    fields = ["code", "topic", "aspect", "level", "party", "header", "checked_by"]
    fields += ["condition", "method", "statement", "source", "section", "url"]
    data = {name: getattr(rule, f"{name}_id", None) or getattr(rule, name) for name in fields}
    return {**data, **changes}


def test_a_rule_changed_or_added_on_its_own_page_waits_for_review(users, code, client):
    rule = with_a_rule(code).rules.get()
    editor = logged_in(users["ed"])
    url = admin_url("rule", "change", rule.pk)
    response = editor.post(url, rule_form(rule, statement="Changed alone."))
    assert response.status_code == 302
    added = rule_form(rule, topic="Date", statement="Added alone.", header="", checked_by="")
    assert editor.post(admin_url("rule", "add"), added).status_code == 302
    page = public_text(client, "/404/")
    assert "Changed alone." not in page and "Added alone." not in page
    revisions.approve(Revision.objects.get(), users["rev"])
    page = public_text(client, "/404/")
    assert "Changed alone." in page and "Added alone." in page


def vendor_code():
    from tests.factories import VendorExtensionFactory

    extension = VendorExtensionFactory(number=499, phrase="Client Closed Request", summary="Old.")
    CitationFactory(status_code=None, vendor_extension=extension, note="Old vendor note.")
    return extension


@pytest.mark.parametrize(
    ("model", "make", "change", "public_url", "sign"),
    [
        (
            "statuscode",
            lambda c: c,
            lambda d: d.update({"aliases-TOTAL_FORMS": 1, "aliases-0-name": "Inline Alias"}),
            "/404/",
            "Inline Alias",
        ),
        (
            "statuscode",
            lambda c: c,
            lambda d: d.update({"references-0-section": "15.5.77"}),
            "/404/",
            "15.5.77",
        ),
        (
            "statuscode",
            lambda c: c,
            lambda d: d.update(
                {"related_codes": [StatusCodeFactory(number=410, phrase="Gone For Good").pk]}
            ),
            "/404/",
            "Gone For Good",
        ),
        (
            "vendorextension",
            lambda c: vendor_code(),
            lambda d: d.update({"summary": "New vendor summary."}),
            "/499/",
            "New vendor summary.",
        ),
        (
            "vendorextension",
            lambda c: vendor_code(),
            lambda d: d.update({"citations-0-note": "New vendor note."}),
            "/499/",
            "New vendor note.",
        ),
        (
            "vendor",
            lambda c: vendor_code().vendor,
            lambda d: d.update({"summary": "A new vendor summary."}),
            None,
            "A new vendor summary.",
        ),
        (
            "source",
            lambda c: c.citations.get().source,
            lambda d: d.update({"summary": "A new source summary."}),
            None,
            "A new source summary.",
        ),
        (
            "implementation",
            lambda c: implementation_row(),
            lambda d: d.update({"summary": "A new implementation summary."}),
            None,
            "A new implementation summary.",
        ),
        (
            "implementation",
            lambda c: implementation_row(),
            lambda d: d.update({"codes-0-constant": "HTTP_NOT_FOUND_RENAMED"}),
            "/404/",
            "HTTP_NOT_FOUND_RENAMED",
        ),
        (
            "statuscode",
            lambda c: with_a_rule(c),
            lambda d: d.update({"rules-0-statement": "A reworded rule statement."}),
            "/404/",
            "A reworded rule statement.",
        ),
    ],
    ids=[
        "alias-inline",
        "reference-inline",
        "related-codes",
        "vendor-code",
        "vendor-citation-inline",
        "vendor",
        "source",
        "implementation",
        "implementation-row-inline",
        "rule-inline",
    ],
)
def test_every_form_and_inline_of_a_published_entry_makes_a_revision(
    users, code, client, model, make, change, public_url, sign
):
    entry = make(code)
    url = public_url or entry.get_absolute_url()
    before = public_text(client, url)
    response = change_through_the_form(logged_in(users["ed"]), model, entry, change)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert public_text(client, url) == before and sign not in before
    revisions.approve(Revision.objects.get(), users["rev"])
    assert sign in public_text(client, url)


def test_only_reviewers_change_a_header_published_pages_show(users, code):
    from tests.factories import HeaderFactory

    shown = HeaderFactory(name="Retry-After", summary="Shown.")
    code.related_headers.add(shown)
    unused = HeaderFactory(name="X-Unused", summary="Not shown.")
    data = {"name": "Retry-After", "summary": "Changed.", "url": ""}
    editor, reviewer = logged_in(users["ed"]), logged_in(users["rev"])
    assert editor.post(admin_url("header", "change", shown.pk), data).status_code == 403
    shown.refresh_from_db()
    assert shown.summary == "Shown."
    unused_data = {"name": "X-Unused", "summary": "Changed.", "url": ""}
    assert editor.post(admin_url("header", "change", unused.pk), unused_data).status_code == 302
    assert reviewer.post(admin_url("header", "change", shown.pk), data).status_code == 302


def test_the_first_change_to_a_loaded_entry_shows_in_its_history_as_a_change(
    users, tmp_path, django_user_model
):
    """loaddata saves raw, so simple-history records nothing; populate_history (run by make run
    after the load) records the loaded version, which the first change is then compared with."""
    import json

    from django.core.management import call_command

    from codes.models import StatusCode

    fixture = tmp_path / "one.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "statuskb.statuscode",
                    "fields": {
                        "number": 404, "phrase": "Not Found", "status_class": 4,
                        "summary": "Loaded words.", "state": "published",
                    },
                }
            ]
        )
    )  # fmt: skip
    call_command("loaddata", str(fixture), verbosity=0)
    code = StatusCode.objects.get(number=404)
    assert not code.history.exists()
    call_command("populate_history", "--auto", stdout=io.StringIO())
    edit(logged_in(users["ed"]), code, summary="Edited words.")
    revisions.approve(Revision.objects.get(), users["rev"])
    history = logged_in(users["ed"]).get(admin_url("statuscode", "history", code.pk))
    page = history.content.decode()
    assert "<del>Loaded </del>words." in page and "<ins>Edited </ins>words." in page


def test_a_part_of_a_published_entry_is_not_moved_to_another_entry(users, code, client):
    other = StatusCodeFactory(number=410, phrase="Gone")
    citation = code.citations.get()
    url = admin_url("citation", "change", citation.pk)
    response = logged_in(users["ed"]).post(url, citation_form(citation, status_code=other.pk))
    assert response.status_code == 200
    assert "which is published: remove it there" in response.content.decode()
    citation.refresh_from_db()
    assert citation.status_code == code and not Revision.objects.exists()


def test_a_new_entry_waits_in_the_queue_and_is_published_or_sent_back_there(
    users, client, django_capture_on_commit_callbacks
):
    draft = StatusCodeFactory(number=299, phrase="Brand New", state=PublicationState.DRAFT)
    editor, reviewer = logged_in(users["ed"]), logged_in(users["rev"])
    changelist = admin_url("statuscode", "changelist")
    editor.post(changelist, {"action": "submit_for_review", "_selected_action": [draft.pk]})
    revision = Revision.objects.get()
    assert revision.creates_entry and revision.status == RevisionStatus.PENDING
    assert client.get("/299/").status_code == 404  # not public while in review

    queue = reviewer.get(admin_url("revision", "changelist")).content.decode()
    assert "299 Brand New" in queue
    assert (
        "<ins>Brand New</ins>"
        in reviewer.get(admin_url("revision", "change", revision.pk)).content.decode()
    )
    preview = reviewer.get(admin_url("revision", "preview", revision.pk))
    assert preview.status_code == 200 and "Brand New" in preview.content.decode()
    assert client.get("/299/").status_code == 404  # the preview published nothing

    review = admin_url("revision", "review", revision.pk)
    reviewer.post(review, {"_send_back": "1", "comment": "Cite a source."})
    draft.refresh_from_db()
    assert draft.state == PublicationState.DRAFT
    form = editor.get(admin_url("statuscode", "change", draft.pk)).content.decode()
    assert "Cite a source." in form

    editor.post(changelist, {"action": "submit_for_review", "_selected_action": [draft.pk]})
    revision = Revision.objects.get()
    assert revision.status == RevisionStatus.PENDING
    assert editor.post(review, {"_approve": "1"}).status_code == 403
    reviewer.post(review, {"_approve": "1"})
    draft.refresh_from_db()
    assert (draft.state, draft.published_by) == (PublicationState.PUBLISHED, users["rev"])
    assert client.get("/299/").status_code == 200
    assert Revision.objects.get().status == RevisionStatus.APPROVED


def test_publishing_a_new_entry_from_its_list_approves_its_revision(users):
    draft = StatusCodeFactory(number=299, phrase="Brand New", state=PublicationState.DRAFT)
    changelist = admin_url("statuscode", "changelist")
    logged_in(users["ed"]).post(
        changelist, {"action": "submit_for_review", "_selected_action": [draft.pk]}
    )
    logged_in(users["rev"]).post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    revision = Revision.objects.get()
    assert (revision.status, revision.reviewed_by) == (RevisionStatus.APPROVED, users["rev"])


def test_a_new_entry_sent_for_review_through_the_api_waits_in_the_queue(users):
    StatusCodeFactory(number=299, phrase="Brand New", state=PublicationState.DRAFT)
    response = api_for(users["ed"]).patch("/api/codes/299/", {"state": "review"}, format="json")
    assert response.status_code == 200
    revision = Revision.objects.get()
    assert revision.creates_entry and revision.created_by == users["ed"]


def test_a_change_to_an_implementation_row_shows_on_the_review_screen_and_its_preview(users):
    implementation = implementation_row()
    response = change_through_the_form(
        logged_in(users["ed"]),
        "implementation",
        implementation,
        lambda d: d.update({"codes-0-phrase": "Not Here"}),
    )
    assert response.status_code == 302
    revision = Revision.objects.get()
    reviewer = logged_in(users["rev"])
    page = reviewer.get(admin_url("revision", "change", revision.pk)).content.decode()
    assert "Implementation code changed" in page
    assert "Not <del>Found</del>" in page and "Not <ins>Here</ins>" in page
    preview = reviewer.get(admin_url("revision", "preview", revision.pk)).content.decode()
    assert "Not Here" in preview
