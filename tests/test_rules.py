"""The rules of each code as data: what the shipped dataset holds, the Rules panel on the code
page, the rules page across codes, the API and the export."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from codes.models import (
    PublicationState,
    RegistryStatus,
    Rule,
    RuleAspect,
    RuleCheck,
    RuleLevel,
    Source,
    StatusCode,
)
from tests.factories import HeaderFactory, RuleFactory, SourceFactory, StatusCodeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_rules")]

# Where RFC 9110 gives a code a rule of the aspect, the dataset has one.
EXPECTED = {
    (405, "Allow"): ("MUST", "15.5.6"),
    (401, "WWW-Authenticate"): ("MUST", "15.5.2"),
    (407, "Proxy-Authenticate"): ("MUST", "15.5.8"),
    (426, "Upgrade"): ("MUST", "15.5.22"),
    (101, "Upgrade"): ("MUST", "15.2.2"),
    (416, "Content-Range"): ("SHOULD", "15.5.17"),
    (206, "Content-Range"): ("MUST", "15.3.7.1"),
    (204, "No content"): ("DEFINED", "15.3.5"),
    (304, "No content"): ("DEFINED", "15.4.5"),
    (205, "No content"): ("MUST NOT", "15.3.6"),
    (307, "The method is kept"): ("MUST NOT", "15.4.8"),
    (301, "POST may become GET"): ("MAY", "15.4.2"),
    (200, "Cacheable by default"): ("DEFINED", "15.1"),
    (404, "Cacheable by default"): ("DEFINED", "15.1"),
    (302, "Not cacheable by default"): ("MUST NOT", "3"),
    (429, "Never stored"): ("MUST NOT", "4"),
    (421, "Not sent by proxies"): ("MUST NOT", "15.5.20"),
}


def test_the_dataset_has_the_rules_readers_look_for(dataset):
    for (number, topic), (level, section) in EXPECTED.items():
        rule = Rule.objects.get(code__number=number, topic=topic)
        assert (rule.level, rule.section) == (level, section), (number, topic)
        assert rule.url.endswith(f"#section-{section}"), rule.url


def test_every_registered_code_has_rules_and_every_rule_a_cited_section(dataset):
    for code in StatusCode.objects.filter(registry_status=RegistryStatus.REGISTERED):
        assert code.rules.exists(), code
    for rule in Rule.objects.select_related("source"):
        assert rule.source.kind == "standard", rule
        assert rule.url.startswith(("https://www.rfc-editor.org/", "https://datatracker")), rule
        anchor = "appendix" if rule.section[0].isalpha() else "section"
        assert rule.url.endswith(f"#{anchor}-{rule.section}"), rule


def test_each_aspect_is_covered_where_the_spec_gives_one(dataset):
    present = set(Rule.objects.values_list("code__number", "aspect"))
    expected = {
        (204, RuleAspect.CONTENT), (405, RuleAspect.HEADER), (404, RuleAspect.CACHING),
        (303, RuleAspect.METHOD), (408, RuleAspect.RETRY), (502, RuleAspect.SENDER),
        (425, RuleAspect.RETRY), (421, RuleAspect.SENDER), (503, RuleAspect.HEADER),
    }  # fmt: skip
    assert expected <= present, expected - present


def test_a_code_page_shows_its_rules_panel(dataset, client):
    page = client.get("/405/").content.decode()
    panel = page[page.index('id="rules"') : page.index('id="sources"')]
    assert "Allow</strong>" in panel
    assert "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6" in panel
    assert 'class="level level-must"' in panel
    assert panel.index("Content") < panel.index("Header fields") < panel.index("Caching")


def test_rules_citing_an_unpublished_source_are_hidden(dataset, client):
    Source.objects.filter(slug="rfc9111").update(state=PublicationState.DRAFT)
    assert "Not cacheable by default" not in client.get("/302/").content.decode()
    assert "rfc9111#section-3" not in client.get("/rules/").content.decode()


def test_the_rules_page_groups_codes_by_topic(dataset, client):
    page = client.get("/rules/").content.decode()
    row = page[page.index(">Cacheable by default</th>") :]
    row = row[: row.index("</tr>")]
    for number in (200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501):
        assert f">{number}</a>" in row, number
    assert ">302</a>" not in row


@pytest.mark.parametrize(
    "query, present, absent",
    [
        ("?aspect=header&level=MUST", ">Allow</th>", ">Cacheable by default</th>"),
        ("?header=Retry-After", ">503</a>", ">Allow</th>"),
        ("?party=cache", ">Never stored</th>", ">Allow</th>"),
    ],
)
def test_the_rules_page_filters(dataset, client, query, present, absent):
    response = client.get(f"/rules/{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert present in page and absent not in page


def test_a_bad_filter_is_a_400(dataset, client):
    for query in ("?level=OUGHT", "?aspect=x", "?header=X-Nope"):
        assert client.get(f"/rules/{query}").status_code == 400, query


def test_the_api_lists_and_filters_rules(dataset, client):
    body = client.get("/api/rules/?number=405&aspect=header").json()
    topics = {rule["topic"] for rule in body["results"]}
    assert "Allow" in topics
    allow = next(rule for rule in body["results"] if rule["topic"] == "Allow")
    assert allow == {
        "code": 405,
        "topic": "Allow",
        "aspect": "header",
        "level": "MUST",
        "party": "origin",
        "header": "Allow",
        "checked_by": "header-present",
        "condition": "",
        "method": "",
        "statement": allow["statement"],
        "source": "rfc9110",
        "section": "15.5.6",
        "url": "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
    }
    cacheable = client.get("/api/rules/?topic=cacheable%20by%20default&page_size=100").json()
    assert 404 in {rule["code"] for rule in cacheable["results"]}
    assert client.get("/api/rules/?level=OUGHT").status_code == 400


def test_the_code_resource_and_the_export_carry_the_rules(dataset, client):
    code = client.get("/api/codes/405/").json()
    assert "Allow" in {rule["topic"] for rule in code["rules"]}
    export = client.get("/api/export.json").json()
    exported = next(code for code in export["codes"] if code["number"] == 405)
    assert exported["rules"] == code["rules"]


def test_rules_of_draft_codes_stay_hidden(dataset, client):
    StatusCode.objects.filter(number=405).update(state=PublicationState.DRAFT)
    assert client.get("/api/rules/?number=405").json()["count"] == 0
    assert ">405</a>" not in client.get("/rules/").content.decode()


def test_constraints_keep_rules_whole():
    code = StatusCodeFactory(number=299, phrase="Made Up")
    RuleFactory(code=code, topic="Allow")
    bad = [
        {"topic": "Allow"},  # one rule per topic and code
        {"header": None},  # a header check names its header
        {"section": ""},
        {"url": ""},
        {"level": "OUGHT"},
        {"method": "get"},
        {"checked_by": RuleCheck.NOT_FOR_METHOD, "method": ""},
    ]
    for change in bad:
        values = {"code": code, "topic": "Another", **change}
        with pytest.raises(IntegrityError), transaction.atomic():
            RuleFactory(**values)


def test_levels_that_bind(db):
    assert RuleLevel.binding() == {"MUST", "MUST NOT", "DEFINED"}
    rule = RuleFactory.build(code=StatusCodeFactory.build(), header=HeaderFactory.build())
    assert rule.is_binding


def test_a_rule_of_a_source_with_anchors_links_to_its_section():
    rule = RuleFactory.build(
        code=StatusCodeFactory(number=299, phrase="Made Up"),
        header=HeaderFactory(name="Allow"),
        source=SourceFactory(slug="spec-with-anchors", has_anchors=True),
        url="https://www.rfc-editor.org/rfc/rfc9110",
    )
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert "url" in raised.value.message_dict
    rule.url += "#section-15.5.6"
    rule.full_clean()


def test_429_and_503_say_when_a_client_may_try_again(dataset):
    for number in (429, 503):
        rule = Rule.objects.get(code__number=number, aspect=RuleAspect.RETRY)
        assert (rule.topic, rule.section) == ("Wait as Retry-After says", "10.2.3")
