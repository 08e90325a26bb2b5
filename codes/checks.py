"""System checks: a host site that forgot a required app or setting hears about it at startup."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register

from .conf import DEFAULTS
from .conf import settings as app_settings

REQUIRED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
]
HISTORY_MIDDLEWARE = "simple_history.middleware.HistoryRequestMiddleware"


@register()
def check_required_apps(app_configs, **kwargs):
    return [
        Error(
            f"codes needs {name!r} in INSTALLED_APPS.",
            hint="Add it to INSTALLED_APPS; the README lists what the app needs.",
            id="codes.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@register()
def check_setting_names(app_configs, **kwargs):
    return [
        Error(
            f"{name} is not a setting of codes.",
            hint=f"Known settings: {', '.join('CODES_' + known for known in sorted(DEFAULTS))}.",
            id="codes.E003",
        )
        for name in dir(settings)
        if name.startswith("CODES_") and name.removeprefix("CODES_") not in DEFAULTS
    ]


@register()
def check_history_middleware(app_configs, **kwargs):
    if HISTORY_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        Warning(
            "History records will not say who made a change made through the admin or API.",
            hint=f"Add {HISTORY_MIDDLEWARE!r} to MIDDLEWARE.",
            id="codes.W001",
        )
    ]


@register()
def check_cache_alias(app_configs, **kwargs):
    """The server-side cache, where a site turns it on, needs its cache aliases."""
    if not app_settings.CACHE_TIMEOUT:
        return []
    aliases = {
        "CODES_CACHE_ALIAS": app_settings.CACHE_ALIAS,
        "CODES_CACHE_VERSION_ALIAS": app_settings.CACHE_VERSION_ALIAS,
    }
    return [
        Error(
            f"{name} is {alias!r}, which is not in CACHES.",
            hint="Name one of your CACHES, or add that alias.",
            id="codes.E004",
        )
        for name, alias in aliases.items()
        if alias is not None and alias not in settings.CACHES
    ]
