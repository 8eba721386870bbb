"""A North region manager's queue holding the real document types with a preview: visit
reports, expense claims, quotes below the rep's band and price adjustments — each made through
its app's own services, as a rep makes it."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.apps import apps
from django.utils import timezone

from approvals.services import approval_for

_seq = count(1)


class MixedQueue:
    KINDS = ("visit", "claim", "quote", "adjustment")

    def __init__(self, org):
        from budgets.tests.factories import approved_line, categories, rules
        from customers.tests.factories import make_customer
        from pricing.tests.factories import QUOTE_BANDS, market_month, product, strategy
        from tests.factories import authority

        self.org = org
        self.rep = org.north_rep
        # customers' reference data (the visit rules) as a fresh installation has it
        importlib.import_module("customers.migrations.0003_reference_data").forwards(apps, None)
        categories()
        rules()
        self.budget_line = approved_line(region=org.north, amount="100000", owner=org.north_manager)
        self.product = product()
        market_month(org.finance, products=[self.product])
        strategy(org.director, approver=org.gm)
        authority("pricing.quote", QUOTE_BANDS)
        authority("pricing.adjustment", QUOTE_BANDS)
        self.customer = make_customer(org.north, owner=self.rep, name="北岳汽车集团有限公司")

    def add(self, kind: str):
        """One more document of `kind` waiting for the North manager; returns the document."""
        return getattr(self, f"add_{kind}")()

    def add_mixed(self, n: int) -> list:
        return [self.add(self.KINDS[i % len(self.KINDS)]) for i in range(n)]

    def add_visit(self, **fields):
        from customers.services import visit_create

        n = next(_seq)
        values = {
            "purpose": f"样品跟进 {n}",
            "key_needs": "国六b 法规下的起燃温度要求",
            "next_steps": "提交技术方案",
        }
        values.update(fields)
        return visit_create(
            actor=self.rep,
            customer=self.customer,
            visit_date=timezone.localdate() - timedelta(days=1),
            **values,
        )

    def add_claim(self, amounts=("300", "200"), category="travel"):
        from budgets.tests.factories import claim_with, submit

        claim = claim_with(self.rep, amounts, category=category, title=f"Trip {next(_seq)}")
        submit(claim)
        claim.refresh_from_db()
        return claim

    def add_quote(self, discount="6"):
        from pricing.services import quote_suggest
        from pricing.tests.factories import quote

        _cost, _strategy, suggestion = quote_suggest(customer=self.customer, product=self.product)
        price = (suggestion.list_price * (100 - Decimal(discount)) / 100).quantize(Decimal("0.01"))
        return quote(self.rep, self.product, customer_obj=self.customer, unit_price=price)

    def add_adjustment(self, discount="5"):
        from pricing.services import adjustment_request
        from pricing.tests.factories import quote

        agreed = quote(self.rep, self.product, customer_obj=self.customer)
        price = (agreed.list_price * (100 - Decimal(discount)) / 100).quantize(Decimal("0.01"))
        return adjustment_request(quote=agreed, actor=self.rep, unit_price=price, reason="竞品压价")

    @staticmethod
    def approval(document):
        return approval_for(document)
