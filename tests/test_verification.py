import pytest
from django.core.management import CommandError, call_command

from codes.models import PublicationState, RegistryStatus
from codes.verification import find_problems, http_status_problems
from tests.factories import (
    AliasFactory,
    CitationFactory,
    SpecReferenceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def sound_code(**kwargs):
    code = StatusCodeFactory(**kwargs)
    CitationFactory(status_code=code)
    SpecReferenceFactory(code=code)
    return code


def test_sound_code_has_no_problems():
    sound_code(number=404, phrase="Not Found")
    assert [p for p in find_problems() if p.startswith("404")] == []


def test_published_code_without_summary_body_or_citation_is_a_problem():
    StatusCodeFactory(number=404, summary="", body=" ")
    problems = find_problems()
    assert "404: published without a summary" in problems
    assert "404: published without a body" in problems
    assert "404: published without a citation" in problems


def test_draft_code_may_be_incomplete():
    StatusCodeFactory(
        number=404,
        phrase="Not Found",
        summary="",
        body="",
        state=PublicationState.DRAFT,
        registry_status=RegistryStatus.UNREGISTERED,
    )
    assert [p for p in find_problems() if p.startswith("404")] == []


def test_registered_code_without_spec_reference_is_a_problem():
    code = StatusCodeFactory(number=404, registry_status=RegistryStatus.REGISTERED)
    CitationFactory(status_code=code)
    assert "404: registered but has no spec reference" in find_problems()


def test_vendor_extension_problems():
    extension = VendorExtensionFactory(
        vendor=VendorFactory(slug="nginx", state=PublicationState.DRAFT), number=444, body=""
    )
    problems = find_problems()
    assert "nginx 444: published without a body" in problems
    assert "nginx 444: published without a citation" in problems
    assert "nginx 444: published under an unpublished vendor" in problems
    CitationFactory(status_code=None, vendor_extension=extension)
    assert "nginx 444: published without a citation" not in find_problems()


def test_http_status_phrase_may_be_an_alias():
    code = sound_code(number=413, phrase="Content Too Large")
    assert "413: http.HTTPStatus calls it 'Request Entity Too Large'" in " ".join(
        http_status_problems()
    )
    AliasFactory(code=code, name="request entity too large")
    assert not [p for p in http_status_problems() if p.startswith("413")]


def test_missing_http_status_member_is_a_problem():
    assert "404: in http.HTTPStatus but missing" in http_status_problems()


def test_verify_command_fails_with_the_list_of_problems(capsys):
    StatusCodeFactory(number=404, summary="")
    with pytest.raises(CommandError, match=r"The dataset has \d+ problem\(s\)"):
        call_command("codes_verify")
    assert "- 404: published without a summary" in capsys.readouterr().err
