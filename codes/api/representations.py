"""The API's most read resource, a published code, built from the number page's prepared reads
instead of through the serializer: the same JSON (tests hold the two equal for every code of
the dataset) at a fraction of the cost. Drafts, and every write, still go through the
serializers."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from codes.markdown import render_markdown

from .serializers import absolute

# DRF's own fields, so that dates come out exactly as the serializers write them.
DATE = serializers.DateField()
DATE_TIME = serializers.DateTimeField()


def citation(row: dict) -> dict:
    return {
        "source": row["source_slug"],
        "source_title": row["source_title"],
        "source_kind": row["source_kind"],
        "name_used": row["name_used"],
        "is_webdav": row["is_webdav"],
        "is_experimental": row["is_experimental"],
        "is_deprecated": row["is_deprecated"],
        "url": row["url"],
        "checked_on": DATE.to_representation(row["checked_on"]),
        "note": row["note"],
        "disagrees": row["disagrees"],
    }


def vendor_meaning(request, row: dict) -> dict:
    key = f"{row['vendor_slug']}/{row['number']}"
    url = reverse("statuskb_api:vendorextension-detail", kwargs={"key": key})
    return {
        "url": absolute(request, url),
        "vendor": row["vendor_slug"],
        "vendor_name": row["vendor_name"],
        "number": row["number"],
        "phrase": row["phrase"],
        "product": row["product"],
        "summary": row["summary"],
    }


def published_code(request, page: dict) -> dict:
    """StatusCodeDetailSerializer's representation of page["code"] (see codes.numberpage)."""
    code = page["code"]
    number = code["number"]
    return {
        "url": absolute(request, reverse("statuskb_api:statuscode-detail", args=[number])),
        "html_url": absolute(request, reverse("statuskb:number-detail", args=[number])),
        "number": number,
        "phrase": code["phrase"],
        "status_class": code["class_digit"],
        "summary": code["summary"],
        "registry_status": code["registry_status"],
        "is_deprecated": code["is_deprecated"],
        "is_experimental": code["is_experimental"],
        "is_obsolete": code["is_obsolete"],
        "state": code["state"],
        "modified": DATE_TIME.to_representation(code["modified"]),
        "body": code["body"],
        "body_html": str(render_markdown(code["body"])),
        "aliases": [
            {"name": alias["name"], "origin": alias["origin_slug"], "note": alias["note"]}
            for alias in code["aliases"]
        ],
        "references": [
            {
                "source": reference["source_slug"],
                "title": reference["source_title"],
                "section": reference["section"],
                "url": reference["url"],
                "is_defining": reference["is_defining"],
            }
            for reference in code["references"]
        ],
        "related_codes": [other["number"] for other in code["related_codes"]],
        "related_headers": [header["name"] for header in code["related_headers"]],
        "citations": [citation(row) for row in code["citations"]],
        "vendor_meanings": [vendor_meaning(request, row) for row in page["extensions"]],
        "created": DATE_TIME.to_representation(code["created"]),
    }
