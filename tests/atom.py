"""A checker of the rules RFC 4287 (The Atom Syndication Format) gives feeds and entries, for the
site's feed. No Atom validator is published on the package registries this project installs
from (the W3C's Feed Validation Service is a web service), so the rules are checked here, each
with the section that states it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 section 5.6 date-time, as section 3.3 requires, with an upper-case T and Z.
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def problems(document: bytes) -> list[str]:
    """Every rule the document breaks; empty for a valid feed."""
    found: list[str] = []
    root = ElementTree.fromstring(document)
    if root.tag != f"{ATOM}feed":
        return [f"the root is {root.tag}, not atom:feed (4.1.1)"]
    common(root, "feed", found)
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and not all(
        entry.findall(f"{ATOM}author") for entry in entries
    ):
        found.append("the feed has no atom:author and not every entry has one (4.1.1)")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    if len(set(ids)) < len(ids):
        found.append("two entries share an atom:id (4.1.1)")
    for number, entry in enumerate(entries, 1):
        common(entry, f"entry {number}", found)
        has_content = entry.find(f"{ATOM}content") is not None
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if not has_content and not alternates:
            found.append(f"entry {number} has neither atom:content nor an alternate link (4.1.2)")
    return found


def common(element, name: str, found: list[str]) -> None:
    """What feeds and entries both need: one id (an absolute IRI), one title, one updated date,
    and links with an href."""
    for child in ("id", "title", "updated"):
        count = len(element.findall(f"{ATOM}{child}"))
        if count != 1:
            found.append(f"{name} has {count} atom:{child}, not one (4.1.1, 4.1.2)")
    identifier = element.findtext(f"{ATOM}id") or ""
    if not urlsplit(identifier).scheme or " " in identifier:
        found.append(f"{name}'s atom:id {identifier!r} is not an absolute IRI (4.2.6)")
    for date in ("updated", "published"):
        value = element.findtext(f"{ATOM}{date}")
        if value is not None and not DATE_TIME.fullmatch(value):
            found.append(f"{name}'s atom:{date} {value!r} is not an RFC 3339 date-time (3.3)")
    for link in element.findall(f"{ATOM}link"):
        if not link.get("href"):
            found.append(f"{name} has an atom:link without href (4.2.7.1)")
    for author in element.findall(f"{ATOM}author"):
        if not (author.findtext(f"{ATOM}name") or "").strip():
            found.append(f"{name} has an atom:author without a name (3.2.1)")
