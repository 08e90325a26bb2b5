"""Fetch the mounted app's pages in the host site and print what came back, one line each."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.test import Client  # noqa: E402

client = Client()
for path in ["/http/", "/http/404/", "/http/api/codes/404/", "/http/api/codes/"]:
    response = client.get(path, headers={"accept": "application/json, text/html"})
    body = response.content.decode()
    found = ("HOST LAYOUT" in body, "Not Found" in body)
    sys.stdout.write(f"{path} {response.status_code} {found[0]} {found[1]}\n")
page_size = len(client.get("/http/api/codes/").json()["results"])
api_link = 'href="/http/api/codes/404/"' in client.get("/http/404/").content.decode()
static = "/assets/codes/codes.css" in client.get("/http/").content.decode()
sys.stdout.write(f"api page size {page_size}\napi link {api_link}\nstatic {static}\n")
