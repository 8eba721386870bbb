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


HANDLERS = [VisitApproval(), PlanApproval()]
