"""Implementations: what each server, runtime and framework sends and names per number, as the
shipped dataset records it, on the pages, in search and in the API."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from codes.models import Implementation, ImplementationCode, PublicationState

# One worker loads the shipped dataset once for the whole module (conftest's dataset fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_implementations")]


def text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def row_of(page: str, name: str) -> str:
    """The table row of an implementation on a number page."""
    start = page.index(f">{name}</a></th>")
    return page[start : page.index("</tr>", start)]


def test_the_index_lists_at_least_twelve_implementations_with_what_is_verified(dataset, client):
    page = text(client, "/implementations/")
    assert Implementation.objects.published().count() >= 12
    for implementation in Implementation.objects.published():
        assert implementation.name in page
    assert "verified live against 1.22.1" in page  # nginx


def test_every_registered_code_has_rows_from_several_implementations(dataset):
    from codes.models import RegistryStatus, StatusCode

    registered = StatusCode.objects.published().filter(registry_status=RegistryStatus.REGISTERED)
    for code in registered:
        implementations = (
            ImplementationCode.objects.filter(number=code.number)
            .values("implementation")
            .distinct()
        )
        assert implementations.count() >= 5, code.number


def test_the_number_page_shows_what_nginx_sends_and_marks_a_phrase_not_the_registrys(
    dataset, client
):
    page = text(client, "/405/")
    assert "In the wild" in page
    nginx = row_of(page, "nginx")
    assert "<mark>Not Allowed</mark>" in nginx and "not the registry" in nginx
    assert "verified live" in nginx
    python = row_of(page, "Python http.HTTPStatus")
    assert "Method Not Allowed" in python and "<mark>" not in python


def test_what_nginx_does_instead_of_sending_its_own_codes(dataset, client):
    assert "closes the connection without answering" in text(client, "/499/")
    assert "sends 400 Bad Request instead" in text(client, "/495/")


def test_a_rename_is_history_with_the_versions_each_name_holds_for(dataset, client):
    page = text(client, "/implementations/python/")
    for fragment in (
        "REQUEST_ENTITY_TOO_LARGE",
        "up to 3.12",
        "CONTENT_TOO_LARGE",
        "since 3.13",
        "alias",
    ):
        assert fragment in page
    assert "verified live" in page


def test_implementation_detail_links_numbers_to_their_pages_and_its_source(dataset, client):
    page = text(client, "/implementations/nginx/")
    assert 'href="/499/"' in page and "https://github.com/nginx/nginx/blob/" in page


@pytest.mark.parametrize(
    ("pasted", "number"),
    [
        ("Request-URI Too Large", 414),
        ("HTTP_413_REQUEST_ENTITY_TOO_LARGE", 413),
        ("StatusUnprocessableEntity", 422),
        ("Status499ClientClosedRequest", 499),
        ("PAYLOAD_TOO_LARGE", 413),
        ("HttpStatus.PAYLOAD_TOO_LARGE", 413),
        ("http.StatusRequestEntityTooLarge", 413),
        ("Not Allowed", 405),
    ],
)
def test_search_finds_a_code_by_any_phrase_or_constant_as_pasted(dataset, client, pasted, number):
    response = client.get("/search/", {"q": pasted})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.hits[0].number == number
    assert {row.number for row in results.names} == {number}
    assert "Implementations that use this name" in response.content.decode()


def test_an_unpublished_implementation_is_nowhere_public(dataset, client):
    nginx = Implementation.objects.get(slug="nginx")
    nginx.state = PublicationState.DRAFT
    nginx.save()
    assert client.get("/implementations/nginx/").status_code == 404
    assert "<mark>Not Allowed</mark>" not in text(client, "/405/")
    assert "nginx" not in text(client, "/implementations/")
    assert not client.get("/search/", {"q": "Not Allowed"}).context["results"].names
    assert client.get("/api/implementations/nginx/").status_code == 404
    rows = client.get("/api/implementation-codes/", {"implementation": "nginx"}).json()
    assert rows["count"] == 0


def test_the_api_lists_implementations_and_filters_rows(dataset, client):
    listed = client.get("/api/implementations/", {"category": "server"}).json()
    assert {item["slug"] for item in listed["results"]} >= {"nginx", "apache-httpd"}
    detail = client.get("/api/implementations/python/").json()
    assert detail["verified_versions"] and len(detail["codes"]) > 60
    named = client.get("/api/implementation-codes/", {"name": "StatusUnprocessableEntity"}).json()
    assert [(row["implementation"], row["number"]) for row in named["results"]] == [("go", 422)]
    assert named["results"][0]["verified_live"] is True
    by_number = client.get("/api/implementation-codes/", {"number": 413, "page_size": 100}).json()
    assert {row["number"] for row in by_number["results"]} == {413}
    spring = [row for row in by_number["results"] if row["implementation"] == "spring"]
    assert spring and not any(row["verified_live"] for row in spring)


@pytest.mark.parametrize(
    "query", [{"number": "99"}, {"number": "x"}, {"category": "robot"}, {"is_alias": "maybe"}]
)
def test_bad_row_filters_are_400_with_the_field_named(dataset, client, query):
    response = client.get("/api/implementation-codes/", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_code_detail_and_export_carry_the_rows(dataset, client):
    detail = client.get("/api/codes/413/").json()
    names = {(row["implementation"], row["constant"]) for row in detail["in_the_wild"]}
    assert ("python", "CONTENT_TOO_LARGE") in names and (
        "drf",
        "HTTP_413_REQUEST_ENTITY_TOO_LARGE",
    ) in names
    export = client.get("/api/export.json").json()
    assert len(export["implementations"]) == Implementation.objects.published().count()
    assert sum(len(item["codes"]) for item in export["implementations"]) == (
        ImplementationCode.objects.count()
    )


def test_the_schema_describes_the_implementation_endpoints(dataset, client):
    schema = client.get("/api/schema/", headers={"accept": "application/json"}).json()
    assert "/api/implementations/{slug}/" in schema["paths"]
    assert "/api/implementation-codes/" in schema["paths"]


def test_codes_verify_flags_two_current_names_at_once_and_rows_without_a_page(dataset):
    python = Implementation.objects.get(slug="python")
    ImplementationCode.objects.filter(implementation=python, number=413, until="3.12").update(
        until=""
    )
    ImplementationCode.objects.create(
        implementation=python, number=299, phrase="Nothing", url="https://example.org/#L1"
    )
    with pytest.raises(CommandError):
        call_command("codes_verify")
    from codes.verification import find_problems

    problems = "\n".join(find_problems())
    assert "python 413:" in problems and "both hold at once" in problems
    assert "python 299: no published page" in problems


@pytest.mark.parametrize(
    "fields",
    [
        {"since": "v3.13"},
        {"until": "3.x"},
        {"is_alias": True, "phrase": "Not Found", "constant": "NOT_FOUND"},
        {"is_alias": True, "phrase": "", "constant": ""},
        {"number": 600},
        {"sends_instead": 400, "closes_connection": True},
    ],
)
def test_the_database_refuses_bad_rows(dataset, fields):
    implementation = Implementation.objects.get(slug="nginx")
    row = {"implementation": implementation, "number": 404, "url": "https://example.org/#L1"}
    with pytest.raises(IntegrityError), transaction.atomic():
        ImplementationCode.objects.create(**{**row, **fields})


def test_model_validation_explains_versions_in_the_wrong_order(dataset):
    from django.core.exceptions import ValidationError

    row = ImplementationCode(
        implementation=Implementation.objects.get(slug="nginx"),
        number=404,
        since="1.22",
        until="1.3",
        url="https://example.org/#L1",
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "until" in error.value.message_dict


@pytest.mark.parametrize(
    ("since", "until", "version", "holds"),
    [
        ("", "3.12", "3.12.1", True),
        ("", "3.12", "3.13.0", False),
        ("3.13", "", "3.13.0", True),
        ("3.13", "", "3.12.1", False),
        ("1.5.6", "1.22", "1.22.1", True),
        ("1.5.6", "1.22", "1.5.5", False),
        ("", "", "0.1", True),
    ],
)
def test_a_row_holds_for_every_release_its_bounds_prefix(since, until, version, holds):
    assert ImplementationCode(since=since, until=until).holds_at(version) is holds


def test_the_api_writes_implementations_by_the_workflow(dataset, superuser_api, client):
    created = superuser_api.post(
        "/api/implementations/",
        {
            "slug": "curl",
            "name": "curl",
            "category": "library",
            "source": "https://github.com/curl/curl",
            "summary": "A draft.",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["state"] == "draft"
    assert client.get("/implementations/curl/").status_code == 404
    bad = superuser_api.post(
        "/api/implementations/",
        {"slug": "x", "name": "X", "category": "robot", "source": "https://example.org/"},
        format="json",
    )
    assert bad.status_code == 400 and "category" in bad.json()
    changed = superuser_api.patch(
        "/api/implementations/nginx/", {"summary": "A proposed summary."}, format="json"
    )
    assert changed.status_code == 202  # a revision: the page keeps the published summary
    assert "A proposed summary." not in text(client, "/implementations/nginx/")
