"""The demo site's Content-Security-Policy (django-csp), in one place for the settings and the
browser tests that check the pages, the admin and the API docs work under it."""

from csp.constants import NONE, SELF

# No 'unsafe-inline' and no 'unsafe-hashes' anywhere: the app's own admin templates replace
# third-party ones that use inline handlers or style attributes (codes/templates/codes/admin/).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


def database_options(engine: str) -> dict:
    """Bounds on waiting for the database, so that an outage answers 503 in seconds instead of
    holding requests: a connect timeout and a statement timeout on PostgreSQL; on SQLite, a
    busy timeout and write transactions that take the lock at BEGIN (no deadlocked upgrades
    under concurrent writers), in WAL mode so that readers never wait for a writer."""
    if engine.endswith("postgresql"):
        return {"connect_timeout": 3, "options": "-c statement_timeout=10000"}
    if engine.endswith("sqlite3"):
        return {
            "timeout": 10,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    return {}
