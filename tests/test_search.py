import pytest

from codes.models import PublicationState
from codes.search import search as run_search
from tests.factories import AliasFactory, StatusCodeFactory, VendorExtensionFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes():
    teapot = StatusCodeFactory(number=418, phrase="(Unused)", summary="Reserved number.")
    AliasFactory(code=teapot, name="I'm a teapot")
    StatusCodeFactory(
        number=429, phrase="Too Many Requests", summary="Rate limited.", body="Send Retry-After."
    )
    StatusCodeFactory(number=503, phrase="Service Unavailable", summary="Overloaded; retry later.")
    StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here.")
    VendorExtensionFactory(
        vendor=VendorFactory(name="Twitter"),
        number=420,
        phrase="Enhance Your Calm",
        summary="Old rate limit.",
    )


def numbers(results):
    return [hit.number for hit in results.hits]


def search(client, q, status=200):
    response = client.get("/search/", {"q": q})
    assert response.status_code == status, response.status_code
    return response


def test_exact_number_goes_to_its_page(client, codes):
    response = search(client, "404", status=302)
    assert response["Location"] == "/404/"


def test_vendor_only_number_goes_to_its_page(client, codes):
    assert search(client, " 420 ", status=302)["Location"] == "/420/"


def test_unknown_number_says_so_politely(client, codes):
    html = search(client, "299").content.decode()
    assert "Nothing matches “299”" in html


def test_class_pattern_goes_to_the_class(client, codes):
    assert search(client, "5xx", status=302)["Location"] == "/5xx/"
    assert search(client, "5XX", status=302)["Location"] == "/5xx/"


def test_phrase_found_through_an_alias(client, codes):
    html = search(client, "teapot").content.decode()
    assert 'href="/418/"' in html


def test_results_are_ranked_phrase_before_text(client, codes):
    results = search(client, "retry").context["results"]
    assert numbers(results) == [503, 429]
    results = search(client, "too many requests").context["results"]
    assert numbers(results)[0] == 429


def test_words_need_not_be_adjacent_or_in_order(client, codes):
    results = search(client, "requests many").context["results"]
    assert numbers(results) == [429]


def test_vendor_codes_are_searched(client, codes):
    results = search(client, "calm").context["results"]
    assert numbers(results) == [420]
    assert "Twitter" in search(client, "calm").content.decode()


def test_drafts_are_not_found(client, codes):
    StatusCodeFactory(number=499, phrase="Secret Draft", state=PublicationState.DRAFT)
    assert "Secret Draft" not in search(client, "secret").content.decode()
    assert search(client, "499").status_code == 200


def test_empty_query_shows_help(client, codes):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert "Type a number (404)" in response.content.decode()


@pytest.mark.parametrize("junk", ["x" * 101, "nul\x00byte"])
def test_junk_query_is_a_polite_400(client, codes, junk):
    html = search(client, junk, status=400).content.decode()
    assert 'role="alert"' in html


@pytest.mark.parametrize("odd", ["%%%", "' OR 1=1 --", "ünïcödé ✓", "<script>", "_"])
def test_odd_queries_find_nothing_without_error(client, codes, odd):
    html = search(client, odd).content.decode()
    assert "Nothing matches" in html
    assert "<script>" not in html.split("</form>")[-1]


def test_a_search_shows_the_best_matches_and_says_how_many_matched(client, settings):
    settings.CODES_SEARCH_RESULTS = 2
    for number in (500, 502, 503, 504):
        StatusCodeFactory(number=number, summary="The server may recover; retry later.")
    results = run_search("retry")
    assert (results.count, len(results.hits), results.shown) == (4, 2, 2)
    html = client.get("/search/", {"q": "retry"}).content.decode()
    assert "4 results for “retry”; the 2 best are shown." in html


def test_a_word_matches_the_start_of_words_anywhere(client, codes):
    results = search(client, "overload retr").context["results"]
    assert numbers(results) == [503]


def test_the_index_follows_every_write(client, codes):
    from codes.models import StatusCode

    code = StatusCode.objects.get(number=404)
    code.summary = "Gone fishing."
    code.save()
    assert numbers(search(client, "fishing").context["results"]) == [404]
    assert not search(client, "nothing").context["results"].hits
    code.delete()
    assert not search(client, "fishing").context["results"].hits


def test_a_vendor_name_finds_its_codes(client, codes):
    assert numbers(search(client, "twitter").context["results"]) == [420]
