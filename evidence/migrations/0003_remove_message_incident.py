"""Which incident a message became is now kept by incidents (Incident.messages, filled from
this column by incidents.0006), so evidence no longer refers to incidents."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_log_in_the_case_file"),
        ("incidents", "0006_log_in_the_case_file_and_links_to_evidence"),
    ]

    operations = [
        migrations.RemoveField(model_name="message", name="incident"),
    ]
