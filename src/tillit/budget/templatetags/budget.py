from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ line.by_kind|get:kind }}"""
    if not mapping:
        return None
    return mapping.get(key)
