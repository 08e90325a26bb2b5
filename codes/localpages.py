"""Responses each server process keeps in its own memory, checked against the data generation on
every request, so a hit usually needs nothing from the cache server (nor, on PostgreSQL, from the
database: see codes.watcher). Shared by the middleware, which fills it, and the WSGI fast path
(codes.wsgi), which only reads it."""

from __future__ import annotations

LOCAL_BYTES = 32 * 1024 * 1024
# Requests this process has seen answered with a storable response. Only those read the data
# generation, so static files, the admin and anything else the cache never keeps pay nothing.
KNOWN_KEYS = 10_000


class LocalPages:
    def __init__(self, max_bytes: int = LOCAL_BYTES) -> None:
        self.max_bytes = max_bytes
        self.entries: dict[str, tuple] = {}
        self.bytes = 0
        self.cacheable: set[str] = set()

    def learn(self, key: str) -> None:
        if len(self.cacheable) >= KNOWN_KEYS:
            self.cacheable.clear()
        self.cacheable.add(key)

    def keep(self, key: str, entry: tuple) -> None:
        """Entries are (generation, status, headers, content, etag)."""
        old = self.entries.get(key)
        if old is entry:
            return
        if old is not None:
            self.bytes -= len(old[3])
        size = len(entry[3])
        if self.bytes + size > self.max_bytes:
            self.entries.clear()
            self.bytes = 0
        self.entries[key] = entry
        self.bytes += size

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0
        self.cacheable.clear()


local_pages = LocalPages()
