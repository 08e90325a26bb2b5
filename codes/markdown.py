"""Markdown from editors, rendered to HTML that is safe to put on a page."""

import functools

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML in the source is escaped by the parser, and nh3 then removes anything unsafe that
# Markdown itself can produce (javascript: links, for example).
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "td": {"align"}, "th": {"align"}}


@functools.lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """The same text always gives the same HTML, so each process renders a text once."""
    html = _parser.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)  # sanitized by nh3 just above
