"""A temporary copy of a tenant app's migrations with extra ones, for the migration bench and its test.

The project's files are never touched: the copy lives in a temporary folder and
``MIGRATION_MODULES`` points the app at it while the context lasts.
"""

import shutil
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

APP = "training"

ADD_COLUMN = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("{app}", "{previous}")]
    operations = [
        migrations.AddField(
            model_name="{model}",
            name="{column}",
            field=models.CharField(max_length=20, blank=True, default="", db_index={indexed}),
        ),
    ]
"""

RUN_PYTHON = """from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("{app}", "{previous}")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
"""


def _leaf(app: str) -> str:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True, load=True)
    return max(name for label, name in loader.graph.leaf_nodes() if label == app)


def _model_name(app: str) -> str:
    from django.apps import apps

    models = [m for m in apps.get_app_config(app).get_models() if m._meta.managed and not m._meta.proxy]
    return sorted(m._meta.model_name for m in models)[0]


@contextmanager
def extra_migrations(kinds: list[str], settings=None, app: str = APP):
    """Yield the names of new migrations of ``app``, one per kind ("add_column", "add_indexed_column",
    "run_python"), each depending on the one before, visible to the loader while the context lasts."""
    from django.apps import apps

    if settings is None:
        from django.conf import settings
    source = Path(apps.get_app_config(app).path) / "migrations"
    package = f"relais_tmp_{uuid.uuid4().hex[:10]}"
    root = Path(tempfile.mkdtemp())
    target = root / package / app
    shutil.copytree(source, target / "migrations", ignore=shutil.ignore_patterns("__pycache__"))
    (root / package / "__init__.py").write_text("")
    (target / "__init__.py").write_text("")
    previous, names = _leaf(app), []
    model = _model_name(app)
    for number, kind in enumerate(kinds, start=1):
        name = f"{int(previous[:4]) + 1:04d}_tmp_{kind}_{number}"
        template = RUN_PYTHON if kind == "run_python" else ADD_COLUMN
        code = template.format(
            app=app, previous=previous, model=model, column=f"tmp_note_{number}", indexed=kind == "add_indexed_column"
        )
        (target / "migrations" / f"{name}.py").write_text(code)
        names.append(name)
        previous = name
    old = dict(getattr(settings, "MIGRATION_MODULES", {}) or {})
    sys.path.insert(0, str(root))
    settings.MIGRATION_MODULES = {**old, app: f"{package}.{app}.migrations"}
    try:
        yield names
    finally:
        settings.MIGRATION_MODULES = old
        sys.path.remove(str(root))
        for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[module]
        shutil.rmtree(root, ignore_errors=True)
