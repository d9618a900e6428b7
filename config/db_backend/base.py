"""django-tenants' backend with a Citus-acceptable schema editor and Citus detection.

``connection.citus`` tells whether the database has the ``citus`` extension; it is read
once per connection, when it opens, outside the queries a test counts.
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
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'")
            self.citus = cursor.fetchone() is not None
