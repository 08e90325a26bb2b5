"""Temporary registrations (RFC 9110 section 16.2.1): the registry's dates are kept, checked
for order, shown on the page and in the API, and flagged once the expiry passes unrenewed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from codes.models import RegistryStatus, StatusCode
from codes.verification import find_warnings
from tests.factories import StatusCodeFactory

pytestmark = pytest.mark.django_db

TEMPORARY = RegistryStatus.TEMPORARY
DAY = datetime.timedelta(days=1)


def temporary_code(expires, **kwargs):
    return StatusCodeFactory(
        number=104,
        phrase="Upload Resumption Supported",
        registry_status=TEMPORARY,
        registered_on=datetime.date(2024, 11, 13),
        registration_extended_on=datetime.date(2025, 9, 15),
        registration_expires_on=expires,
        registration_checked_on=datetime.date(2026, 12, 4),
        **kwargs,
    )


@pytest.fixture
def today():
    return datetime.date.today()


def test_a_current_temporary_registration_shows_its_dates(client, today):
    expires = today + 30 * DAY
    temporary_code(expires)
    html = " ".join(client.get("/104/").content.decode().split())
    assert "Temporary registration" in html
    assert (
        "IANA registered it temporarily on 2024-11-13, extended the registration on 2025-09-15, "
        f"and the registration runs until {expires:%Y-%m-%d}"
    ) in html
    assert "Registration expired" not in html
    body = client.get("/api/codes/104/").json()
    assert body["registry_status"] == "temporary"
    assert body["registration_expires_on"] == f"{expires:%Y-%m-%d}"
    assert body["registration_expired"] is False
    assert find_warnings() == []


def test_an_expired_registration_is_flagged_on_the_page_in_the_api_and_by_codes_verify(
    client, today, capsys
):
    temporary_code(today - DAY)
    html = " ".join(client.get("/104/").content.decode().split())
    assert "Registration expired" in html
    assert (
        f"Its temporary registration expired on {today - DAY:%Y-%m-%d}; a renewal is not "
        "confirmed as of 2026-12-04"
    ) in html
    assert client.get("/api/codes/104/").json()["registration_expired"] is True
    assert find_warnings() == [
        f"104: temporary registration expired on {today - DAY:%Y-%m-%d}; "
        "renewal not confirmed as of 2026-12-04"
    ]
    # The factory data has problems of its own (no citations, most of HTTPStatus missing):
    # the warning is printed beside them, and is not one of them.
    with pytest.raises(CommandError):
        call_command("codes_verify")
    printed = capsys.readouterr().err
    assert "warning: 104: temporary registration expired" in printed
    assert "- 104: temporary registration" not in printed


@pytest.mark.parametrize(
    "dates, message",
    [
        ({"registration_expires_on": None}, "A temporary registration needs"),
        ({"registration_checked_on": None}, "A temporary registration needs"),
        ({"registration_expires_on": datetime.date(2024, 1, 1)}, "expires after"),
        ({"registration_extended_on": datetime.date(2027, 1, 1)}, "extended in between"),
    ],
)
def test_registration_dates_are_validated_and_constrained(dates, message):
    code = StatusCode(
        number=104,
        phrase="Upload Resumption Supported",
        status_class_id=1,
        registry_status=TEMPORARY,
        registered_on=datetime.date(2024, 11, 13),
        registration_expires_on=datetime.date(2026, 11, 13),
        registration_checked_on=datetime.date(2026, 12, 4),
    )
    for name, value in dates.items():
        setattr(code, name, value)
    with pytest.raises(ValidationError, match=message):
        code.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        code.save()


def test_a_registered_code_has_no_registration_dates():
    code = StatusCodeFactory.build(number=200, registered_on=datetime.date(2024, 11, 13))
    with pytest.raises(ValidationError, match="other codes have none"):
        code.full_clean()
