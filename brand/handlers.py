"""Brand documents in the approval mechanism: the year's positioning and the promotion plans.
Each document's `status` mirrors its approval state; a promotion plan is checked against the
brand budget on submit and again on approval (a ValidationError refuses the transition)."""

from django.utils.translation import gettext_lazy

from approvals.registry import ApprovalHandler
from approvals.titles import title_parts

from . import services
from .models import Positioning, PromotionPlan


class PositioningApproval(ApprovalHandler):
    key = "brand.positioning"
    label = gettext_lazy("Brand positioning")
    model = Positioning
    state_field = "status"
    titles = {"positioning": gettext_lazy("Brand positioning %(year)s")}

    def title_parts(self, document):
        return title_parts("positioning", year=document.year)

    def region(self, document):
        return None

    def submitter(self, document):
        return document.author


class PromotionPlanApproval(ApprovalHandler):
    key = "brand.promotion"
    label = gettext_lazy("Promotion plan")
    model = PromotionPlan
    state_field = "status"

    def region(self, document):
        return None

    def amount(self, document):
        return document.total

    def submitter(self, document):
        return document.author

    def on_submit(self, document, actor) -> None:
        services.plan_budget_check(plan=document)

    def on_approve(self, document, actor) -> None:
        services.plan_budget_check(plan=document)


HANDLERS = [PositioningApproval(), PromotionPlanApproval()]
