"""On PostgreSQL, each server process learns the data generation from notifications instead of
asking the database on every cache hit (a round trip costs more than the rest of a hit).

A trigger (migration 0006) announces every new generation on a channel. A daemon thread per
process listens on a connection of its own and re-reads the row every second, which also
proves the connection alive. Whenever it is not listening (not started yet, database down,
connection lost), generation() answers None and the caller asks the database, as on SQLite.
Changes made in this process are recorded at once, so they are never served stale here;
other processes see them as soon as PostgreSQL delivers the notification (well under a
millisecond on an idle server).
"""

from __future__ import annotations

import logging
import os
import threading

from django.db import DatabaseError, connections

CHANNEL = "statuskb_generation"
APPLICATION_NAME = "statuskb-generation-watcher"  # as pg_stat_activity shows the connection
CHECK_SECONDS = 1.0
RETRY_SECONDS = 1.0

logger = logging.getLogger(__name__)


class GenerationWatcher:
    def __init__(self) -> None:
        self._generation: int | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    def generation(self, alias: str, query: str) -> int | None:
        """The latest generation this process knows of, or None when it is not listening."""
        if self._pid != os.getpid():  # never started, or a forked child of the process that was
            self._start(alias, query)
        return self._generation

    def saw(self, value: int) -> None:
        """A generation this process committed or read."""
        with self._lock:
            if self._generation is not None and value > self._generation:
                self._generation = value

    def stop(self) -> None:
        thread = self._thread
        self._stopping.set()
        if thread is not None:
            thread.join(CHECK_SECONDS + 5)
        self._pid = self._thread = self._generation = None

    def _start(self, alias: str, query: str) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._generation = None
            self._stopping = threading.Event()
            self._thread = threading.Thread(
                target=self._run,
                args=(alias, query, self._stopping),
                name="statuskb-generation-watcher",
                daemon=True,
            )
            self._thread.start()

    def _run(self, alias: str, query: str, stopping: threading.Event) -> None:
        while not stopping.is_set():
            try:
                self._listen(alias, query, stopping)
            except (DatabaseError, OSError) as error:
                if not self._failing:  # once an outage, not once a retry
                    logger.warning(
                        "Not listening for data changes (%s); cache hits ask the database "
                        "until the connection is back.",
                        str(error).strip() or type(error).__name__,
                    )
                self._failing = True
            stopping.wait(RETRY_SECONDS)

    def _listen(self, alias: str, query: str, stopping: threading.Event) -> None:
        database = connections.create_connection(alias)
        try:
            database.connect()
            connection = database.connection
            with database.wrap_database_errors:  # psycopg's errors as Django's
                connection.execute(f"SET application_name = '{APPLICATION_NAME}'")
                connection.execute(f"LISTEN {CHANNEL}")
                if self._failing:
                    logger.warning("Listening for data changes again.")
                    self._failing = False
                while not stopping.is_set():
                    row = connection.execute(query).fetchone()
                    self._heard(row[0] if row else None)
                    for notification in connection.notifies(timeout=CHECK_SECONDS):
                        self._heard(int(notification.payload))
        finally:
            with self._lock:
                self._generation = None
            database.close()

    def _heard(self, value: int | None) -> None:
        with self._lock:
            if value is None:
                self._generation = None
            elif self._generation is None or value > self._generation:
                self._generation = value


watcher = GenerationWatcher()
