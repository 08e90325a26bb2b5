"""The demo site's admin login under django-axes, on its production server: too many wrong
passwords for one username, or from one address, and the right one is refused too, with 429,
a message that says why and Retry-After."""

import re

import pytest
import requests

from tests.livesite import production_site

pytestmark = pytest.mark.django_db(transaction=True)

FAILURE_LIMIT = 5  # statuskb/settings.py: AXES_FAILURE_LIMIT


def log_in(base, username, password, forwarded_for):
    """The admin's login form, as a browser sends it, behind a proxy that saw forwarded_for."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = forwarded_for
    form = session.get(f"{base}/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    return session.post(f"{base}/admin/login/?next=/admin/", data=data, timeout=10)


def test_too_many_wrong_passwords_lock_the_username_and_the_address(tmp_path, django_user_model):
    django_user_model.objects.create_superuser("alice", password="right")
    django_user_model.objects.create_superuser("bob", password="right")
    with production_site(tmp_path / "site.log", demo_tables=True, TRUSTED_PROXIES="1") as port:
        base = f"http://127.0.0.1:{port}"
        # Guesses at alice from everywhere: the one that reaches the limit locks her account,
        # and the right password no longer helps, whoever sends it.
        guesses = [log_in(base, "alice", f"guess{n}", f"198.51.100.{n}") for n in range(5)]
        assert [guess.status_code for guess in guesses] == [200] * (FAILURE_LIMIT - 1) + [429]
        assert "Please enter the correct" in guesses[0].text
        locked = log_in(base, "alice", "right", "203.0.113.1")
        assert locked.status_code == 429
        assert int(locked.headers["Retry-After"]) == 15 * 60
        assert locked.headers["Cache-Control"] == "no-store"
        assert "Try again in 15 minutes" in locked.text
        # Guesses at many usernames from one address: that address is locked.
        for n in range(FAILURE_LIMIT):
            log_in(base, f"nobody{n}", "guess", "192.0.2.50")
        assert log_in(base, "bob", "right", "192.0.2.50").status_code == 429
        # Bob, from elsewhere, is not held back by either.
        welcome = log_in(base, "bob", "right", "192.0.2.51")
        assert welcome.status_code == 200 and welcome.url.endswith("/admin/")
        # A form over the 1 MB limit is the client's mistake: 413, and no error in the log.
        browser = requests.Session()
        browser.get(f"{base}/admin/login/", timeout=10)  # its CSRF cookie: the form is read
        too_large = browser.post(
            f"{base}/admin/login/", data={"username": "x" * (1024 * 1024)}, timeout=10
        )
        assert too_large.status_code == 413 and "1048576 bytes" in too_large.text
        bad_host = requests.get(f"{base}/api/codes/", headers={"Host": "evil.example"}, timeout=10)
        assert bad_host.status_code == 400 and bad_host.json()["detail"]
    log = (tmp_path / "site.log").read_text()
    for alarm in ("ERROR", "CRITICAL", "Traceback"):
        assert alarm not in log, log
