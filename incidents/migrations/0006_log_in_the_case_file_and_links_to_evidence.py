"""Log, AccessEvent and ExportJob have left this app (casefile.0001 and export.0001 took them
over, tables unchanged); incidents now declare their links to exhibits (the existing
evidence_evidence_incidents table) and to the messages they were made from (a new table,
filled from evidence_message.incident_id before evidence.0003 drops that column)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_message_links(apps, schema_editor):
    Message = apps.get_model("evidence", "Message")
    # Through _meta: until evidence.0003, Message.incident still claims `incident.messages`.
    Link = apps.get_model("incidents", "Incident")._meta.get_field("messages").remote_field.through
    rows = Message.objects.filter(incident__isnull=False).values_list("pk", "incident_id")
    Link.objects.bulk_create(
        (Link(message_id=pk, incident_id=incident_id) for pk, incident_id in rows.iterator()),
        batch_size=1000,
    )


def copy_message_links_back(apps, schema_editor):
    Message = apps.get_model("evidence", "Message")
    # Through _meta: until evidence.0003, Message.incident still claims `incident.messages`.
    Link = apps.get_model("incidents", "Incident")._meta.get_field("messages").remote_field.through
    for message_id, incident_id in Link.objects.values_list("message_id", "incident_id"):
        Message.objects.filter(pk=message_id).update(incident_id=incident_id)


def log_fk(related_name):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, related_name=related_name, to="casefile.log"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casefile", "0001_initial"),
        ("evidence", "0002_log_in_the_case_file"),
        ("export", "0001_initial"),
        ("incidents", "0005_incident_is_amended"),
        ("stalklog", "0004_shares_move_to_the_case_file"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("person", "log", log_fk("people")),
                migrations.AlterField("identifier", "log", log_fk("identifiers")),
                migrations.AlterField("order", "log", log_fk("orders")),
                migrations.AlterField("incident", "log", log_fk("incidents")),
                migrations.AlterField("witness", "log", log_fk("witnesses")),
                migrations.AlterField("amendment", "log", log_fk("amendments")),
                migrations.AddField(
                    model_name="incident",
                    name="exhibits",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="evidence_evidence_incidents",
                        related_name="incidents",
                        to="evidence.evidence",
                    ),
                ),
                migrations.DeleteModel(name="AccessEvent"),
                migrations.DeleteModel(name="ExportJob"),
                migrations.DeleteModel(name="Log"),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="incident",
            name="messages",
            field=models.ManyToManyField(
                blank=True, related_name="incidents", to="evidence.message"
            ),
        ),
        migrations.RunPython(copy_message_links, copy_message_links_back),
    ]
