from tests.hostile import HostileForm, text
from tests.matrix import COMPANY_WIDE, ActionRow, Row, only

READERS = COMPANY_WIDE | {"north_rep", "north_manager", "east_manager"}
REPORT_READERS = COMPANY_WIDE | {"north_manager", "east_manager"}


def build(world):
    from datetime import date

    from dashboard.models import MonthlyReport
    from dashboard.services import report_generate

    report_generate(month=date(2026, 1, 1), notify=False)
    world.company_report = MonthlyReport.objects.get(month=date(2026, 1, 1), region=None)
    world.north_report = MonthlyReport.objects.get(month=date(2026, 1, 1), region=world.north)


def _north_report():
    visible = REPORT_READERS - {"east_manager"}
    return only(200, *visible, otherwise=403) | {"east_manager": 404}


ROWS = [
    Row("dashboard:index", expect=only(200, *READERS)),
    Row("dashboard:sales-lines", expect=only(200, *READERS)),
    Row("dashboard:budget-lines", expect=only(200, *READERS)),
    Row("dashboard:price-quotes", expect=only(200, *READERS)),
    Row("dashboard:report-list", expect=only(200, *REPORT_READERS)),
    Row("dashboard:report-generate", default=405),
    Row(
        "dashboard:report-detail",
        kwargs=lambda w: {"pk": w.north_report.pk},
        expect=_north_report(),
    ),
    Row(
        "dashboard:report-print",
        kwargs=lambda w: {"pk": w.north_report.pk},
        expect=_north_report(),
    ),
    Row(
        "dashboard:report-excel",
        kwargs=lambda w: {"pk": w.north_report.pk},
        expect=_north_report(),
    ),
]

HOSTILE_FORMS = [
    HostileForm(
        "dashboard: generate the monthly report again",
        persona="director",
        url="dashboard:report-generate",
        fields={"month": text()},
        mass_assignment=False,
    ),
]

ACTIONS = [
    ActionRow("dashboard.view", allowed=READERS),
    ActionRow("dashboard.report_view", allowed=REPORT_READERS),
    ActionRow(
        "dashboard.report_receive", allowed={"director", "gm", "north_manager", "east_manager"}
    ),
    ActionRow("dashboard.report_generate", allowed={"director"}),
]
