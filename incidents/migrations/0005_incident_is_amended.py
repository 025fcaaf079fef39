from django.db import migrations, models


def mark_amended(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Amendment = apps.get_model("incidents", "Amendment")
    amended = Amendment.objects.values("incident_id")
    Incident.objects.filter(pk__in=amended).update(is_amended=True)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_export_jobs")]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="is_amended",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_amended, migrations.RunPython.noop),
    ]
