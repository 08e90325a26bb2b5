from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesConfig(AppConfig):
    name = "codes"
    label = "statuskb"
    verbose_name = _("HTTP status codes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, checks, loading  # noqa: F401 - checks register themselves

        loading.connect(self)
        cache.connect(self)
