"""Who sees and who may do what in the customers app (SPEC §3, §6)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access import Action, Policy, visible
from regions.roles import COMPANY_WIDE_ROLES, Role

from .models import (
    Contact,
    Customer,
    CustomerUserObjectPermission,
    DevelopmentProject,
    DevelopmentProjectUserObjectPermission,
    KeyAccountPlan,
    Platform,
    ProjectStage,
    ScoreCell,
    Visit,
)

FRONT_END = {Role.SALES_REP, Role.REGION_MANAGER}
# Reps see every customer and project of their region (SPEC §3: "own region's customers"), so a
# colleague's account is visible when covering for them; their visits are their own. Tech
# support sees what it is assigned to (guardian grants).
READERS = COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN, Role.FINANCE}


def sees_region_customers(user) -> bool:
    """Whether the user sees every customer of their own region (the front end, by the Customer
    policy's see_region) and, outside it, only the customers granted to them one by one: their
    classification grid reads their region's pre-counted cells plus the granted customers."""
    return bool(user.is_authenticated and user.role in FRONT_END and user.region_id)


def customers_granted(user):
    """The ids of the customers opened to this user one by one (guardian grants to view): a
    sub-select on the grant table's user index, for reads that must not scan the customers."""
    return CustomerUserObjectPermission.objects.filter(
        user_id=user.pk, permission__codename="view_customer"
    ).values("content_object_id")


def _through_customer(user, action):
    """A customer's contacts and platforms are seen (and changed) by whoever sees (changes)
    the customer, grants included: one sub-select on the customer's own policy."""
    return Q(customer__in=visible(user, Customer, action=action).values("pk"))


def _through_project(user, action):
    """A project's stages go with the project."""
    return Q(project__in=visible(user, DevelopmentProject, action=action).values("pk"))


POLICIES = {
    Customer: Policy(
        region_field="region",
        owner_fields=("owner",),
        see_all=READERS,
        see_region=FRONT_END,
        change_all={Role.MARKETING_ADMIN},
        change_region=FRONT_END,
        grant_model=CustomerUserObjectPermission,
    ),
    DevelopmentProject: Policy(
        region_field="region",
        owner_fields=("owner",),
        see_all=READERS,
        see_region=FRONT_END,
        change_region={Role.REGION_MANAGER},
        change_own={Role.SALES_REP, Role.TECH_SUPPORT},
        see_own={Role.TECH_SUPPORT},
        grant_model=DevelopmentProjectUserObjectPermission,
    ),
    Contact: Policy(region_field=None, see_all=READERS, extra=_through_customer),
    Platform: Policy(region_field=None, see_all=READERS, extra=_through_customer),
    ProjectStage: Policy(region_field=None, see_all=READERS, extra=_through_project),
    Visit: Policy(
        region_field="region",
        owner_fields=("rep",),
        see_all=COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN},
        see_region={Role.REGION_MANAGER},
        see_own={Role.SALES_REP},
    ),
    # Key-account plans are drafted by the region and read like its customers.
    KeyAccountPlan: Policy(
        region_field="region",
        owner_fields=("author",),
        see_all=READERS,
        see_region=FRONT_END,
        change_all={Role.MARKETING_ADMIN},
        change_region=FRONT_END,
    ),
    # The classification grid's pre-counted cells: an aggregate, read by region (no owners, no
    # grants; a granted customer outside the region is counted from its scores by the selector).
    ScoreCell: Policy(region_field="region", see_all=READERS, see_region=FRONT_END),
}

ACTIONS = [
    Action(
        "customers.customer_create",
        roles=FRONT_END | {Role.MARKETING_ADMIN},
        label=_("Add a customer"),
        refusal=_("Only sales reps, region managers and marketing admin add customers."),
    ),
    Action(
        "customers.customer_change",
        roles=FRONT_END | {Role.MARKETING_ADMIN},
        model=Customer,
        row="change",
        label=_("Change a customer's archive (contacts, platforms, files, surveys)"),
    ),
    # Marketing admin keeps the archive of every region; a rep's or manager's customers are in
    # their own region.
    Action(
        "customers.customer_any_region",
        roles={Role.MARKETING_ADMIN},
        label=_("Place a customer in any region"),
    ),
    # Who can be a customer's or a project's owner (the people offered in forms and filters).
    Action("customers.customer_own", roles=FRONT_END, label=_("Own customers")),
    # Besides the plan's region's people, who may be given a key-account plan's action items.
    Action(
        "customers.plan_action_own",
        roles={Role.TECH_SUPPORT, Role.DIRECTOR, Role.MARKETING_ADMIN},
        label=_("Take on action items of any region's key-account plans"),
    ),
    # Classification is reviewed in the planning process: whoever may change the customer, and
    # the marketing director for every customer.
    Action(
        "customers.customer_classify",
        roles=FRONT_END | {Role.MARKETING_ADMIN, Role.DIRECTOR},
        model=Customer,
        scope=Policy(
            region_field="region",
            see_all={Role.MARKETING_ADMIN, Role.DIRECTOR},
            see_region=FRONT_END,
        ),
        label=_("Classify a customer"),
    ),
    Action(
        "customers.visit_log",
        roles=FRONT_END,
        label=_("Log a visit"),
        refusal=_("Only sales reps and region managers log visits."),
    ),
    # Who reads visit reports (the menu's "Visits"): the front end, marketing admin and the
    # company-wide roles; the rows each sees come from the Visit policy.
    Action(
        "customers.visit_read",
        roles=FRONT_END | {Role.MARKETING_ADMIN} | COMPANY_WIDE_ROLES,
        label=_("Read visit reports"),
    ),
    Action(
        "customers.visit_change",
        roles=FRONT_END,
        model=Visit,
        row="change",
        label=_("Change a visit report"),
        refusal=_("Only the rep who logged this visit can change it."),
    ),
    Action(
        "customers.project_create",
        roles=FRONT_END | {Role.MARKETING_ADMIN},
        label=_("Start a development project"),
    ),
    Action(
        "customers.project_change",
        roles=FRONT_END | {Role.TECH_SUPPORT},
        model=DevelopmentProject,
        row="change",
        label=_("Update a project's stages and status"),
    ),
    Action(
        "customers.plan_create",
        roles=FRONT_END | {Role.MARKETING_ADMIN},
        label=_("Draft a key-account plan"),
    ),
    Action(
        "customers.plan_change",
        roles=FRONT_END | {Role.MARKETING_ADMIN},
        model=KeyAccountPlan,
        row="change",
        label=_("Change a key-account plan"),
    ),
]
