"""django-tenants' backend with a Citus-acceptable schema editor and Citus detection.

``connection.citus`` tells whether the database has the ``citus`` extension; it is read
once per connection, when it opens, outside the queries a test counts (with the plan cache mode of the
statements the connection prepares).
"""

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from config.db_backend.creation import DatabaseCreation
from config.db_backend.schema import DatabaseSchemaEditor


class DatabaseWrapper(TenantDatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
    creation_class = DatabaseCreation
    citus = False

    def init_connection_state(self):
        super().init_connection_state()
        with self.connection.cursor() as cursor:
            # The statements this connection prepares (only the write batches, figures/batch.py: Django's
            # own queries are never prepared) keep one generic plan: replanning them on every write cost more
            # than running them. Set in the same round trip as the Citus test.
            cursor.execute(
                "SELECT set_config('plan_cache_mode', 'force_generic_plan', false), "
                "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')"
            )
            self.citus = cursor.fetchone()[1]
