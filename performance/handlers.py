"""The bonus sheet in the approval mechanism: the director, then the general manager
(performance/migrations/0004_default_authority_rules.py)."""

from django.utils.translation import gettext_lazy

from approvals.registry import ApprovalHandler
from approvals.titles import title_parts

from . import services
from .models import BonusSheet


class BonusSheetApproval(ApprovalHandler):
    key = "performance.bonus_sheet"
    label = gettext_lazy("Bonus sheet")
    model = BonusSheet
    state_field = "status"
    titles = {"sheet": gettext_lazy("Bonus sheet %(period)s")}

    def title_parts(self, document):
        return title_parts("sheet", period=document.period_label)

    def region(self, document):
        return None

    def amount(self, document):
        return document.total

    def submitter(self, document):
        return document.created_by

    def on_submit(self, document, actor) -> None:
        services.sheet_on_submit(document)

    def on_approve(self, document, actor) -> None:
        services.sheet_on_approve(document)

    def preview(self, document, user):
        return {"lines": document.lines.count(), "period": document.period_label}


HANDLERS = [BonusSheetApproval()]
