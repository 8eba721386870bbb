"""Customer classification (SPEC §6): weighted criteria on two axes, a customer's scores per
year and the class they give (see services.customer_classify), and the grid's pre-counted cells
(ScoreCell, rebuilt by services.score_cells_rebuild)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import bounds

from .archive import Customer, CustomerClass


class Axis(models.TextChoices):
    ATTRACTIVENESS = "attractiveness", _("Attractiveness")
    LIKELIHOOD = "likelihood", _("Likelihood of winning")


class ClassificationCriterion(models.Model):
    """A scoring criterion on one axis with its weight; an administrator edits the list."""

    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=bounds.range_validators(0, bounds.WEIGHT_MAX),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["axis", "order", "pk"]
        verbose_name = _("classification criterion")
        verbose_name_plural = _("classification criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            bounds.check("criterion_weight_bounded", "weight", 0, bounds.WEIGHT_MAX),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from core.i18n import name_in_language

        return name_in_language(self.name, self.name_en)


class CustomerScore(models.Model):
    """A customer's classification for one year: the two axis scores (0–100) and the class.
    One row per customer per year, so the yearly history is kept."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    attractiveness = models.DecimalField(_("attractiveness"), max_digits=5, decimal_places=1)
    likelihood = models.DecimalField(_("likelihood of winning"), max_digits=5, decimal_places=1)
    customer_class = models.CharField(_("class"), max_length=1, choices=CustomerClass.choices)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(fields=["customer", "year"], name="customer_score_year_unique"),
            models.CheckConstraint(
                condition=Q(
                    attractiveness__gte=0,
                    attractiveness__lte=100,
                    likelihood__gte=0,
                    likelihood__lte=100,
                ),
                name="customer_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.year}: {self.customer_class}"


# Points per side of a cell of the classification grid (the scores are on 0–100, so 21 × 21
# cells, the last one holding the scores of exactly 100).
GRID_CELL = 5


class ScoreCell(models.Model):
    """The classification grid pre-counted: per year, region, cell of GRID_CELL × GRID_CELL
    points and class, how many customers are scored there and the smallest of their ids. A
    fact derived from CustomerScore and the customers' regions, never edited: rebuilt by
    services.score_cells_rebuild (on classification, on a customer's region change, nightly),
    so the grid reads at most a few hundred rows per region whatever the number of customers."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    cx = models.PositiveSmallIntegerField(_("likelihood cell"))
    cy = models.PositiveSmallIntegerField(_("attractiveness cell"))
    customer_class = models.CharField(_("class"), max_length=1, choices=CustomerClass.choices)
    n = models.PositiveIntegerField(_("customers"))
    # A plain id, not a foreign key: the row is rebuilt whenever its customers change.
    first_customer_id = models.BigIntegerField(_("first customer"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("classification grid cell")
        verbose_name_plural = _("classification grid cells")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "cx", "cy", "customer_class"],
                name="score_cell_unique",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.year} {self.region_id} ({self.cx}, {self.cy}) {self.customer_class}: {self.n}"
        )


class CriterionScore(models.Model):
    score = models.ForeignKey(CustomerScore, on_delete=models.CASCADE, related_name="values")
    criterion = models.ForeignKey(
        ClassificationCriterion, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score (0–10)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="criterion_score_unique"),
            models.CheckConstraint(condition=Q(value__lte=10), name="criterion_score_max_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
