"""codes_backup writes the whole knowledge base with its history; codes_restore loads it into
an empty database identically, or loads nothing."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from codes import services
from codes.backup import ExactJSONEncoder, backup_records, content_models
from codes.groups import REVIEWERS, create_groups
from codes.models import StatusCode
from tests.conftest import load_dataset
from tests.factories import AliasFactory, CitationFactory, VendorExtensionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge_base():
    load_dataset()
    reviewer = get_user_model().objects.create_user("rita", password="x", first_name="Rita")
    reviewer.groups.add(create_groups()[REVIEWERS])
    reviewer = get_user_model().objects.get(pk=reviewer.pk)  # no cached permissions
    code = StatusCode.objects.get(number=418)
    code.summary = "Edited after loading, so that history has a change with a user."
    code._history_user = reviewer
    code.save()
    services.unpublish([StatusCode.objects.get(number=425)], reviewer)
    services.publish([StatusCode.objects.get(number=425)], reviewer)


@pytest.fixture
def small_knowledge_base():
    """Records of several kinds with their history and a user, for the tests that need a backup
    to hold something, not the whole dataset (which takes seconds to load)."""
    editor = get_user_model().objects.create_user("ed", password="x")
    citation = CitationFactory()
    AliasFactory(code=citation.status_code)
    VendorExtensionFactory()
    code = citation.status_code
    code.summary = "Edited, so that history has a change with a user."
    code._history_user = editor
    code.save()


def empty_the_database():
    for model in reversed(content_models()):
        model._base_manager.all().delete()
    get_user_model().objects.all().delete()


def test_a_restore_into_an_empty_database_is_identical(knowledge_base, tmp_path):
    path = tmp_path / "kb.json"
    call_command("codes_backup", str(path), verbosity=0)
    before = backup_records()
    kinds = {record["model"] for record in before}
    assert {"auth.user", "statuskb.statuscode", "statuskb.historicalstatuscode"} <= kinds
    assert json.loads(path.read_text()) == json.loads(json.dumps(before, cls=ExactJSONEncoder))

    empty_the_database()
    assert not StatusCode.objects.exists() and not StatusCode.history.exists()
    call_command("codes_restore", str(path), verbosity=0)
    assert backup_records() == before
    rita = get_user_model().objects.get(username="rita")
    assert StatusCode.objects.get(number=425).published_by == rita
    assert StatusCode.history.filter(number=418, history_user=rita).exists()


def test_restore_refuses_a_database_that_holds_a_knowledge_base(small_knowledge_base, tmp_path):
    path = tmp_path / "kb.json"
    call_command("codes_backup", str(path), verbosity=0)
    with pytest.raises(CommandError, match="already holds"):
        call_command("codes_restore", str(path), verbosity=0)


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("[{", "could not be restored"),
        ('[{"model": "statuskb.statuscode", "pk": 1, "fields": {"number": "four"}}]', "restored"),
        ('[{"model": "statuskb.nosuchmodel", "pk": 1, "fields": {}}]', "restored"),
    ],
)
def test_a_damaged_backup_loads_nothing(small_knowledge_base, tmp_path, content, complaint):
    path = tmp_path / "kb.json"
    call_command("codes_backup", str(path), verbosity=0)
    records = json.loads(path.read_text())
    empty_the_database()
    damaged = tmp_path / "damaged.json"
    # A whole, valid backup with one bad record at the end: the good ones must not stay.
    damaged.write_text(json.dumps(records)[:-1] + "," + content.strip("[]") + "]")
    with pytest.raises(CommandError, match=complaint):
        call_command("codes_restore", str(damaged), verbosity=0)
    assert not StatusCode.objects.exists() and not get_user_model().objects.exists()


def test_backup_needs_a_json_name_and_an_existing_directory(tmp_path):
    with pytest.raises(CommandError, match=r"\*\.json"):
        call_command("codes_backup", str(tmp_path / "kb.txt"))
    with pytest.raises(CommandError, match="not a directory"):
        call_command("codes_backup", str(tmp_path / "missing" / "kb.json"))
