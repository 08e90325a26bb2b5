"""The app's copies of third-party admin templates (codes/templates/codes/admin/) are upstream's,
changed only where upstream used inline handlers or style attributes. An upgrade that changes
upstream's template fails here, so that the copy is brought up to date, not left stale."""

from pathlib import Path

import import_export
import pytest
import rest_framework
import simple_history
from django.template.loader import get_template

OURS = Path(__file__).resolve().parent.parent / "codes" / "templates" / "codes" / "admin"


def upstream(app, name):
    """The text of a template as the installed third-party app ships it."""
    return (Path(app.__file__).parent / "templates" / name).read_text()


def after_comment(text):
    return text.split("{% endcomment %}\n", 1)[1]


def test_export_page_is_upstreams_without_inline_handler_or_styles():
    theirs = upstream(import_export, "admin/import_export/export.html")
    content = theirs[theirs.index("{% block content %}") :]
    expected = (
        content.replace('<p style="padding: 0;">', '<p class="codes-export-intro">')
        .replace(
            ' \n                    onchange="onSelectToggleChange(event)" ',
            "\n                    ",
        )
        .replace('<label style="font-weight: bold;"', '<label class="codes-select-all"')
    )
    ours = (OURS / "export.html").read_text()
    assert ours[ours.index("{% block content %}") :] == expected


def test_history_list_is_upstreams_without_its_style_attribute():
    theirs = upstream(simple_history, "simple_history/object_history_list.html")
    expected = theirs.replace(
        '<p class="paginator" style="border-top: 0">',
        '<p class="paginator codes-history-paginator">',
    )
    assert after_comment((OURS / "object_history_list.html").read_text()) == expected


def test_browsable_api_is_upstreams_without_style_attributes():
    theirs = upstream(rest_framework, "rest_framework/base.html")
    block = theirs[theirs.index("{% block request_forms %}") :]
    block = block[: block.index("{% endblock request_forms %}")]
    expected = block.replace(
        '<div class="dropdown" style="float: right; margin-right: 10px">',
        '<div class="dropdown codes-api-aside">',
    ).replace(
        '<button style="float: right; margin-right: 10px" data-toggle="modal" '
        'data-target="#filtersModal" class="btn btn-default">',
        '<button data-toggle="modal" data-target="#filtersModal" '
        'class="btn btn-default codes-api-aside">',
    )
    ours = (OURS.parent / "api" / "browsable.html").read_text()
    assert expected in ours
    assert " style=" not in ours


@pytest.mark.parametrize(
    "name, old, new",
    [
        (
            "search.html",
            '<input type="text" class="form-control" style="width: 350px"',
            '<input type="text" class="form-control codes-api-search"',
        ),
        (
            "ordering.html",
            '<span class="glyphicon glyphicon-ok" style="float: right" aria-hidden="true">',
            '<span class="glyphicon glyphicon-ok codes-api-check" aria-hidden="true">',
        ),
    ],
)
def test_api_filter_templates_are_upstreams_without_style_attributes(name, old, new):
    theirs = upstream(rest_framework, f"rest_framework/filters/{name}")
    ours = (OURS.parent / "api" / "filters" / name).read_text()
    assert after_comment(ours) == theirs.replace(old, new)
    assert " style=" not in ours


@pytest.mark.parametrize(
    "name",
    ["export.html", "import.html", "object_history.html", "object_history_list.html"],
)
def test_no_inline_handler_or_style_attribute_is_left(name):
    text = (OURS / name).read_text()
    get_template(f"codes/admin/{name}")  # it compiles
    assert " style=" not in text and "onchange=" not in text and "<script>" not in text
