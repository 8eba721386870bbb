from django import template

from ..selectors import approval_steps
from ..services import approval_can_decide, approval_for

register = template.Library()


@register.inclusion_tag("approvals/_panel.html", takes_context=True)
def approval_panel(context, document):
    """State, history and the actions open to the viewer, for any approvable document.
    Two queries: the approval row and its steps."""
    from ..forms import DecisionForm

    user = context["request"].user
    approval = approval_for(document)
    return {
        "request": context["request"],
        "approval": approval,
        # One id per document: a page may show more than one panel (a quote and its adjustment).
        "document_key": f"{document._meta.label_lower.replace('.', '-')}-{document.pk}",
        "steps": list(approval_steps(request=approval)) if approval else [],
        "can_submit": bool(approval and approval.is_editable and approval.submitter_id == user.pk),
        "can_decide": bool(approval and approval_can_decide(user=user, request=approval)),
        "form": DecisionForm(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("approvals/_state.html")
def approval_state(state: str, label: str = ""):
    return {"state": state, "label": label}
