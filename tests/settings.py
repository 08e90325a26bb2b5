"""Settings for the test suite: the app on its own, independent of the demo site."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from statuskb.security import CONTENT_SECURITY_POLICY  # noqa: F401  (a setting)

REPO_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "codes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tests.urls"

# The demo site's Content-Security-Policy (imported above): the browser tests check the
# pages and the admin work under it.


TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_DIR / "tests" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in files, never in memory: the browser tests' live server thread then has a connection
# of its own instead of sharing the test thread's (which crashes sqlite3). The live server can
# start before the test database exists, so the main database must not be in memory either.
# One pair of files per test run, so that two checkouts can run their tests at once.
SQLITE_DIR = Path(tempfile.gettempdir()) / f"statuskb-tests-{os.getpid()}"
SQLITE_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_DIR / 'main.db'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(SQLITE_DIR / "test.db")}
else:
    # A commit need not wait for its WAL record to reach the disk: nothing here outlives a crash
    # of the server, and transactional tests commit (and flush) often.
    DATABASES["default"]["OPTIONS"] = {"options": "-c synchronous_commit=off"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [REPO_DIR / "fixtures"]

USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


SPECTACULAR_SETTINGS = {
    "TITLE": "statuskb API",
    "DESCRIPTION": "A curated, source-citing knowledge base of HTTP status codes.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
