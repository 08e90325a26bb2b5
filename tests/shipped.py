"""The shipped dataset read straight from fixtures/statuskb.json, for tests that check what it
says against running software: reading the file takes milliseconds, loading it seconds."""

import functools
import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "statuskb.json"


@functools.cache
def records() -> tuple[dict, ...]:
    return tuple(json.loads(FIXTURE.read_text()))


def of(model: str) -> list[dict]:
    return [record["fields"] for record in records() if record["model"] == f"statuskb.{model}"]


def code(number: int) -> dict:
    [found] = [fields for fields in of("statuscode") if fields["number"] == number]
    return found


def alias_names(number: int) -> set[str]:
    return {fields["name"] for fields in of("alias") if fields["code"] == [number]}


def texts_of(number: int) -> str:
    """A code's summary, body and its aliases' names and notes, as one text."""
    fields = code(number)
    aliases = [f"{a['name']} {a['note']}" for a in of("alias") if a["code"] == [number]]
    return " ".join([fields["summary"], fields["body"], *aliases])


def vendor_body(vendor: str, number: int) -> str:
    [found] = [
        fields["body"]
        for fields in of("vendorextension")
        if fields["vendor"] == [vendor] and fields["number"] == number
    ]
    return found
