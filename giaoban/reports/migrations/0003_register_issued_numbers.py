"""Register the numbers of the documents already issued in the one registry (core.IssuedNumber).

Lives here because reports is the app that knows both kinds of issued documents (conclusion notices and
committee reports). Two documents of a committee and year holding the same number (the race of issue
#11) cannot both be registered: the one issued first (earlier date, then earlier record) keeps the
number; each later one is given the next number after the series' highest, the change is written into
its history with the old number, and the migration prints it, so the secretariat can issue a correction.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

DOCUMENTS = [("meetings", "ConclusionNotice"), ("reports", "CommitteeReport")]
RENUMBERED = "Số {old} trùng với {holder} nên được cấp lại số {new} khi lập sổ số văn bản chung"


def _renumber(apps, document, new: int, reason: str) -> None:
    model = type(document)
    model.objects.filter(pk=document.pk).update(number=new)
    document.number = new
    history = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
    values = {
        field.attname: getattr(document, field.attname)
        for field in history._meta.fields
        if not field.attname.startswith("history_") and hasattr(document, field.attname)
    }
    history.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reason[:100],
        history_user_id=None,
    )


def _register(IssuedNumber, document) -> None:
    IssuedNumber.objects.create(
        committee_id=document.committee_id,
        year=document.year,
        number=document.number,
        date=document.date,
        document_type=document._meta.label_lower,
        document_id=document.pk,
    )


def register_issued_numbers(apps, schema_editor):
    IssuedNumber = apps.get_model("core", "IssuedNumber")
    Counter = apps.get_model("core", "Counter")
    documents = [
        document
        for app_label, name in DOCUMENTS
        for document in apps.get_model(app_label, name).objects.filter(number__isnull=False)
    ]
    for document in documents:
        document.year = document.year or document.date.year
    documents.sort(
        key=lambda d: (d.committee_id, d.year, d.number, d.date or dt.date.max, d.created_at, d.pk)
    )
    holders = {}
    later = []
    for document in documents:
        slot = (document.committee_id, document.year, document.number)
        if slot in holders:
            later.append((document, holders[slot]))
            continue
        holders[slot] = document
        _register(IssuedNumber, document)
    for document, holder in later:
        key = f"documents:{document.committee_id}:{document.year}"
        counter, _ = Counter.objects.get_or_create(key=key)
        highest = max(
            [counter.value]
            + list(
                IssuedNumber.objects.filter(
                    committee_id=document.committee_id, year=document.year
                ).values_list("number", flat=True)
            )
        )
        old, new = document.number, highest + 1
        Counter.objects.filter(pk=counter.pk).update(value=new)
        reason = RENUMBERED.format(old=old, holder=f"{holder._meta.verbose_name} #{holder.pk}", new=new)
        _renumber(apps, document, new, reason)
        _register(IssuedNumber, document)
        print(f"\n  {document._meta.label} #{document.pk} ({document.year}): {reason}")


def forget_issued_numbers(apps, schema_editor):
    apps.get_model("core", "IssuedNumber").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_issued_number"),
        ("meetings", "0001_initial"),
        ("reports", "0002_committee_report_approved_figures"),
    ]

    operations = [migrations.RunPython(register_issued_numbers, forget_issued_numbers)]
