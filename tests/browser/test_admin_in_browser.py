"""An editor's change goes through review to the public page, in a real browser."""

import pytest
from django.contrib.auth import get_user_model

from codes.groups import EDITORS, REVIEWERS, create_groups
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SUMMARY = "Nothing lives at this address now; edited in the admin."


def log_in(browser, site, username):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(username)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")
    return context, page


def test_editor_edits_reviewer_publishes_reader_sees_it(browser, site, screenshot):
    groups = create_groups()
    for name, group in [("editor", EDITORS), ("reviewer", REVIEWERS)]:
        user = get_user_model().objects.create_user(name, password=name, is_staff=True)
        user.groups.add(groups[group])

    editor, page = log_in(browser, site, "editor")
    page.goto(site + "/admin/statuskb/statuscode/?q=404")
    page.get_by_role("link", name="404", exact=True).click()
    page.get_by_label("Summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    page.goto(site + "/admin/statuskb/statuscode/?q=404")
    page.get_by_role("link", name="404", exact=True).click()
    page.get_by_role("link", name="History").click()
    history = page.locator("#content").inner_text()
    assert NEW_SUMMARY in history and "editor" in history
    screenshot(page, "admin-history-after-edit")
    editor.close()

    reader = browser.new_context(viewport=DESKTOP).new_page()
    assert reader.goto(site + "/404/").status == 404  # waiting for review, not public

    reviewer, page = log_in(browser, site, "reviewer")
    page.goto(site + "/admin/statuskb/statuscode/?state__exact=review")
    page.locator("tr", has_text="Not Found").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    assert "1 published." in page.locator(".messagelist").inner_text()
    screenshot(page, "admin-published")
    reviewer.close()

    response = reader.goto(site + "/404/")
    assert response.status == 200
    assert NEW_SUMMARY in reader.locator("main").inner_text()
