from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Implementation, Source, StatusClass, Vendor, numbers_with_pages


class PageSitemap(Sitemap):
    def items(self):
        return [
            "statuskb:index",
            "statuskb:vendor-list",
            "statuskb:implementation-list",
            "statuskb:rule-list",
            "statuskb:check",
            "statuskb:source-list",
        ]

    def location(self, item):
        return reverse(item)


class ClassSitemap(Sitemap):
    def items(self):
        return StatusClass.objects.all()


class NumberSitemap(Sitemap):
    """One page per number, whether it has a standard meaning, vendor meanings or both."""

    def items(self):
        return sorted(numbers_with_pages())

    def location(self, item):
        return reverse("statuskb:number-detail", kwargs={"number": item})


class VendorSitemap(Sitemap):
    def items(self):
        return Vendor.objects.published()

    def lastmod(self, item):
        return item.modified


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.published()

    def lastmod(self, item):
        return item.modified


class ImplementationSitemap(Sitemap):
    def items(self):
        return Implementation.objects.published()

    def lastmod(self, item):
        return item.modified


SITEMAPS = {
    "pages": PageSitemap,
    "classes": ClassSitemap,
    "numbers": NumberSitemap,
    "vendors": VendorSitemap,
    "implementations": ImplementationSitemap,
    "sources": SourceSitemap,
}
