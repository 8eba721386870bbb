from customers.models import Platform
from techsupport.models import PlatformInfo, RequestState, StageDeliverable, SupportRequest
from tests.hostile import HostileForm, choice, ids, text
from tests.matrix import COMPANY_WIDE, EVERYONE, FRONT_END, MANAGERS, ActionRow, Row, only

from . import factories as f

NOT_MINE = {"east_manager": 404, "finance": 404}


def build(world):
    world.ts_north_customer = f.customer(world.north, name="北岳汽车", owner=world.north_rep)
    world.ts_north_project = f.project(world.ts_north_customer, owner=world.north_rep)
    world.ts_new = f.support_request(world.ts_north_customer, requester=world.north_rep)
    world.ts_to_accept = f.support_request(world.ts_north_customer, requester=world.north_rep)
    world.ts_to_deliver = f.support_request(
        world.ts_north_customer,
        requester=world.north_rep,
        state=RequestState.ACCEPTED,
        assignee=world.tech,
    )
    world.ts_to_rate = f.support_request(
        world.ts_north_customer,
        requester=world.north_rep,
        state=RequestState.DELIVERED,
        assignee=world.tech,
    )
    world.ts_file = f.request_file(world.ts_new, by=world.north_rep)
    world.ts_platform = f.platform(world.ts_north_customer)
    world.ts_deliverable = f.deliverable(world.ts_north_project, by=world.north_rep)
    world.ts_library = f.library_item(by=world.tech)
    world.ts_free_platform = f.archive_platform(world.ts_north_customer, name="北岳 1.5T")
    # Another region's rows for the hostile forms (South: no persona of the matrix works there).
    world.ts_south_customer = f.customer(
        world.south, name="岭南矩阵汽车", owner=world.south_manager
    )
    world.ts_south_platform = f.archive_platform(world.ts_south_customer, name="LN-2.8L")
    world.ts_south_deliverable = f.deliverable(
        f.project(world.ts_south_customer, owner=world.south_manager),
        by=world.south_manager,
        with_file=False,
    )
    world.ts_to_reassign = f.support_request(
        world.ts_north_customer,
        requester=world.north_rep,
        state=RequestState.ACCEPTED,
        assignee=world.tech,
    )


ROWS = [
    Row("techsupport:queue", expect=only(200, "tech", "mktadmin", "director", "gm", "exec")),
    Row("techsupport:request-list"),
    Row(
        "techsupport:ratings",
        expect=only(
            200, "tech", "mktadmin", "director", "gm", "exec", "north_manager", "east_manager"
        ),
    ),
    Row(
        "techsupport:request-create", expect=only(200, "north_rep", "north_manager", "east_manager")
    ),
    Row("techsupport:request-detail", kwargs=lambda w: {"pk": w.ts_new.pk}, expect=NOT_MINE),
    Row("techsupport:request-file", kwargs=lambda w: {"pk": w.ts_file.pk}, expect=NOT_MINE),
    Row(
        "techsupport:request-accept",
        kwargs=lambda w: {"pk": w.ts_to_accept.pk},
        method="post",
        data=lambda w: {"assignee": w.tech.pk},
        expect={**only(403, "x"), "tech": 302, **NOT_MINE},
    ),
    Row(
        "techsupport:request-reassign",
        kwargs=lambda w: {"pk": w.ts_to_reassign.pk},
        method="post",
        data=lambda w: {"assignee": w.tech2.pk},
        expect={**only(403, "x"), "tech": 302, **NOT_MINE},
    ),
    Row(
        "techsupport:request-deliver",
        kwargs=lambda w: {"pk": w.ts_to_deliver.pk},
        method="post",
        data=lambda w: {"notes": "Report sent"},
        expect={**only(403, "x"), "tech": 302, **NOT_MINE},
    ),
    Row(
        "techsupport:request-rate",
        kwargs=lambda w: {"pk": w.ts_to_rate.pk},
        method="post",
        data=lambda w: {"rating": "5"},
        expect={**only(403, "x"), "north_rep": 302, **NOT_MINE},
    ),
    Row("techsupport:platform-list"),
    Row(
        "techsupport:platform-create",
        expect=only(200, "north_rep", "north_manager", "east_manager", "tech", "mktadmin"),
    ),
    Row(
        "techsupport:platform-edit",
        kwargs=lambda w: {"pk": w.ts_platform.pk},
        expect={"east_manager": 404, "finance": 404, "director": 403, "gm": 403, "exec": 403},
    ),
    Row("techsupport:library-list"),
    Row("techsupport:library-create", expect=only(200, "tech", "mktadmin")),
    Row(
        "techsupport:library-edit",
        kwargs=lambda w: {"pk": w.ts_library.pk},
        expect=only(200, "tech", "mktadmin"),
    ),
    Row("techsupport:library-file", kwargs=lambda w: {"pk": w.ts_library.pk}),
    Row(
        "techsupport:project-deliverables",
        kwargs=lambda w: {"pk": w.ts_north_project.pk},
        expect={"east_manager": 404, "tech": 404},
    ),
    # The person who recorded it (north_rep) and tech support correct a deliverable.
    Row(
        "techsupport:deliverable-edit",
        kwargs=lambda w: {"pk": w.ts_deliverable.pk},
        expect={**only(200, "north_rep", "tech"), **NOT_MINE},
    ),
    Row(
        "techsupport:deliverable-file",
        kwargs=lambda w: {"pk": w.ts_deliverable.pk},
        expect=NOT_MINE,
    ),
]


HOSTILE_FORMS = [
    HostileForm(
        "techsupport: record technical data, picking or typing a platform",
        persona="north_rep",
        url="techsupport:platform-create",
        fields={
            "customer_id": ids(lambda w: [w.ts_north_customer.pk, w.ts_south_customer.pk]),
            "platform": ids(
                lambda w: [w.ts_free_platform.pk, w.ts_south_platform.pk, w.ts_platform.platform_id]
            ),
            "new_platform_name": text(),
            "new_platform_kind": choice(["vehicle", "engine"]),
            "engine_model": text(),
            "displacement_litres": text(),
            "emission_standard": choice(["cn6b", "euro6"]),
            "constraints": text(),
        },
        guard=lambda w: [
            Platform.objects.exclude(customer=w.ts_north_customer),
            PlatformInfo.objects.exclude(platform__customer=w.ts_north_customer),
        ],
    ),
    HostileForm(
        "techsupport: reassign a request",
        persona="tech",
        url=(
            "techsupport:request-reassign",
            lambda w: [w.ts_to_reassign.pk, w.ts_to_rate.pk, w.ts_new.pk],
        ),
        fields={
            "assignee": ids(lambda w: [w.tech2.pk, w.north_rep.pk, w.tech.pk]),
            "reason": text(),
        },
        guard=lambda w: SupportRequest.objects.exclude(pk=w.ts_to_reassign.pk),
    ),
    HostileForm(
        "techsupport: edit a deliverable someone else recorded",
        persona="north_rep2",
        url=("techsupport:deliverable-edit", lambda w: [w.ts_deliverable.pk]),
        fields={"title": text(), "delivered_on": text(), "note": text()},
        guard=lambda w: StageDeliverable.objects.all(),
    ),
    HostileForm(
        "techsupport: edit one's own deliverable",
        persona="north_rep",
        url=(
            "techsupport:deliverable-edit",
            lambda w: [w.ts_deliverable.pk, w.ts_south_deliverable.pk],
        ),
        fields={"title": text(), "delivered_on": text(), "note": text()},
        guard=lambda w: StageDeliverable.objects.exclude(pk=w.ts_deliverable.pk),
    ),
]


ACTIONS = [
    ActionRow("techsupport.request_create", allowed=FRONT_END),
    ActionRow("techsupport.request_accept", allowed={"tech"}),
    ActionRow("techsupport.queue_view", allowed=COMPANY_WIDE | {"tech", "mktadmin"}),
    ActionRow("techsupport.requests_view", allowed=EVERYONE - {"finance", "tech"}),
    ActionRow("techsupport.ratings_view", allowed=COMPANY_WIDE | {"tech", "mktadmin"} | MANAGERS),
    ActionRow("techsupport.platform_info_view", allowed=EVERYONE - {"finance"}),
    # Reps and managers record their own region's customers' data; tech support and marketing
    # admin any customer's they see (tech support sees a customer once assigned to it).
    ActionRow(
        "techsupport.platform_info_record",
        allowed=FRONT_END | {"tech", "mktadmin"},
        on=lambda w: w.ts_north_customer,
        allowed_on={"north_rep", "north_manager", "mktadmin"},
    ),
    ActionRow(
        "techsupport.platform_info_change",
        allowed=FRONT_END | {"tech", "mktadmin"},
        on=lambda w: w.ts_platform,
        allowed_on={"north_rep", "north_manager", "tech", "mktadmin"},
    ),
    ActionRow("techsupport.deliverable_record", allowed=FRONT_END | {"tech", "mktadmin"}),
    ActionRow(
        "techsupport.deliverable_change",
        allowed=FRONT_END | {"tech", "mktadmin"},
        on=lambda w: w.ts_deliverable,
        allowed_on={"north_rep", "tech"},
    ),
    ActionRow("techsupport.library_write", allowed={"tech", "mktadmin"}),
]
