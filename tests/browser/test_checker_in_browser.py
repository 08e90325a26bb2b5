"""The rules pages and the checker in a real browser: without JavaScript, at phone width, in
both colour schemes, clean under axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_pages_in_browser import AXE_OPTIONS

NGINX_405 = (
    "HTTP/1.1 405 Not Allowed\nServer: nginx/1.22.1\nDate: Sat, 05 Dec 2026 03:42:12 GMT\n"
    "Content-Type: text/html\nContent-Length: 157\nConnection: close\n\n<html>...</html>"
)


def audit(page, name: str) -> list[str]:
    failures = []
    results = Axe().run(page, options=AXE_OPTIONS)
    if results.violations_count:
        failures.append(f"{name}:\n{results.generate_report()}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        failures.append(f"{name}: {overflow}px too wide")
    return failures


def check(page, response: str, method: str = "") -> None:
    page.get_by_label("The response's status line and header fields").fill(response)
    page.get_by_label("Request method (optional)").fill(method)
    page.get_by_role("button", name="Check").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_checkers_answers_pass_axe(browser, reading_site, screenshot, scheme, width):
    """The form and the rules pages are in test_pages_in_browser's audit; these are the pages a
    check answers with: findings, and an error."""
    viewport = {"desktop": DESKTOP, "phone": PHONE}[width]
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    page.goto(reading_site + "/check/")
    check(page, NGINX_405, "POST")
    failures = audit(page, f"check result {scheme} {width}")
    screenshot(page, f"check-{scheme}-{width}")
    check(page, "not a response")
    failures += audit(page, f"check error {scheme} {width}")
    context.close()
    assert not failures, "\n\n".join(failures)


def test_checking_a_response_works_without_javascript_at_phone_width(
    browser, reading_site, screenshot
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(reading_site + "/check/")
    check(page, NGINX_405, "POST")
    heading = page.get_by_role("heading", level=2).first.inner_text()
    assert heading == "Findings for HTTP/1.1 405 Not Allowed"
    assert "Allow" in page.locator("tr.outcome-broken").first.inner_text()
    status = page.get_by_role("status").inner_text()
    assert "apply: 1 broken (a MUST, a MUST NOT or a definition among them)" in status
    # A wide table scrolls inside its own region; the page itself does not.
    region = page.get_by_role("region", name="Findings", exact=True).bounding_box()
    assert region["width"] <= PHONE["width"]
    screenshot(page, "check-phone-nojs")
    check(page, "not a response")
    assert "must be a status line" in page.get_by_role("alert").inner_text()
    context.close()


def test_the_rules_page_filters_without_javascript(browser, reading_site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(reading_site + "/rules/")
    page.get_by_label("About").select_option("caching")
    page.get_by_role("button", name="Show").click()
    assert "aspect=caching" in page.url
    assert page.get_by_role("rowheader", name="Cacheable by default", exact=True).is_visible()
    assert page.get_by_role("heading", name="Header fields").count() == 0
    context.close()
