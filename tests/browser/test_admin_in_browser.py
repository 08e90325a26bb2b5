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
    """A typo fixed in a published code: the page stays up with the old text while the change
    goes to review, is sent back with a comment, amended, and approved."""
    groups = create_groups()
    for name, group in [("editor", EDITORS), ("reviewer", REVIEWERS)]:
        user = get_user_model().objects.create_user(name, password=name, is_staff=True)
        user.groups.add(groups[group])
    reader = browser.new_context(viewport=DESKTOP).new_page()
    old_summary = reader.goto(site + "/404/") and reader.locator("main").inner_text()

    editor, page = log_in(browser, site, "editor")
    open_404(page, site)
    page.get_by_label("Summary").fill(FIRST_TRY)
    page.get_by_role("button", name="Save", exact=True).first.click()
    assert "awaits review" in page.locator(".messagelist").inner_text()
    open_404(page, site)
    with page.expect_navigation():
        page.locator(".messagelist").get_by_role("link", name="Preview").click()
    assert FIRST_TRY in page.locator("main").inner_text()  # the page as it will be
    screenshot(page, "admin-preview")

    response = reader.goto(site + "/404/")
    assert response.status == 200  # the published version keeps serving
    assert FIRST_TRY not in reader.locator("main").inner_text()
    assert reader.locator("main").inner_text() == old_summary

    reviewer, review = log_in(browser, site, "reviewer")
    open_in_queue(review, site)
    review.locator(".revision-changes").wait_for()
    assert "adress" in " ".join(review.locator(".revision-changes ins").all_inner_texts())
    screenshot(review, "admin-review-diff")
    review.get_by_label("Comment for the editor").fill(COMMENT)
    review.get_by_role("button", name="Send back").click()
    assert "Sent back" in review.locator(".messagelist").inner_text()

    open_404(page, site)
    assert COMMENT in page.locator(".messagelist").inner_text()
    assert page.get_by_label("Summary").input_value() == FIRST_TRY  # the editor's version
    screenshot(page, "admin-sent-back")
    page.get_by_label("Summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save", exact=True).first.click()
    assert "awaits review" in page.locator(".messagelist").inner_text()
    editor.close()

    open_in_queue(review, site)
    review.get_by_role("button", name="Approve and publish").click()
    assert "Approved" in review.locator(".messagelist").inner_text()
    reviewer.close()

    response = reader.goto(site + "/404/")
    assert response.status == 200
    assert NEW_SUMMARY in reader.locator("main").inner_text()


FIRST_TRY = "Nothing lives at this adress now."
COMMENT = "Spelling: address."


def open_404(page, site):
    page.goto(site + "/admin/statuskb/statuscode/?q=404")
    page.get_by_role("link", name="404", exact=True).click()


def open_in_queue(page, site):
    page.goto(site + "/admin/statuskb/revision/?status__exact=pending")
    page.get_by_role("link", name="404 Not Found").click()
