from datetime import timedelta

from django.utils import timezone

from information.models import Entry, Frequency, InformationForm, Kind, PlanItem
from tests.hostile import HostileForm, choice, ids, money, text
from tests.matrix import COMPANY_WIDE, EVERYONE, FRONT_END, MANAGERS, ActionRow, Row, only

from . import factories as f

NOT_MINE = {"east_manager": 404, "tech": 404, "finance": 404}
COLLECTORS = FRONT_END | {"tech", "mktadmin"}


def build(world):
    today = timezone.localdate()
    month = today.replace(day=1)
    world.info_news = f.plan_item(kind=Kind.CUSTOMER_NEWS, recipients=[world.director])
    world.info_competitor = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY)
    world.info_event = f.plan_item(kind=Kind.POLICY, frequency=Frequency.ON_EVENT)
    world.info_open = f.form(world.info_news, world.north_rep, start=month, due=today)
    world.info_done = f.form(
        world.info_competitor,
        world.north_rep,
        start=today - timedelta(days=today.weekday()),
        end=today - timedelta(days=today.weekday()) + timedelta(days=6),
        submitted_on=today,
    )
    world.info_east = f.form(world.info_news, world.east_rep, start=month, due=today)
    world.info_entry = f.entry(world.info_done, title="对手降价", competitor="巴斯夫")
    world.info_east_entry = f.entry(world.info_east, title="东区客户新闻")
    world.info_customer = f.customer(world.north, owner=world.north_rep)
    world.info_south_customer = f.customer(
        world.south, name="岭南资讯汽车", owner=world.south_manager
    )
    world.info_digest = f.digest(month=month - timedelta(days=40), by=world.mktadmin)


ROWS = [
    Row("information:form-list", expect={"finance": 403}),
    Row(
        "information:form-detail",
        kwargs=lambda w: {"pk": w.info_done.pk},
        expect=NOT_MINE,
    ),
    Row(
        "information:form-nothing",
        kwargs=lambda w: {"pk": w.info_open.pk},
        method="post",
        expect={**only(403, "x"), "north_rep": 302, **NOT_MINE},
    ),
    # Collectors open an "on event" form (a role the row does not name is told so: 302).
    Row(
        "information:event-report",
        kwargs=lambda w: {"pk": w.info_event.pk},
        method="post",
        default=302,
        expect={"finance": 403, "director": 403, "gm": 403, "exec": 403},
    ),
    Row(
        "information:lateness",
        expect=only(200, "north_manager", "east_manager", "mktadmin", "director", "gm", "exec"),
    ),
    Row("information:plan-list"),
    Row("information:plan-create", expect=only(200, "mktadmin")),
    Row(
        "information:plan-edit",
        kwargs=lambda w: {"pk": w.info_news.pk},
        expect=only(200, "mktadmin"),
    ),
    Row("information:consolidation", expect=only(200, "mktadmin")),
    Row(
        "information:entries-mark",
        method="post",
        data=lambda w: {"entry": [w.info_entry.pk], "mark": "1"},
        expect=only(302, "mktadmin"),
    ),
    Row(
        "information:digest-publish",
        method="post",
        data=lambda w: {"title": "x"},
        expect=only(302, "mktadmin"),
    ),
    Row("information:digest-list"),
    Row("information:digest-detail", kwargs=lambda w: {"pk": w.info_digest.pk}),
    Row("information:digest-excel", kwargs=lambda w: {"pk": w.info_digest.pk}),
    Row("information:search", query="q=巴斯夫", expect={"finance": 403}),
]


HOSTILE_FORMS = [
    HostileForm(
        "information: report a competitor's price in one's own form",
        persona="north_rep",
        url=("information:form-detail", lambda w: [w.info_done.pk, w.info_east.pk]),
        fields={
            "competitor": text(),
            "product": text(),
            "customer": ids(lambda w: [w.info_customer.pk, w.info_south_customer.pk]),
            "price": money(),
            "title": text(),
            "body": text(),
            "source": text(),
        },
        guard=lambda w: [
            Entry.objects.exclude(form=w.info_done),
            InformationForm.objects.exclude(pk=w.info_done.pk),
        ],
    ),
    HostileForm(
        "information: edit the plan",
        persona="mktadmin",
        url=("information:plan-edit", lambda w: [w.info_news.pk]),
        fields={
            "kind": choice([k.value for k in Kind] + ["x"]),
            "title": text(),
            "collector_role": choice(["sales_rep", "tech_support", "boss"]),
            "channel": choice(["visits", "web", "?"]),
            "frequency": choice([f.value for f in Frequency] + ["daily"]),
            "grace_days": text(),
            "consolidator_role": choice(["marketing_admin"]),
            "analyst_role": choice(["marketing_director"]),
            "recipients": ids(lambda w: [w.director.pk, 0, -1]),
        },
        guard=lambda w: PlanItem.objects.exclude(pk=w.info_news.pk),
    ),
    HostileForm(
        "information: publish a digest",
        persona="mktadmin",
        url="information:digest-publish",
        fields={"title": text(), "summary": text(), "month": text()},
        guard=lambda w: Entry.objects.exclude(for_analysis=True),
    ),
]


ACTIONS = [
    ActionRow("information.plan_edit", allowed={"mktadmin"}),
    ActionRow("information.forms_view", allowed=COLLECTORS | COMPANY_WIDE),
    ActionRow(
        "information.form_fill",
        allowed=COLLECTORS,
        on=lambda w: w.info_open,
        allowed_on={"north_rep"},
    ),
    ActionRow("information.event_report", allowed=COLLECTORS),
    ActionRow("information.lateness_view", allowed=MANAGERS | {"mktadmin"} | COMPANY_WIDE),
    ActionRow(
        "information.consolidate",
        allowed={"mktadmin"},
        on=lambda w: w.info_east_entry,
        allowed_on={"mktadmin"},
    ),
    ActionRow("information.search", allowed=EVERYONE - {"finance"}),
]
