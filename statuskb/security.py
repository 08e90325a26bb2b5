"""The demo site's Content-Security-Policy (django-csp), in one place for the settings and the
browser tests that check the pages, the admin and the API docs work under it."""

import base64
import hashlib

from csp.constants import NONE, SELF, UNSAFE_HASHES


def style_attribute_hash(style: str) -> str:
    digest = hashlib.sha256(style.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# style="..." attributes in third-party admin templates (import-export's export form,
# simple-history's paginator), allowed one by one rather than with 'unsafe-inline'.
THIRD_PARTY_STYLE_ATTRIBUTES = ["padding: 0;", "font-weight: bold;", "border-top: 0"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [
            SELF,
            UNSAFE_HASHES,
            *map(style_attribute_hash, THIRD_PARTY_STYLE_ATTRIBUTES),
        ],
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
