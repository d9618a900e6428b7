"""Several writes in one statement, so one round trip: PostgreSQL's data-modifying ``WITH`` queries.

Each part is an ``INSERT``, ``UPDATE`` or ``DELETE`` (they all run, referenced or not) and sees the
tables as they were when the statement started, never another part's rows: a part that needs what
another writes takes it from the same parameters, not from the table. The statement's own query
returns what the caller asks for (``returning``), e.g. an advisory lock taken in the same round trip.

A batch's text is the same from one write to the next (only its parameters change), and PostgreSQL takes
longer to plan it than to run it: it is sent with server-side parameters, which psycopg prepares on the
connection (named statements, at most ``prepared_max`` of them), so that later writes may skip the planning.
"""

from contextlib import contextmanager
from functools import cache

from django.db import connection


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Prepares each statement it runs (Django turns psycopg's automatic preparation off)."""

        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparingCursor


@contextmanager
def prepared_cursor():
    """A cursor of the connection (the tenant's search path set, queries logged and wrapped as any other)
    whose statements bind their parameters on the server, so that psycopg prepares the repeated ones.
    Django's cursors bind on the client, which never prepares."""
    with connection.cursor() as cursor:
        from django.db.backends.postgresql.psycopg_any import is_psycopg3

        if connection.vendor != "postgresql" or not is_psycopg3:
            yield cursor
            return
        client = cursor.cursor
        if client.connection.prepare_threshold is None:
            # Django sets None (no statement ever prepared); a threshold no other cursor reaches lets this one
            # prepare its statements: Django's own (client-side binding) cursors never prepare anyway.
            client.connection.prepare_threshold = 2**31
        cursor.cursor = _preparing_cursor_class()(client.connection)
        try:
            yield cursor
        finally:
            cursor.cursor.close()
            cursor.cursor = client


class WriteBatch:
    def __init__(self) -> None:
        self._parts: list[tuple[str, str, list]] = []
        self._selects: list[tuple[str, list]] = []

    def write(self, sql: str, params=(), name: str | None = None) -> None:
        """A data-modifying statement (no trailing semicolon), or a named ``SELECT`` other parts read."""
        self._parts.append((name or f"w{len(self._parts)}", sql, list(params)))

    def select(self, expression: str, params=()) -> int:
        """An expression returned by the statement (a scalar subquery, a function call); its position."""
        self._selects.append((expression, list(params)))
        return len(self._selects) - 1

    def __bool__(self) -> bool:
        return bool(self._parts or self._selects)

    def execute(self) -> tuple:
        """Run every part in one statement; the values of ``select`` in their order."""
        if not self:
            return ()
        ctes = ", ".join(f"{name} AS ({sql})" for name, sql, _params in self._parts)
        selects = ", ".join(expression for expression, _params in self._selects) or "1"
        params = [p for _name, _sql, part_params in self._parts for p in part_params]
        params += [p for _expression, select_params in self._selects for p in select_params]
        with prepared_cursor() as cursor:
            cursor.execute((f"WITH {ctes} " if ctes else "") + f"SELECT {selects}", params)
            return cursor.fetchone()
