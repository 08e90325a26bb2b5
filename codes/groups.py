"""The two roles of the curation workflow, as Django groups."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Status code editors"
REVIEWERS = "Status code reviewers"

CURATED = ["statuscode", "vendor", "vendorextension", "source", "implementation"]
SUPPORTING = ["citation", "alias", "specreference", "header", "implementationcode", "rule"]


def editor_codenames() -> list[str]:
    """Editors create and edit everything, and may send drafts for review."""
    return [
        f"{action}_{model}"
        for model in CURATED + SUPPORTING
        for action in ("view", "add", "change")
    ] + ["view_statusclass", "view_revision"]


def reviewer_codenames() -> list[str]:
    """Reviewers do what editors do, and publish, unpublish and delete."""
    return [
        *editor_codenames(),
        *(f"publish_{model}" for model in CURATED),
        *(f"delete_{model}" for model in CURATED + SUPPORTING),
    ]


@transaction.atomic
def create_groups() -> dict[str, Group]:
    """Create or correct both groups: running it twice changes nothing."""
    groups = {}
    for name, codenames in ((EDITORS, editor_codenames()), (REVIEWERS, reviewer_codenames())):
        permissions = Permission.objects.filter(
            content_type__app_label="statuskb", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"Permissions not found (run migrate first): {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        groups[name] = group
    return groups
