"""Fetch the mounted app's pages in the host site and print what came back, one line each."""

import io
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from shop.codes.models import Vendor  # noqa: E402

client = Client()
for path in ["/http/", "/http/404/", "/http/api/codes/404/", "/http/api/codes/"]:
    response = client.get(path, headers={"accept": "application/json, text/html"})
    body = response.content.decode()
    found = ("HOST LAYOUT" in body, "Not Found" in body)
    sys.stdout.write(f"{path} {response.status_code} {found[0]} {found[1]}\n")
page_size = len(client.get("/http/api/codes/").json()["results"])
api_link = 'href="/http/api/codes/404/"' in client.get("/http/404/").content.decode()
linked = "/assets/codes/codes.css" in client.get("/http/").content.decode()
static = linked and finders.find("codes/codes.css") is not None
sys.stdout.write(f"api page size {page_size}\napi link {api_link}\nstatic {static}\n")

# The host's own "codes" app lives beside statuskb: its label, tables, permissions and URL
# namespace stay its own.
Vendor.objects.get_or_create(name="Acme")
call_command("codes_create_groups", stdout=io.StringIO())
shop = client.get("/shop/vendors/").content.decode()
our_link = 'href="/http/vendors/nginx/"' in client.get("/http/vendors/").content.decode()
labels = sorted(config.label for config in apps.get_app_configs() if config.name.endswith("codes"))
publish_vendor = Permission.objects.filter(codename="publish_vendor")
sys.stdout.write(
    f"labels {' '.join(labels)}\n"
    f"shop page {shop}\n"
    f"our vendor link {our_link}\n"
    f"publish_vendor in {' '.join(sorted(p.content_type.app_label for p in publish_vendor))}\n"
)
