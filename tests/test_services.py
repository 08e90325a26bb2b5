import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from codes import services
from codes.groups import EDITORS, REVIEWERS, create_groups
from codes.models import PublicationState
from tests.factories import StatusCodeFactory

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = (
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
    PublicationState.PUBLISHED,
)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", is_staff=True)
    user.groups.add(create_groups()[EDITORS])
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("rev", is_staff=True)
    user.groups.add(create_groups()[REVIEWERS])
    return django_user_model.objects.get(pk=user.pk)


def test_editor_sends_drafts_for_review_but_cannot_publish(editor):
    code = StatusCodeFactory(number=404, state=DRAFT)
    assert services.submit_for_review([code], editor) == 1
    code.refresh_from_db()
    assert code.state == REVIEW
    with pytest.raises(PermissionDenied):
        services.publish([code], editor)
    code.refresh_from_db()
    assert code.state == REVIEW


def test_reviewer_publishes_and_is_recorded(reviewer):
    code = StatusCodeFactory(number=404, state=REVIEW)
    assert services.publish([code], reviewer) == 1
    code.refresh_from_db()
    assert code.state == PUBLISHED
    assert code.published_by == reviewer
    assert code.published_at is not None


def test_reviewer_unpublishes_editor_cannot(editor, reviewer):
    code = StatusCodeFactory(number=404, state=PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.unpublish([code], editor)
    assert services.unpublish([code], reviewer) == 1
    code.refresh_from_db()
    assert code.state == DRAFT


def test_publishing_is_all_or_nothing(editor):
    first = StatusCodeFactory(number=404, state=REVIEW)
    second = StatusCodeFactory(number=410, state=REVIEW)
    editor_and_no_rights = AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.publish([first, second], editor_and_no_rights)
    first.refresh_from_db()
    assert first.state == REVIEW


def test_editors_change_to_a_published_entry_goes_back_to_review(editor, reviewer):
    code = StatusCodeFactory(number=404, state=PUBLISHED)
    code.summary = "Edited"
    services.apply_workflow(code, editor, previous_state=PUBLISHED)
    assert code.state == REVIEW
    code.state = PUBLISHED
    services.apply_workflow(code, reviewer, previous_state=PUBLISHED)
    assert code.state == PUBLISHED


def test_editor_cannot_publish_by_setting_the_state(editor):
    code = StatusCodeFactory.build(number=404, state=PUBLISHED)
    services.apply_workflow(code, editor, previous_state=DRAFT)
    assert code.state == REVIEW


def test_groups_have_exactly_their_permissions_and_are_safe_to_create_twice():
    first = create_groups()
    second = create_groups()
    assert first[EDITORS].pk == second[EDITORS].pk
    editor_perms = set(second[EDITORS].permissions.values_list("codename", flat=True))
    reviewer_perms = set(second[REVIEWERS].permissions.values_list("codename", flat=True))
    assert "change_statuscode" in editor_perms and "publish_statuscode" not in editor_perms
    assert "delete_statuscode" not in editor_perms
    assert {"publish_statuscode", "delete_vendor"} <= reviewer_perms
    assert editor_perms < reviewer_perms
