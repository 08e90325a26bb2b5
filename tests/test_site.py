"""The demo site's settings come from the environment."""

import os
import subprocess
import sys

import pytest

from tests.settings import REPO_DIR


def run_site_python(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="statuskb.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


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
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=REPO_DIR,
        env={**os.environ, "DEBUG": "true", "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
