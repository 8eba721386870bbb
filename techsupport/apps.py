from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechsupportConfig(AppConfig):
    name = "techsupport"
    verbose_name = _("Technical support")

    def ready(self) -> None:
        from access import Policy, register
        from core import home, nav
        from customers.sections import (
            RowColumn,
            TimelineSource,
            register_platform_column,
            register_stage_column,
            register_timeline,
        )
        from regions.roles import COMPANY_WIDE_ROLES, Role

        from . import selectors
        from .models import LibraryItem, PlatformInfo, StageDeliverable, SupportRequest

        # Technical information and stage deliverables are the technical archive: tech support
        # and the company-wide readers see all of it (SPEC §3 "all tech archives"), the regions
        # their own region's.
        archive_readers = COMPANY_WIDE_ROLES | {Role.MARKETING_ADMIN, Role.TECH_SUPPORT}
        register(
            PlatformInfo,
            Policy(
                region_field="region",
                see_all=archive_readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
                change_all={Role.TECH_SUPPORT, Role.MARKETING_ADMIN},
                change_region={Role.SALES_REP, Role.REGION_MANAGER},
            ),
        )
        # A deliverable is corrected by the person who recorded it, or by tech support.
        register(
            StageDeliverable,
            Policy(
                region_field="region",
                owner_fields=("recorded_by",),
                see_all=archive_readers,
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
                change_all={Role.TECH_SUPPORT},
                change_own={
                    Role.SALES_REP,
                    Role.REGION_MANAGER,
                    Role.MARKETING_ADMIN,
                    Role.TECH_SUPPORT,
                },
            ),
        )
        # Tech support pulls from one company-wide pool of requests; a rep sees the requests
        # they made, a region manager the region's.
        register(
            SupportRequest,
            Policy(
                region_field="region",
                owner_fields=("requester", "assignee"),
                see_all=archive_readers,
                see_region={Role.REGION_MANAGER},
                see_own={Role.SALES_REP},
            ),
        )

        # The technical library is read by everyone and kept by tech support and marketing admin.
        register(
            LibraryItem,
            Policy(
                region_field=None,
                see_all=set(Role),
                change_all={Role.TECH_SUPPORT, Role.MARKETING_ADMIN},
            ),
        )

        nav.register(
            nav.NavItem(
                "techsupport-queue",
                _("Tech support queue"),
                "techsupport:queue",
                order=40,
                roles={Role.TECH_SUPPORT},
                badge=selectors.support_queue_badge,
            )
        )
        nav.register(
            nav.NavItem(
                "techsupport-requests",
                _("Support requests"),
                "techsupport:request-list",
                order=41,
                roles=set(Role) - {Role.FINANCE, Role.TECH_SUPPORT},
                badge=selectors.support_awaiting_rating_badge,
            )
        )
        nav.register(
            nav.NavItem(
                "techsupport-platforms",
                _("Platform tech info"),
                "techsupport:platform-list",
                order=42,
                roles=set(Role) - {Role.FINANCE},
            )
        )
        nav.register(
            nav.NavItem(
                "techsupport-library", _("Technical library"), "techsupport:library-list", order=43
            )
        )
        home.register(
            home.HomePanel(
                "techsupport-queue",
                "techsupport/_home_queue.html",
                selectors.support_queue_counts,
                roles={Role.TECH_SUPPORT},
                order=30,
            )
        )
        home.register(
            home.HomePanel(
                "techsupport-to-rate",
                "techsupport/_home_to_rate.html",
                selectors.support_home_to_rate,
                roles={Role.SALES_REP, Role.REGION_MANAGER},
                order=31,
            )
        )
        # Each customer platform is shown once, with its technical data beside it; each project
        # stage shows the deliverables recorded for it beside the ones it expects.
        register_platform_column(
            RowColumn(
                key="techsupport-platform-info",
                label=_("Technical data"),
                template="techsupport/_platform_info_cell.html",
                footer="techsupport/_platform_info_footer.html",
                values=selectors.customer_platform_column,
                order=30,
            )
        )
        register_stage_column(
            RowColumn(
                key="techsupport-deliverables",
                label=_("Delivered"),
                template="techsupport/_stage_deliverables_cell.html",
                footer="techsupport/_stage_deliverables_footer.html",
                values=selectors.project_stage_column,
                order=30,
            )
        )
        register_timeline(
            TimelineSource(key="techsupport-deliverables", entries=selectors.deliverable_timeline)
        )
        register_timeline(
            TimelineSource(key="techsupport-requests", entries=selectors.request_timeline)
        )
