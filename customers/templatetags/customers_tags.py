from django import template

from approvals.models import State

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """The approval state's name in the reader's language."""
    return str(dict(State.choices).get(state, state or ""))
