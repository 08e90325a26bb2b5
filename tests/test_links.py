"""Remembered links: {% cached_url %} and codes.links give what {% url %} and reverse give,
for whichever URLconf, script prefix and application namespace is current."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix, set_urlconf

from codes.links import cached_reverse, number_url


def render(source, **context):
    return Template("{% load codes_tags %}" + source).render(Context(context))


def test_cached_url_writes_what_url_writes():
    for tag in (
        "'statuskb:index'",
        "'statuskb:number-detail' 404",
        "'statuskb:number-detail' number=n",
        "'statuskb:compare' a b",
        "'statuskb:class-detail' '4xx'",
    ):
        source = f"{{% url {tag} %}}|{{% cached_url {tag} %}}"
        url, cached = render(source, n=418, a=404, b=410).split("|")
        assert cached == url
        assert cached.startswith("/")


def test_a_link_follows_the_urlconf_and_script_prefix_in_force():
    assert number_url(404) == "/404/"
    with override_settings(ROOT_URLCONF="tests.urls_pages_only"):
        assert number_url(404) == "/http/404/"
        assert render("{% cached_url 'statuskb:index' %}") == "/http/"
    set_urlconf("tests.urls_pages_only")  # what a request's own urlconf does
    try:
        assert number_url(404) == "/http/404/"
    finally:
        set_urlconf(None)
    set_script_prefix("/kb/")
    try:
        assert number_url(404) == "/kb/404/" == reverse("statuskb:number-detail", args=[404])
    finally:
        set_script_prefix("/")
    assert number_url(404) == "/404/"


# Two instances of the app: links resolve to the instance the request is in.
urlpatterns = [
    path("", include("codes.urls")),
    path("mirror/", include("codes.urls", namespace="mirror")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_current_application_instance_is_passed_on():
    template = Template("{% load codes_tags %}{% cached_url 'statuskb:index' %}")
    written = []
    for instance in ("mirror", "statuskb"):
        request = RequestFactory().get("/")
        request.current_app = instance
        context = Context({})
        context.request = request
        written.append(template.render(context))
    assert written == ["/mirror/", "/"]


def test_what_cannot_be_reversed_fails_as_url_does():
    with pytest.raises(NoReverseMatch):
        render("{% cached_url 'statuskb:no-such-page' %}")
    with pytest.raises(NoReverseMatch):
        cached_reverse("statuskb:number-detail", kwargs={"number": "abc"})


def test_cached_url_does_not_take_as():
    with pytest.raises(TemplateSyntaxError, match="does not take 'as'"):
        render("{% cached_url 'statuskb:index' as home %}")
