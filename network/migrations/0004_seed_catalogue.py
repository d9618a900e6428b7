"""The two one-day trainings of the pilot and the default milestone template."""

from django.db import migrations

MODULES = [
    {
        "code": "decouvrir-inclusion-numerique",
        "title": "Découvrir l'inclusion numérique : enjeux, diagnostic et acteurs",
        "summary": (
            "Comprendre les publics touchés par la dématérialisation, identifier les freins à leur usage du "
            "numérique et les solutions ; réaliser un diagnostic numérique et orienter dans ou hors de sa structure."
        ),
        "order": 1,
    },
    {
        "code": "former-competences-numeriques-base",
        "title": "Former aux compétences numériques de base",
        "summary": (
            "Développer ses compétences d'animateur·ice : techniques favorisant l'apprentissage, spécificités du "
            "numérique, mise en situation d'animation avec des kits clés en main."
        ),
        "order": 2,
    },
]

MILESTONES = [
    ("framing", "Cadrage des besoins", 1, 30),
    ("plan-agreed", "Plan d'accompagnement validé", 2, 60),
    ("referents-trained", "Référents formés", 3, 120),
    ("first-workshop", "Premier atelier", 4, 150),
    ("first-course", "Premier parcours", 5, 210),
    ("autonomy", "Autonomie", 6, 420),
    ("closing-committee", "Comité de clôture", 7, 470),
]


def seed(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    TrainingModule = apps.get_model("network", "TrainingModule")
    MilestoneTemplate = apps.get_model("network", "MilestoneTemplate")
    for module in MODULES:
        TrainingModule.objects.update_or_create(
            code=module["code"], defaults={**module, "duration_hours": 7, "required": True}
        )
    for code, title, order, offset in MILESTONES:
        MilestoneTemplate.objects.get_or_create(
            code=code, defaults={"title": title, "order": order, "offset_days": offset}
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0003_programmes_coaching_trainings_targets")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
