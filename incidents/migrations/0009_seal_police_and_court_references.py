"""Seal the police and court references (issue 17): police force, officer, incident log
number and crime reference on incidents; reference and dates on orders.

Existing rows are sealed with their log's key, then the plaintext columns are dropped.
"""

from datetime import date

from django.db import migrations, models

from stalklog.core.crypto import Sealer, unwrap_key

INCIDENT_FIELDS = ("police_force", "police_officer", "police_log_number", "crime_reference")
ORDER_FIELDS = ("reference", "made_on", "expires_on")


def _as_text(value):
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


def _sealers():
    cache = {}

    def sealer_for(log):
        if log.pk not in cache:
            cache[log.pk] = Sealer(unwrap_key(bytes(log.wrapped_key), str(log.uuid)))
        return cache[log.pk]

    return sealer_for


def _seal_rows(model, label, fields, sealer_for):
    for row in model.objects.select_related("log").iterator(chunk_size=500):
        texts = {name: _as_text(getattr(row, name)) for name in fields}
        if not any(texts.values()):
            continue
        sealer = sealer_for(row.log)
        for name, text in texts.items():
            context = f"{label}.{name}:{row.log.uuid}"
            setattr(row, f"{name}_sealed", sealer.seal(text, context) if text else b"")
        row.save(update_fields=[f"{name}_sealed" for name in fields])


def seal(apps, schema_editor):
    sealer_for = _sealers()
    _seal_rows(apps.get_model("incidents", "Incident"), "incidents.Incident", INCIDENT_FIELDS, sealer_for)
    _seal_rows(apps.get_model("incidents", "Order"), "incidents.Order", ORDER_FIELDS, sealer_for)


def _open_rows(model, label, fields, sealer_for, dates=()):
    for row in model.objects.select_related("log").iterator(chunk_size=500):
        sealed = {name: bytes(getattr(row, f"{name}_sealed") or b"") for name in fields}
        if not any(sealed.values()):
            continue
        sealer = sealer_for(row.log)
        for name, value in sealed.items():
            text = sealer.open(value, f"{label}.{name}:{row.log.uuid}") if value else ""
            if name in dates:
                text = date.fromisoformat(text) if text else None
            setattr(row, name, text)
        row.save(update_fields=list(fields))


def unseal(apps, schema_editor):
    sealer_for = _sealers()
    _open_rows(apps.get_model("incidents", "Incident"), "incidents.Incident", INCIDENT_FIELDS, sealer_for)
    _open_rows(
        apps.get_model("incidents", "Order"), "incidents.Order", ORDER_FIELDS, sealer_for,
        dates=("made_on", "expires_on"),
    )


def _sealed():
    return models.BinaryField(default=b"", editable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0008_incident_quick_flags"),
        ("casefile", "0001_initial"),
    ]

    operations = [
        *[migrations.AddField("incident", f"{name}_sealed", _sealed()) for name in INCIDENT_FIELDS],
        *[migrations.AddField("order", f"{name}_sealed", _sealed()) for name in ORDER_FIELDS],
        migrations.RunPython(seal, unseal),
        *[migrations.RemoveField("incident", name) for name in INCIDENT_FIELDS],
        *[migrations.RemoveField("order", name) for name in ORDER_FIELDS],
    ]
