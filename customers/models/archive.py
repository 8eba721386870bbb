"""The customer archive (SPEC §6): the customer with its contacts, platforms and files, the
choices shared by every customers sub-process, and the name normalisers used for search and
duplicate warnings. Customer is an anchor other apps link to: its name and fields are a contract.
"""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from core import bounds
from regions.models import Region


def search_key(text: str) -> str:
    """Case-, width- and space-insensitive form of a name, for search and duplicate warnings:
    NFKC turns full-width Ｂｅｉｊｉｎｇ and （ ） into their half-width forms."""
    normalised = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in normalised if ch.isalnum())


class CustomerType(models.TextChoices):
    OEM = "oem", _("Vehicle maker (OEM)")
    ENGINE = "engine", _("Engine maker")
    EXHAUST = "exhaust", _("Exhaust-system maker")
    AFTERMARKET = "aftermarket", _("Aftermarket distributor")


class EmissionStandard(models.TextChoices):
    CN5 = "cn5", _("China 5")
    CN6A = "cn6a", _("China 6a")
    CN6B = "cn6b", _("China 6b")
    CN_NR4 = "cn_nr4", _("China non-road 4")
    EURO5 = "euro5", _("Euro 5")
    EURO6 = "euro6", _("Euro 6")
    EURO7 = "euro7", _("Euro 7")


class CustomerClass(models.TextChoices):
    """The 2×2 grid of attractiveness × likelihood of winning (SPEC §6)."""

    A = "A", _("A — attractive, likely to win")
    B = "B", _("B — attractive, hard to win")
    C = "C", _("C — less attractive, likely to win")
    D = "D", _("D — less attractive, hard to win")


KEY_ACCOUNT_CLASSES = (CustomerClass.A, CustomerClass.B)


class Customer(models.Model):
    name = models.CharField(_("legal name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    search_name = models.CharField(max_length=400, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group / parent company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
    )
    customer_type = models.CharField(_("type"), max_length=20, choices=CustomerType.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="customers"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_customers",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    emission_standard = models.CharField(
        _("emission standard targeted"), max_length=20, choices=EmissionStandard.choices, blank=True
    )
    annual_volume = models.PositiveIntegerField(
        _("annual vehicle/engine volume"),
        default=0,
        validators=bounds.range_validators(0, bounds.ANNUAL_VOLUME_MAX),
    )
    catalyst_demand_litres = models.DecimalField(
        _("catalyst demand (L/year)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.LITRES_PER_YEAR_MAX),
    )
    incumbent_supplier = models.CharField(_("incumbent supplier"), max_length=200, blank=True)
    our_share = models.DecimalField(
        _("our share (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=bounds.range_validators(0, bounds.PERCENT_MAX),
    )
    customer_class = models.CharField(
        _("class"), max_length=1, choices=CustomerClass.choices, blank=True, db_index=True
    )
    last_visit_date = models.DateField(_("last visit"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            # Region-scoped lists sorted by name: the rep's and manager's customer list.
            models.Index(fields=["region", "name"], name="customer_region_name_idx"),
            # The same list when the access layer ORs the region with per-object grants (which
            # defeats the index above): walk names in order, filter, stop after one page.
            models.Index(fields=["name", "id"], name="customer_name_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(our_share__gte=0) & Q(our_share__lte=100), name="customer_share_percent"
            ),
            models.CheckConstraint(
                condition=Q(catalyst_demand_litres__gte=0), name="customer_demand_not_negative"
            ),
            bounds.check(
                "customer_demand_bounded",
                "catalyst_demand_litres",
                0,
                bounds.LITRES_PER_YEAR_MAX,
            ),
            bounds.check("customer_volume_bounded", "annual_volume", 0, bounds.ANNUAL_VOLUME_MAX),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(f"{self.name} {self.name_en}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("customers:customer-detail", args=[self.pk])

    @property
    def is_key_account(self) -> bool:
        return self.customer_class in KEY_ACCOUNT_CLASSES


class CustomerUserObjectPermission(UserObjectPermissionBase):
    """Per-customer exceptions (a tech-support engineer assigned to one customer)."""

    content_object = models.ForeignKey(Customer, on_delete=models.CASCADE)


class ContactRole(models.TextChoices):
    """A contact's role in the customer's decision (SPEC §6)."""

    DECISION_MAKER = "decision_maker", _("Key decision maker")
    TECHNICAL = "technical", _("Technical")
    PURCHASING = "purchasing", _("Purchasing")
    QUALITY = "quality", _("Quality")
    OTHER = "other", _("Other")


class Contact(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    decision_role = models.CharField(
        _("role in the decision"),
        max_length=20,
        choices=ContactRole.choices,
        default=ContactRole.OTHER,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


def platform_name_key(name: str) -> str:
    """A platform name compared case-, width- and space-insensitively: "BY-2.0T GDI" and
    "by-2.0t  gdi" are the same platform (punctuation still counts: 1.5L is not 15L)."""
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


class PlatformKind(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle")
    ENGINE = "engine", _("Engine")


class Platform(models.Model):
    """A vehicle or engine platform of the customer: the one list of platforms. Techsupport's
    PlatformInfo (engine, ECU, constraints) points at a row here, one technical record per
    platform; a platform with technical data cannot be deleted (PROTECT on that side)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="platforms"
    )
    name = models.CharField(_("platform"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PlatformKind.choices, default=PlatformKind.VEHICLE
    )
    annual_volume = models.PositiveIntegerField(
        _("annual volume"),
        default=0,
        validators=bounds.range_validators(0, bounds.ANNUAL_VOLUME_MAX),
    )

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        constraints = [
            bounds.check("platform_volume_bounded", "annual_volume", 0, bounds.ANNUAL_VOLUME_MAX),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name_key(self) -> str:
        return platform_name_key(self.name)


class CustomerFile(models.Model):
    """A file in the customer archive; stored under MEDIA_ROOT and served only through the
    access-checked view customers:customer-file."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="customers/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("customer file")
        verbose_name_plural = _("customer files")

    def __str__(self) -> str:
        return self.name
