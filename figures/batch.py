"""Several writes in one statement, so one round trip: PostgreSQL's data-modifying ``WITH`` queries.

Each part is an ``INSERT``, ``UPDATE`` or ``DELETE`` (they all run, referenced or not) and sees the
tables as they were when the statement started, never another part's rows: a part that needs what
another writes takes it from the same parameters, not from the table. The statement's own query
returns what the caller asks for (``returning``), e.g. an advisory lock taken in the same round trip.
"""

from django.db import connection


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
        with connection.cursor() as cursor:
            cursor.execute((f"WITH {ctes} " if ctes else "") + f"SELECT {selects}", params)
            return cursor.fetchone()
