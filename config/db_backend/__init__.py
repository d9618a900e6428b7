"""django-tenants' PostgreSQL backend, made acceptable to Citus (see ``docs/SCALE-OUT.md``)."""
