"""Revisions: how editors change a published entry without taking it down.

A change to a published entry (its fields, and the parts shown with it: aliases, spec
references, citations, related codes and headers) is made as usual, by the admin, the API or an
import, inside a transaction that is then rolled back. What the change produced is kept as a
pending revision, beside the published version it started from; readers keep seeing the
published version until a reviewer approves the revision, which applies it.

Entries are stored as plain data with Django's serializers (natural keys), so a revision reads
like a fixture and outlives the rows it describes.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import notifications
from .models import (
    Curated,
    Implementation,
    PublicationState,
    Revision,
    RevisionStatus,
    Source,
    StatusCode,
    Vendor,
    VendorExtension,
    can_publish,
)

# The parts of each kind of entry that readers see with it, by related name.
PARTS = {
    StatusCode: ["aliases", "references", "citations", "rules"],
    VendorExtension: ["citations"],
    Vendor: [],
    Source: [],
    Implementation: ["codes"],
}
# The base of a new entry's revision: nothing was published.
NOTHING = {"fields": {}, "parts": {}}
# Kept by the workflow and the clock, never by a revision.
BOOKKEEPING = {"state", "published_by", "published_at", "created", "modified"}


def snapshot(entry: Curated) -> dict:
    """The entry and its parts as plain data."""
    entry = type(entry).objects.get(pk=entry.pk)
    data = record(entry)
    data["parts"] = {
        name: [record(part) for part in getattr(entry, name).order_by("pk")]
        for name in PARTS[type(entry)]
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def record(instance) -> dict:
    [serialized] = serializers.serialize("python", [instance], use_natural_foreign_keys=True)
    fields = {
        name: value.replace("\r\n", "\n") if isinstance(value, str) else value
        for name, value in serialized["fields"].items()
        if name not in BOOKKEEPING
    }  # browsers send a textarea's lines ending in CRLF: a change of line ends is no change
    for many in instance._meta.many_to_many:
        fields[many.name] = sorted(fields[many.name])
    return {"pk": instance.pk, "fields": fields}


def apply(entry: Curated, content: dict) -> None:
    """Make the entry and its parts what content says, keeping the entry's workflow state."""
    restore(type(entry), content, keep=entry)
    for name, rows in content["parts"].items():
        parts = getattr(entry, name)
        wanted = {row["pk"] for row in rows}
        parts.exclude(pk__in=wanted).delete()
        existing = {part.pk: part for part in parts.all()}
        for row in rows:
            keep = existing.get(row["pk"])
            if keep is None and parts.model.objects.filter(pk=row["pk"]).exists():
                row = {**row, "pk": None}  # the number went to another entry's part meanwhile
            restore(parts.model, row, keep=keep)


def restore(model, row: dict, keep=None):
    [restored] = serializers.deserialize(
        "python",
        [{"model": model._meta.label_lower, "pk": row["pk"], "fields": row["fields"]}],
        ignorenonexistent=True,
    )
    instance = restored.object
    for name in BOOKKEEPING & {f.name for f in model._meta.fields}:
        if keep is not None:
            setattr(instance, name, getattr(keep, name))
        elif name in ("created", "modified"):
            setattr(instance, name, timezone.now())
    instance.save()
    for name, values in restored.m2m_data.items():
        getattr(instance, name).set(values)
    return instance


@dataclass
class Proposal:
    """A change being made to a published entry, and the revision it becomes."""

    entry: Curated
    user: object
    changed: bool = False
    content: dict | None = None
    revision: Revision | None = field(default=None)

    @property
    def open_revision(self) -> Revision | None:
        return open_revision_of(self.entry, self.user)


def open_revision_of(entry: Curated, user) -> Revision | None:
    """The editor's revision of the entry that is not approved yet, if any."""
    return Revision.objects.of(entry).open().filter(created_by=user).last()


@contextmanager
def proposing(entry: Curated, user):
    """Make a change to a published entry as a revision: inside the block the entry is the
    editor's own open revision (if any) applied to the published version; whatever the block
    changes is recorded (mark proposal.changed) and undone, and the revision saved."""
    proposal = Proposal(entry, user)
    with transaction.atomic():
        earlier = proposal.open_revision
        if earlier is not None:
            apply(entry, earlier.content)
        yield proposal
        if proposal.changed:
            proposal.content = snapshot(entry)
        transaction.set_rollback(True)
    if proposal.content is not None:
        entry.refresh_from_db()
        proposal.revision = save_revision(entry, user, proposal.content)


def save_revision(entry: Curated, user, content: dict) -> Revision | None:
    """The editor's open revision of the entry, created or brought up to date; none when the
    change leaves the entry as it is published."""
    base = snapshot(entry)
    open_revision = open_revision_of(entry, user)
    if content == base:
        if open_revision is not None:
            open_revision.delete()  # the editor changed it back
        return None
    revision = open_revision or Revision(entry=entry, created_by=user)
    return put_up_for_review(revision, entry, base, content)


def submitted(entry: Curated, user) -> Revision:
    """A new entry sent for review: a revision whose base is nothing, which the queue lists and
    whose approval publishes the entry."""
    revision = Revision.objects.of(entry).open().filter(creates_entry=True).last()
    if revision is None:
        revision = Revision(entry=entry, created_by=user, creates_entry=True)
    return put_up_for_review(revision, entry, NOTHING, snapshot(entry))


def put_up_for_review(revision: Revision, entry: Curated, base: dict, content: dict) -> Revision:
    """Save the revision as awaiting review of content against base; reviewers hear of it when
    it was not awaiting review already."""
    newly_pending = revision.pk is None or revision.status != RevisionStatus.PENDING
    revision.entry_label = str(entry)
    revision.base, revision.content = base, content
    revision.base_modified = entry.modified
    revision.status = RevisionStatus.PENDING
    revision.created = timezone.now()
    revision.reviewed_by = revision.reviewed_at = None
    revision.save()
    if newly_pending:
        notifications.awaiting_review(revision)
    return revision


def published_elsewhere(entry: Curated, user) -> None:
    """A new entry published by a reviewer from its list: its revision is approved by that."""
    for revision in Revision.objects.of(entry).open().filter(creates_entry=True):
        revision.content = snapshot(entry)
        mark_reviewed(revision, user, RevisionStatus.APPROVED)


def mark_reviewed(revision: Revision, user, status: str) -> None:
    revision.status = status
    revision.reviewed_by, revision.reviewed_at = user, timezone.now()
    revision.save()


def can_review(user, revision: Revision) -> bool:
    return can_publish(user, revision.entry_type.model_class())


class Conflict(Exception):
    """The published version changed since the revision was made."""


@transaction.atomic
def approve(revision: Revision, user) -> Curated:
    """Apply a pending revision to the published entry."""
    if not can_review(user, revision):
        raise PermissionDenied("Only reviewers can approve a revision.")
    entry = revision.entry_type.model_class().objects.select_for_update().get(pk=revision.entry_id)
    if revision.status != RevisionStatus.PENDING:
        raise Conflict("Only a revision awaiting review can be approved.")
    if revision.creates_entry:
        return publish_new_entry(revision, entry, user)
    if snapshot(entry) != revision.base:
        raise Conflict(
            "The published version changed after this revision was made: send it back so "
            "that its editor can redo the change on the current version."
        )
    apply(entry, revision.content)
    entry.published_by, entry.published_at = user, timezone.now()
    entry.save(update_fields=["published_by", "published_at"])
    mark_reviewed(revision, user, RevisionStatus.APPROVED)
    notifications.reviewed(revision)
    return entry


def publish_new_entry(revision: Revision, entry: Curated, user) -> Curated:
    if entry.state != PublicationState.IN_REVIEW:
        raise Conflict("This entry is no longer awaiting review.")
    entry.state = PublicationState.PUBLISHED
    entry.published_by, entry.published_at = user, timezone.now()
    entry.save(update_fields=["state", "published_by", "published_at"])
    revision.content = snapshot(entry)  # what was published: the entry as it is now
    mark_reviewed(revision, user, RevisionStatus.APPROVED)
    notifications.reviewed(revision)
    return entry


@transaction.atomic
def send_back(revision: Revision, user, comment: str) -> Revision:
    if not can_review(user, revision):
        raise PermissionDenied("Only reviewers can send a revision back.")
    if revision.status != RevisionStatus.PENDING:
        raise Conflict("Only a revision awaiting review can be sent back.")
    revision.comment = comment
    mark_reviewed(revision, user, RevisionStatus.SENT_BACK)
    if revision.creates_entry:  # back to its editor as a draft
        type(revision.entry).objects.filter(pk=revision.entry_id).update(
            state=PublicationState.DRAFT
        )
    notifications.reviewed(revision)
    return revision
