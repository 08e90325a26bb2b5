"""Emails of the review workflow: reviewers hear of changes awaiting them, editors of what became
of theirs. Sent once the transaction commits; a mail server that fails loses the email, never the
change."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from .conf import settings
from .models import Revision, RevisionStatus

logger = logging.getLogger(__name__)


def awaiting_review(revision: Revision) -> None:
    opts = revision.entry_type.model_class()._meta
    reviewers = get_user_model().objects.with_perm(
        f"{opts.app_label}.publish_{opts.model_name}", include_superusers=True
    )
    addresses = [
        user.email for user in reviewers.exclude(email="").exclude(pk=revision.created_by_id)
    ]
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
