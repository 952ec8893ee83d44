from django import template

register = template.Library()


@register.inclusion_tag("portal/_exports.html", takes_context=True)
def export_links(context, dataset: str):
    """CSV / JSON / Excel links for a list page, keeping its current filters."""
    from tillit.portal.views import export_links as links

    request = context["request"]
    municipality = context["municipality"]
    return {
        "links": links(request, municipality, dataset),
        "municipality": municipality,
        "dataset": dataset,
    }
