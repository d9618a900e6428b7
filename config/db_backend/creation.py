"""Test database creation that also works on a Citus coordinator.

When the development database has the ``citus`` extension, the test database is prepared the
same way on every node, with no manual step: it is created on each worker with the extension,
then on the coordinator the extension is created, the coordinator and the workers are
registered (as ``pg_dist_node`` lists them for the development database) and
``citus.enable_schema_based_sharding`` takes the development database's value. On plain
PostgreSQL nothing changes but one catalogue query.
"""

import psycopg
from django_tenants.postgresql_backend.base import original_backend

NODES_SQL = (
    "SELECT nodename, nodeport, groupid = 0 FROM pg_dist_node "
    "WHERE noderole = 'primary' AND isactive ORDER BY groupid, nodeid"
)


class DatabaseCreation(original_backend.DatabaseWrapper.creation_class):
    def _connect(self, dbname: str, host=None, port=None):
        settings = self.connection.settings_dict
        return psycopg.connect(
            dbname=dbname,
            host=host or settings["HOST"] or None,
            port=port or settings["PORT"] or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            autocommit=True,
        )

    def _citus_layout(self, dbname: str):
        """``(nodes, sharding)`` of a database with Citus, or ``None`` (no such database, no Citus)."""
        try:
            with self._connect(dbname) as conn:
                if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'").fetchone() is None:
                    return None
                nodes = conn.execute(NODES_SQL).fetchall()
                sharding = conn.execute("SHOW citus.enable_schema_based_sharding").fetchone()[0]
        except psycopg.OperationalError:
            return None
        return nodes, sharding

    def _create_test_db(self, verbosity, autoclobber, keepdb=False):
        name = super()._create_test_db(verbosity, autoclobber, keepdb)
        layout = self._citus_layout(self.connection.settings_dict["NAME"])
        if layout is not None and (not keepdb or self._citus_layout(name) is None):
            self._citus_prepare(name, *layout, verbosity=verbosity)
        return name

    def _citus_prepare(self, name, nodes, sharding, verbosity):
        quoted = self.connection.ops.quote_name(name)
        workers = [(host, port) for host, port, is_coordinator in nodes if not is_coordinator]
        coordinator = next(((host, port) for host, port, is_coordinator in nodes if is_coordinator), None)
        for host, port in workers:
            if verbosity >= 1:
                self.log(f"Preparing the test database on the Citus worker {host}:{port}…")
            with self._connect("postgres", host, port) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {quoted}")
                conn.execute(f"CREATE DATABASE {quoted}")
            with self._connect(name, host, port) as conn:
                conn.execute("CREATE EXTENSION citus")
        with self._connect(name) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS citus")
            if coordinator is not None:
                conn.execute("SELECT citus_set_coordinator_host(%s, %s)", coordinator)
            for host, port in workers:
                conn.execute("SELECT citus_add_node(%s, %s)", (host, port))
            conn.execute(f"ALTER DATABASE {quoted} SET citus.enable_schema_based_sharding TO {sharding}")

    def _destroy_test_db(self, test_database_name, verbosity):
        layout = self._citus_layout(test_database_name)
        super()._destroy_test_db(test_database_name, verbosity)
        quoted = self.connection.ops.quote_name(test_database_name)
        for host, port, is_coordinator in layout[0] if layout else ():
            if not is_coordinator:
                with self._connect("postgres", host, port) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {quoted}")
