"""The budgets app's document types in the approval mechanism. Each document's `status` mirrors
its approval state (the mechanism moves it, state_field); hooks run inside the approval's
transaction after that, and a ValidationError refuses the transition and rolls everything
back."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.registry import ApprovalHandler

from . import services
from .models import Budget, CashAdvance, ExpenseClaim, Supplement


class BudgetApproval(ApprovalHandler):
    key = "budgets.budget"
    label = gettext_lazy("Annual budget")
    model = Budget
    state_field = "status"

    def amount(self, document):
        return services.budget_total(document)

    def submitter(self, document):
        return document.created_by

    def on_submit(self, document, actor) -> None:
        if services.budget_total(document) <= 0:
            raise ValidationError(_("Enter the budget amounts before submitting."))


class SupplementApproval(ApprovalHandler):
    key = "budgets.supplement"
    label = gettext_lazy("Supplemental budget request")
    model = Supplement
    state_field = "status"

    def amount(self, document):
        return document.amount

    def submitter(self, document):
        return document.requester

    def on_approve(self, document, actor) -> None:
        services.supplement_on_approve(document)


class ExpenseApproval(ApprovalHandler):
    key = "budgets.expense"
    label = gettext_lazy("Expense claim")
    model = ExpenseClaim
    state_field = "status"

    def amount(self, document):
        return document.total

    def title(self, document):
        return f"{document.title} · {document.claimant}"

    def submitter(self, document):
        return document.claimant

    def on_submit(self, document, actor) -> None:
        services.claim_on_submit(document)

    def on_approve(self, document, actor) -> None:
        services.claim_on_approve(document)


class AdvanceApproval(ApprovalHandler):
    key = "budgets.advance"
    label = gettext_lazy("Cash advance")
    model = CashAdvance
    state_field = "status"

    def amount(self, document):
        return document.amount

    def submitter(self, document):
        return document.person


HANDLERS = [BudgetApproval(), SupplementApproval(), ExpenseApproval(), AdvanceApproval()]
