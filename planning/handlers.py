"""Planning's document types in the approval mechanism. A region plan and a target adjustment
go through the same chain (the authority table's rules for each type; by default marketing
administration consolidates, the director reviews, the executive committee approves). The
document's `status` mirrors the approval (approved is "issued"); the hooks issue the plan or
write the adjusted version."""

from django.utils.translation import gettext_lazy

from approvals.registry import ApprovalHandler
from approvals.titles import in_each_language, title_parts

from . import services
from .models import Adjustment, RegionPlan, Status


class PlanApproval(ApprovalHandler):
    key = "planning.plan"
    label = gettext_lazy("Region annual plan")
    model = RegionPlan
    state_field = "status"
    state_values = {"approved": Status.ISSUED}
    state_conflict_message = gettext_lazy("There is already a plan for this region and year.")
    titles = {"plan": gettext_lazy("%(year)s plan · %(region)s")}

    def title_parts(self, document):
        return title_parts("plan", year=document.year, region=in_each_language(document.region))

    def amount(self, document):
        return services.plan_totals(plan=document)["revenue"]

    def submitter(self, document):
        return document.author

    def on_submit(self, document, actor) -> None:
        services.plan_on_submit(document)

    def on_approve(self, document, actor) -> None:
        services.plan_on_approve(document, actor=actor)

    def preview(self, document, user):
        return services.plan_preview(plan=document)


class AdjustmentApproval(ApprovalHandler):
    key = "planning.adjustment"
    label = gettext_lazy("Target adjustment")
    model = Adjustment
    state_field = "status"
    state_values = {"approved": Status.ISSUED}
    titles = {"adjustment": gettext_lazy("Target adjustment · %(year)s plan · %(region)s")}

    def title_parts(self, document):
        return title_parts(
            "adjustment", year=document.plan.year, region=in_each_language(document.region)
        )

    def submitter(self, document):
        return document.requested_by

    def on_submit(self, document, actor) -> None:
        services.adjustment_on_submit(document)

    def on_approve(self, document, actor) -> None:
        services.adjustment_on_approve(document, actor=actor)

    def preview(self, document, user):
        return {"reason": document.reason}


HANDLERS = [PlanApproval(), AdjustmentApproval()]
