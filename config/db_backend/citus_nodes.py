"""Setting a database up the same way on every node of a Citus cluster (psycopg only, no Django:
the benchmarks call it before Django starts)."""

import psycopg

NODES_SQL = (
    "SELECT nodename, nodeport, groupid = 0 FROM pg_dist_node "
    "WHERE noderole = 'primary' AND isactive ORDER BY groupid, nodeid"
)


def _connect(params: dict, dbname: str, host=None, port=None):
    return psycopg.connect(
        dbname=dbname,
        host=host or params.get("HOST") or None,
        port=port or params.get("PORT") or None,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        autocommit=True,
    )


def citus_layout(params: dict, dbname: str):
    """``(nodes, sharding)`` of a database with Citus, or ``None`` (no such database, no Citus)."""
    try:
        with _connect(params, dbname) as conn:
            if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'").fetchone() is None:
                return None
            nodes = conn.execute(NODES_SQL).fetchall()
            sharding = conn.execute("SHOW citus.enable_schema_based_sharding").fetchone()[0]
    except psycopg.OperationalError:
        return None
    return nodes, sharding


def citus_prepare(params: dict, name: str, nodes, sharding, log=None) -> None:
    """Give the (just created, empty) database ``name`` of the coordinator the same Citus set-up."""
    quoted = '"' + name.replace('"', '""') + '"'
    workers = [(host, port) for host, port, is_coordinator in nodes if not is_coordinator]
    coordinator = next(((host, port) for host, port, is_coordinator in nodes if is_coordinator), None)
    for host, port in workers:
        if log:
            log(f"Preparing the database {name} on the Citus worker {host}:{port}…")
        with _connect(params, "postgres", host, port) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {quoted}")
        with _connect(params, name, host, port) as conn:
            conn.execute("CREATE EXTENSION citus")
    with _connect(params, name) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS citus")
        if coordinator is not None:
            conn.execute("SELECT citus_set_coordinator_host(%s, %s)", coordinator)
        for host, port in workers:
            conn.execute("SELECT citus_add_node(%s, %s)", (host, port))
        conn.execute(f"ALTER DATABASE {quoted} SET citus.enable_schema_based_sharding TO {sharding}")


def citus_drop(params: dict, name: str, nodes) -> None:
    """Drop database ``name`` on the coordinator, then on every worker."""
    quoted = '"' + name.replace('"', '""') + '"'
    with _connect(params, "postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    for host, port, is_coordinator in nodes:
        if not is_coordinator:
            with _connect(params, "postgres", host, port) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
