"""Checks for fixture loads: loaddata saves raw objects, which skips model validation.

Every record saved raw (as loaddata does) is validated with full_clean(), and a natural key
that appears twice in one load is refused instead of silently overwriting the first record.
The errors are ValueErrors, so loaddata names the model and the fixture file in front of the
message and rolls back the whole load.
"""

import weakref

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models.signals import post_save, pre_save

# The records saved raw inside each atomic block, by primary key: loaddata runs in one.
_saved_in_block = weakref.WeakKeyDictionary()


class InvalidFixtureRecord(ValueError):
    """A fixture record fails model validation or repeats another record."""


def describe(instance) -> str:
    key = instance.natural_key() if hasattr(instance, "natural_key") else (instance.pk,)
    return f"{instance._meta.label} {list(key)!r}"


def validate_raw_record(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        return
    reject_missing_reference(instance)
    reject_repeated_record(instance, using)
    # loaddata finds an existing record by its natural key but builds a new instance for it.
    instance._state.adding = (
        not type(instance)._base_manager.using(using).filter(pk=instance.pk).exists()
    )
    try:
        instance.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            " ".join(messages) if field == "__all__" else f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
        raise InvalidFixtureRecord(f"{describe(instance)} is invalid: {problems}") from error


def reject_missing_reference(instance) -> None:
    """loaddata leaves a foreign key it cannot resolve empty, to fill in later if it can."""
    for field in instance._meta.concrete_fields:
        if field.many_to_one and not field.null and getattr(instance, field.attname) is None:
            raise InvalidFixtureRecord(
                f"{describe(instance)} refers to a {field.related_model._meta.verbose_name} "
                f"that does not exist ({field.name})"
            )


def records_saved_in_block(using) -> dict | None:
    connection = connections[using]
    if not connection.in_atomic_block:
        return None
    return _saved_in_block.setdefault(connection.atomic_blocks[-1], {})


def reject_repeated_record(instance, using) -> None:
    """loaddata finds the row of a record by its natural key, so a record whose key an earlier
    record of the same load had comes with that record's primary key, and would overwrite it."""
    saved = records_saved_in_block(using)
    if saved is None or instance.pk is None:
        return
    # loaddata saves a record a second time to fill in forward references: that is no repeat.
    if saved.get((instance._meta.label, instance.pk), instance) is not instance:
        raise InvalidFixtureRecord(f"{describe(instance)} appears more than once")


def remember_raw_record(sender, instance, raw=False, using=None, **kwargs):
    saved = records_saved_in_block(using) if raw else None
    if saved is not None:
        saved.setdefault((instance._meta.label, instance.pk), instance)


def validation_uid(model) -> str:
    """The dispatch_uid that connects validate_raw_record to the model."""
    return f"codes-validate-{model._meta.label}"


def connect(app_config) -> None:
    for model in app_config.get_models():
        if hasattr(model, "history_id"):  # history records are written by the app, not edited
            continue
        pre_save.connect(validate_raw_record, sender=model, dispatch_uid=validation_uid(model))
        post_save.connect(
            remember_raw_record, sender=model, dispatch_uid=f"codes-remember-{model._meta.label}"
        )
