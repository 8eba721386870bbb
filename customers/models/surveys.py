"""Customer surveys (SPEC §6): the questions an administrator keeps, a survey of one customer
and its answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds

from .archive import Customer


class SurveyQuestion(models.Model):
    """A question of the customer survey; an administrator edits the list. A scored question is
    answered 1–5; otherwise the answer is text."""

    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    scored = models.BooleanField(_("scored 1–5"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from core.i18n import name_in_language

        return name_in_language(self.text, self.text_en)


class Survey(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="surveys"
    )
    survey_date = models.DateField(_("date"))
    respondent = models.CharField(_("respondent"), max_length=200, blank=True)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    average_score = models.DecimalField(
        _("average score"), max_digits=3, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-survey_date", "-pk"]
        verbose_name = _("customer survey")
        verbose_name_plural = _("customer surveys")

    def __str__(self) -> str:
        return f"{self.customer} · {self.survey_date}"

    def get_absolute_url(self) -> str:
        return reverse("customers:customer-detail", args=[self.customer_id]) + "#surveys"


class SurveyAnswer(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True, **bounds.text(bounds.NOTE_MAX))

    class Meta:
        ordering = ["question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="survey_answer_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score or self.text}"
