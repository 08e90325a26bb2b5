"""Which implementations can be checked against software installed here, and how."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from . import Reading, servers, tables

# Asked number by number: the servers, and the frameworks that send a phrase for any number.
PER_NUMBER: dict[str, Callable[[Iterable[int]], Reading]] = {
    "nginx": servers.nginx,
    "apache-httpd": servers.apache_httpd,
    "django": tables.django,
    "werkzeug": tables.werkzeug,
}
TABLES: dict[str, Callable[[], Reading]] = {
    "nodejs": tables.nodejs,
    "go": tables.go,
    "java-httpurlconnection": tables.java_httpurlconnection,
    "drf": tables.drf,
}
CHECKED_HERE = {*PER_NUMBER, *TABLES, "python"}


def readings(slug: str, numbers: Iterable[int], pythons: Iterable[str] = ()) -> list[Reading]:
    """What the software installed here does, once per installed version (Python: the running
    interpreter and each one named in pythons). Raises NotHere when it is not installed."""
    if slug in PER_NUMBER:
        return [PER_NUMBER[slug](numbers)]
    if slug in TABLES:
        return [TABLES[slug]()]
    if slug == "python":
        return [tables.python(executable) for executable in [sys.executable, *pythons]]
    raise KeyError(slug)
