"""The checker: a pasted response held against the rules of its code, through the plain module,
the page, the API and the command, on hand-made responses (tests/test_checker_live.py records
real ones)."""

import io
import logging
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from codes import checker
from codes.models import PublicationState, Rule, StatusCode

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_checker")]

GOOD_405 = (
    "HTTP/1.1 405 Method Not Allowed\r\n"
    "Date: Sat, 05 Dec 2026 10:00:00 GMT\r\n"
    "Allow: GET, HEAD\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 18\r\n"
    "\r\n"
    "Method not allowed"
)
BAD_405 = "HTTP/1.1 405 Not Allowed\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n"
BAD_204 = "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello"


def outcomes(report) -> dict[str, str]:
    return {finding.rule.topic: finding.outcome for finding in report.findings}


def test_a_405_with_allow_keeps_its_rules(dataset):
    report = checker.check(GOOD_405)
    found = outcomes(report)
    assert found["Allow"] == "held"
    assert found["Explains the error"] == "held"
    assert found["Date"] == "held"
    assert not report.breaks_requirement
    assert "“Method Not Allowed” is the registry's phrase." in report.notes


def test_a_405_without_allow_breaks_a_must(dataset):
    report = checker.check(BAD_405)
    found = outcomes(report)
    assert found["Allow"] == "broken"
    assert found["Explains the error"] == "broken"  # Content-Length: 0 and nothing after
    assert report.breaks_requirement
    assert any("nginx" in note for note in report.notes), report.notes


def test_a_204_with_content_breaks_its_definition(dataset):
    report = checker.check(BAD_204)
    found = outcomes(report)
    assert found["No content"] == "broken"
    assert found["No Content-Length"] == "broken"
    assert report.breaks_requirement


def test_a_head_only_paste_cannot_tell_about_content_unless_told(dataset):
    head = "HTTP/1.1 404 Not Found\r\nDate: Sat, 05 Dec 2026 10:00:00 GMT"
    assert outcomes(checker.check(head))["Explains the error"] == "cannot tell"
    assert outcomes(checker.check(head, content=True))["Explains the error"] == "held"
    assert outcomes(checker.check(head, content=False))["Explains the error"] == "broken"


def test_a_response_to_head_is_not_asked_for_content(dataset):
    head = "HTTP/1.1 404 Not Found\r\nDate: Sat, 05 Dec 2026 10:00:00 GMT\r\n\r\n"
    assert "Explains the error" not in outcomes(checker.check(head, method="HEAD"))


def test_rules_for_another_method_do_not_apply_and_unknown_methods_cannot_tell(dataset):
    response = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */100\r\n\r\n"
    topic = Rule.objects.get(code__number=416, method="POST").topic
    assert outcomes(checker.check(response, method="POST"))[topic] == "broken"
    assert outcomes(checker.check(response))[topic] == "cannot tell"
    assert topic not in outcomes(checker.check(response, method="GET"))


def test_rules_beyond_one_response_cannot_be_told(dataset):
    report = checker.check("HTTP/1.1 307 Temporary Redirect\r\nLocation: /there\r\n\r\n")
    finding = next(f for f in report.findings if f.rule.topic == "Redirect loops")
    assert finding.outcome == "cannot tell"
    assert "binds the client" in finding.explanation


def test_a_may_header_left_out_breaks_nothing(dataset):
    report = checker.check("HTTP/1.1 503 Service Unavailable\r\n\r\nDown for maintenance")
    finding = next(f for f in report.findings if f.rule.topic == "Retry-After")
    assert finding.outcome == "held"
    assert "optional" in finding.explanation


def test_a_vendor_code_and_an_unknown_number_are_noted(dataset):
    report = checker.check("HTTP/1.1 499 \r\n\r\n")
    assert report.code is None and report.findings == []
    assert any("not registered" in note and "nginx" in note for note in report.notes)
    assert any("No reason phrase" in note for note in report.notes)
    unknown = checker.check("HTTP/1.1 592 Whatever\r\n\r\n")
    assert any("neither registered nor a vendor code" in note for note in unknown.notes)


def test_former_names_and_phrases_no_implementation_sends_are_noted(dataset):
    former = checker.check("HTTP/1.1 413 Request Entity Too Large\r\n\r\n")
    assert any("former or other name" in note for note in former.notes), former.notes
    assert any("Sent with this phrase by" in note and "nginx" in note for note in former.notes)
    odd = checker.check("HTTP/1.1 404 Nope\r\n\r\n")
    assert "No implementation in our data sends “Nope” for 404." in odd.notes


def test_only_published_codes_and_rules_are_used(dataset):
    StatusCode.objects.filter(number=405).update(state=PublicationState.DRAFT)
    report = checker.check(BAD_405)
    assert report.code is None and report.findings == []


def test_an_interim_response_followed_by_the_final_one_is_checked_alone(dataset):
    interim_then_final = (
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    )
    report = checker.check(interim_then_final)
    assert outcomes(report)["No content"] == "held"
    assert any("More responses follow" in note for note in report.notes)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The first line must be a status line"),
        ("hello world", "The first line must be a status line"),
        ("HTTP/1.1 999 Nine\r\n\r\n", "three digits from 100 to 599"),
        ("HTTP/1.1 42 Short\r\n\r\n", "three digits from 100 to 599"),
        ("HTTP/1.1 0404 Not Found\r\n\r\n", "three digits from 100 to 599"),
        ("HTTP/1.1 200 OK\r\nX-\x00: a\r\n\r\n", "control characters"),
        ("\x89PNG\r\n\x1a\n\x00\x00", "control characters"),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "Line 2 is not a header field"),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "Line 2 is not a header field"),
        ("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", "Line 3 starts with white space"),
        ("HTTP/1.1 200 OK\r\nA: b\rLocation: http://evil.test/\r\n\r\n", "carriage return"),
        ("HTTP/1.1 200 OK\r\n" + "X-A: b\r\n" * 201, "More than 200 header fields"),
        ("HTTP/1.1 200 OK\r\nX-A: " + "b" * 1024 * 1024 + "\r\n\r\n", "more than 64 KiB"),
    ],
)
def test_bad_input_gets_a_clear_message(dataset, text, message):
    with pytest.raises(checker.CheckError, match=message):
        checker.check(text)


def test_a_bad_method_gets_a_clear_message(dataset):
    with pytest.raises(checker.CheckError, match="a word in capitals"):
        checker.check(GOOD_405, method="get; rm")


# The page


def test_the_page_shows_the_form_and_is_cacheable(dataset, client):
    response = client.get("/check/")
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert "public" in response["Cache-Control"]


def test_the_page_checks_a_pasted_response_and_stores_nothing(dataset, client):
    response = client.post("/check/", {"response": BAD_405, "method": "POST", "content": ""})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Findings for <code>HTTP/1.1 405 Not Allowed</code>" in page
    assert 'class="outcome-broken"' in page
    assert "RFC9110 §15.5.6" in page
    assert "apply: 2 broken (a MUST, a MUST NOT or a definition among them)" in page
    assert page.rindex("outcome-broken") < page.index("outcome-cannot-tell")  # broken first


def test_the_page_answers_bad_input_with_400_and_the_message(dataset, client):
    response = client.post("/check/", {"response": "HTTP/1.1 999 Nope\r\n\r\n"})
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert "three digits from 100 to 599" in response.content.decode()
    assert client.post("/check/", {}).status_code == 400
    assert client.post("/check/", {"response": "x" * (70 * 1024)}).status_code == 400
    megabyte = "HTTP/1.1 200 OK\r\n" + "X-A: b\r\n" * 200_000
    assert client.post("/check/", {"response": megabyte}).status_code in (400, 413)
    api = client.post("/api/check/", {"response": megabyte}, content_type="application/json")
    assert api.status_code in (400, 413) and "response" in api.json() or "detail" in api.json()


def test_the_page_escapes_what_was_pasted(dataset, client):
    pasted = 'HTTP/1.1 404 <script>alert(1)</script>\r\nX-A: "><img src=x onerror=alert(1)>\r\n\r\n'
    page = client.post("/check/", {"response": pasted}).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_nothing_pasted_reaches_the_logs(dataset, client, caplog):
    secret = "Set-Cookie: session=s3cr3t-value-to-forget"
    with caplog.at_level(logging.DEBUG):
        client.post("/check/", {"response": f"HTTP/1.1 200 OK\r\n{secret}\r\n\r\n"})
        client.post("/check/", {"response": f"HTTP/1.1 999 OK\r\n{secret}\r\n\r\n"})
        client.post("/api/check/", {"response": f"HTTP/1.1 999 OK\r\n{secret}"}, "application/json")
    assert "s3cr3t" not in caplog.text


# The API


def test_the_api_checks_a_response(dataset, client):
    response = client.post(
        "/api/check/", {"response": BAD_405, "method": "post"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["response"] == {
        "version": "1.1",
        "number": 405,
        "phrase": "Not Allowed",
        "content": False,
    }
    assert body["code"].endswith("/api/codes/405/")
    assert body["breaks_requirement"] is True
    allow = next(f for f in body["findings"] if f["rule"]["topic"] == "Allow")
    assert allow["outcome"] == "broken" and allow["rule"]["level"] == "MUST"
    assert allow["rule"]["url"] == "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6"
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "response"),
        ({"response": "HTTP/1.1 600 No\r\n"}, "response"),
        ({"response": GOOD_405, "method": "G E T"}, "method"),
        ({"response": GOOD_405, "content": "maybe"}, "content"),
        ({"response": 405}, "response"),
        ({"response": "x" * (65 * 1024)}, "response"),
    ],
)
def test_the_api_answers_bad_input_with_400(dataset, client, payload, field):
    response = client.post("/api/check/", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_check_is_in_the_schema(dataset, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "post" in schema["paths"]["/api/check/"]
    assert "CheckReport" in schema["components"]["schemas"]


# The command


def run_check(monkeypatch, text: str, *args) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("latin-1"))))
    out = io.StringIO()
    call_command("codes_check", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_findings_and_exits_zero_when_no_must_is_broken(dataset, monkeypatch):
    output = run_check(monkeypatch, GOOD_405)
    assert "HELD" in output and "Allow" in output and "[rfc9110 §15.5.6]" in output


def test_the_command_exits_1_when_a_must_is_broken(dataset, monkeypatch):
    with pytest.raises(CommandError, match="Broken: .*Allow") as raised:
        run_check(monkeypatch, BAD_405)
    assert raised.value.returncode == 1


def test_the_command_exits_2_on_bad_input(dataset, monkeypatch):
    with pytest.raises(CommandError, match="status line") as raised:
        run_check(monkeypatch, "\r\n\r\n")
    assert raised.value.returncode == 2


def test_the_command_takes_the_method_and_content(dataset, monkeypatch):
    head = "HTTP/1.1 404 Not Found\r\nDate: Sat, 05 Dec 2026 10:00:00 GMT"
    assert "CANNOT TELL" in run_check(monkeypatch, head)
    assert "BROKEN       SHOULD     Explains the error" in run_check(
        monkeypatch, head, "--content", "no"
    )  # a broken SHOULD is shown, and the exit status stays 0
