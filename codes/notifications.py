"""Emails of the review workflow: reviewers hear of changes awaiting them, editors of what became
of theirs. Sent once the transaction commits; a mail server that fails loses the email, never the
change."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from .conf import settings
from .models import Revision, RevisionStatus

logger = logging.getLogger(__name__)


def awaiting_review(revision: Revision) -> None:
    addresses = [user.email for user in reviewers_of(revision)]
    subject = f"To review: {revision.entry_label}"
    body = (
        f"{revision.created_by} changed {revision.entry_label}. The published version stays as "
        f"it is until a reviewer approves the change.\n\nReview it: {link(revision)}\n"
    )
    send(subject, body, addresses)


def reviewed(revision: Revision) -> None:
    author = revision.created_by
    if revision.status == RevisionStatus.APPROVED:
        subject = f"Approved: {revision.entry_label}"
        body = f"{revision.reviewed_by} approved your change; readers see it now.\n"
    else:
        subject = f"Sent back: {revision.entry_label}"
        body = (
            f"{revision.reviewed_by} sent your change back:\n\n{revision.comment}\n\n"
            f"Open the entry to amend it and save again.\n"
        )
    send(subject, f"{body}\n{link(revision)}\n", [author.email] if author.email else [])


def reviewers_of(revision: Revision):
    """Active users who may publish the entry's kind (as superusers, or through a permission of
    theirs or of a group), with an email address, its editor aside."""
    publish = Permission.objects.filter(
        content_type=revision.entry_type, codename=f"publish_{revision.entry_type.model}"
    )
    may_publish = (
        Q(is_superuser=True) | Q(user_permissions__in=publish) | Q(groups__permissions__in=publish)
    )
    users = get_user_model().objects.filter(may_publish, is_active=True).exclude(email="")
    return users.exclude(pk=revision.created_by_id).distinct()


def link(revision: Revision) -> str:
    """Where the revision is in the admin (a path: the service layer knows no host name)."""
    return reverse("admin:statuskb_revision_change", args=[revision.pk])


def send(subject: str, body: str, addresses: list[str]) -> None:
    if not settings.REVIEW_EMAILS or not addresses:
        return
    messages = [(subject, body, None, [address]) for address in addresses]

    def deliver():
        try:
            send_mass_mail(messages)
        except OSError:
            logger.exception("Could not send the review emails %r", subject)

    transaction.on_commit(deliver)
