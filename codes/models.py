"""The knowledge base: status classes and codes, vendor codes, sources and citations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, RowNumber, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .indexes import SearchIndex, search_document

MIN_NUMBER = 100
MAX_NUMBER = 599
NUMBER_VALIDATORS = [MinValueValidator(MIN_NUMBER), MaxValueValidator(MAX_NUMBER)]
# The text that search matches words in (codes.search), and that PostgreSQL indexes.
SEARCHED_COLUMNS = {
    "StatusCode": ["phrase", "summary", "body"],
    "VendorExtension": ["phrase", "product", "summary", "body"],
}


# Versions are release numbers, compared part by part: "3.13", "1.22.1" (no "v" or "go").
VERSION_PATTERN = r"^([0-9]+(\.[0-9]+)*)?$"
VERSION_MESSAGE = _("Write a version as numbers with dots, such as 3.13 or 1.22.1.")
VERSION_VALIDATOR = RegexValidator(VERSION_PATTERN, VERSION_MESSAGE)
VERSIONS_VALIDATOR = RegexValidator(
    r"^([0-9]+(\.[0-9]+)*(, [0-9]+(\.[0-9]+)*)*)?$",
    _("Write versions as numbers with dots, separated by a comma and a space: 3.12.1, 3.13.0."),
)


def number_in_range(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(number__gte=MIN_NUMBER, number__lte=MAX_NUMBER),
        name=f"{prefix}_number_in_range",
        violation_error_message=_("The number must be between 100 and 599."),
    )


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


def can_publish(user, model) -> bool:
    """Whether the user may publish and unpublish entries of this kind (a reviewer)."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


class CuratedQuerySet(models.QuerySet):
    def published(self) -> CuratedQuerySet:
        return self.filter(state=PublicationState.PUBLISHED)


class TextWithoutNulls(models.Model):
    """Rejects NUL characters in text: forms and the API refuse them, but fixtures and imports
    reach the model directly, and PostgreSQL cannot store them at all."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.error_dict
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and "\x00" in value and field.name not in (exclude or ()):
                errors.setdefault(field.name, []).append(
                    ValidationError(_("Null characters are not allowed."), code="null_characters")
                )
        if errors:
            raise ValidationError(errors)


class TimeStamped(TextWithoutNulls):
    """Knows when it was created and last changed.

    Defaults instead of auto_now, because loaddata saves raw objects and would
    otherwise leave both columns empty.
    """

    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("modified"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.modified = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "modified"}
        super().save(*args, **kwargs)


class Curated(TimeStamped):
    """An entry editors curate: it goes through review before the public sees it."""

    state = models.CharField(
        _("publication state"),
        max_length=16,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.state == PublicationState.PUBLISHED


def state_is_valid(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(state__in=PublicationState.values),
        name=f"{prefix}_state_valid",
    )


class StatusClass(TextWithoutNulls):
    """One of the five classes, named by the first digit of its codes.

    The digit is the primary key, so fixtures and dumps refer to a class as 4.
    """

    digit = models.PositiveSmallIntegerField(
        _("first digit"),
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    name = models.CharField(_("name"), max_length=50, unique=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["digit"]
        verbose_name = _("status class")
        verbose_name_plural = _("status classes")
        constraints = [
            models.CheckConstraint(
                condition=Q(digit__gte=1, digit__lte=5),
                name="statuskb_statusclass_digit_1_to_5",
                violation_error_message=_("A status class digit is 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.name}"

    def get_absolute_url(self):
        return reverse("statuskb:class-detail", kwargs={"label": self.label})

    @property
    def label(self) -> str:
        return f"{self.digit}xx"


class HeaderManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Header(TextWithoutNulls):
    """An HTTP header that goes with some status codes (Location, Retry-After, ...)."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    url = models.URLField(_("reference URL"), blank=True)

    objects = HeaderManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("header")
        verbose_name_plural = _("headers")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class SourceKind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    REGISTRY = "registry", _("Registry")
    REFERENCE = "reference", _("Reference")
    SOURCE_CODE = "source-code", _("Source code")
    ARTICLE = "article", _("Article")


# Most authoritative first: how lists of sources and citations are ordered.
SOURCE_KIND_ORDER = [
    SourceKind.REGISTRY,
    SourceKind.STANDARD,
    SourceKind.REFERENCE,
    SourceKind.SOURCE_CODE,
    SourceKind.ARTICLE,
]


class CuratedBySlugManager(models.Manager.from_queryset(CuratedQuerySet)):
    """Curated entries whose natural key is their slug: sources, vendors, implementations."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(Curated):
    """A document the knowledge base draws on: an RFC, a registry, a reference or an article."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind)
    author = models.CharField(_("author"), max_length=255, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    edited_on = models.DateField(_("last edited on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    has_anchors = models.BooleanField(
        _("has anchors"),
        default=False,
        help_text=_("Its pages have anchors (#section-…, #L12) that every citation must link to."),
    )
    obsoletes = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="obsoleted_by",
        blank=True,
        verbose_name=_("obsoletes"),
    )

    objects = CuratedBySlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title", "slug"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("publish_source", _("Can publish and unpublish sources"))]
        constraints = [
            state_is_valid("statuskb_source"),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="statuskb_source_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(edited_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(edited_on__gte=F("published_on")),
                name="statuskb_source_edited_after_published",
                violation_error_message=_("A source cannot be edited before it was published."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("statuskb:source-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class RegistryStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TEMPORARY = "temporary", _("Temporary registration")
    RESERVED = "reserved", _("Reserved (unused)")
    UNREGISTERED = "unregistered", _("Unregistered but common")


class StatusCodeQuerySet(CuratedQuerySet):
    def in_class(self, digit: int) -> StatusCodeQuerySet:
        return self.filter(status_class_id=digit)

    def for_list(self) -> StatusCodeQuerySet:
        """Only what a list of codes shows: lists of hundreds of codes skip their bodies."""
        return self.only("number", "phrase", "summary")

    def with_detail(self) -> StatusCodeQuerySet:
        """Everything a code's page shows, in a fixed number of queries."""
        return self.select_related("status_class").prefetch_related(
            models.Prefetch("aliases", queryset=Alias.objects.select_related("origin")),
            models.Prefetch(
                "references", queryset=SpecReference.objects.published().select_related("source")
            ),
            models.Prefetch("related_codes", queryset=StatusCode.objects.published()),
            "related_headers",
            models.Prefetch("citations", queryset=Citation.objects.published().in_source_order()),
            models.Prefetch(
                "rules",
                queryset=Rule.objects.filter(
                    source__in=Source.objects.published()
                ).in_panel_order(),
            ),
        )


class StatusCodeManager(models.Manager.from_queryset(StatusCodeQuerySet)):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class StatusCode(Curated):
    """The standard meaning of a status code number."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=NUMBER_VALIDATORS
    )
    phrase = models.CharField(_("reason phrase"), max_length=100)
    status_class = models.ForeignKey(
        StatusClass,
        on_delete=models.PROTECT,
        related_name="codes",
        verbose_name=_("class"),
    )
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    registry_status = models.CharField(
        _("registry status"),
        max_length=16,
        choices=RegistryStatus,
        default=RegistryStatus.REGISTERED,
    )
    # A temporary registration (RFC 9110 section 16.2.1 lets IANA register a code for a draft
    # for a year at a time) has the registry's dates, and the day an editor last read them.
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    registration_extended_on = models.DateField(
        _("registration extended on"), null=True, blank=True
    )
    registration_expires_on = models.DateField(_("registration expires on"), null=True, blank=True)
    registration_checked_on = models.DateField(
        _("registry checked on"),
        null=True,
        blank=True,
        help_text=_("The day the registry entry was last read, for its dates."),
    )
    is_deprecated = models.BooleanField(_("deprecated"), default=False)
    is_experimental = models.BooleanField(_("experimental"), default=False)
    is_obsolete = models.BooleanField(_("obsolete"), default=False)
    related_codes = models.ManyToManyField("self", blank=True, verbose_name=_("related codes"))
    related_headers = models.ManyToManyField(
        Header, blank=True, related_name="codes", verbose_name=_("related headers")
    )

    objects = StatusCodeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("status code")
        verbose_name_plural = _("status codes")
        permissions = [("publish_statuscode", _("Can publish and unpublish status codes"))]
        indexes = [
            SearchIndex(
                search_document(*SEARCHED_COLUMNS["StatusCode"]), name="statuskb_statuscode_search"
            )
        ]
        constraints = [
            number_in_range("statuskb_statuscode"),
            state_is_valid("statuskb_statuscode"),
            models.CheckConstraint(
                condition=Q(status_class=F("number") / 100),
                name="statuskb_statuscode_class_matches_number",
                violation_error_message=_("The class must match the first digit of the number."),
            ),
            models.CheckConstraint(
                condition=Q(registry_status__in=RegistryStatus.values),
                name="statuskb_statuscode_registry_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    registry_status=RegistryStatus.TEMPORARY,
                    registered_on__isnull=False,
                    registration_expires_on__isnull=False,
                    registration_checked_on__isnull=False,
                )
                | (
                    ~Q(registry_status=RegistryStatus.TEMPORARY)
                    & Q(
                        registered_on__isnull=True,
                        registration_extended_on__isnull=True,
                        registration_expires_on__isnull=True,
                        registration_checked_on__isnull=True,
                    )
                ),
                name="statuskb_statuscode_temporary_registration_dates",
                violation_error_message=_(
                    "A temporary registration needs the day it was registered, the day it "
                    "expires and the day the registry was checked; other codes have none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_expires_on__isnull=True)
                | (
                    Q(registration_expires_on__gt=F("registered_on"))
                    & (
                        Q(registration_extended_on__isnull=True)
                        | Q(
                            registration_extended_on__gte=F("registered_on"),
                            registration_extended_on__lte=F("registration_expires_on"),
                        )
                    )
                ),
                name="statuskb_statuscode_registration_dates_in_order",
                violation_error_message=_(
                    "A registration expires after it was registered, and is extended in between."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.phrase}"

    def get_absolute_url(self):
        return reverse("statuskb:number-detail", kwargs={"number": self.number})

    def natural_key(self):
        return (self.number,)

    @property
    def registration_expired(self) -> bool:
        """A temporary registration past its expiry date, with no renewal recorded."""
        expires = self.registration_expires_on
        return expires is not None and expires < timezone.localdate()

    def clean(self):
        super().clean()
        if self.number is not None and self.status_class_id is not None:
            if self.status_class_id != self.number // 100:
                raise ValidationError(
                    {
                        "status_class": _(
                            "%(number)s belongs to the %(digit)sxx class, not %(chosen)sxx."
                        )
                        % {
                            "number": self.number,
                            "digit": self.number // 100,
                            "chosen": self.status_class_id,
                        }
                    }
                )


class AliasManager(models.Manager):
    def get_by_natural_key(self, number, name):
        return self.get(code__number=number, name=name)


class Alias(TextWithoutNulls):
    """An earlier or alternative name of a code, with where it came from."""

    code = models.ForeignKey(
        StatusCode, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("code")
    )
    name = models.CharField(_("name"), max_length=100)
    origin = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aliases",
        verbose_name=_("origin"),
        help_text=_("The document that used this name."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AliasManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "name"],
                name="statuskb_alias_unique_per_code",
                violation_error_message=_("This code already has an alias with that name."),
            ),
        ]

    def __str__(self):
        return f"{self.code.number} {self.name}"

    @property
    def public_origin(self) -> Source | None:
        """Where the name came from, if that source is published."""
        return self.origin if self.origin and self.origin.is_published else None

    def natural_key(self):
        return (self.code.number if self.code_id else None, self.name)

    natural_key.dependencies = ["statuskb.statuscode"]


class SpecReferenceQuerySet(models.QuerySet):
    def published(self) -> SpecReferenceQuerySet:
        """References to published sources."""
        return self.filter(source__in=Source.objects.published())


class SpecReferenceManager(models.Manager.from_queryset(SpecReferenceQuerySet)):
    def get_by_natural_key(self, number, source_slug, section):
        return self.get(code__number=number, source__slug=source_slug, section=section)


class SpecReference(TextWithoutNulls):
    """A specification that defines or updates a code, down to the section."""

    code = models.ForeignKey(
        StatusCode, on_delete=models.CASCADE, related_name="references", verbose_name=_("code")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="references", verbose_name=_("specification")
    )
    section = models.CharField(_("section"), max_length=32, blank=True)
    url = models.URLField(_("deep link"), max_length=500, blank=True)
    is_defining = models.BooleanField(
        _("defining"), default=True, help_text=_("The current definition, not an earlier one.")
    )

    objects = SpecReferenceManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "-is_defining", "source", "section"]
        verbose_name = _("specification reference")
        verbose_name_plural = _("specification references")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "source", "section"],
                name="statuskb_specreference_unique",
                violation_error_message=_("This code already cites that section."),
            ),
        ]

    def __str__(self):
        section = f" §{self.section}" if self.section else ""
        return f"{self.code.number}: {self.source}{section}"

    def natural_key(self):
        return (
            self.code.number if self.code_id else None,
            self.source.slug if self.source_id else None,
            self.section,
        )

    natural_key.dependencies = ["statuskb.statuscode", "statuskb.source"]


class RuleAspect(models.TextChoices):
    """What a rule is about, in the order a code's Rules panel shows them."""

    CONTENT = "content", _("Content")
    HEADER = "header", _("Header fields")
    CACHING = "caching", _("Caching")
    METHOD = "method", _("Method")
    RETRY = "retry", _("Retry")
    SENDER = "sender", _("Who sends it")


class RuleLevel(models.TextChoices):
    """The requirement level, as the specification words it (RFC 2119 keywords)."""

    MUST = "MUST", "MUST"
    MUST_NOT = "MUST NOT", "MUST NOT"
    SHOULD = "SHOULD", "SHOULD"
    SHOULD_NOT = "SHOULD NOT", "SHOULD NOT"
    MAY = "MAY", "MAY"
    DEFINED = "DEFINED", _("By definition")

    @classmethod
    def binding(cls) -> set[str]:
        """The levels a response cannot break and still be correct HTTP: a broken MUST, or a
        broken definition such as "a 204 cannot contain content"."""
        return {cls.MUST, cls.MUST_NOT, cls.DEFINED}


class RuleParty(models.TextChoices):
    """Whom a rule binds."""

    ORIGIN = "origin", _("origin server")
    SERVER = "server", _("server")
    INTERMEDIARY = "intermediary", _("proxy or gateway")
    CACHE = "cache", _("cache")
    CLIENT = "client", _("client")


class RuleCheck(models.TextChoices):
    """What one response shows of the rule: what the checker holds it against."""

    NONE = "", _("not visible in one response")
    HEADER_PRESENT = "header-present", _("the header field is there")
    HEADER_ABSENT = "header-absent", _("the header field is not there")
    CONTENT_PRESENT = "content-present", _("content follows")
    CONTENT_ABSENT = "content-absent", _("no content follows")
    NOT_FOR_METHOD = "not-for-method", _("never the answer to its method")


class RuleCondition(models.TextChoices):
    """When a rule applies to a response of its code."""

    ALWAYS = "", _("always")
    SINGLE_PART = "single-part", _("unless the content is multipart/byteranges")
    MULTIPART = "multipart", _("when the content is multipart/byteranges")
    UNSEEN = "unseen", _("in a case one response does not show")


HEADER_RULE_CHECKS = [RuleCheck.HEADER_PRESENT, RuleCheck.HEADER_ABSENT]
# A request method as HTTP writes it: an upper-case token.
METHOD_VALIDATOR = RegexValidator(r"^([A-Z-]+)?$", _("Write the method in capitals: CONNECT."))


class RuleQuerySet(models.QuerySet):
    def published(self) -> RuleQuerySet:
        """Rules of published codes that cite published sources."""
        return self.filter(
            code__in=StatusCode.objects.published(), source__in=Source.objects.published()
        )

    def in_topic_order(self) -> RuleQuerySet:
        """By aspect in RuleAspect's order, then topic, then code: the rules page."""
        return self.select_related("code", "source", "header").order_by(
            choice_order("aspect", RuleAspect.values), "topic", "code__number"
        )

    def in_panel_order(self) -> RuleQuerySet:
        """By code, then aspect in RuleAspect's order, the strictest level first."""
        return self.select_related("code", "source", "header").order_by(
            "code__number",
            choice_order("aspect", RuleAspect.values),
            choice_order("level", RuleLevel.values),
            "topic",
        )


def choice_order(field: str, values) -> models.Case:
    """An expression that sorts a field by the order of the given values."""
    return models.Case(
        *[models.When(**{field: value}, then=index) for index, value in enumerate(values)],
        output_field=models.IntegerField(),
    )


class RuleManager(models.Manager.from_queryset(RuleQuerySet)):
    def get_by_natural_key(self, number, topic):
        return self.get(code__number=number, topic=topic)


class Rule(TextWithoutNulls):
    """One thing a specification requires of (or says about) responses with a code: content,
    a header field, caching, the method, retries or who sends it, at its requirement level and
    cited to the section that states it."""

    code = models.ForeignKey(
        StatusCode, on_delete=models.CASCADE, related_name="rules", verbose_name=_("code")
    )
    topic = models.CharField(
        _("topic"),
        max_length=100,
        help_text=_(
            "What the rule is about, in a few words shared by the same rule on other codes "
            "(Location header, Cacheable by default): the rules page groups codes by it."
        ),
    )
    aspect = models.CharField(_("aspect"), max_length=16, choices=RuleAspect)
    level = models.CharField(_("level"), max_length=16, choices=RuleLevel)
    party = models.CharField(_("binds"), max_length=16, choices=RuleParty)
    header = models.ForeignKey(
        Header,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("header field"),
    )
    checked_by = models.CharField(
        _("what a response shows"), max_length=16, choices=RuleCheck, blank=True
    )
    condition = models.CharField(_("applies"), max_length=16, choices=RuleCondition, blank=True)
    method = models.CharField(
        _("only for the method"),
        max_length=16,
        blank=True,
        validators=[METHOD_VALIDATOR],
        help_text=_("The request method the rule is limited to, if any."),
    )
    statement = models.TextField(_("statement"), help_text=_("In our own words."))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="rules", verbose_name=_("specification")
    )
    section = models.CharField(_("section"), max_length=32)
    url = models.URLField(_("deep link"), max_length=500)

    objects = RuleManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "aspect", "topic"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "topic"],
                name="statuskb_rule_unique_topic",
                violation_error_message=_("This code already has a rule on that topic."),
            ),
            models.CheckConstraint(
                condition=Q(aspect__in=RuleAspect.values)
                & Q(level__in=RuleLevel.values)
                & Q(party__in=RuleParty.values)
                & Q(checked_by__in=RuleCheck.values)
                & Q(condition__in=RuleCondition.values),
                name="statuskb_rule_choices_valid",
            ),
            models.CheckConstraint(
                condition=Q(header__isnull=False) | ~Q(checked_by__in=HEADER_RULE_CHECKS),
                name="statuskb_rule_header_check_names_header",
                violation_error_message=_("A rule checked by a header field names the field."),
            ),
            models.CheckConstraint(
                condition=~Q(section="") & ~Q(url="") & ~Q(statement="") & ~Q(topic=""),
                name="statuskb_rule_cited",
                violation_error_message=_(
                    "A rule needs its topic, statement, section and deep link."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(checked_by=RuleCheck.NOT_FOR_METHOD) | ~Q(method=""),
                name="statuskb_rule_excluded_method_named",
                violation_error_message=_("A code that never answers a method names the method."),
            ),
            models.CheckConstraint(
                condition=Q(method__regex=r"^([A-Z-]+)?$"),
                name="statuskb_rule_method_valid",
                violation_error_message=_("Write the method in capitals: CONNECT."),
            ),
        ]

    def __str__(self):
        return f"{self.code.number}: {self.topic} ({self.level})"

    def natural_key(self):
        return (self.code.number if self.code_id else None, self.topic)

    natural_key.dependencies = ["statuskb.statuscode", "statuskb.source", "statuskb.header"]

    def clean(self):
        super().clean()
        if self.source_id and self.source.has_anchors and "#" not in self.url:
            raise ValidationError(
                {"url": _("Link to the section itself: this source's pages have anchors.")}
            )

    @property
    def is_binding(self) -> bool:
        return self.level in RuleLevel.binding()


class Vendor(Curated):
    """A company or project whose software sends status codes of its own."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(_("website"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    objects = CuratedBySlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        permissions = [("publish_vendor", _("Can publish and unpublish vendors"))]
        constraints = [state_is_valid("statuskb_vendor")]
        # Search looks a vendor up by its name, whatever the case (name__iexact: UPPER() = on
        # PostgreSQL; SQLite compares with LIKE, which cannot use it).
        indexes = [models.Index(Upper("name"), name="statuskb_vendor_name_upper")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("statuskb:vendor-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Evidence(models.TextChoices):
    VENDOR_DOCS = "vendor-docs", _("Documented by the vendor")
    VENDOR_SOURCE = "vendor-source", _("Defined in the vendor's source code")
    REPORTED = "reported", _("Reported by other sources")


class VendorExtensionQuerySet(CuratedQuerySet):
    def published(self) -> VendorExtensionQuerySet:
        """Published, under a published vendor."""
        return self.filter(
            state=PublicationState.PUBLISHED, vendor__state=PublicationState.PUBLISHED
        )

    def in_class(self, digit: int) -> VendorExtensionQuerySet:
        return self.filter(number__gte=digit * 100, number__lt=digit * 100 + 100)

    def first_per_number(self, limit: int = 3) -> VendorExtensionQuerySet:
        """Per number, the first `limit` vendor codes by prominence, each annotated with its
        vendor_name and how many the number has (vendor_code_count), holding only what a list
        of codes shows: lists of numbers stay the same size however many vendors reuse one."""
        return (
            self.only("number", "phrase", "summary")
            .annotate(
                vendor_name=F("vendor__name"),
                place=models.Window(
                    RowNumber(),
                    partition_by=F("number"),
                    order_by=["prominence", "vendor__name", "pk"],
                ),
                vendor_code_count=models.Window(models.Count("pk"), partition_by=F("number")),
            )
            .filter(place__lte=limit)
            .order_by("number", "place")
        )

    def with_detail(self) -> VendorExtensionQuerySet:
        return self.select_related("vendor").prefetch_related(
            models.Prefetch("citations", queryset=Citation.objects.published().in_source_order())
        )


class VendorExtensionManager(models.Manager.from_queryset(VendorExtensionQuerySet)):
    def get_by_natural_key(self, vendor_slug, number):
        return self.get(vendor__slug=vendor_slug, number=number)


class VendorExtension(Curated):
    """An unofficial code: what one vendor's software means by a number."""

    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("vendor")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=NUMBER_VALIDATORS)
    phrase = models.CharField(_("reason phrase"), max_length=100)
    product = models.CharField(
        _("product"), max_length=100, blank=True, help_text=_("The software that sends it.")
    )
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    evidence = models.CharField(
        _("evidence"), max_length=16, choices=Evidence, default=Evidence.REPORTED
    )
    evidence_url = models.URLField(
        _("evidence URL"),
        max_length=500,
        blank=True,
        help_text=_("Where the vendor documents the code."),
    )
    is_deprecated = models.BooleanField(_("deprecated"), default=False)
    # Several vendors can mean different things by one number. Readers should meet the meaning
    # they most likely came for first (nginx's 499 before an unattributed antivirus 499), so
    # editors rank them by how often the meaning turns up in logs and reports; equal ranks fall
    # back to the vendor's name.
    prominence = models.PositiveSmallIntegerField(
        _("prominence"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Where this meaning comes among the vendor meanings of its number: 1 for the one "
            "readers meet most often, then 2, 3…"
        ),
    )

    objects = VendorExtensionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "prominence", "vendor__name"]
        verbose_name = _("vendor extension")
        verbose_name_plural = _("vendor extensions")
        permissions = [
            ("publish_vendorextension", _("Can publish and unpublish vendor extensions"))
        ]
        # Pages look published vendor codes up by number, or by a range of numbers (a class).
        indexes = [
            models.Index(fields=["state", "number"], name="statuskb_vendorext_published"),
            SearchIndex(
                search_document(*SEARCHED_COLUMNS["VendorExtension"]),
                name="statuskb_vendorext_search",
            ),
        ]
        constraints = [
            number_in_range("statuskb_vendorextension"),
            state_is_valid("statuskb_vendorextension"),
            models.UniqueConstraint(
                fields=["vendor", "number"],
                name="statuskb_vendorextension_unique_per_vendor",
                violation_error_message=_("This vendor already has a code with that number."),
            ),
            models.CheckConstraint(
                condition=Q(prominence__gte=1),
                name="statuskb_vendorextension_prominence_positive",
                violation_error_message=_("Prominence starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(evidence__in=Evidence.values),
                name="statuskb_vendorextension_evidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(evidence=Evidence.REPORTED) | ~Q(evidence_url=""),
                name="statuskb_vendorextension_docs_have_url",
                violation_error_message=_("The vendor's documentation or source needs its URL."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.phrase} ({self.vendor})"

    def get_absolute_url(self):
        return reverse("statuskb:number-detail", kwargs={"number": self.number})

    def natural_key(self):
        return (self.vendor.slug if self.vendor_id else None, self.number)

    natural_key.dependencies = ["statuskb.vendor"]


def numbers_with_pages() -> set[int]:
    """Every number with a published page: a standard code or a vendor code."""
    return set(StatusCode.objects.published().values_list("number", flat=True)) | set(
        VendorExtension.objects.published().values_list("number", flat=True)
    )


def is_known_number(number: int) -> bool:
    """Whether a number has a published page: a standard code or a vendor code."""
    return MIN_NUMBER <= number <= MAX_NUMBER and (
        StatusCode.objects.published().filter(number=number).exists()
        or VendorExtension.objects.published().filter(number=number).exists()
    )


def citation_is_public(prefix: str = "") -> Q:
    """The publication rule of citations, for filters and for counts through a relation
    (prefix "citations__"): a published source on a published code or vendor code, each as its
    own published() says."""
    return Q(**{f"{prefix}source__in": Source.objects.published()}) & (
        Q(**{f"{prefix}status_code__in": StatusCode.objects.published()})
        | Q(**{f"{prefix}vendor_extension__in": VendorExtension.objects.published()})
    )


class CitationQuerySet(models.QuerySet):
    def published(self) -> CitationQuerySet:
        return self.filter(citation_is_public())

    def in_source_order(self) -> CitationQuerySet:
        """Standards and the registry first."""
        kind_rank = choice_order("source__kind", SOURCE_KIND_ORDER)
        return self.select_related("source").order_by(kind_rank, "source__title", "source__slug")

    def in_number_order(self) -> CitationQuerySet:
        """By the number cited, whether a code's or a vendor code's, on every database."""
        return self.order_by(
            Coalesce("status_code__number", "vendor_extension__number"),
            "vendor_extension__vendor__slug",
        )


class CitationManager(models.Manager.from_queryset(CitationQuerySet)):
    def get_by_natural_key(self, source_slug, number, vendor_slug=""):
        if vendor_slug:
            return self.get(
                source__slug=source_slug,
                vendor_extension__vendor__slug=vendor_slug,
                vendor_extension__number=number,
            )
        return self.get(source__slug=source_slug, status_code__number=number)


class Citation(TimeStamped):
    """What one source says about one code or vendor extension, and our note on it."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    status_code = models.ForeignKey(
        StatusCode,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("status code"),
    )
    vendor_extension = models.ForeignKey(
        VendorExtension,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("vendor extension"),
    )
    name_used = models.CharField(
        _("name used"), max_length=100, blank=True, help_text=_("The name the source gives.")
    )
    is_webdav = models.BooleanField(_("marked WebDAV"), default=False)
    is_experimental = models.BooleanField(_("marked experimental"), default=False)
    is_deprecated = models.BooleanField(_("marked deprecated"), default=False)
    url = models.URLField(_("deep link"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"))
    note = models.TextField(_("our note"), blank=True)
    disagrees = models.BooleanField(
        _("disagrees"),
        default=False,
        help_text=_("The source is wrong, outdated or disagrees with the registry or others."),
    )

    objects = CitationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "status_code", "vendor_extension"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status_code__isnull=False, vendor_extension__isnull=True)
                | Q(status_code__isnull=True, vendor_extension__isnull=False),
                name="statuskb_citation_exactly_one_subject",
                violation_error_message=_(
                    "A citation is about either a status code or a vendor extension."
                ),
            ),
            models.UniqueConstraint(
                fields=["source", "status_code"],
                condition=Q(status_code__isnull=False),
                name="statuskb_citation_unique_per_code",
                violation_error_message=_("This source already has a citation for that code."),
            ),
            models.UniqueConstraint(
                fields=["source", "vendor_extension"],
                condition=Q(vendor_extension__isnull=False),
                name="statuskb_citation_unique_per_vendor_extension",
                violation_error_message=_(
                    "This source already has a citation for that vendor extension."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(disagrees=True) | ~Q(note=""),
                name="statuskb_citation_disagreement_explained",
                violation_error_message=_("Say in the note where the source disagrees."),
            ),
        ]

    def __str__(self):
        return f"{self.source} on {self.subject_number}"

    def natural_key(self):
        source = self.source.slug if self.source_id else None
        if self.vendor_extension_id:
            extension = self.vendor_extension
            return (source, extension.number, extension.vendor.slug)
        return (source, self.status_code.number if self.status_code_id else None)

    natural_key.dependencies = [
        "statuskb.source",
        "statuskb.statuscode",
        "statuskb.vendorextension",
    ]

    @property
    def subject(self) -> StatusCode | VendorExtension | None:
        return self.status_code or self.vendor_extension

    @property
    def uses_another_name(self) -> bool:
        """The source calls the meaning by another name than its reason phrase."""
        subject = self.subject
        return bool(self.name_used and subject) and self.name_used.lower() != subject.phrase.lower()

    @property
    def subject_number(self) -> int | None:
        subject = self.subject
        return subject.number if subject else None


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    SENT_BACK = "sent-back", _("Sent back")
    APPROVED = "approved", _("Approved")


class RevisionQuerySet(models.QuerySet):
    def open(self) -> RevisionQuerySet:
        """Not yet approved: awaiting review, or sent back to its editor."""
        return self.exclude(status=RevisionStatus.APPROVED)

    def of(self, entry) -> RevisionQuerySet:
        return self.filter(
            entry_type=ContentType.objects.get_for_model(entry),
            entry_id=entry.pk,
        )


class Revision(models.Model):
    """A change to a published entry, waiting for a reviewer while the published version keeps
    serving. It holds the whole entry as it was (base) and as the editor wants it (content),
    with everything shown with it: aliases, spec references, citations, related codes."""

    entry_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of entry")
    )
    entry_id = models.PositiveBigIntegerField(_("entry ID"))
    entry = GenericForeignKey("entry_type", "entry_id")
    entry_label = models.CharField(_("entry"), max_length=255)
    creates_entry = models.BooleanField(
        _("new entry"),
        default=False,
        help_text=_("An entry sent for review before it was ever published."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RevisionStatus, default=RevisionStatus.PENDING
    )
    base = models.JSONField(_("published version"), encoder=DjangoJSONEncoder)
    content = models.JSONField(_("proposed version"), encoder=DjangoJSONEncoder)
    base_modified = models.DateTimeField(_("published version last changed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("edited by"),
    )
    created = models.DateTimeField(_("edited at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["entry_type", "entry_id", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RevisionStatus.values),
                name="statuskb_revision_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=RevisionStatus.PENDING)
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="statuskb_revision_reviewed_has_reviewer",
                violation_error_message=_("A reviewed revision records who reviewed it and when."),
            ),
        ]

    def __str__(self):
        return f"{self.entry_label} ({self.get_status_display()}, {self.created:%Y-%m-%d %H:%M})"


class ImplementationCategory(models.TextChoices):
    SERVER = "server", _("Web server")
    RUNTIME = "runtime", _("Language runtime")
    FRAMEWORK = "framework", _("Web framework")
    LIBRARY = "library", _("Library")


class Implementation(Curated):
    """A server, runtime or framework: what it sends and names for each number."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=ImplementationCategory)
    language = models.CharField(_("language"), max_length=32, blank=True)
    url = models.URLField(_("source"), max_length=500, help_text=_("Its source code or manual."))
    summary = models.TextField(_("summary"), blank=True)
    history_from = models.CharField(
        _("history checked from"),
        max_length=32,
        blank=True,
        validators=[VERSION_VALIDATOR],
        help_text=_("The oldest version checked: rows with no first version hold from here."),
    )
    verified_versions = models.CharField(
        _("verified versions"),
        max_length=200,
        blank=True,
        validators=[VERSIONS_VALIDATOR],
        help_text=_(
            "The versions the test suite runs here and compares with the rows "
            "(codes_verify_implementations), separated by commas; empty where the rows rest on "
            "their citations alone."
        ),
    )

    objects = CuratedBySlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        permissions = [("publish_implementation", _("Can publish and unpublish implementations"))]
        constraints = [
            state_is_valid("statuskb_implementation"),
            models.CheckConstraint(
                condition=Q(category__in=ImplementationCategory.values),
                name="statuskb_implementation_category_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("statuskb:implementation-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def verified_version_list(self) -> list[str]:
        return self.verified_versions.split(", ") if self.verified_versions else []


class ImplementationCodeQuerySet(models.QuerySet):
    def published(self) -> ImplementationCodeQuerySet:
        return self.filter(implementation__state=PublicationState.PUBLISHED)

    def named(self, text: str) -> ImplementationCodeQuerySet:
        """The rows whose phrase or constant is the text, whatever its case."""
        return self.filter(Q(phrase__iexact=text) | Q(constant__iexact=text))

    def in_table_order(self) -> ImplementationCodeQuerySet:
        """By implementation, then number: the current name, then older ones, then aliases."""
        return self.select_related("implementation").order_by(
            "implementation__name", "number", "is_alias", "until", "since", "constant"
        )


class ImplementationCodeManager(models.Manager.from_queryset(ImplementationCodeQuerySet)):
    def get_by_natural_key(self, implementation_slug, number, phrase, constant, since):
        return self.get(
            implementation__slug=implementation_slug,
            number=number,
            phrase=phrase,
            constant=constant,
            since=since,
        )


class ImplementationCode(TimeStamped):
    """What one implementation sends (the reason phrase) and names (a constant) for a number, in
    a range of its versions. A rename ends one row (its last version in `until`) and starts
    another; a name still accepted beside the current one is an alias row."""

    implementation = models.ForeignKey(
        Implementation,
        on_delete=models.CASCADE,
        related_name="codes",
        verbose_name=_("implementation"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=NUMBER_VALIDATORS)
    phrase = models.CharField(
        _("reason phrase"),
        max_length=100,
        blank=True,
        help_text=_("Exactly as it sends it; empty when it sends none or has no phrases."),
    )
    constant = models.CharField(
        _("constant"),
        max_length=100,
        blank=True,
        help_text=_("The constant or symbol that names the number, without its module."),
    )
    sends_instead = models.PositiveSmallIntegerField(
        _("sends instead"),
        null=True,
        blank=True,
        validators=NUMBER_VALIDATORS,
        help_text=_("The number a server answers with when it never sends this one."),
    )
    closes_connection = models.BooleanField(
        _("closes the connection"),
        default=False,
        help_text=_("The server closes the connection without answering."),
    )
    is_alias = models.BooleanField(
        _("alias"),
        default=False,
        help_text=_("Another constant accepted beside the current one, often deprecated."),
    )
    since = models.CharField(
        _("since version"), max_length=32, blank=True, validators=[VERSION_VALIDATOR]
    )
    until = models.CharField(
        _("until version"),
        max_length=32,
        blank=True,
        validators=[VERSION_VALIDATOR],
        help_text=_("The last version it holds for; empty while it holds."),
    )
    url = models.URLField(
        _("source"),
        max_length=500,
        help_text=_("The line or section of the implementation's own source or manual."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = ImplementationCodeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["implementation", "number", "is_alias", "since"]
        verbose_name = _("implementation code")
        verbose_name_plural = _("implementation codes")
        # The number page and search look rows up by number, phrase and constant.
        indexes = [
            models.Index(fields=["number"], name="statuskb_implcode_number"),
            models.Index(Upper("phrase"), name="statuskb_implcode_phrase_upper"),
            models.Index(Upper("constant"), name="statuskb_implcode_const_upper"),
        ]
        constraints = [
            number_in_range("statuskb_implementationcode"),
            models.UniqueConstraint(
                fields=["implementation", "number", "phrase", "constant", "since"],
                name="statuskb_implementationcode_unique",
                violation_error_message=_(
                    "This implementation already has that name for the number from that version."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_alias=False) | (~Q(constant="") & Q(phrase="")),
                name="statuskb_implementationcode_alias_is_a_constant",
                violation_error_message=_("An alias is a constant, with no phrase of its own."),
            ),
            models.CheckConstraint(
                condition=Q(sends_instead__isnull=True) | Q(closes_connection=False),
                name="statuskb_implementationcode_one_outcome",
                violation_error_message=_(
                    "A server that closes the connection sends no other number instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(since__regex=VERSION_PATTERN) & Q(until__regex=VERSION_PATTERN),
                name="statuskb_implementationcode_versions_valid",
                violation_error_message=VERSION_MESSAGE,
            ),
        ]

    def __str__(self):
        name = " ".join(filter(None, [self.phrase, self.constant])) or _("(no phrase)")
        return f"{self.implementation}: {self.number} {name}"

    def natural_key(self):
        slug = self.implementation.slug if self.implementation_id else None
        return (slug, self.number, self.phrase, self.constant, self.since)

    natural_key.dependencies = ["statuskb.implementation"]

    def clean(self):
        super().clean()
        if self.since and self.until and version_key(self.until) < version_key(self.since):
            raise ValidationError({"until": _("The last version comes before the first.")})

    def holds_at(self, version: str) -> bool:
        """Whether the row is true of that version. A bound holds for every release it
        prefixes: until 3.12 includes 3.12.1."""
        key = version_key(version)
        since, until = version_key(self.since), version_key(self.until)
        return (not since or key[: len(since)] >= since) and (
            not until or key[: len(until)] <= until
        )

    @property
    def verified_live(self) -> bool:
        """Whether the test suite checks this row against the software, in a version it holds
        for."""
        return any(self.holds_at(v) for v in self.implementation.verified_version_list)

    @property
    def versions(self) -> str:
        """The versions it holds for, in words."""
        if self.since and self.until:
            return _("%(since)s to %(until)s") % {"since": self.since, "until": self.until}
        if self.since:
            return _("since %(since)s") % {"since": self.since}
        if self.until:
            return _("up to %(until)s") % {"until": self.until}
        return _("all versions checked")


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers that compare in release order: "1.22.1" -> (1, 22, 1)."""
    return tuple(int(part) for part in version.split(".")) if version else ()
