"""Settings of the statuskb demo site. What differs between machines comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from statuskb import security

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY, or DEBUG=true for local development.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# Origins (scheme://host) allowed to send forms when they differ from the Host header.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Production serves HTTPS, with TLS ending at the proxy in front (deploy/nginx.conf sets
# X-Forwarded-Proto). The demo (DEBUG=true) and loopback runs (HTTPS=false) use plain http.
HTTPS = env_bool("HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over http
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS") or 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=True)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = security.CONTENT_SECURITY_POLICY

# Requests: 1 MB of form or JSON data, 2 MB for an uploaded import file (codes.forms checks).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

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
    "csp",
    "axes",
    "codes",
    "statuskb.apps.DemoSiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Proxies in front of the site that append to X-Forwarded-For: 1 behind deploy/nginx.conf, 0
# when gunicorn faces the clients. Throttles and the login lockout key on the address they vouch
# for; with 0, X-Forwarded-For (which any client can write) is ignored.
CODES_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or 0)

# Review emails go to the console: the demo has no mail server. EMAIL_BACKEND in the environment
# picks another backend; REVIEW_EMAILS=false turns them off.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "statuskb@localhost")
CODES_REVIEW_EMAILS = os.environ.get("REVIEW_EMAILS", "true").lower() in ("1", "true", "yes")

# Guessing passwords at /admin/login/ (django-axes): after 5 failures for one username, or from
# one address, that username or address gets 429 with Retry-After for 15 minutes; a success
# resets the count. The API's token endpoint has the app's own throttles
# (CODES_LOGIN_THROTTLE_RATE), so axes watches the admin only.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ONLY_ADMIN_SITE = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "codes.http.client_address"
AXES_LOCKOUT_CALLABLE = "statuskb.lockout.too_many_attempts"

ROOT_URLCONF = "statuskb.urls"
WSGI_APPLICATION = "statuskb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# An empty DATABASE_URL means "unset", so fall back to the SQLite file. Persistent connections
# are checked before each request reuses them, so the site recovers by itself after a restart
# of the database.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["OPTIONS"] = {
    **security.database_options(DATABASES["default"]["ENGINE"]),
    **DATABASES["default"].get("OPTIONS", {}),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several server processes must share one cache (CACHE_URL=redis://host:6379/0) so that an edit
# made through one is seen through all at once; the default suits a single process.
CACHE_URL = os.environ.get("CACHE_URL", "")
if not CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            # Never wait long for the cache; while it is down, pages are rendered afresh.
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
# The app's server-side cache: each process keeps rendered public responses in its own memory,
# and the version that a committed edit renews in the shared cache, so an edit made through any
# server is seen through all at once. Seconds a response is kept; 0 turns the cache off.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "statuskb-pages",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
CODES_CACHE_ALIAS = "pages"
CODES_CACHE_VERSION_ALIAS = "default"
CODES_CACHE_TIMEOUT = int(os.environ.get("CODES_CACHE_TIMEOUT") or 3600)

# Warnings and errors to stderr, where gunicorn and the container keep them. Requests answered
# with 4xx are the visitors' mistakes, not the site's: only 5xx are logged from django.request,
# and the requests Django refuses outright as suspicious (a body over the limit, too many
# fields, a Host not in ALLOWED_HOSTS), which it logs as errors with a traceback, not at all.
CLIENT_MISTAKES = ("RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent", "DisallowedHost")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        **{
            f"django.security.{name}": {"handlers": ["null"], "propagate": False}
            for name in CLIENT_MISTAKES
        },
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# whitenoise serves static files from the app server itself, compressed and cache-busted, so the
# demo site runs under gunicorn without a separate web server.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

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
