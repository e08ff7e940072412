"""Abstract bases shared by the domain apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class ActivePeriodQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=day),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day),
        )


class Counter(models.Model):
    """A named number series (document numbers, task codes): one row per series key."""

    key = models.CharField(max_length=200, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dãy số")
        verbose_name_plural = _("dãy số")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"
