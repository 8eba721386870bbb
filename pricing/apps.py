from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PricingConfig(AppConfig):
    name = "pricing"
    verbose_name = _("Pricing")
    role_permissions = {}

    def ready(self) -> None:
        from access import Policy, register
        from approvals.registry import register as register_handler
        from core.home import HomePanel
        from core.home import register as register_panel
        from core.nav import NavItem
        from core.nav import register as register_nav
        from customers.sections import CustomerSection, register_section
        from regions.roles import COMPANY_WIDE_ROLES, Role

        from . import handlers, home
        from .models import (
            CompetitorPrice,
            FormulaVersion,
            MarketUpload,
            MetalPrice,
            PriceAdjustment,
            PricingStrategy,
            Product,
            ProductCost,
            Quote,
            QuoteRevision,
            StandardCost,
        )

        everyone = set(Role)
        for model in (Product, FormulaVersion, MetalPrice, ProductCost, StandardCost):
            register(model, Policy(region_field=None, see_all=everyone))
        register(
            MarketUpload, Policy(region_field=None, see_all=everyone, change_all={Role.FINANCE})
        )
        register(
            PricingStrategy,
            Policy(
                region_field=None,
                see_all=everyone,
                change_all={Role.DIRECTOR, Role.MARKETING_ADMIN},
            ),
        )
        # A rep sees the quotes they own, a region manager their region's, finance, marketing
        # admin and company-wide roles all of them.
        register(
            Quote,
            Policy(
                region_field="region",
                owner_fields=("owner",),
                see_all=COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN},
                see_region={Role.REGION_MANAGER},
                see_own={Role.SALES_REP},
                change_own={Role.SALES_REP, Role.REGION_MANAGER, Role.DIRECTOR},
            ),
        )
        # A quote's price history is seen by whoever sees the quote.
        register(
            QuoteRevision,
            Policy(
                region_field="quote__region",
                owner_fields=("quote__owner",),
                see_all=COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN},
                see_region={Role.REGION_MANAGER},
                see_own={Role.SALES_REP},
            ),
        )
        # Price-adjustment requests: seen like the quote (the requester too).
        register(
            PriceAdjustment,
            Policy(
                region_field="region",
                owner_fields=("quote__owner", "requested_by"),
                see_all=COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN},
                see_region={Role.REGION_MANAGER},
                see_own={Role.SALES_REP},
            ),
        )
        # Competitor intelligence is shared within a region (reps and managers see and add it).
        register(
            CompetitorPrice,
            Policy(
                region_field="region",
                owner_fields=("recorded_by",),
                see_all=COMPANY_WIDE_ROLES | {Role.FINANCE, Role.MARKETING_ADMIN},
                see_region={Role.SALES_REP, Role.REGION_MANAGER},
            ),
        )
        register_handler(handlers.QuoteApproval())
        register_handler(handlers.StrategyApproval())
        register_handler(handlers.AdjustmentApproval())

        sellers = (
            {Role.SALES_REP, Role.REGION_MANAGER}
            | COMPANY_WIDE_ROLES
            | {Role.FINANCE, Role.MARKETING_ADMIN}
        )
        register_nav(
            NavItem("pricing-quotes", _("Quotes"), "pricing:quote-list", order=30, roles=sellers)
        )
        register_nav(
            NavItem(
                "pricing-competitors",
                _("Competitor prices"),
                "pricing:competitor-list",
                order=34,
                roles=sellers,
            )
        )
        register_nav(NavItem("pricing-products", _("Products"), "pricing:product-list", order=31))
        register_nav(
            NavItem(
                "pricing-market",
                _("Metal prices & costs"),
                "pricing:market-list",
                order=32,
                roles=everyone - {Role.TECH_SUPPORT},
            )
        )
        register_nav(
            NavItem(
                "pricing-strategy",
                _("Pricing strategy"),
                "pricing:strategy-list",
                order=33,
                roles=COMPANY_WIDE_ROLES
                | {Role.MARKETING_ADMIN, Role.FINANCE, Role.REGION_MANAGER},
            )
        )
        register_panel(
            HomePanel(
                "pricing-market",
                "pricing/_home_market.html",
                home.market_panel,
                roles={Role.FINANCE} | COMPANY_WIDE_ROLES,
                order=30,
            )
        )
        register_panel(
            HomePanel(
                "pricing-quotes",
                "pricing/_home_quotes.html",
                home.quotes_panel,
                roles={Role.SALES_REP, Role.REGION_MANAGER} | COMPANY_WIDE_ROLES,
                order=31,
            )
        )
        register_section(
            CustomerSection(
                key="pricing-competitors",
                template="pricing/_customer_competitors.html",
                context=home.customer_competitors,
                order=41,
            )
        )
        register_section(
            CustomerSection(
                key="pricing-quotes",
                template="pricing/_customer_quotes.html",
                context=home.customer_quotes,
                order=40,
            )
        )
