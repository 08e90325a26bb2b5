import datetime

import factory

from codes.models import (
    Alias,
    Citation,
    Header,
    Implementation,
    ImplementationCategory,
    ImplementationCode,
    PublicationState,
    Rule,
    RuleAspect,
    RuleCheck,
    RuleLevel,
    RuleParty,
    Source,
    SourceKind,
    SpecReference,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)


class StatusClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusClass
        django_get_or_create = ["digit"]

    digit = 4
    name = factory.LazyAttribute(lambda o: f"Class {o.digit}")


class HeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Header
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"X-Header-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    kind = SourceKind.ARTICLE
    state = PublicationState.PUBLISHED


class StatusCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusCode

    number = factory.Sequence(lambda n: 460 + n % 40)
    phrase = factory.Sequence(lambda n: f"Phrase {n}")
    status_class = factory.LazyAttribute(
        lambda o: StatusClass.objects.get_or_create(
            digit=o.number // 100, defaults={"name": f"Class {o.number // 100}"}
        )[0]
    )
    summary = "A one-line summary."
    body = "A body in **Markdown**."
    state = PublicationState.PUBLISHED


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    code = factory.SubFactory(StatusCodeFactory)
    name = factory.Sequence(lambda n: f"Old name {n}")
    origin = factory.SubFactory(SourceFactory, kind=SourceKind.STANDARD)


class SpecReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecReference

    code = factory.SubFactory(StatusCodeFactory)
    source = factory.SubFactory(SourceFactory, kind=SourceKind.STANDARD)
    section = "15.5.1"


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    slug = factory.Sequence(lambda n: f"vendor-{n}")
    name = factory.Sequence(lambda n: f"Vendor {n}")
    state = PublicationState.PUBLISHED


class VendorExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorExtension

    vendor = factory.SubFactory(VendorFactory)
    number = 499
    phrase = "Client Closed Request"
    summary = "A one-line summary."
    body = "A body."
    state = PublicationState.PUBLISHED


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    status_code = factory.SubFactory(StatusCodeFactory)
    vendor_extension = None
    name_used = factory.LazyAttribute(lambda o: o.status_code.phrase if o.status_code else "")
    checked_on = datetime.date(2026, 11, 24)


class ImplementationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implementation

    slug = factory.Sequence(lambda n: f"implementation-{n}")
    name = factory.Sequence(lambda n: f"Implementation {n}")
    category = ImplementationCategory.SERVER
    url = "https://example.org/source"
    summary = "A one-line summary."
    state = PublicationState.PUBLISHED


class ImplementationCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationCode

    implementation = factory.SubFactory(ImplementationFactory)
    number = 404
    phrase = "Not Found"
    url = "https://example.org/source#L42"


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rule

    code = factory.SubFactory(StatusCodeFactory)
    topic = factory.Sequence(lambda n: f"Rule {n}")
    aspect = RuleAspect.HEADER
    level = RuleLevel.MUST
    party = RuleParty.ORIGIN
    header = factory.SubFactory(HeaderFactory, name="Allow")
    checked_by = RuleCheck.HEADER_PRESENT
    statement = "The response lists the methods the resource supports."
    source = factory.SubFactory(SourceFactory, kind=SourceKind.STANDARD)
    section = "15.5.6"
    url = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6"
