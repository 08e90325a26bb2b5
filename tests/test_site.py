"""The demo site's settings come from the environment."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from tests.settings import REPO_DIR

# What configures the site, and the test run's own switches: a site subprocess starts clean of
# them and gets only what each test sets.
SITE_ENVIRONMENT = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL",
    "HTTPS",
    "HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_site(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in SITE_ENVIRONMENT}
    environment.update(env, DJANGO_SETTINGS_MODULE="statuskb.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_DIR, env=environment, capture_output=True, text=True
    )


def run_site_python(code, **env):
    return run_site(["-c", f"import django; django.setup(); {code}"], **env)


def manage(*args, **env):
    return run_site(["manage.py", *args], **env)


def test_site_refuses_to_start_without_secret_key_in_production():
    result = run_site_python("")
    assert result.returncode != 0
    assert "Set SECRET_KEY, or DEBUG=true" in result.stderr


def test_site_defaults_to_sqlite_even_with_empty_database_url():
    result = run_site_python(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DEBUG="true",
        DATABASE_URL="",
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_site_reads_database_url_secret_key_and_allowed_hosts():
    result = run_site_python(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['NAME'], s.SECRET_KEY, s.ALLOWED_HOSTS, s.DEBUG)",
        SECRET_KEY="k3y",
        DATABASE_URL="postgres://u:p@db.example:5432/kb",
        ALLOWED_HOSTS="kb.example, www.kb.example",
    )
    assert result.stdout.split(maxsplit=2) == [
        "kb",
        "k3y",
        "['kb.example', 'www.kb.example'] False\n",
    ]


def test_site_caches_in_memory_unless_given_a_redis_url():
    show = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    assert "LocMemCache" in run_site_python(show, DEBUG="true").stdout
    shared = run_site_python(show, DEBUG="true", CACHE_URL="redis://cache.example:6379/0")
    assert shared.stdout.strip() == "django_redis.cache.RedisCache", shared.stderr
    wrong = run_site_python("", DEBUG="true", CACHE_URL="memcached://cache.example")
    assert "CACHE_URL must be a redis:// URL" in wrong.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_site_rejects_a_debug_value_it_cannot_read(value):
    result = run_site_python("", DEBUG=value)
    assert "DEBUG must be true or false" in result.stderr


def test_site_system_checks_pass():
    result = manage("check", "--fail-level", "WARNING", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kb.example",
    "CSRF_TRUSTED_ORIGINS": "https://kb.example",
    "DATABASE_URL": "",
}


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_fail_a_production_site_served_over_http():
    result = manage("check", "--deploy", "--fail-level", "WARNING", HTTPS="false", **PRODUCTION)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


SHOW_HEADERS = """
import json
from django.test import Client
client = Client(HTTP_HOST="kb.example")
secure = client.get("/healthz", secure=True)
plain = client.get("/robots.txt")
print(json.dumps({"secure": dict(secure.headers), "plain": [plain.status_code, plain["Location"]]}))
"""


def test_production_responses_carry_the_security_headers():
    result = run_site_python(SHOW_HEADERS, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    headers = answers["secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert answers["plain"] == [301, "https://kb.example/robots.txt"]
