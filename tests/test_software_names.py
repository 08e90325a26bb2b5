"""The names that ship in software, as the dataset records them, checked against the software
that runs here: a release that renames a code fails this test, and the entry is brought up to
date."""

import http
import shutil
import subprocess
import sys

import pytest

from tests import shipped
from tests.shipped import alias_names

pytestmark = pytest.mark.xdist_group("test_software_names")


def names_of(number: int) -> set[str]:
    return alias_names(number)


def node_phrase(number: int) -> str:
    node = shutil.which("node")
    assert node, "Node.js is missing (it is on every machine of this kind)"
    script = f"process.stdout.write(require('http').STATUS_CODES[{number}])"
    return subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout


def test_418_has_pythons_and_nodes_exact_phrase_as_an_alias():
    assert http.HTTPStatus(418).phrase in names_of(418)
    assert node_phrase(418) in names_of(418)
    assert "I'm a Teapot" in names_of(418)  # what both give today, case and all


# RFC 9110's phrases, which Python adopted in 3.13; the dataset says which versions use which.
RENAMED_IN_PYTHON_3_13 = {
    413: ("Request Entity Too Large", "Content Too Large"),
    414: ("Request-URI Too Long", "URI Too Long"),
    416: ("Requested Range Not Satisfiable", "Range Not Satisfiable"),
    422: ("Unprocessable Entity", "Unprocessable Content"),
}


@pytest.mark.parametrize("number", RENAMED_IN_PYTHON_3_13)
def test_pythons_phrase_is_the_one_the_dataset_gives_for_this_python(number):
    before, since = RENAMED_IN_PYTHON_3_13[number]
    expected = since if sys.version_info >= (3, 13) else before
    assert http.HTTPStatus(number).phrase == expected
    code = shipped.code(number)
    assert code["phrase"] == since and before in names_of(number)
    assert "3.12" in code["body"] and "3.13" in code["body"]  # the versions each name holds for
