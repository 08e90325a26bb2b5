"""The app uses Django through its documented interfaces only: nothing from the ORM's SQL
compiler, no underscored Django names, no reading of a connection's commit hooks."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "codes"
FORBIDDEN_ATTRIBUTES = {"get_compiler", "as_sql", "run_on_commit"}


def modules():
    return sorted(path for path in APP.rglob("*.py") if "migrations" not in path.parts)


def private_uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django"):
            if node.module.startswith("django.db.models.sql"):
                found.append(f"import from {node.module}")
            found += [f"import of {alias.name}" for alias in node.names if alias.name[0] == "_"]
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"import from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("django.db.models.sql") or (
                    alias.name.startswith("django") and "._" in alias.name
                ):
                    found.append(f"import {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"use of .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_ATTRIBUTES:
            found.append(f"use of {node.id}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(APP)))
def test_the_app_uses_no_private_django_api(path):
    assert private_uses(path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "from django.db.models.sql import Query",
        "from django.db.models.sql.compiler import SQLCompiler",
        "import django.db.models.sql.query",
        "from django.utils.functional import _lazy_proxy",
        "queryset.query.get_compiler('default')",
        "sql, params = compiler.as_sql()",
        "connection.run_on_commit.clear()",
    ],
)
def test_the_walk_finds_each_kind_of_private_use(source):
    assert private_uses(source)
