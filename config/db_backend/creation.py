"""Test database creation that also works on a Citus coordinator.

When the development database has the ``citus`` extension, the test database is prepared the
same way on every node, with no manual step: it is created on each worker with the extension,
then on the coordinator the extension is created, the coordinator and the workers are
registered (as ``pg_dist_node`` lists them for the development database) and
``citus.enable_schema_based_sharding`` takes the development database's value. On plain
PostgreSQL nothing changes but one catalogue query.
"""

from django_tenants.postgresql_backend.base import original_backend

from config.db_backend.citus_nodes import citus_drop, citus_layout, citus_prepare


class DatabaseCreation(original_backend.DatabaseWrapper.creation_class):
    def _create_test_db(self, verbosity, autoclobber, keepdb=False):
        params = self.connection.settings_dict
        layout = citus_layout(params, params["NAME"])
        if layout is not None and not keepdb:
            # Citus's maintenance daemon stays connected to a database with the extension:
            # a plain DROP DATABASE of an old test database would fail.
            citus_drop(params, self._get_test_db_name(), layout[0])
        name = super()._create_test_db(verbosity, autoclobber, keepdb)
        if layout is not None and (not keepdb or citus_layout(params, name) is None):
            citus_prepare(params, name, *layout, log=self.log if verbosity >= 1 else None)
        return name

    def _destroy_test_db(self, test_database_name, verbosity):
        params = self.connection.settings_dict
        layout = citus_layout(params, test_database_name)
        if layout is None:
            return super()._destroy_test_db(test_database_name, verbosity)
        citus_drop(params, test_database_name, layout[0])
