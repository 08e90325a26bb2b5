"""Prepare a database for a benchmark round: the dataset grown `--scale` times, a user with an
API token for writes, and the queries each page runs at that size. Prints JSON.

Run by bench.run in a subprocess whose environment names the database (DATABASE_URL).
"""

import argparse
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from codes.models import Citation, StatusCode, VendorExtension  # noqa: E402
from tests.scaling import scale_up  # noqa: E402


def prepare(scale: int) -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", "statuskb", verbosity=0)
    scale_up(scale)
    user = get_user_model().objects.create_superuser("bench", password="bench")
    if connection.vendor == "postgresql":
        # Planner statistics for the new size, as autovacuum gives a database in service,
        # rather than whatever it happens to have gathered when the round starts.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "token": Token.objects.create(user=user).key,
        "rows": {
            "status codes": StatusCode.objects.count(),
            "vendor codes": VendorExtension.objects.count(),
            "citations": Citation.objects.count(),
        },
    }


@override_settings(CODES_CACHE_TIMEOUT=0, ALLOWED_HOSTS=["testserver"])
def queries_per_page(paths: list[str]) -> dict[str, int]:
    client = Client()
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers={"accept": "application/json"})
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    result = prepare(args.scale)
    result["queries"] = queries_per_page(args.paths)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
