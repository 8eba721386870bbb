"""The pricing documents that go through the approval mechanism."""

from django.db.models import F  # noqa: F401
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.registry import ApprovalHandler

from .models import PricingStrategy, Quote, QuoteStatus


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

    def title(self, document):
        return f"{document.number} · {document.customer} · {document.product.code} · -{document.discount_percent}%"

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
