from techsupport.models import RequestState
from tests.matrix import Row, only

from . import factories as f

NOT_MINE = {"east_manager": 404, "finance": 404}


def build(world):
    world.ts_north_customer = f.customer(world.north, name="北岳汽车", owner=world.north_rep)
    world.ts_north_project = f.project(world.ts_north_customer, owner=world.north_rep)
    world.ts_new = f.support_request(world.ts_north_customer, requester=world.north_rep)
    world.ts_to_accept = f.support_request(world.ts_north_customer, requester=world.north_rep)
    world.ts_to_deliver = f.support_request(
        world.ts_north_customer, requester=world.north_rep, state=RequestState.ACCEPTED, assignee=world.tech
    )
    world.ts_to_rate = f.support_request(
        world.ts_north_customer, requester=world.north_rep, state=RequestState.DELIVERED, assignee=world.tech
    )
    world.ts_file = f.request_file(world.ts_new, by=world.north_rep)
    world.ts_platform = f.platform(world.ts_north_customer)
    world.ts_deliverable = f.deliverable(world.ts_north_project, by=world.north_rep)
    world.ts_library = f.library_item(by=world.tech)


ROWS = [
    Row("techsupport:queue", expect=only(200, "tech", "mktadmin", "director", "gm", "exec")),
    Row("techsupport:request-list"),
    Row("techsupport:ratings", expect=only(200, "tech", "mktadmin", "director", "gm", "exec", "north_manager",
                                           "east_manager")),
    Row("techsupport:request-create", expect=only(200, "north_rep", "north_manager", "east_manager")),
    Row("techsupport:request-detail", kwargs=lambda w: {"pk": w.ts_new.pk}, expect=NOT_MINE),
    Row("techsupport:request-file", kwargs=lambda w: {"pk": w.ts_file.pk}, expect=NOT_MINE),
    Row("techsupport:request-accept", kwargs=lambda w: {"pk": w.ts_to_accept.pk}, method="post",
        data=lambda w: {"assignee": w.tech.pk}, expect={**only(403, "x"), "tech": 302, **NOT_MINE}),
    Row("techsupport:request-deliver", kwargs=lambda w: {"pk": w.ts_to_deliver.pk}, method="post",
        data=lambda w: {"notes": "Report sent"}, expect={**only(403, "x"), "tech": 302, **NOT_MINE}),
    Row("techsupport:request-rate", kwargs=lambda w: {"pk": w.ts_to_rate.pk}, method="post",
        data=lambda w: {"rating": "5"}, expect={**only(403, "x"), "north_rep": 302, **NOT_MINE}),
    Row("techsupport:platform-list"),
    Row("techsupport:platform-create",
        expect=only(200, "north_rep", "north_manager", "east_manager", "tech", "mktadmin")),
    Row("techsupport:platform-edit", kwargs=lambda w: {"pk": w.ts_platform.pk},
        expect={"east_manager": 404, "finance": 404, "director": 403, "gm": 403, "exec": 403}),
    Row("techsupport:library-list"),
    Row("techsupport:library-create", expect=only(200, "tech", "mktadmin")),
    Row("techsupport:library-edit", kwargs=lambda w: {"pk": w.ts_library.pk}, expect=only(200, "tech", "mktadmin")),
    Row("techsupport:library-file", kwargs=lambda w: {"pk": w.ts_library.pk}),
    Row("techsupport:project-deliverables", kwargs=lambda w: {"pk": w.ts_north_project.pk},
        expect={"east_manager": 404, "tech": 404}),
    Row("techsupport:deliverable-file", kwargs=lambda w: {"pk": w.ts_deliverable.pk}, expect=NOT_MINE),
]
