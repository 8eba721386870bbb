"""The pricing documents that go through the approval mechanism."""

from django.db.models import F  # noqa: F401
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.registry import ApprovalHandler
from approvals.titles import in_each_language, title_parts

from .models import AdjustmentStatus, PriceAdjustment, PricingStrategy, Quote, QuoteStatus


class QuoteApproval(ApprovalHandler):
    """A quote priced below the maker's authority band. The amount the authority table reads is
    the discount below list price, in percent."""

    key = "pricing.quote"
    label = _("Quote below authority band")
    model = Quote

    def region(self, document):
        return document.region

    def amount(self, document):
        return document.discount_percent

    titles = {
        "quote": _("Quote %(number)s · %(customer)s · %(product)s · %(discount)s%% below list")
    }

    def title_parts(self, document):
        return title_parts(
            "quote",
            number=document.number,
            customer=in_each_language(document.customer),
            product=document.product.code,
            discount=document.discount_percent,
        )

    def submitter(self, document):
        return document.owner

    def on_submit(self, document, actor):
        Quote.objects.filter(pk=document.pk).update(status=QuoteStatus.PENDING)

    def on_approve(self, document, actor):
        Quote.objects.filter(pk=document.pk).update(status=QuoteStatus.AGREED)

    def on_reject(self, document, actor):
        Quote.objects.filter(pk=document.pk).update(status=QuoteStatus.REJECTED)

    def on_return(self, document, actor):
        Quote.objects.filter(pk=document.pk).update(status=QuoteStatus.DRAFT)


class StrategyApproval(ApprovalHandler):
    key = "pricing.strategy"
    label = _("Pricing strategy")
    model = PricingStrategy

    def region(self, document):
        return None

    def submitter(self, document):
        return document.created_by

    def on_approve(self, document, actor):
        PricingStrategy.objects.filter(pk=document.pk).update(approved_at=timezone.now())


class AdjustmentApproval(ApprovalHandler):
    """A request to change an agreed or won quote's price (调价申请), beyond the requester's band.
    The amount is the discount below the quote's list price, in percent, as for quotes."""

    key = "pricing.adjustment"
    label = _("Price adjustment")
    model = PriceAdjustment

    def region(self, document):
        return document.region

    def amount(self, document):
        return document.discount_percent

    titles = {
        "adjustment": _(
            "Price adjustment %(number)s · %(customer)s · %(old)s → %(new)s CNY · "
            "%(discount)s%% below list"
        )
    }

    def title_parts(self, document):
        quote = document.quote
        return title_parts(
            "adjustment",
            number=quote.number,
            customer=in_each_language(quote.customer),
            old=document.old_unit_price,
            new=document.new_unit_price,
            discount=document.discount_percent,
        )

    def submitter(self, document):
        return document.requested_by

    def on_submit(self, document, actor):
        from .services import adjustment_resubmit_check

        adjustment_resubmit_check(adjustment=document)

    def on_approve(self, document, actor):
        from .services import adjustment_apply

        adjustment_apply(adjustment=document, actor=actor)

    def on_reject(self, document, actor):
        from .services import adjustment_close

        adjustment_close(adjustment=document, status=AdjustmentStatus.REJECTED)

    def on_return(self, document, actor):
        from .services import adjustment_close

        adjustment_close(adjustment=document, status=AdjustmentStatus.RETURNED)
