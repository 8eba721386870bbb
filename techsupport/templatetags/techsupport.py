from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def url_of(obj) -> str:
    """The object's page, or "" while the app that shows it has no such page (a customer or
    project page lives in `customers`)."""
    if obj is None:
        return ""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@register.inclusion_tag("techsupport/_state.html")
def request_state(item):
    return {"state": item.state, "label": item.get_state_display()}


@register.filter
def stars(value) -> str:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)
