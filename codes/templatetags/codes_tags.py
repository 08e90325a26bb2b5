from django import template
from django.template.defaulttags import URLNode, url
from django.utils.html import conditional_escape

from codes import links
from codes.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


register.filter("number_url", links.number_url)
register.filter("source_url", links.source_url)


@register.filter
def web_url(url: str) -> str:
    """The URL if it is a web address, else nothing: validation keeps other schemes out of the
    database, and this keeps them out of an href should one get in anyway."""
    return url if url.strip().lower().startswith(("https://", "http://")) else ""


class CachedURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        address = links.cached_reverse(
            self.view_name.resolve(context), args, kwargs, current_app(context)
        )
        return conditional_escape(address) if context.autoescape else address


def current_app(context):
    """The application namespace {% url %} would reverse in."""
    request = getattr(context, "request", None)
    if hasattr(request, "current_app"):
        return request.current_app
    return getattr(getattr(request, "resolver_match", None), "namespace", None)


@register.tag
def cached_url(parser, token):
    """{% url %} with the same arguments, remembered (codes.links): the app's templates link
    with it. It does not take `as`."""
    node = url(parser, token)
    if node.asvar:
        raise template.TemplateSyntaxError("cached_url does not take 'as'; use url.")
    return CachedURLNode(node.view_name, node.args, node.kwargs, None)
