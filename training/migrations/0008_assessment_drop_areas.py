"""The former five areas' columns, now mapped onto competences (0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0007_assessment_scores"),
    ]

    operations = [
        migrations.RemoveField(model_name="skillassessment", name="browsing"),
        migrations.RemoveField(model_name="skillassessment", name="device_handling"),
        migrations.RemoveField(model_name="skillassessment", name="messaging"),
        migrations.RemoveField(model_name="skillassessment", name="procedures"),
        migrations.RemoveField(model_name="skillassessment", name="security"),
    ]
