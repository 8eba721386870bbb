"""The dashboard's own facts and the stored monthly operations reports (SPEC §12, §13).

`PriceFact` is the monthly roll-up of price realisation (services.price_facts_rollup): the
dashboard and the report read it instead of every quote. `MonthlyReport` keeps every generated
version of a month's report for one scope (the company, or one region); regenerating a month
adds a version and marks it current, the earlier ones stay.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Region

# Sums of many quotes need more digits than one amount.
TOTAL = {"max_digits": 20, "decimal_places": 2}


class PriceFigures(models.Model):
    """The figures of a price realisation fact, summed over its key."""

    quotes = models.PositiveIntegerField(_("quotes"), default=0)
    quantity = models.PositiveBigIntegerField(_("quantity"), default=0)
    realised = models.DecimalField(_("value at realised price"), default=0, **TOTAL)
    list_value = models.DecimalField(_("value at list price"), default=0, **TOTAL)
    floor_value = models.DecimalField(_("value at floor price"), default=0, **TOTAL)
    below_floor = models.PositiveIntegerField(_("quotes below floor"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        abstract = True


class PriceFact(PriceFigures):
    """One cost month × region × owner × customer class × product lifecycle stage: the
    realised quotes (agreed or won) and their value at the realised, list and floor prices.
    The grain does not grow with the data (people, classes and stages are few; products and
    quotes are many), so the dashboard reads a few thousand rows at most."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    lifecycle = models.CharField(_("product lifecycle stage"), max_length=20)
    customer_class = models.CharField(_("customer class"), max_length=1, blank=True)

    class Meta:
        ordering = ["month", "region", "customer_class", "lifecycle"]
        verbose_name = _("price realisation figure")
        verbose_name_plural = _("price realisation figures")
        indexes = [models.Index(fields=["month", "region"], name="pricefact_month_region_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(realised__gte=0) & Q(list_value__gte=0) & Q(floor_value__gte=0),
                name="pricefact_values_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.customer_class} · {self.lifecycle}"


class PriceRegionFact(PriceFigures):
    """PriceFact summed over owners: one cost month × region × customer class × product
    lifecycle stage, written with it by the same roll-up, in the same transaction. The
    dashboard reads it for those who see every quote or a whole region (a few dozen rows a
    month); a rep's own figures come from PriceFact."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    lifecycle = models.CharField(_("product lifecycle stage"), max_length=20)
    customer_class = models.CharField(_("customer class"), max_length=1, blank=True)

    class Meta:
        ordering = ["month", "region", "customer_class", "lifecycle"]
        verbose_name = _("regional price realisation figure")
        verbose_name_plural = _("regional price realisation figures")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "customer_class", "lifecycle"],
                name="priceregionfact_key_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.region_id} · {self.customer_class} · {self.lifecycle}"


class MonthlyReport(models.Model):
    """One version of the monthly operations report for one scope: the company (no region) or
    one region. `data` holds the figures of every section, language-neutral (names in both
    languages); pages, Excel and e-mail render it in the reader's language."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # "company" or "region-<id>": unique per month and version (a NULL region would not be).
    scope_key = models.CharField(max_length=24, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    data = models.JSONField(_("figures"), default=dict)
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-month", "scope_key", "-version"]
        verbose_name = _("monthly operations report")
        verbose_name_plural = _("monthly operations reports")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "scope_key", "version"], name="report_month_scope_version"
            ),
            models.UniqueConstraint(
                fields=["month", "scope_key"],
                condition=Q(is_current=True),
                name="report_one_current",
            ),
        ]

    def __str__(self) -> str:
        scope = str(self.region) if self.region_id else str(_("Company"))
        return f"{self.month:%Y-%m} · {scope} · v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("dashboard:report-detail", args=[self.pk])
