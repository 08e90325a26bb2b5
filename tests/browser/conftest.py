"""Real headless Chromium (Debian's) driven by Playwright against the live test server.

No skipping: where Chromium is missing the launch fails, and so do the tests.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import load_dataset

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


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return save
