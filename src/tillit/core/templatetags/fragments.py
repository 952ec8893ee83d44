"""``{% fragment frag %}…{% endfragment %}``: the enclosed HTML from the page's cached copy
(tillit.core.fragments), or rendered and stored. ``frag`` None or missing renders as usual.

Whatever the enclosed part needs must be computed lazily by the view (SimpleLazyObject, a
callable or a cached property), so a stored copy costs no query at all."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, frag, nodelist):
        self.frag = frag
        self.nodelist = nodelist

    def render(self, context):
        frag = self.frag.resolve(context, ignore_failures=True)
        if frag is None:
            return self.nodelist.render(context)
        token = context.get("csrf_token")
        token = "" if token is None else str(token)
        if token == "NOTPROVIDED":
            token = ""
        if frag.html is None:
            html = self.nodelist.render(context)
            frag.store(html, token)
            return html
        return mark_safe(frag.render(token))  # noqa: S308 - rendered by this template before


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment frag %} takes one argument")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), nodelist)
