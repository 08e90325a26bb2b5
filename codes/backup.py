"""A backup of the knowledge base: every record of the app, its full history, and the accounts
those records name (who published, who changed what), in Django's JSON serialization.

Records keep their primary keys, so a restore into an empty database is identical; accounts
travel by username, so a restore finds an existing account of that name instead of taking
another account's id.
"""

from __future__ import annotations

import datetime
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

from .models import StatusClass


def knowledge_base_models() -> list:
    """The app's models, each after those it refers to (what loaddata needs)."""
    models = list(apps.get_app_config("statuskb").get_models())
    return serializers.sort_dependencies([("statuskb", models)], allow_cycles=True)


def content_models() -> list:
    """What an empty database has none of: migrations create the status classes themselves."""
    return [model for model in knowledge_base_models() if model is not StatusClass]


def referenced_accounts():
    user_model = get_user_model()
    ids = set()
    for model in knowledge_base_models():
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is user_model:
                ids.update(
                    model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                    .distinct()
                )
    return user_model._base_manager.filter(pk__in=ids).order_by("pk")


def backup_records() -> list[dict]:
    accounts = serializers.serialize("python", referenced_accounts(), use_natural_primary_keys=True)
    for account in accounts:
        # Permissions and groups are the host site's business, not the knowledge base's.
        account["fields"].pop("groups", None)
        account["fields"].pop("user_permissions", None)
    records = []
    for model in knowledge_base_models():
        records += serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
    return accounts + records


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def write_backup(stream) -> int:
    records = backup_records()
    json.dump(records, stream, cls=ExactJSONEncoder, indent=1)
    return len(records)
