from django.test import override_settings

from codes import checks


def test_checks_pass_on_a_complete_configuration():
    assert checks.check_required_apps(None) == []
    assert checks.check_setting_names(None) == []
    assert checks.check_history_middleware(None) == []


def test_missing_required_app_is_an_error():
    with override_settings(
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "codes"]
    ):
        errors = checks.check_required_apps(None)
    assert {error.id for error in errors} == {"codes.E001"}
    assert any("'rest_framework'" in error.msg for error in errors)


def test_unknown_codes_setting_is_an_error():
    with override_settings(CODES_PAGESIZE=10):
        [error] = checks.check_setting_names(None)
    assert error.id == "codes.E003" and "CODES_PAGESIZE" in error.msg


def test_missing_history_middleware_is_a_warning(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "simple_history" not in m]
    [warning] = checks.check_history_middleware(None)
    assert warning.id == "codes.W001"


def test_cache_alias_must_exist_where_the_cache_is_on(settings):
    settings.CODES_CACHE_ALIAS = "pages"
    assert checks.check_cache_alias(None) == []  # off: nothing to check
    settings.CODES_CACHE_TIMEOUT = 60
    [error] = checks.check_cache_alias(None)
    assert error.id == "codes.E004" and "'pages'" in error.msg
    settings.CODES_CACHE_ALIAS = "default"
    assert checks.check_cache_alias(None) == []
    settings.CODES_CACHE_VERSION_ALIAS = "shared"
    [error] = checks.check_cache_alias(None)
    assert error.id == "codes.E004" and "CODES_CACHE_VERSION_ALIAS is 'shared'" in error.msg
