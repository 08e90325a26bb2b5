"""Previews: the public page of an entry as readers would see it with a revision approved,
rendered by the page's own view and templates, inside a transaction that is rolled back. Nothing
is published and nothing is cached."""

import copy

from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import resolve

from .http import mark_not_stored
from .models import PublicationState, Revision
from .revisions import apply


def preview(request, revision: Revision) -> HttpResponse:
    entry = revision.entry
    with transaction.atomic():
        apply(entry, revision.content)
        if revision.creates_entry:  # shown as it will be once published
            type(entry).objects.filter(pk=entry.pk).update(state=PublicationState.PUBLISHED)
        response = render_page(request, entry.get_absolute_url())
        transaction.set_rollback(True)
    response["X-Robots-Tag"] = "noindex"
    return mark_not_stored(response)


def render_page(request, path: str) -> HttpResponse:
    """The page at path, rendered without the public pages' caching (PageMixin.page)."""
    request = copy.copy(request)  # the same user and headers, at the page's own address
    request.path = request.path_info = path
    request.GET = QueryDict()
    match = request.resolver_match = resolve(path)
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    response = view.page(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response
