"""Readers' paths through the site, and an accessibility audit of every page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE

# The pages only read: they share a site with the dataset loaded once per worker.

# axe's default run leaves out WCAG 2.2's rules (target size), so name the tags.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
PAGE_TYPES = {
    "index": "/",
    "class": "/4xx/",
    "code": "/404/",
    "code-with-vendors": "/499/",
    "vendor-only": "/444/",
    "compare": "/401/vs/403/",
    "vendors": "/vendors/",
    "vendor": "/vendors/cloudflare/",
    "implementations": "/implementations/",
    "implementation": "/implementations/python/",
    "rules": "/rules/",
    "check": "/check/",
    "search-by-constant": "/search/?q=HttpStatus.PAYLOAD_TOO_LARGE",
    "sources": "/sources/",
    "source": "/sources/http-status-code-tutorial/",
    "search": "/search/?q=retry",
    "search-empty": "/search/?q=zzzzzz",
    "not-found": "/999/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_type_passes_axe(browser, reading_site, screenshot, scheme, width):
    axe = Axe()
    failures = []
    viewport = {"desktop": DESKTOP, "phone": PHONE}[width]
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    for name, path in PAGE_TYPES.items():
        page.goto(reading_site + path)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{name} {scheme} {width}:\n{results.generate_report()}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.append(f"{name} {scheme} {width}: {overflow}px too wide")
        screenshot(page, f"{name}-{scheme}-{width}")
    context.close()
    assert not failures, "\n\n".join(failures)


def test_pages_load_nothing_from_outside_the_site(browser, reading_site):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGE_TYPES.values():
        page.goto(reading_site + path)
    context.close()
    outside = [url for url in requested if not url.startswith(reading_site)]
    assert requested and not outside


def test_search_by_number_then_by_word_then_follow_a_related_code(
    browser, reading_site, screenshot
):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(reading_site + "/")
    page.get_by_role("searchbox", name="Search status codes").first.fill("404")
    page.get_by_role("searchbox", name="Search status codes").first.press("Enter")
    page.wait_for_url(reading_site + "/404/")
    assert page.get_by_role("heading", level=1).inner_text() == "404 Not Found"

    page.get_by_role("searchbox", name="Search status codes").first.fill("teapot")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=teapot")
    page.get_by_role("link", name="418 (Unused)").click()
    page.wait_for_url(reading_site + "/418/")

    page.goto(reading_site + "/401/")
    page.get_by_role("link", name="403 Forbidden").first.click()
    page.wait_for_url(reading_site + "/403/")
    page.get_by_role("link", name="compare 403 with 401").click()
    page.wait_for_url(reading_site + "/401/vs/403/")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:2] == ["401 Unauthorized", "403 Forbidden"]
    screenshot(page, "journey-compare")
    context.close()


def test_keyboard_alone_reaches_search_and_a_code(browser, reading_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(reading_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "search":
            break
    page.keyboard.type("5xx")
    page.keyboard.press("Enter")
    page.wait_for_url(reading_site + "/5xx/")
    assert "5xx Server error" in page.get_by_role("heading", level=1).inner_text()
    context.close()


def test_works_without_javascript_at_phone_width(browser, reading_site, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(reading_site + "/search/?q=gateway")
    assert page.get_by_role("link", name="502 Bad Gateway").is_visible()
    page.goto(reading_site + "/502/vs/504/")
    columns = page.locator(".compare-col").all()
    first, second = (column.bounding_box() for column in columns)
    assert second["y"] > first["y"]  # stacked, not side by side, on a phone
    assert first["width"] <= PHONE["width"]
    screenshot(page, "compare-phone-nojs")
    context.close()


def test_print_stylesheet_leaves_out_navigation_and_search(browser, reading_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(reading_site + "/404/")
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    context.close()
