"""Search ranks the meaning whose name matches first, standard or vendor, on the shipped
dataset, on every database."""

import pytest

# One worker loads the shipped dataset once for the whole module (conftest's dataset fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_search_ranking")]


# What readers paste from a log line or an error page, and the meaning that must come first.
FIRST_HITS = {
    "client closed": (499, "nginx"),
    "client closed request": (499, "nginx"),
    "token": (498, "esri"),
    "token required": (499, "esri"),
    "teapot": (418, None),
    "i'm a teapot": (418, None),
    "not found": (404, None),
    "payload too large": (413, None),
    "request entity too large": (413, None),
    "too many requests": (429, None),
    "enhance your calm": (420, "twitter"),
    "web server is down": (521, "cloudflare"),
    "gateway timeout": (504, None),
    "unavailable for legal reasons": (451, None),
}


@pytest.mark.parametrize("query", FIRST_HITS)
def test_a_code_whose_name_matches_ranks_first(client, dataset, query):
    number, vendor = FIRST_HITS[query]
    [first, *_] = client.get("/search/", {"q": query}).context["results"].hits
    assert (first.number, getattr(first, "vendor", None) and first.vendor.slug) == (number, vendor)
