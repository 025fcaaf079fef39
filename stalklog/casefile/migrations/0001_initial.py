"""The case file takes over Log and AccessEvent (from incidents) and Share, ShareCode and
ShareCodeAttempt (from stalklog): the models change app, their tables and rows stay as they are."""


import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED = {
    "incidents": ["log", "accessevent"],
    "stalklog": ["share", "sharecode", "sharecodeattempt"],
}


def move_content_types(apps, schema_editor):
    """Keep each moved model's content type (and so its permissions) under its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, models_moved in MOVED.items():
        for model in models_moved:
            if ContentType.objects.filter(app_label="casefile", model=model).exists():
                ContentType.objects.filter(app_label=old_label, model=model).delete()
            else:
                ContentType.objects.filter(app_label=old_label, model=model).update(
                    app_label="casefile"
                )


class Migration(migrations.Migration):

    initial = True

    # The tables exist already: incidents_log and incidents_accessevent (made by incidents),
    # stalklog_share, stalklog_sharecode and stalklog_sharecodeattempt (made by stalklog).
    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('incidents', '0005_incident_is_amended'),
        ('stalklog', '0003_shares_and_sharing_codes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Log',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('initials', models.CharField(help_text='Used in exhibit references, like JS/1.', max_length=4, validators=[django.core.validators.RegexValidator('^[A-Z]{1,4}$', 'Use 1 to 4 capital letters, like JS.')])),
                        ('wrapped_key', models.BinaryField()),
                        ('next_sequence_no', models.PositiveIntegerField(default=1, editable=False)),
                        ('next_exhibit_no', models.PositiveIntegerField(default=1, editable=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('owner', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='log', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'incidents_log',
                    },
                ),
                migrations.CreateModel(
                    name='ShareCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code_hash', models.CharField(max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('expires_at', models.DateTimeField()),
                        ('used_at', models.DateTimeField(blank=True, null=True)),
                        ('caseworker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='share_codes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'stalklog_sharecode',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ShareCodeAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'stalklog_sharecodeattempt',
                    },
                ),
                migrations.CreateModel(
                    name='AccessEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.PositiveIntegerField()),
                        ('at', models.DateTimeField()),
                        ('actor_name', models.CharField(max_length=150)),
                        ('actor_role', models.CharField(max_length=20)),
                        ('action', models.CharField(max_length=30)),
                        ('target', models.CharField(blank=True, max_length=100)),
                        ('detail', models.CharField(blank=True, max_length=200)),
                        ('prev_hash', models.CharField(max_length=64)),
                        ('hash', models.CharField(max_length=64)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_events', to='casefile.log')),
                    ],
                    options={
                        'db_table': 'incidents_accessevent',
                        'ordering': ['-seq'],
                        'constraints': [models.UniqueConstraint(fields=('log', 'seq'), name='event_seq_per_log')],
                    },
                ),
                migrations.CreateModel(
                    name='Share',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('expires_at', models.DateTimeField()),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('caseworker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to=settings.AUTH_USER_MODEL)),
                        ('log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='casefile.log')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='stalklog.organisation')),
                    ],
                    options={
                        'db_table': 'stalklog_share',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['caseworker', 'expires_at'], name='share_caseworker_expiry')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
