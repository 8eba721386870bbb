"""{% load access %}{% can "budgets.claim_pay" claim as may_pay %}{% if may_pay %}…{% endif %}

Templates only ask; the answer comes from the declarations (`access.can`)."""

from django import template

from access.actions import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name, obj=None):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _can(user, name, obj)
