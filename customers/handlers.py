"""The customers app's document types in the shared approval mechanism."""

from django.utils.translation import gettext_lazy as _

from approvals.registry import ApprovalHandler

from .models import KeyAccountPlan, Visit


class VisitApproval(ApprovalHandler):
    """A visit report goes to its region's manager (the authority table's rule for
    "customers.visit"; a manager's own report goes one level up)."""

    key = "customers.visit"
    label = _("Visit report")
    model = Visit

    def submitter(self, document):
        return document.rep

    # The queue's preview (customers/_approval_preview_visit.html): what the visit was for,
    # what the customer needs and what happens next.
    def preview_queryset(self):
        return Visit.objects.select_related("customer")

    def preview(self, document, user):
        return {
            "customer": document.customer,
            "visit_date": document.visit_date,
            "purpose": document.purpose,
            "people_met": document.people_met,
            "key_needs": document.key_needs,
            "next_steps": document.next_steps,
            "next_step_due": document.next_step_due,
        }


class PlanApproval(ApprovalHandler):
    """A key-account plan is approved by the marketing director (or whom the authority table
    names for "customers.plan"); its amount is the money it asks for."""

    key = "customers.plan"
    label = _("Key-account plan")
    model = KeyAccountPlan

    def amount(self, document):
        return document.resources_money

    def submitter(self, document):
        return document.author

    # The queue's preview (customers/_approval_preview_plan.html).
    def preview_queryset(self):
        return KeyAccountPlan.objects.select_related("customer")

    def preview(self, document, user):
        return {
            "customer": document.customer,
            "year": document.year,
            "stage_goals": document.stage_goals,
            "resources_people": document.resources_people,
            "resources_money": document.resources_money,
        }


HANDLERS = [VisitApproval(), PlanApproval()]
