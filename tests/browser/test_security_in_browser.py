"""In a real browser: hostile content fires nothing, and the pages, the admin and the API docs
work under the site's Content-Security-Policy without a single violation."""

import json

import pytest
from django.contrib.auth import get_user_model

from codes.models import Revision, StatusCode
from tests.browser.conftest import DESKTOP
from tests.browser.test_admin_in_browser import log_in
from tests.browser.test_pages_in_browser import PAGE_TYPES
from tests.factories import StatusCodeFactory, VendorExtensionFactory, VendorFactory
from tests.test_xss import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = [
    "statuscode",
    "vendor",
    "vendorextension",
    "source",
    "citation",
    "alias",
    "specreference",
    "header",
    "implementation",
    "implementationcode",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/statuskb/statuscode/?q=404",
    *(f"/admin/statuskb/{model}/{page}" for model in MODELS for page in ["", "add/"]),
    "/admin/statuskb/revision/",  # revisions are made by editing entries: no add page
    *(
        f"/admin/statuskb/{model}/{page}"
        for model in ["statuscode", "vendorextension", "citation"]
        for page in ["import/", "export/"]
    ),
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
    # The browsable API, with its filters button (a list with a filter form).
    for path in ["/api/", "/api/codes/404/", "/api/vendor-extensions/", "/api/codes/"]:
        page.goto(site + path, wait_until="load")
        page.wait_for_timeout(100)  # a CSP report of a style attribute comes just after load
    page.get_by_role("button", name="Filters").click()
    page.locator("#filtersModal").wait_for(state="visible")  # Bootstrap's script ran
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
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.get_by_role("link", name="History").click()
    assert "Change history" in page.locator("h1").inner_text()  # simple-history's list
    page.goto(site + "/admin/statuskb/statuscode/?q=404")
    page.locator("tr", has_text="Not Found").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("unpublish")  # a workflow action
    page.locator("button[name=index]").click()
    assert "1 unpublished." in page.locator(".messagelist").inner_text()
    page.goto(site + "/admin/statuskb/statuscode/add/")
    page.locator("#aliases-group summary").click()  # inlines start collapsed
    page.locator("#aliases-group .add-row a").click()  # inline formsets: the admin's JS
    assert page.locator(".dynamic-aliases").count() == 1
    context.close()
    assert trouble == []


def test_export_and_import_run_to_the_end_under_the_content_security_policy(
    browser, site, tmp_path
):
    get_user_model().objects.create_superuser("root", password="root")
    context, page = log_in(browser, site, "root")
    trouble = watch(page)

    page.goto(site + "/admin/statuskb/statuscode/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]")
    select_all = page.locator("input.select-toggle")
    select_all.uncheck()  # the script bound in place of the inline handler runs
    assert fields.evaluate_all("boxes => boxes.filter(box => box.checked).length") == 0
    select_all.check()
    assert fields.evaluate_all("boxes => boxes.every(box => box.checked)")
    page.get_by_label("Format").select_option(label="json")
    with page.expect_download() as download:
        page.get_by_role("button", name="Submit").click()
    exported = tmp_path / "codes.json"
    download.value.save_as(exported)
    rows = json.loads(exported.read_text())
    assert {int(row["number"]) for row in rows} == set(
        StatusCode.objects.values_list("number", flat=True)
    )

    not_found = next(row for row in rows if row["number"] == "404")
    not_found["summary"] = "Imported through the admin, under the policy."
    changed = tmp_path / "404.json"
    changed.write_text(json.dumps([not_found]))
    page.goto(site + "/admin/statuskb/statuscode/import/")
    page.get_by_label("File to import").set_input_files(changed)
    page.get_by_label("Format").select_option(label="json")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Confirm import").click()
    assert "1 update" in page.locator(".messagelist").inner_text()
    # 404 is published: the import made a revision for review, the page is unchanged.
    revision = Revision.objects.get()
    assert revision.content["fields"]["summary"] == not_found["summary"]
    assert StatusCode.objects.get(number=404).summary != not_found["summary"]
    context.close()
    assert trouble == []
