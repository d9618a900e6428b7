"""Background work of the tenants app (the database task backend's worker, ``manage.py db_worker``)."""

from django.conf import settings
from django_tasks import task

from tenants.schema import schema_pool_fill


@task()
def schema_pool_refill() -> int:
    """Make the schemas that the next provisionings will rename (tenants.schema)."""
    return schema_pool_fill(settings.TENANT_BASE_SCHEMA)
