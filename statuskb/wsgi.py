import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "statuskb.settings")

from codes.wsgi import CachedPagesApplication  # noqa: E402  (needs the settings module)

# Repeat anonymous reads are answered before Django builds a request (see codes/wsgi.py).
application = CachedPagesApplication(get_wsgi_application())
