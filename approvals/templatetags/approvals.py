from django import template

from ..models import format_amount
from ..selectors import approval_chain, approval_steps
from ..services import approval_can_decide, approval_for

register = template.Library()


@register.inclusion_tag("approvals/_panel.html", takes_context=True)
def approval_panel(context, document):
    """State, history and the actions open to the viewer, for any approvable document.
    Two queries: the approval row and its steps (three for a chain waiting at an early step)."""
    from ..forms import DecisionForm

    user = context["request"].user
    approval = approval_for(document)
    steps = list(approval_steps(request=approval)) if approval else []
    return {
        "request": context["request"],
        "approval": approval,
        # One id per document: a page may show more than one panel (a quote and its adjustment).
        "document_key": f"{document._meta.label_lower.replace('.', '-')}-{document.pk}",
        "steps": steps,
        "chain": approval_chain(request=approval, steps=steps) if approval else [],
        "can_submit": bool(approval and approval.is_editable and approval.submitter_id == user.pk),
        "can_decide": bool(approval and approval_can_decide(user=user, request=approval)),
        "form": DecisionForm(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def amount_in(value, unit: str) -> str:
    """An amount in a unit, as ApprovalRequest.amount_display does:
    {{ step.amount|amount_in:approval.unit }}."""
    return format_amount(value, unit)


@register.inclusion_tag("approvals/_chain.html")
def approval_chain_list(chain):
    """The steps of a chain: who decided each, which one waits."""
    return {"chain": chain}


@register.inclusion_tag("approvals/_state.html")
def approval_state(state: str, label: str = ""):
    return {"state": state, "label": label}
