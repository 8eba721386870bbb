"""The budgets app's document types in the approval mechanism. Each document's `status` mirrors
its approval state (the mechanism moves it, state_field); hooks run inside the approval's
transaction after that, and a ValidationError refuses the transition and rolls everything
back."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.registry import ApprovalHandler
from approvals.titles import in_each_language, title_parts

from . import services
from .models import Budget, CashAdvance, ExpenseClaim, Supplement


class BudgetApproval(ApprovalHandler):
    key = "budgets.budget"
    label = gettext_lazy("Annual budget")
    model = Budget
    state_field = "status"
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


class SupplementApproval(ApprovalHandler):
    key = "budgets.supplement"
    label = gettext_lazy("Supplemental budget request")
    model = Supplement
    state_field = "status"
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

    # The queue's preview (budgets/_approval_preview_supplement.html).
    def preview_queryset(self):
        return Supplement.objects.select_related(
            "line__category",
            "line__budget__region",
            "line__budget__department",
            "line__budget__project",
        )

    def preview(self, document, user):
        return {
            "line": document.line,
            "budget": document.line.total,
            "planned_date": document.planned_date,
            "reason": document.reason,
        }


class ExpenseApproval(ApprovalHandler):
    key = "budgets.expense"
    label = gettext_lazy("Expense claim")
    model = ExpenseClaim
    state_field = "status"

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

    def on_reject(self, document, actor) -> None:
        services.claim_on_leave(document)

    def on_return(self, document, actor) -> None:
        services.claim_on_leave(document)

    # The queue's preview (budgets/_approval_preview_expense.html): the claim's lines and what
    # each budget line it is charged to has left after it — budgets' own figures
    # (services.claim_previews, the arithmetic of budget_check), for a page of claims at once.
    def preview_many(self, documents, user):
        return {
            pk: {"lines": preview.lines, "figures": preview.figures, "fits": preview.fits}
            for pk, preview in services.claim_previews(claims=documents).items()
        }


class AdvanceApproval(ApprovalHandler):
    key = "budgets.advance"
    label = gettext_lazy("Cash advance")
    model = CashAdvance
    state_field = "status"
    titles = {"advance": gettext_lazy("Advance %(amount)s CNY · %(person)s")}

    def title_parts(self, document):
        return title_parts("advance", amount=document.amount, person=document.person)

    def amount(self, document):
        return document.amount

    def submitter(self, document):
        return document.person

    # The queue's preview (budgets/_approval_preview_advance.html).
    def preview(self, document, user):
        return {"planned_date": document.planned_date, "reason": document.reason}


HANDLERS = [BudgetApproval(), SupplementApproval(), ExpenseApproval(), AdvanceApproval()]
