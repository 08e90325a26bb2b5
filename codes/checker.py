"""The checker: holds the head of one real response against the rules of its status code.

check() takes the text a reader pasted (a status line, header fields and, optionally, the
content), and what they say of the request, and returns findings: each published rule of the
code that applies, held, broken or beyond what one response shows, plus notes on the reason
phrase from the registry and the implementations data. It never fetches anything, stores
nothing and logs nothing: the page, the API view and the command only parse their input into
these arguments and present the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from .models import (
    MAX_NUMBER,
    MIN_NUMBER,
    Alias,
    ImplementationCode,
    Rule,
    RuleCheck,
    RuleCondition,
    RuleLevel,
    RuleParty,
    StatusCode,
    VendorExtension,
)

MAX_TEXT = 64 * 1024  # far more than any real response head; the rest would be content
MAX_FIELDS = 200
STATUS_LINE = re.compile(
    r"^HTTP/(?P<version>[0-9](?:\.[0-9])?) +(?P<number>[0-9]+)(?: (?P<phrase>.*))?$"
)
# RFC 9110 section 5.1: a field name is a token.
FIELD_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# Control characters other than tab, CR and LF: binary data, not a response head.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
METHOD = re.compile(r"^[A-Z][A-Z-]{0,19}$")


class CheckError(ValueError):
    """Input the checker cannot read as a response; its message says why, for the reader."""


class Outcome(StrEnum):
    BROKEN = "broken"
    HELD = "held"
    CANNOT_TELL = "cannot tell"


@dataclass
class Response:
    """The parts of a pasted response the rules look at."""

    version: str
    number: int
    phrase: str
    fields: list[tuple[str, str]]
    content: bool | None  # None: the paste does not show whether content followed
    more_responses: bool = False

    def header(self, name: str) -> str | None:
        """The field's value (several lines joined with commas), or None when absent."""
        values = [value for field_name, value in self.fields if field_name.lower() == name.lower()]
        return ", ".join(values) if values else None

    @property
    def is_multipart(self) -> bool:
        media_type = (self.header("Content-Type") or "").split(";")[0].strip().lower()
        return media_type == "multipart/byteranges"


@dataclass
class Finding:
    rule: Rule
    outcome: Outcome
    explanation: str

    @property
    def breaks_requirement(self) -> bool:
        """A broken MUST, MUST NOT or definition: what makes the command exit non-zero."""
        return self.outcome == Outcome.BROKEN and self.rule.is_binding


@dataclass
class Report:
    response: Response
    code: StatusCode | None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for finding in self.findings if finding.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        """How many findings of each outcome, by the outcome's name (for templates)."""
        return {outcome.name.lower(): self.count(outcome) for outcome in Outcome}

    @property
    def breaks_requirement(self) -> bool:
        return any(finding.breaks_requirement for finding in self.findings)


def check(text: str, method: str = "", content: bool | None = None) -> Report:
    """Check a pasted response. method is the request's, if known; content says whether
    content followed the head, when the paste does not show it (None: judge from the paste).
    Raises CheckError for input that is not a response head."""
    method = clean_method(method)
    response = parse(text)
    if content is not None:
        response.content = content
    elif response.content is None:
        response.content = content_from_fields(response, method)
    code = StatusCode.objects.published().filter(number=response.number).first()
    report = Report(response=response, code=code)
    if code is not None:
        rules = Rule.objects.published().filter(code=code).in_panel_order()
        findings = [hold(rule, response, method) for rule in rules]
        # Broken first, then held, then what one response does not show; the panel's order within.
        report.findings = sorted(
            (finding for finding in findings if finding is not None),
            key=lambda finding: list(Outcome).index(finding.outcome),
        )
    report.notes = phrase_notes(response, code)
    if response.more_responses:
        report.notes.append(
            _("More responses follow the first; only the first was checked. Paste each alone.")
        )
    return report


def clean_method(method: str) -> str:
    method = (method or "").strip()
    if method and not METHOD.match(method):
        raise CheckError(_("The request method is a word in capitals, such as GET or HEAD."))
    return method


def parse(text: str) -> Response:
    """The first response in the text: its status line, its fields, and whether content
    followed, when the paste shows it."""
    if len(text) > MAX_TEXT:
        raise CheckError(
            _("That is more than %(size)s KiB; paste the head of one response.")
            % {"size": MAX_TEXT // 1024}
        )
    if CONTROL.search(text):
        raise CheckError(
            _("The text holds control characters, as binary data does; paste the head as text.")
        )
    lines = text.lstrip("\r\n").split("\n")
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    status = STATUS_LINE.match(lines[0])
    if not status:
        raise CheckError(
            _("The first line must be a status line, such as “HTTP/1.1 404 Not Found”.")
        )
    number = int(status["number"])
    if len(status["number"]) != 3 or not MIN_NUMBER <= number <= MAX_NUMBER:
        raise CheckError(
            _("A status code is three digits from %(min)s to %(max)s; this one is %(number)s.")
            % {"min": MIN_NUMBER, "max": MAX_NUMBER, "number": status["number"]}
        )
    fields, end = read_fields(lines)
    rest = lines[end + 1 :] if end is not None else None
    content = None
    more = False
    if rest is not None:
        following = "\n".join(rest).strip()
        more = bool(STATUS_LINE.match(following.split("\n", 1)[0]))
        content = bool(following) and not more
    return Response(
        version=status["version"],
        number=number,
        phrase=(status["phrase"] or "").strip(),
        fields=fields,
        content=content,
        more_responses=more,
    )


def read_fields(lines: list[str]) -> tuple[list[tuple[str, str]], int | None]:
    """The header fields after the status line, and the index of the empty line that ends
    them (None when the paste stops before it)."""
    fields = []
    for index, line in enumerate(lines[1:], start=1):
        if not line.strip():
            return fields, index
        if "\r" in line:
            raise CheckError(
                _("Line %(line)s holds a carriage return inside it: that is not a field line.")
                % {"line": index + 1}
            )
        if line[0] in " \t":
            raise CheckError(
                _(
                    "Line %(line)s starts with white space: HTTP/1.1 no longer allows a field "
                    "value to continue on a new line (RFC 9112 section 5.2)."
                )
                % {"line": index + 1}
            )
        name, colon, value = line.partition(":")
        if not colon or not FIELD_NAME.match(name):
            raise CheckError(
                _("Line %(line)s is not a header field (a name, a colon, then the value).")
                % {"line": index + 1}
            )
        fields.append((name, value.strip()))
        if len(fields) > MAX_FIELDS:
            raise CheckError(
                _("More than %(count)s header fields; paste the head of one response.")
                % {"count": MAX_FIELDS}
            )
    return fields, None


def content_from_fields(response: Response, method: str) -> bool | None:
    """What the framing fields say of content when the paste stops at the head."""
    if method == "HEAD" or response.number == 304:
        return False if method == "HEAD" else None  # their Content-Length describes a 200
    length = response.header("Content-Length")
    if length is not None and length.isdigit():
        return int(length) > 0
    return None


def hold(rule: Rule, response: Response, method: str) -> Finding | None:
    """The rule held against the response; None when it does not apply to it."""
    if rule.method and method and rule.method != method:
        return None
    if rule.condition == RuleCondition.SINGLE_PART and response.is_multipart:
        return None
    if rule.condition == RuleCondition.MULTIPART and not response.is_multipart:
        return None
    if rule.checked_by == RuleCheck.CONTENT_PRESENT and method == "HEAD":
        return None  # a response to HEAD never carries content
    if rule.method and not method:
        return Finding(
            rule,
            Outcome.CANNOT_TELL,
            _("It applies to responses to %(method)s; say which method the request used.")
            % {"method": rule.method},
        )
    if rule.checked_by == RuleCheck.NONE:
        return Finding(rule, Outcome.CANNOT_TELL, not_visible(rule))
    if rule.checked_by in (RuleCheck.HEADER_PRESENT, RuleCheck.HEADER_ABSENT):
        return hold_header(rule, response)
    if rule.checked_by == RuleCheck.NOT_FOR_METHOD:
        shown = _("The request was %(method)s.") % {"method": method}
        return judge(rule, shown, kept=False)
    return hold_content(rule, response)


def not_visible(rule: Rule) -> str:
    if rule.party == RuleParty.CLIENT:
        return _("It binds the client that receives the response, not the response.")
    if rule.party == RuleParty.CACHE:
        return _("It binds caches that receive the response, not the response.")
    return _("One response does not show it.")


def hold_header(rule: Rule, response: Response) -> Finding:
    name = rule.header.name
    value = response.header(name)
    if value is not None:
        shown = _("%(name)s: %(value)s is there.") % {"name": name, "value": value[:200]}
    else:
        shown = _("There is no %(name)s field.") % {"name": name}
    return judge(rule, shown, (value is not None) == (rule.checked_by == RuleCheck.HEADER_PRESENT))


def hold_content(rule: Rule, response: Response) -> Finding:
    if response.content is None:
        return Finding(
            rule,
            Outcome.CANNOT_TELL,
            _("The paste does not show whether content followed; paste it whole or say so."),
        )
    shown = _("Content followed.") if response.content else _("No content followed.")
    return judge(rule, shown, response.content == (rule.checked_by == RuleCheck.CONTENT_PRESENT))


def judge(rule: Rule, shown: str, kept: bool) -> Finding:
    if kept:
        return Finding(rule, Outcome.HELD, shown)
    if not can_break(rule):
        return Finding(rule, Outcome.HELD, shown + " " + _("It is optional here."))
    if rule.condition == RuleCondition.UNSEEN:
        return Finding(
            rule, Outcome.CANNOT_TELL, shown + " " + _("Whether the rule applies depends on more.")
        )
    return Finding(rule, Outcome.BROKEN, shown)


def can_break(rule: Rule) -> bool:
    """Whether leaving something out, or putting it in, breaks the rule. Leaving out what is
    only allowed (MAY) or described ("a 415 can list Accept") breaks nothing; putting in what a
    definition excludes ("a 204 cannot contain content") does."""
    if rule.checked_by in (RuleCheck.HEADER_PRESENT, RuleCheck.CONTENT_PRESENT):
        return rule.level in (RuleLevel.MUST, RuleLevel.SHOULD)
    return rule.level != RuleLevel.MAY


def phrase_notes(response: Response, code: StatusCode | None) -> list[str]:
    """What the registry, former names, vendor codes and implementations say of the status
    line's number and phrase."""
    number, phrase = response.number, response.phrase
    notes = []
    vendors = list(
        VendorExtension.objects.published().filter(number=number).select_related("vendor")
    )
    if code is None:
        if vendors:
            meanings = "; ".join(f"{ext.vendor.name}: {ext.phrase}" for ext in vendors)
            notes.append(
                _("%(number)s is not registered; vendors use it: %(meanings)s.")
                % {"number": number, "meanings": meanings}
            )
        else:
            notes.append(
                _("%(number)s is neither registered nor a vendor code we know of.")
                % {"number": number}
            )
    if not phrase:
        notes.append(
            _(
                "No reason phrase: allowed, since clients ignore it (RFC 9112 section 4), and "
                "HTTP/2 and HTTP/3 send none."
            )
        )
        return notes
    if code is not None:
        if phrase == code.phrase:
            notes.append(_("“%(phrase)s” is the registry's phrase.") % {"phrase": phrase})
        elif phrase.lower() == code.phrase.lower():
            notes.append(
                _("“%(phrase)s” is the registry's phrase “%(registered)s” in other letter case.")
                % {"phrase": phrase, "registered": code.phrase}
            )
        elif Alias.objects.filter(code=code, name__iexact=phrase).exists():
            notes.append(
                _("“%(phrase)s” is a former or other name of %(number)s %(registered)s.")
                % {"phrase": phrase, "number": number, "registered": code.phrase}
            )
        else:
            notes.append(
                _("The registry's phrase for %(number)s is “%(registered)s”.")
                % {"number": number, "registered": code.phrase}
            )
    for extension in vendors:
        if phrase.lower() == extension.phrase.lower():
            notes.append(
                _("“%(phrase)s” is %(vendor)s's name for %(number)s.")
                % {"phrase": phrase, "vendor": extension.vendor.name, "number": number}
            )
    senders = (
        ImplementationCode.objects.published().filter(number=number, phrase=phrase).in_table_order()
    )
    names = sorted({f"{row.implementation.name} ({row.versions})" for row in senders})
    if names:
        notes.append(_("Sent with this phrase by: %(names)s.") % {"names": ", ".join(names)})
    else:
        notes.append(
            _("No implementation in our data sends “%(phrase)s” for %(number)s.")
            % {"phrase": phrase, "number": number}
        )
    return notes
