import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.querycount import assert_constant_queries

from ..models import Budget, BudgetLine, ExpenseClaim, Status
from ..services import budget_execution_rollup
from .factories import approved_line, claim_with, decide, submit, today

pytestmark = pytest.mark.django_db


def test_rep_adds_a_line_with_a_receipt_and_an_over_budget_submit_shows_the_figures(
    budgets_setup, client_for
):
    org = budgets_setup
    approved_line(region=org.north, amount="500")
    client = client_for(org.north_rep)
    response = client.post(reverse("budgets:claim-create"), {"title": "Tianjin trip"})
    claim = ExpenseClaim.objects.get(title="Tianjin trip")
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    receipt = SimpleUploadedFile("taxi.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    response = client.post(
        reverse("budgets:claim-line-add", args=[claim.pk]),
        {
            "date": today().isoformat(),
            "category": BudgetLine.objects.get().category_id,
            "amount": "800",
            "currency": "CNY",
            "receipts": [receipt],
        },
    )
    assert response.status_code == 302
    line = claim.lines.get()
    assert line.receipts.get().name == "taxi.pdf"
    from approvals.services import approval_for

    response = client.post(
        reverse("approvals:request-submit", args=[approval_for(claim).pk]), follow=True
    )
    body = response.content.decode()
    assert "Over budget" in body and "budget 500.00" in body and "this claim 800.00" in body
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT


def test_foreign_currency_line_is_refused_in_the_form(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="500")
    claim = claim_with(org.north_rep, [])
    response = client_for(org.north_rep).post(
        reverse("budgets:claim-line-add", args=[claim.pk]),
        {
            "date": today().isoformat(),
            "category": BudgetLine.objects.get().category_id,
            "amount": "10",
            "currency": "EUR",
        },
    )
    assert response.status_code == 400
    assert "Enter amounts in CNY or USD" in response.content.decode()
    assert claim.lines.count() == 0


def test_claim_lists_are_scoped_rep_own_manager_region_finance_all(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="5000")
    approved_line(region=org.east, amount="5000")
    claim_with(org.north_rep, ["10"], title="Mine")
    claim_with(org.north_rep2, ["10"], title="Colleague")
    claim_with(org.east_rep, ["10"], title="Eastern")

    def titles(person):
        body = client_for(person).get(reverse("budgets:claim-list")).content.decode()
        return {t for t in ("Mine", "Colleague", "Eastern") if f">{t}<" in body}

    assert titles(org.north_rep) == {"Mine"}
    assert titles(org.north_manager) == {"Mine", "Colleague"}
    assert titles(org.finance) == {"Mine", "Colleague", "Eastern"}


def test_finance_marks_paid_and_nobody_else_can(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="5000")
    claim = claim_with(org.north_rep, ["10"])
    submit(claim)
    decide(claim, org.north_manager)
    assert (
        client_for(org.north_manager)
        .post(reverse("budgets:claim-pay", args=[claim.pk]))
        .status_code
        == 403
    )
    client_for(org.finance).post(reverse("budgets:claim-pay", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == Status.PAID


def test_claim_list_queries_do_not_grow(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="5000")
    assert_constant_queries(
        client_for(org.finance),
        reverse("budgets:claim-list"),
        grow=lambda n: [claim_with(org.north_rep, ["1"]) for _ in range(n)],
        small=2,
        large=30,
    )


def test_budget_and_supplement_and_advance_lists_queries_do_not_grow(budgets_setup, client_for):
    from ..services import advance_create, supplement_create

    org = budgets_setup
    line = approved_line(region=org.north, amount="5000")
    client = client_for(org.director)

    def grow(n):
        for _ in range(n):
            supplement_create(
                requester=org.north_rep,
                line=line,
                amount=Decimal("1"),
                reason="r",
                planned_date=today(),
            )
            advance_create(
                person=org.north_rep, amount=Decimal("1"), reason="r", planned_date=today()
            )

    assert_constant_queries(
        client, reverse("budgets:supplement-list"), grow=grow, small=2, large=20
    )
    assert_constant_queries(
        client, reverse("budgets:advance-list"), grow=lambda n: None, small=0, large=0
    )
    from customers.models import Customer, DevelopmentProject

    def more_budgets(n):
        customer = Customer.objects.create(name=f"C{n}", region=org.north, owner=org.north_rep)
        for i in range(n):
            project = DevelopmentProject.objects.create(
                customer=customer, region=org.north, name=f"P{n}-{i}", owner=org.north_rep
            )
            approved_line(project=project, amount="100")

    assert_constant_queries(
        client, reverse("budgets:budget-list"), grow=more_budgets, small=2, large=20
    )


def test_execution_page_shows_rolled_up_figures_drills_down_and_exports_safely(
    budgets_setup, client_for
):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    claim = claim_with(org.north_rep, ["850"], title='=HYPERLINK("x")')
    submit(claim)
    budget_execution_rollup(month=today(), notify=False)
    client = client_for(org.director)
    body = client.get(reverse("budgets:execution") + "?period=month&group=region").content.decode()
    assert 'data-testid="execution-row"' in body and "850.00" in body and "85.0 %" in body
    drill = client.get(
        reverse("budgets:execution-claims") + f"?period=month&region={org.north.pk}"
    ).content.decode()
    assert drill.count('data-testid="drill-row"') == 1
    assert (
        client_for(org.east_manager)
        .get(reverse("budgets:execution-claims") + f"?period=month&region={org.north.pk}")
        .content.decode()
        .count('data-testid="drill-row"')
        == 0
    )
    client = client_for(org.director)
    response = client.get(reverse("budgets:execution-export") + "?period=month&group=region")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [sheet.cell(row=2, column=c).value for c in range(1, 8)]
    assert values[0] == "North" and values[3] == 850 and not values[4], values
    for group in ("scope", "department", "project", "category"):
        assert client.get(reverse("budgets:execution") + f"?group={group}").status_code == 200


def test_on_demand_rollup_from_the_page(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    response = client_for(org.finance).post(
        reverse("budgets:execution-run"), {"month": today().isoformat()}
    )
    assert response.status_code == 302
    from ..models import ExecutionFigure

    assert ExecutionFigure.objects.filter(month=today().replace(day=1)).exists()
    assert client_for(org.north_rep).post(reverse("budgets:execution-run")).status_code == 403


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["Budget holder", "Category", "Month", "Amount"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("budget.xlsx", buffer.getvalue())


def test_import_refuses_the_whole_file_naming_every_bad_row(budgets_setup, client_for):
    org = budgets_setup
    client = client_for(org.mktadmin)
    year = today().year
    bad = _xlsx(
        [
            ["north", "travel", 1, 1000],
            ["nowhere", "travel", 2, 5],
            ["north", "golf", 3, 5],
            ["north", "travel", 13, 5],
            ["north", "travel", 4, "lots"],
        ]
    )
    body = client.post(
        reverse("budgets:budget-import"), {"year": year, "file": bad}
    ).content.decode()
    for row in ("row 3", "row 4", "row 5", "row 6"):
        assert f"Sheet “Sheet”, {row}, column" in body, row
    assert Budget.objects.count() == 0
    good = _xlsx(
        [["north", "travel", 1, 1000], ["north", "rent", 1, "2,500.50"], ["east", "travel", 2, 300]]
    )
    response = client.post(reverse("budgets:budget-import"), {"year": year, "file": good})
    assert response.status_code == 302
    north = Budget.objects.get(region=org.north, year=year)
    assert north.status == Status.DRAFT and north.owner == org.north_manager
    assert sum(line.amount for line in north.lines.all()) == Decimal("3500.50")


def test_budget_grid_saves_amounts_while_draft_and_is_read_only_once_approved(
    budgets_setup, client_for
):
    from ..services import budget_create

    org = budgets_setup
    budget = budget_create(
        year=today().year,
        scope="region",
        region=org.north,
        owner=org.north_manager,
        actor=org.north_manager,
    )
    line = budget.lines.order_by("pk").first()
    client = client_for(org.north_manager)
    client.post(budget.get_absolute_url(), {f"line-{line.pk}": "1,234.5"})
    line.refresh_from_db()
    assert line.amount == Decimal("1234.50")
    Budget.objects.filter(pk=budget.pk).update(status=Status.APPROVED)
    assert client.post(budget.get_absolute_url(), {f"line-{line.pk}": "9"}).status_code == 403
    assert 'name="line-' not in client.get(budget.get_absolute_url()).content.decode()


def test_home_panels_show_remaining_budget_and_pending_claims(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="1000")
    claim = claim_with(org.north_rep, ["250"], title="Dinner with Beiyue")
    submit(claim)
    body = client_for(org.north_rep).get("/").content.decode()
    assert 'data-testid="remaining">750.00<' in body and "budget-warning" not in body
    submit(claim_with(org.north_rep2, ["600"]))
    body = client_for(org.north_rep).get("/").content.decode()
    assert 'data-testid="remaining">150.00<' in body and "85.0 % of this month" in body
    body = client_for(org.north_manager).get("/").content.decode()
    assert "Dinner with Beiyue" in body and 'data-testid="panel-pending-claims"' in body


def test_project_page_section_shows_the_project_budget(budgets_setup):
    from customers.models import Customer, DevelopmentProject
    from customers.sections import project_sections_for

    org = budgets_setup
    customer = Customer.objects.create(name="Beiyue", region=org.north, owner=org.north_rep)
    project = DevelopmentProject.objects.create(
        customer=customer, region=org.north, name="CN6b", owner=org.north_rep
    )
    approved_line(project=project, amount="5000", category="testing")
    submit(claim_with(org.north_rep, ["1200"], category="testing", project=project))
    (section,) = [
        s
        for s in project_sections_for(org.north_manager, project)
        if s["key"] == "budgets-project-budget"
    ]
    assert section["data"]["committed"] == Decimal("1200") and section["data"][
        "remaining"
    ] == Decimal("3800")
    assert not [
        s
        for s in project_sections_for(org.east_manager, project)
        if s["key"] == "budgets-project-budget"
    ]


def test_excel_export_writes_a_formula_like_name_as_text(budgets_setup, client_for):
    from customers.models import Customer, DevelopmentProject

    org = budgets_setup
    customer = Customer.objects.create(name="Evil", region=org.north, owner=org.north_rep)
    project = DevelopmentProject.objects.create(
        customer=customer, region=org.north, name='=HYPERLINK("http://x")', owner=org.north_rep
    )
    approved_line(project=project, amount="100")
    budget_execution_rollup(month=today(), notify=False)
    response = client_for(org.director).get(reverse("budgets:execution-export") + "?group=project")
    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=1)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s" and cell.quotePrefix


def test_supplement_request_through_the_pages(budgets_setup, client_for):
    from ..models import Supplement

    org = budgets_setup
    line = approved_line(region=org.north, amount="1000")
    client = client_for(org.north_rep)
    assert f'value="{line.pk}"' in client.get(reverse("budgets:supplement-create")).content.decode()
    response = client.post(
        reverse("budgets:supplement-create"),
        {
            "line": line.pk,
            "amount": "2500",
            "reason": "Auto show",
            "planned_date": today().isoformat(),
        },
    )
    supplement = Supplement.objects.get()
    assert response["Location"] == supplement.get_absolute_url()
    assert supplement.amount == Decimal("2500") and supplement.status == Status.DRAFT
    east_line = approved_line(region=org.east, amount="1000")
    response = client.post(
        reverse("budgets:supplement-create"),
        {"line": east_line.pk, "amount": "1", "reason": "x", "planned_date": today().isoformat()},
    )
    assert (
        response.status_code == 200 and Supplement.objects.count() == 1
    )  # not a line the rep can see


def test_drill_down_and_execution_queries_do_not_grow(budgets_setup, client_for):
    org = budgets_setup
    approved_line(region=org.north, amount="100000")

    def grow(n):
        for _ in range(n):
            submit(claim_with(org.north_rep, ["1"]))
        budget_execution_rollup(month=today(), notify=False)

    client = client_for(org.director)
    assert_constant_queries(
        client, reverse("budgets:execution-claims") + "?period=month", grow=grow, small=2, large=30
    )
    assert_constant_queries(
        client, reverse("budgets:execution") + "?group=category", grow=grow, small=0, large=5
    )


def test_the_home_panel_reads_each_lines_used_figure_kept_on_every_transition(
    budgets_setup, client_for
):
    """The remaining-budget panel reads BudgetLine.used: submitted counts, rejected and
    returned no longer do, approved and paid still do — always equal to the claims' sum."""
    from approvals.services import approval_decide, approval_for
    from budgets.models import BudgetLine
    from budgets.services import budget_line_used_refresh, claim_mark_paid
    from tests.factories import approver_for

    org = budgets_setup
    line = approved_line(region=org.north, amount="1000")
    first = claim_with(org.north_rep, ["250"])
    second = claim_with(org.north_rep2, ["300"])
    submit(first)
    submit(second)
    line.refresh_from_db()
    assert line.used == Decimal("550")
    body = client_for(org.north_rep).get("/").content.decode()
    assert 'data-testid="remaining">450.00<' in body

    def decide_(claim, decision):
        request = approval_for(claim)
        approval_decide(
            request=request, actor=approver_for(request), decision=decision, reason="No receipt"
        )

    decide_(second, "reject")
    line.refresh_from_db()
    assert line.used == Decimal("250")
    decide_(first, "return")
    line.refresh_from_db()
    assert line.used == Decimal("0")
    submit(first)
    decide_(first, "approve")
    first.refresh_from_db()
    claim_mark_paid(claim=first, actor=org.finance)
    line.refresh_from_db()
    assert line.used == Decimal("250")
    # A figure written around the services is put right by the nightly refresh.
    BudgetLine.objects.filter(pk=line.pk).update(used=Decimal("999"))
    budget_line_used_refresh(year=line.budget.year)
    line.refresh_from_db()
    assert line.used == Decimal("250")
    assert 'data-testid="remaining">750.00<' in client_for(org.north_rep).get("/").content.decode()
