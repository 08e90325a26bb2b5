"""The publication workflow: editors write drafts and send them for review; reviewers publish.

Shared by the admin and the API, so both follow the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import revisions
from .models import Curated, PublicationState, can_publish


def apply_workflow(entry: Curated, user, previous_state: str | None) -> None:
    """Make a save follow the workflow, before it is written.

    An editor who asks to publish sends the entry to review instead, so nothing reaches the
    public without a reviewer (a change to a published entry is a revision, codes.revisions);
    only reviewers can take an entry off the site. A reviewer's publishing is stamped with who
    and when.
    """
    was_published = previous_state == PublicationState.PUBLISHED
    if entry.state != PublicationState.PUBLISHED:
        if was_published and not can_publish(user, entry):
            raise PermissionDenied("Only reviewers can unpublish.")
        return
    if not can_publish(user, entry):
        entry.state = PublicationState.IN_REVIEW
    elif not was_published:
        entry.published_by = user
        entry.published_at = timezone.now()


def after_state_change(entry: Curated, user, previous_state: str | None) -> None:
    """A draft sent for review waits in the review queue as a revision; one published from its
    list has that revision approved."""
    if entry.state == previous_state:
        return
    if entry.state == PublicationState.IN_REVIEW:
        revisions.submitted(entry, user)
    elif entry.state == PublicationState.PUBLISHED:
        revisions.published_elsewhere(entry, user)


@transaction.atomic
def publish(entries: Iterable[Curated], user) -> int:
    return _move(entries, user, PublicationState.PUBLISHED)


@transaction.atomic
def unpublish(entries: Iterable[Curated], user) -> int:
    return _move(entries, user, PublicationState.DRAFT)


@transaction.atomic
def submit_for_review(entries: Iterable[Curated], user) -> int:
    """Drafts go to review; anything else is left as it is."""
    drafts = [entry for entry in entries if entry.state == PublicationState.DRAFT]
    return _move(drafts, user, PublicationState.IN_REVIEW)


def _move(entries: Iterable[Curated], user, state: str) -> int:
    moved = 0
    for entry in entries:
        if entry.state == state:
            continue
        if PublicationState.PUBLISHED in (state, entry.state) and not can_publish(user, entry):
            raise PermissionDenied("Only reviewers can publish or unpublish.")
        previous_state, entry.state = entry.state, state
        apply_workflow(entry, user, previous_state)
        entry.save()
        after_state_change(entry, user, previous_state)
        moved += 1
    return moved
