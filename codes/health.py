"""Probes for load balancers and orchestrators: /healthz says the process answers; /readyz says
it can also reach its database and the page cache, and answers 503 when it cannot."""

from __future__ import annotations

import uuid

from django.core.cache import caches
from django.db import DatabaseError, connections, router
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .conf import settings
from .models import StatusCode

RETRY_AFTER_SECONDS = 5


@never_cache
def liveness(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readiness(request):
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    ready = all(checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        **{name: "ok" if ok else "unreachable" for name, ok in checks.items()},
    }
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_reachable() -> bool:
    try:
        with connections[router.db_for_read(StatusCode)].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_reachable() -> bool:
    """A value written and read back: some backends (django-redis told to ignore errors) answer
    None instead of raising while their server is down."""
    cache = caches[settings.CACHE_ALIAS]
    key, value = f"statuskb:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        reachable = cache.get(key) == value
        cache.delete(key)
    except Exception:  # noqa: BLE001 - each cache backend raises errors of its own
        return False
    return reachable
