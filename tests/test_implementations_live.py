"""The implementation rows checked against the software installed here, through
codes_verify_implementations: nginx and Apache httpd started and asked for every number, Node.js,
every Python interpreter found, Django, DRF, Werkzeug, Go and Java through their own tables. A
release that changes a phrase or a constant fails here, and the rows are brought up to date."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from codes.models import Implementation, ImplementationCode
from codes.probes.registry import CHECKED_HERE

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_implementations_live")]

# The Pythons pyenv keeps beside the one running the tests: each checks its own http.HTTPStatus.
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
PYTHONS = sorted(str(path) for path in PYENV.glob("versions/3.*/bin/python3"))


def verify(*args) -> str:
    out = io.StringIO()
    call_command("codes_verify_implementations", *args, "--require-all", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("slug", sorted(CHECKED_HERE - {"python"}))
def test_the_rows_agree_with_the_software_installed_here(dataset, slug):
    implementation = Implementation.objects.get(slug=slug)
    output = verify(slug)
    [version] = [v for v in implementation.verified_version_list if f" {v}: " in output]
    assert f"{implementation.name} {version}: " in output and "rows verified live" in output


def test_every_python_here_agrees_with_the_rows_for_its_version(dataset):
    output = verify("python", *(arg for path in PYTHONS for arg in ("--python", path)))
    checked = [line for line in output.splitlines() if "rows verified live" in line]
    older = [line for line in output.splitlines() if "older than the history" in line]
    assert len(checked) + len(older) == 1 + len(PYTHONS)
    assert len(checked) >= 1


def test_rows_that_cannot_be_run_here_say_they_rest_on_citations(dataset):
    output = verify("spring", "aspnetcore", "rust-http")
    assert output.count("rest on their citations") == 3


@pytest.mark.parametrize(
    ("slug", "number", "change", "expected"),
    [
        ("nginx", 405, {"phrase": "Method Not Allowed"}, "405: the dataset says phrase 'Method"),
        ("nginx", 499, {"closes_connection": False}, "499: the dataset says phrase ''"),
        ("python", 418, {"constant": "IM_A_TEAPOT_RENAMED"}, "418: the dataset says"),
        ("go", 422, {"constant": "StatusUnprocessableContent"}, "422: the dataset says"),
        ("drf", 413, {"number": 414}, "413: the dataset says nothing"),
        ("apache-httpd", 418, {"phrase": "I'm a teapot"}, "418: the dataset says"),
    ],
)
def test_a_row_that_drifts_from_the_software_fails_the_check(
    dataset, slug, number, change, expected
):
    rows = ImplementationCode.objects.filter(implementation__slug=slug, number=number, until="")
    rows.filter(is_alias=False).update(**change)
    with pytest.raises(CommandError):
        verify(slug)
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("codes_verify_implementations", slug, stdout=io.StringIO(), stderr=errors)
    assert expected in errors.getvalue()


def test_a_version_not_recorded_as_verified_fails_the_check(dataset):
    Implementation.objects.filter(slug="nodejs").update(verified_versions="18.0.0")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("codes_verify_implementations", "nodejs", stdout=io.StringIO(), stderr=errors)
    assert "runs here, but the dataset says it was verified against 18.0.0" in errors.getvalue()


def test_a_patch_release_of_a_recorded_series_is_reported_but_passes(dataset):
    """Debian's security updates change the last part of a version: the rows are compared with
    the release that runs, and only the record of versions lags."""
    installed = Implementation.objects.get(slug="nodejs").verified_version_list[-1]
    *series, patch = installed.split(".")
    other = ".".join([*series, str(int(patch) + 1)])
    Implementation.objects.filter(slug="nodejs").update(verified_versions=other)
    output = io.StringIO()
    call_command("codes_verify_implementations", "nodejs", stdout=output, stderr=io.StringIO())
    assert f"verified against {other}; the rows agree with it: add the version." in (
        output.getvalue()
    )


def test_an_unknown_implementation_is_a_clear_error(dataset):
    with pytest.raises(CommandError, match="No published implementation: nosuch"):
        verify("nosuch")
