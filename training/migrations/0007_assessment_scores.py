"""Assessments on the shared reference: the former five areas' levels become scores per competence."""

from django.db import migrations, models

from figures.reference import LEGACY_AREAS, scores_from_legacy


def areas_to_scores(apps, schema_editor):
    SkillAssessment = apps.get_model("training", "SkillAssessment")
    for assessment in SkillAssessment.objects.all():
        levels = {area: getattr(assessment, area) for area in LEGACY_AREAS}
        assessment.scores = {**scores_from_legacy(levels), **(assessment.scores or {})}
        assessment.save(update_fields=["scores"])


def scores_to_areas(apps, schema_editor):
    SkillAssessment = apps.get_model("training", "SkillAssessment")
    for assessment in SkillAssessment.objects.all():
        for area, competence in LEGACY_AREAS.items():
            setattr(assessment, area, int((assessment.scores or {}).get(competence, 0)))
        assessment.save(update_fields=list(LEGACY_AREAS))


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0006_tombstone"),
    ]

    operations = [
        migrations.AddField(
            model_name="skillassessment",
            name="scores",
            field=models.JSONField(blank=True, default=dict, verbose_name="scores"),
        ),
        migrations.RunPython(areas_to_scores, scores_to_areas),
    ]
