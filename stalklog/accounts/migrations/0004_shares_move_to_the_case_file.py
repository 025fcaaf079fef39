"""Share, ShareCode and ShareCodeAttempt now belong to the case file (casefile.0001 took them
over): they leave this app's state only; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stalklog", "0003_shares_and_sharing_codes"),
        ("casefile", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Share"),
                migrations.DeleteModel(name="ShareCode"),
                migrations.DeleteModel(name="ShareCodeAttempt"),
            ],
            database_operations=[],
        ),
    ]
