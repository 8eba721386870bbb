from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import FRONT_END_ROLES, Role


class Region(models.Model):
    """A sales region (片區). Regions are data: add, rename or merge them in the admin."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        from core.i18n import name_in_language

        return name_in_language(self.name, self.name_en)


class User(AbstractUser):
    """A person in the organisation: one role and, for front-end roles, one region and manager.

    Change role, region or manager through `regions.services.person_assign`, which keeps the
    history in `Assignment`; documents store their own region, so history stays where it was.
    """

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["role", "region"], name="user_role_region_idx")]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in FRONT_END_ROLES and not self.region_id:
            raise ValidationError({"region": _("Sales reps and region managers need a region.")})
        if self.manager_id and self.manager_id == self.pk:
            raise ValidationError({"manager": _("A person cannot be their own manager.")})

    @property
    def position(self) -> str:
        """Role and region as the page header shows them ("Sales rep · North"); empty for an
        administrator without a role."""
        parts = [str(self.get_role_display())] if self.role else []
        if self.region_id:
            parts.append(str(self.region))
        return " · ".join(parts)

    @property
    def is_front_end(self) -> bool:
        return self.role in FRONT_END_ROLES


class Assignment(models.Model):
    """One period in which a person held a role (and region and manager). The open period has
    no end; `person_assign` closes it and opens the next in one transaction."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["person", "-started_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignment history")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_at__isnull=True),
                name="assignment_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"
