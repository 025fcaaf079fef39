"""Exports take over ExportJob from incidents: the model changes app, its table
(incidents_exportjob) and rows stay as they are."""


import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="export", model="exportjob").exists():
        ContentType.objects.filter(app_label="incidents", model="exportjob").delete()
    else:
        ContentType.objects.filter(app_label="incidents", model="exportjob").update(
            app_label="export"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('casefile', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('incidents', '0005_incident_is_amended'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(choices=[('timeline', 'Timeline (PDF)'), ('bundle', 'Evidence bundle (ZIP)')], max_length=10)),
                        ('options', models.JSONField(default=dict)),
                        ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Being made'), ('ready', 'Ready to download'), ('failed', 'Could not be made'), ('expired', 'Deleted after the time limit')], default='queued', max_length=10)),
                        ('progress_percent', models.PositiveSmallIntegerField(default=0)),
                        ('stage', models.CharField(blank=True, max_length=100)),
                        ('bundle_id', models.CharField(blank=True, max_length=40)),
                        ('blob_name', models.CharField(blank=True, editable=False, max_length=200)),
                        ('size_bytes', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('error', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('expires_at', models.DateTimeField(blank=True, null=True)),
                        ('log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to='casefile.log')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'incidents_exportjob',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['status', 'expires_at'], name='export_job_expiry')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
