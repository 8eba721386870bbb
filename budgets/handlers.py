"""The budgets app's document types in the approval mechanism. Hooks run inside the approval's
transaction; a ValidationError refuses the transition and rolls everything back."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.registry import ApprovalHandler
from approvals.titles import in_each_language, title_parts

from . import services
from .models import EDITABLE, Budget, CashAdvance, ExpenseClaim, Status, Supplement


class _StatusMirror(ApprovalHandler):
    """Mirror the approval state onto the document's own status field."""

    def on_reject(self, document, actor) -> None:
        services._set_status(
            type(document), document.pk, Status.REJECTED, allowed=(Status.SUBMITTED,)
        )

    def on_return(self, document, actor) -> None:
        services._set_status(
            type(document), document.pk, Status.RETURNED, allowed=(Status.SUBMITTED,)
        )

    def on_approve(self, document, actor) -> None:
        services._set_status(
            type(document), document.pk, Status.APPROVED, allowed=(Status.SUBMITTED,)
        )

    def on_submit(self, document, actor) -> None:
        services._set_status(type(document), document.pk, Status.SUBMITTED, allowed=EDITABLE)


class BudgetApproval(_StatusMirror):
    key = "budgets.budget"
    label = gettext_lazy("Annual budget")
    model = Budget
    titles = {"budget": gettext_lazy("%(year)s budget · %(holder)s")}

    def title_parts(self, document):
        return title_parts("budget", year=document.year, holder=in_each_language(document.holder))

    def amount(self, document):
        return services.budget_total(document)

    def submitter(self, document):
        return document.created_by

    def on_submit(self, document, actor) -> None:
        if services.budget_total(document) <= 0:
            raise ValidationError(_("Enter the budget amounts before submitting."))
        super().on_submit(document, actor)


class SupplementApproval(_StatusMirror):
    key = "budgets.supplement"
    label = gettext_lazy("Supplemental budget request")
    model = Supplement
    titles = {"supplement": gettext_lazy("Supplement %(amount)s CNY · %(line)s")}

    def title_parts(self, document):
        return title_parts(
            "supplement", amount=document.amount, line=in_each_language(document.line)
        )

    def amount(self, document):
        return document.amount

    def submitter(self, document):
        return document.requester

    def on_approve(self, document, actor) -> None:
        services.supplement_on_approve(document)


class ExpenseApproval(_StatusMirror):
    key = "budgets.expense"
    label = gettext_lazy("Expense claim")
    model = ExpenseClaim

    def amount(self, document):
        return document.total

    titles = {"correction": gettext_lazy("Correction of %(title)s · %(person)s")}

    def title(self, document):
        return f"{document.display_title} · {document.claimant}"

    def title_parts(self, document):
        # A claim's title is the claimant's own words; only a correction's wording is the app's.
        if document.corrects_id is None:
            return None
        return title_parts("correction", title=document.title, person=document.claimant)

    def submitter(self, document):
        return document.claimant

    def on_submit(self, document, actor) -> None:
        services.claim_on_submit(document)

    def on_approve(self, document, actor) -> None:
        services.claim_on_approve(document)


class AdvanceApproval(_StatusMirror):
    key = "budgets.advance"
    label = gettext_lazy("Cash advance")
    model = CashAdvance
    titles = {"advance": gettext_lazy("Advance %(amount)s CNY · %(person)s")}

    def title_parts(self, document):
        return title_parts("advance", amount=document.amount, person=document.person)

    def amount(self, document):
        return document.amount

    def submitter(self, document):
        return document.person
