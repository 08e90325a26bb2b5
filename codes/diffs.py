"""What a revision changes, field by field and part by part, for a reviewer to read: the whole old
and new text of each changed field, with the changed words marked."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORDS = re.compile(r"\S+\s*|\s+")  # a word with the space after it


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def marked(self) -> tuple[SafeString, SafeString]:
        return marked_words(self.old, self.new)


@dataclass
class PartChange:
    kind: str  # "added", "changed" or "removed"
    part: str  # e.g. "citation"
    label: str
    fields: list[FieldChange]


def marked_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Old and new text, escaped, with removed words in <del> and added words in <ins>."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    old_html, new_html = [], []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = escape("".join(before[a1:a2])), escape("".join(after[b1:b2]))
        if operation == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # escaped above


def field_changes(model, old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for name in dict.fromkeys([*old, *new]):
        if old.get(name) != new.get(name):
            label = str(model._meta.get_field(name).verbose_name).capitalize()
            changes.append(FieldChange(label, shown(old.get(name)), shown(new.get(name))))
    return changes


def shown(value) -> str:
    """A field's value as a reviewer reads it: natural keys and lists written out."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    return str(value)


def revision_changes(model, base: dict, content: dict) -> tuple[list, list]:
    """The entry's changed fields, and its parts added, changed and removed."""
    fields = field_changes(model, base["fields"], content["fields"])
    parts = []
    for name, new_rows in content["parts"].items():
        part_model = getattr(model, name).rel.related_model
        label = str(part_model._meta.verbose_name)
        old_rows = {row["pk"]: row for row in base["parts"].get(name, [])}
        seen = set()
        for row in new_rows:
            old = old_rows.get(row["pk"])
            seen.add(row["pk"])
            if old is None:
                parts.append(
                    PartChange(
                        "added", label, describe(row), field_changes(part_model, {}, row["fields"])
                    )
                )
            elif old != row:
                changed = field_changes(part_model, old["fields"], row["fields"])
                parts.append(PartChange("changed", label, describe(old), changed))
        for pk, old in old_rows.items():
            if pk not in seen:
                removed = field_changes(part_model, old["fields"], {})
                parts.append(PartChange("removed", label, describe(old), removed))
    return fields, parts


def describe(row: dict) -> str:
    """A part in a few words: what a reviewer recognises it by."""
    fields = row["fields"]
    for name in ("source", "name", "section"):
        if fields.get(name):
            return shown(fields[name])
    return f"#{row['pk']}"
