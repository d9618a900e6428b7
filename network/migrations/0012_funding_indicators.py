"""A programme's budget, report notes and age bands; its funders as rows (network.Funding), moved from the
JSON ``funders`` ([{"name", "share"}]); indicators recorded by hand; targets on shares and practices."""

from decimal import Decimal

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


def funders_to_fundings(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Programme = apps.get_model("network", "Programme")
    Funding = apps.get_model("network", "Funding")
    rows = []
    for programme in Programme.objects.order_by("pk"):
        for funder in programme.funders or []:
            name = str(funder.get("name") or "").strip() if isinstance(funder, dict) else str(funder).strip()
            if not name:
                continue
            share = funder.get("share") if isinstance(funder, dict) else None
            share = Decimal(str(share)) if share not in (None, "") else None
            rows.append(Funding(programme=programme, funder=name[:200], kind="autre", share=share))
    Funding.objects.bulk_create(rows)
    # The rows' foreign-key checks now, not at commit: the next operation alters the programmes' table.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def fundings_to_funders(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Programme = apps.get_model("network", "Programme")
    for programme in Programme.objects.prefetch_related("fundings"):
        programme.funders = [
            {"name": f.funder, "share": None if f.share is None else float(f.share)} for f in programme.fundings.all()
        ]
        programme.save(update_fields=["funders"])
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0011_programme_competences'),
        ('tenants', '0003_audit_event'),
    ]

    operations = [
        migrations.AddField(
            model_name='programme',
            name='age_bands',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.PositiveSmallIntegerField(), blank=True, default=list, size=None, verbose_name='age bands'),
        ),
        migrations.AddField(
            model_name='programme',
            name='budget',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='budget (€)'),
        ),
        migrations.AddField(
            model_name='programme',
            name='report_notes',
            field=models.TextField(blank=True, help_text="Shown on the funder report, e.g. where a source's figures are inconsistent.", verbose_name='notes on the figures'),
        ),
        migrations.AlterField(
            model_name='target',
            name='indicator',
            field=models.CharField(choices=[('people', 'People accompanied'), ('people_in_courses', 'People in courses'), ('sessions', 'Sessions (workshops, drop-ins, courses)'), ('workshops', 'Workshops and drop-ins'), ('courses', 'Courses'), ('referents_trained', 'Referents trained'), ('hours', 'Hours delivered'), ('autonomous_share', 'Share autonomous at exit'), ('qpv_share', 'Share living in a priority neighbourhood (QPV)'), ('women_share', 'Share of women'), ('completion_rate', 'Completion rate of the courses'), ('referred', 'People referred by a partner'), ('exits', 'Exits from the scheme'), ('people_followed', 'People followed (with a record)'), ('people_equipped', 'People equipped'), ('devices', 'Devices given or lent'), ('subsidies', 'Connection subsidies'), ('awareness_attendees', 'People at awareness meetings'), ('awareness_invited', 'People invited to awareness meetings')], max_length=30, verbose_name='indicator'),
        ),
        migrations.CreateModel(
            name='Funding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('funder', models.CharField(max_length=200, verbose_name='funder')),
                ('kind', models.CharField(choices=[('fse', 'European Social Fund (FSE)'), ('etat', 'State'), ('region', 'Region'), ('departement', 'Département'), ('commune', 'Commune or intercommunality'), ('caf', 'Family allowance fund (CAF)'), ('prive', 'Private funder (foundation, company)'), ('fonds_propres', "The structure's own funds"), ('autre', 'Other')], default='autre', max_length=20, verbose_name='kind of funder')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='amount (€)')),
                ('share', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='share (%)')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fundings', to='network.programme')),
            ],
            options={
                'verbose_name': 'funding',
                'verbose_name_plural': 'fundings',
                'ordering': ['programme', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RecordedIndicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=200, verbose_name='indicator')),
                ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='value')),
                ('unit', models.CharField(blank=True, max_length=50, verbose_name='unit')),
                ('date', models.DateField(verbose_name='as of')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
                ('target', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='target')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recorded_indicators', to='network.programme')),
                ('structure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.structure', verbose_name='structure')),
            ],
            options={
                'verbose_name': 'recorded indicator',
                'verbose_name_plural': 'recorded indicators',
                'ordering': ['programme', 'date', 'id'],
            },
        ),
        migrations.RunPython(funders_to_fundings, fundings_to_funders),
        migrations.RemoveField(
            model_name='programme',
            name='funders',
        ),
    ]
