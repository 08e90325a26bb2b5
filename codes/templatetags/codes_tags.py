from django import template

from codes.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def web_url(url: str) -> str:
    """The URL if it is a web address, else nothing: validation keeps other schemes out of the
    database, and this keeps them out of an href should one get in anyway."""
    return url if url.strip().lower().startswith(("https://", "http://")) else ""
