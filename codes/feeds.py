from itertools import chain

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .conf import settings
from .models import StatusCode, VendorExtension


class LatestChangesFeed(Feed):
    """The most recently changed published codes and vendor codes, as Atom (RFC 4287): each
    entry's id is the address of its page, which stays the same while its updated date moves."""

    feed_type = Atom1Feed
    title = _("HTTP status codes: recent changes")
    subtitle = _("Codes and vendor codes recently published or updated.")
    author_name = _("The knowledge base's editors")

    def link(self):
        return reverse("statuskb:index")

    def items(self):
        size = settings.FEED_SIZE
        codes = StatusCode.objects.published().order_by("-modified")[:size]
        extensions = (
            VendorExtension.objects.published().select_related("vendor").order_by("-modified")
        )[:size]
        changes = chain(codes, extensions)
        return sorted(changes, key=lambda item: item.modified, reverse=True)[:size]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        if isinstance(item, VendorExtension):  # its part of the number's page
            return f"{item.get_absolute_url()}#ext-{item.vendor.slug}"
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.modified

    def item_pubdate(self, item):
        return item.modified
