"""The API's JSON parser: DRF's, refusing with a 400 what json would take silently or fail on
with a 500."""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def refuse_duplicate_keys(pairs: list[tuple]) -> dict:
    keys = [key for key, _ in pairs]
    if len(set(keys)) < len(keys):
        twice = sorted({key for key in keys if keys.count(key) > 1})
        raise ParseError(f"JSON parse error - a key appears twice in one object: {twice[0]!r}.")
    return dict(pairs)


def refuse_constant(name: str):
    raise ParseError(f"JSON parse error - {name} is not a number JSON allows.")


class StrictJSONParser(JSONParser):
    """UTF-8 only (RFC 8259 section 8.1), no duplicate keys, no NaN or Infinity, and nesting that
    exhausts Python's recursion limit is a client's error like any other malformed body."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            text = stream.read().decode("utf-8") if stream else ""
        except UnicodeDecodeError as error:
            raise ParseError(f"JSON parse error - the body is not UTF-8: {error.reason}.") from None
        try:
            return json.loads(
                text, object_pairs_hook=refuse_duplicate_keys, parse_constant=refuse_constant
            )
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
