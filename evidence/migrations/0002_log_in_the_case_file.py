"""Exhibits and messages point at the case file's Log (same table), and the link between
exhibits and incidents is now declared by incidents (Incident.exhibits, same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casefile", "0001_initial"),
        ("evidence", "0001_exhibits_and_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="evidence", name="incidents"),
                migrations.AlterField(
                    model_name="evidence",
                    name="log",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exhibits",
                        to="casefile.log",
                    ),
                ),
                migrations.AlterField(
                    model_name="message",
                    name="log",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="casefile.log",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
