from datetime import date

from django.utils import timezone

from brand.models import ImprovementAction, PromotionActivity, PromotionPlan, Status
from tests.hostile import HostileForm, choice, ids, money, number, text
from tests.matrix import COMPANY_WIDE, EVERYONE, FRONT_END, ActionRow, Row, only

from . import factories as f

KEEPERS = {"mktadmin", "director"}


def build(world):
    year = timezone.localdate().year
    world.brand_positioning = f.positioning(year=year, author=world.mktadmin)
    world.brand_draft = f.plan(year=year, author=world.mktadmin)
    world.brand_draft_activity = f.activity(
        world.brand_draft, owner=world.north_rep, supervisor=world.north_manager
    )
    world.brand_approved = f.plan(year=year, author=world.mktadmin, status=Status.APPROVED)
    world.brand_activity = f.activity(
        world.brand_approved, owner=world.north_rep, supervisor=world.north_manager
    )
    world.brand_item = f.toolkit_item(owner=world.mktadmin)
    world.brand_action = ImprovementAction.objects.create(
        year=year, action="加强展会推广", owner=world.mktadmin, due_on=date(year, 12, 31)
    )


ROWS = [
    Row("brand:positioning-list"),
    Row("brand:positioning-create", expect=only(200, *KEEPERS)),
    Row("brand:positioning-detail", kwargs=lambda w: {"pk": w.brand_positioning.pk}),
    Row(
        "brand:positioning-edit",
        kwargs=lambda w: {"pk": w.brand_positioning.pk},
        expect=only(200, *KEEPERS),
    ),
    Row("brand:toolkit-list"),
    Row("brand:toolkit-create", expect=only(200, *KEEPERS)),
    Row(
        "brand:toolkit-version-add",
        kwargs=lambda w: {"pk": w.brand_item.pk},
        expect=only(200, *KEEPERS),
    ),
    Row("brand:toolkit-file", kwargs=lambda w: {"pk": w.brand_item.current_id}),
    Row("brand:plan-list"),
    Row("brand:plan-create", expect=only(200, *KEEPERS)),
    Row("brand:plan-detail", kwargs=lambda w: {"pk": w.brand_draft.pk}),
    # An approved plan's activity: the keepers are told it cannot change (302), others refused.
    Row(
        "brand:activity-delete",
        kwargs=lambda w: {"pk": w.brand_activity.pk},
        method="post",
        expect=only(302, *KEEPERS),
    ),
    Row(
        "brand:activity-results",
        kwargs=lambda w: {"pk": w.brand_activity.pk},
        method="post",
        data=lambda w: {"leads": "3", "attendance": "40", "actual_cost": "9000"},
        expect=only(302, "north_rep", "north_manager", *KEEPERS),
    ),
    Row("brand:evaluation", expect={"tech": 403, "finance": 403}),
    Row(
        "brand:survey-create",
        expect=only(200, "north_rep", "north_manager", "east_manager", "mktadmin"),
    ),
    Row("brand:improvement-create", expect=only(200, *KEEPERS)),
    Row(
        "brand:improvement-done",
        kwargs=lambda w: {"pk": w.brand_action.pk},
        method="post",
        expect=only(302, *KEEPERS),
    ),
]


HOSTILE_FORMS = [
    HostileForm(
        "brand: add an activity to a draft plan",
        persona="mktadmin",
        url=("brand:plan-detail", lambda w: [w.brand_draft.pk, w.brand_approved.pk]),
        fields={
            "kind": choice(["conference", "media_ad", "x"]),
            "title": text(),
            "starts_on": text(),
            "ends_on": text(),
            "owner": ids(lambda w: [w.north_rep.pk, 0]),
            "supervisor": ids(lambda w: [w.north_manager.pk, -1]),
            "expected_effect": text(),
            "budget": money(),
        },
        guard=lambda w: [
            PromotionActivity.objects.filter(plan=w.brand_approved),
            PromotionPlan.objects.filter(pk=w.brand_approved.pk),
        ],
    ),
    HostileForm(
        "brand: record an activity's results",
        persona="north_rep",
        url=("brand:activity-results", lambda w: [w.brand_activity.pk, w.brand_draft_activity.pk]),
        fields={"leads": number(), "attendance": number(), "actual_cost": money(), "note": text()},
        guard=lambda w: PromotionActivity.objects.exclude(pk=w.brand_activity.pk),
    ),
]


ACTIONS = [
    ActionRow("brand.positioning_draft", allowed=KEEPERS),
    ActionRow("brand.toolkit_write", allowed=KEEPERS),
    ActionRow("brand.plan_draft", allowed=KEEPERS),
    ActionRow(
        "brand.activity_results",
        allowed=EVERYONE,
        on=lambda w: w.brand_activity,
        allowed_on={"north_rep", "north_manager"} | KEEPERS,
    ),
    ActionRow("brand.survey_view", allowed=FRONT_END | COMPANY_WIDE | {"mktadmin"}),
    ActionRow("brand.survey_record", allowed=FRONT_END | {"mktadmin"}),
    ActionRow("brand.improvement_write", allowed=KEEPERS),
]
