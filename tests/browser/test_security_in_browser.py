"""In a real browser: hostile content fires nothing, and the pages, the admin and the API docs
work under the site's Content-Security-Policy without a single violation."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import DESKTOP
from tests.browser.test_admin_in_browser import log_in
from tests.browser.test_pages_in_browser import PAGE_TYPES
from tests.factories import StatusCodeFactory, VendorExtensionFactory, VendorFactory
from tests.test_xss import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN_PAGES = [
    "/admin/",
    "/admin/statuskb/statuscode/",
    "/admin/statuskb/statuscode/?q=404",
    "/admin/statuskb/statuscode/add/",
    "/admin/statuskb/statuscode/import/",
    "/admin/statuskb/statuscode/export/",
    "/admin/statuskb/citation/",
    "/admin/statuskb/vendorextension/add/",
]


def watch(page):
    """Everything that went wrong in the page: dialogs, script errors, CSP reports."""
    trouble = []
    page.on(
        "dialog", lambda dialog: (trouble.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    page.on("pageerror", lambda error: trouble.append(f"error: {error}"))
    page.on(
        "console",
        lambda message: (
            trouble.append(f"console {page.url}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    return trouble


def test_hostile_content_fires_no_dialog(browser, live_server):
    vendor = VendorFactory(slug="evilco", name=PAYLOADS[0], summary=PAYLOADS[2])
    for number, payload in zip(range(400, 400 + len(PAYLOADS)), PAYLOADS, strict=True):
        StatusCodeFactory(number=number, phrase=payload, summary=payload, body=payload)
        VendorExtensionFactory(vendor=vendor, number=number, phrase=payload, body=payload)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    trouble = watch(page)
    for path in ["/", "/4xx/", "/vendors/evilco/", "/search/?q=alert"] + [
        f"/{number}/" for number in range(400, 400 + len(PAYLOADS))
    ]:
        page.goto(live_server.url + path)
        page.mouse.move(200, 200)  # hover handlers, had any survived
    context.close()
    assert trouble == []


def test_pages_work_under_the_content_security_policy(browser, site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    trouble = watch(page)
    for name, path in PAGE_TYPES.items():
        if name == "not-found":  # its 404 is reported on the console, rightly
            continue
        response = page.goto(site + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
    page.goto(site + "/api/docs/")
    page.locator(".swagger-ui .info").wait_for()  # the docs rendered: their script ran
    context.close()
    assert trouble == []


def test_the_admin_works_under_the_content_security_policy(browser, site):
    get_user_model().objects.create_superuser("root", password="root")
    context, page = log_in(browser, site, "root")
    trouble = watch(page)
    for path in ADMIN_PAGES:
        assert page.goto(site + path).status == 200, path
    page.goto(site + "/admin/statuskb/statuscode/?q=404")
    page.get_by_role("link", name="404", exact=True).click()
    page.get_by_role("link", name="History").click()
    page.goto(site + "/admin/statuskb/statuscode/add/")
    page.locator("#aliases-group .add-row a").click()  # inline formsets: the admin's JS
    assert page.locator(".dynamic-aliases").count() == 1
    context.close()
    assert trouble == []
