"""Real headless Chromium (Debian's) driven by Playwright against the live test server.

No skipping: where Chromium is missing the launch fails, and so do the tests.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.servers import REPO
from tests.conftest import load_dataset
from tests.livesite import production_site

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def site(live_server, settings):
    """The demo site as readers see it: its own layout, the dataset loaded."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [settings.REPO_DIR / "templates"]},
    ]
    load_dataset()
    return live_server.url


@pytest.fixture(scope="session")
def reading_site(tmp_path_factory):
    """The demo site as deployed (gunicorn, DEBUG off), on a database of its own with the
    dataset loaded once: for tests that only read, which then share one load."""
    work = tmp_path_factory.mktemp("reading-site")
    database = f"sqlite:///{work}/site.sqlite3"
    environment = {**os.environ, "DEBUG": "true", "DATABASE_URL": database}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env=environment,
        check=True,
    )
    load = "import django; django.setup(); from tests.conftest import load_dataset; load_dataset()"
    environment["DJANGO_SETTINGS_MODULE"] = "statuskb.settings"
    subprocess.run([sys.executable, "-c", load], cwd=REPO, env=environment, check=True)
    with production_site(work / "site.log", DATABASE_URL=database) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return save
