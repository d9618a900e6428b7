"""A person's attendance facts by date: the existence test of one month that each write runs."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0005_journey_indexes"),
        ("tenants", "0003_audit_event"),
    ]

    operations = [
        # The new index (its first two columns serve every query the old one did), then the old one dropped.
        migrations.AddIndex(
            model_name="attendancefact",
            index=models.Index(fields=["structure", "beneficiary_id", "date"], name="attendancefact_person_date"),
        ),
        migrations.RemoveIndex(
            model_name="attendancefact",
            name="network_att_structu_634804_idx",
        ),
    ]
