"""A schema editor whose ``ADD COLUMN`` carries no inline ``CHECK`` or ``UNIQUE``.

Citus refuses unnamed constraints on distributed tables ("constraints must have explicit
names"), and Django writes ``ALTER TABLE … ADD COLUMN … CHECK (…)`` for a
``PositiveIntegerField`` and ``… UNIQUE`` for ``unique=True``. Here the column is added bare,
then each constraint is added by name, the name PostgreSQL itself would have chosen for the
inline form (``<table>_<column>_check``, ``<table>_<column>_key``): on plain PostgreSQL the
resulting database is the same as before, on Citus it is accepted.
"""

from django.db.backends.ddl_references import Statement, Table
from django_tenants.postgresql_backend.base import original_backend

MAX_NAME_BYTES = 63  # NAMEDATALEN - 1


def postgres_constraint_name(table: str, column: str, label: str) -> str:
    """PostgreSQL's ``makeObjectName``: shorten the longer of table and column until it fits."""
    overhead = len(label) + 2  # two underscores
    table_chars, column_chars = len(table), len(column)
    while table_chars + column_chars > MAX_NAME_BYTES - overhead:
        if table_chars > column_chars:
            table_chars -= 1
        else:
            column_chars -= 1
    return f"{table[:table_chars]}_{column[:column_chars]}_{label}"


class DatabaseSchemaEditor(original_backend.DatabaseWrapper.SchemaEditorClass):
    _bare_column = False

    def _iter_column_sql(self, column_db_type, params, model, field, field_db_params, include_default):
        for part in super()._iter_column_sql(column_db_type, params, model, field, field_db_params, include_default):
            if self._bare_column and part == "UNIQUE":
                continue
            yield part

    def add_field(self, model, field):
        if field.many_to_many:
            return super().add_field(model, field)
        check = field.db_parameters(connection=self.connection)["check"]
        unique = field.unique and not field.primary_key
        if not (check or unique):
            return super().add_field(model, field)
        self._bare_column, self.sql_check_constraint = True, ""
        try:
            super().add_field(model, field)
        finally:
            del self._bare_column, self.sql_check_constraint
        table = model._meta.db_table
        if check:
            name = postgres_constraint_name(table, field.column, "check")
            self.execute(self._create_check_sql(model, name, check))
        if unique:
            self.execute(self._named_unique_sql(model, field))

    def _named_unique_sql(self, model, field):
        table = model._meta.db_table
        return Statement(
            self.sql_create_unique,
            table=Table(table, self.quote_name),
            name=self.quote_name(postgres_constraint_name(table, field.column, "key")),
            columns=self.quote_name(field.column),
            nulls_distinct="",
            deferrable="",
        )
