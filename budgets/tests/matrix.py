from decimal import Decimal

from django.core.files.base import ContentFile

from tests.hostile import HostileForm, choice, ids, money, text
from tests.matrix import COMPANY_WIDE, EVERYONE, FRONT_END, MANAGERS, ActionRow, Row, only

VISIBLE_NORTH = {"east_manager": 404, "tech": 404}


def build(world):
    from approvals.services import approval_submit
    from budgets.models import Receipt
    from budgets.services import advance_create, supplement_create
    from budgets.tests.factories import approved_line, categories, claim_with, rules, today

    categories()
    rules()
    line = approved_line(
        region=world.north, amount="10000", owner=world.north_manager, created_by=world.mktadmin
    )
    world.north_budget = line.budget
    world.north_claim = claim_with(world.north_rep, ["120"])
    approval_submit(document=world.north_claim, actor=world.north_rep)
    world.north_receipt = Receipt.objects.create(
        line=world.north_claim.lines.get(),
        name="taxi.pdf",
        file=ContentFile(b"%PDF-1.4 test", name="taxi.pdf"),
    )
    world.north_supplement = supplement_create(
        requester=world.north_rep,
        line=line,
        amount=Decimal("500"),
        reason="Fair",
        planned_date=today(),
    )
    world.north_advance = advance_create(
        person=world.north_rep, amount=Decimal("800"), reason="Trip", planned_date=today()
    )
    # A draft to add lines to, and a USD rate (of a long-gone month, so no other app's upload of
    # the current month collides with it) so a USD line converts.
    from datetime import date

    from budgets.services import claim_create
    from pricing.models import MarketUpload

    world.north_draft_claim = claim_create(claimant=world.north_rep, title="Draft")
    MarketUpload.objects.create(
        month=date(2001, 1, 1), usd_cny=Decimal("8.2700"), uploaded_by=world.finance
    )


ROWS = [
    Row("budgets:index", default=302),
    Row("budgets:budget-list"),
    Row("budgets:budget-create", expect=only(200, "north_manager", "east_manager", "mktadmin")),
    Row("budgets:budget-import", expect=only(200, "mktadmin")),
    Row("budgets:budget-detail", kwargs=lambda w: {"pk": w.north_budget.pk}, expect=VISIBLE_NORTH),
    Row("budgets:supplement-list"),
    Row("budgets:supplement-create"),
    Row(
        "budgets:supplement-detail",
        kwargs=lambda w: {"pk": w.north_supplement.pk},
        expect=VISIBLE_NORTH,
    ),
    Row("budgets:claim-list"),
    Row("budgets:claim-create"),
    Row("budgets:claim-detail", kwargs=lambda w: {"pk": w.north_claim.pk}, expect=VISIBLE_NORTH),
    Row("budgets:claim-line-add", kwargs=lambda w: {"pk": w.north_claim.pk}, default=405),
    Row(
        "budgets:claim-line-delete",
        kwargs=lambda w: {"pk": w.north_claim.pk, "line_pk": 1},
        default=405,
    ),
    Row("budgets:claim-pay", kwargs=lambda w: {"pk": w.north_claim.pk}, default=405),
    Row("budgets:claim-correct", kwargs=lambda w: {"pk": w.north_claim.pk}, default=405),
    Row(
        "budgets:receipt-download",
        kwargs=lambda w: {"pk": w.north_receipt.pk},
        expect=VISIBLE_NORTH,
    ),
    Row("budgets:advance-list"),
    Row("budgets:advance-create"),
    Row(
        "budgets:advance-detail", kwargs=lambda w: {"pk": w.north_advance.pk}, expect=VISIBLE_NORTH
    ),
    Row("budgets:execution"),
    Row("budgets:execution-claims"),
    Row("budgets:execution-export"),
    Row("budgets:execution-run", default=405),
]


def _category_ids(w):
    from budgets.models import CostCategory

    return list(CostCategory.objects.values_list("pk", flat=True))


def _lines_outside_the_draft(w):
    from budgets.models import ExpenseClaim, ExpenseLine

    return [
        ExpenseLine.objects.exclude(claim=w.north_draft_claim),
        ExpenseClaim.objects.exclude(pk=w.north_draft_claim.pk),
    ]


HOSTILE_FORMS = [
    HostileForm(
        "budgets: add an expense line",
        persona="north_rep",
        url=("budgets:claim-line-add", lambda w: [w.north_draft_claim.pk, w.north_claim.pk]),
        fields={
            "date": text(),
            "category": ids(_category_ids),
            "amount": money(),
            "currency": choice(["CNY", "USD", "usd", "EUR"]),
            "description": text(),
        },
        guard=_lines_outside_the_draft,  # only the own draft's lines (and its total) may change
    ),
]


ACTIONS = [
    ActionRow("budgets.budget_create", allowed={"mktadmin"} | MANAGERS),
    ActionRow("budgets.budget_department", allowed={"mktadmin"}),
    ActionRow("budgets.budget_import", allowed={"mktadmin"}),
    ActionRow(
        "budgets.budget_change",
        allowed={"mktadmin"} | MANAGERS,
        on=lambda w: w.north_budget,
        allowed_on={"mktadmin", "north_manager"},
    ),
    ActionRow("budgets.region_budget_own", allowed=MANAGERS),
    ActionRow(
        "budgets.claim_change",
        allowed=EVERYONE,
        on=lambda w: w.north_claim,
        allowed_on={"north_rep"},
    ),
    ActionRow(
        "budgets.claim_pay",
        allowed={"finance"},
        on=lambda w: w.north_claim,
        allowed_on={"finance"},
    ),
    ActionRow("budgets.execution_run", allowed=COMPANY_WIDE | {"finance", "mktadmin"}),
    ActionRow("budgets.remaining_home", allowed=FRONT_END),
    ActionRow("budgets.claims_home", allowed=MANAGERS | {"finance"} | COMPANY_WIDE),
]
