"""Background work of the tenants app (the database task backend's worker, ``manage.py db_worker``)."""

from django_tasks import task


@task()
def schema_pool_refill() -> int:
    """Make the schemas that the next provisionings will rename (tenants.schema)."""
    from tenants.services import schema_pool_ensure

    return schema_pool_ensure()
