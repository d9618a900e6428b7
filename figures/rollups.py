"""The rollups of the anonymous facts: their definitions (SQL) and their maintenance.

Pure SQL over the ``figures`` tables. ``training.facts`` calls these refreshes in the same
transaction as each fact it writes; ``figures.compute`` reads the rollups for whole months and the
same SELECTs over the facts for the days around them.
"""

import datetime
from collections.abc import Iterable

from django.db import connection

from figures.batch import WriteBatch

# --- Rollups: the facts summed per month (activities) and per year (people) ---------------------
# Each rollup is defined by one SELECT over the facts; refreshing a part of it deletes its rows and
# inserts that SELECT again, so the rollups can only differ from their definition if a fact is written
# without a refresh (``facts_differences`` reports it). The network's figures read the rollups for
# whole months and the same SELECTs over the facts for the days around them.

# Per structure × month × kind. {where} filters ``network_activityfact a``.
ACTIVITY_MONTHS_SQL = """
    SELECT a.structure_id, date_trunc('month', a.date)::date AS month, a.kind,
           count(*) AS activities, coalesce(sum(a.duration_minutes), 0) AS minutes,
           coalesce(sum(a.anonymous_total), 0) AS anonymous_total,
           coalesce(sum(a.anonymous_total - a.anonymous_already_seen) FILTER (WHERE a.anonymous_total > 0), 0)
               AS anonymous_new,
           coalesce(sum(a.invited_count), 0) AS invited,
           coalesce(sum(a.followup_course_count), 0) AS followup_course,
           coalesce(sum(a.followup_individual_count), 0) AS followup_individual
    FROM network_activityfact a WHERE {where} GROUP BY 1, 2, 3
"""
ACTIVITY_MONTHS_COLUMNS = (
    "structure_id, month, kind, activities, minutes, anonymous_total, anonymous_new, invited, followup_course, "
    "followup_individual"
)

# Per structure × month × kind × dimension × code: activities per theme and per kit; anonymous participants
# not already accompanied per gender, age band and status, each activity's breakdown weighted by its share
# (total − already seen) / total, to 15 decimals. {where} filters ``network_activityfact a``.
BREAKDOWN_DIMENSIONS = ("gender", "age_band", "status")
ACTIVITY_BREAKDOWNS_SQL = """
    SELECT a.structure_id, date_trunc('month', a.date)::date AS month, a.kind, 'theme' AS dimension, t.code,
           count(*)::numeric AS value
    FROM network_activityfact a, unnest(a.themes) t(code) WHERE {where} GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT a.structure_id, date_trunc('month', a.date)::date, a.kind, 'kit', a.kit_id::text, count(*)::numeric
    FROM network_activityfact a WHERE {where} AND a.kit_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT a.structure_id, date_trunc('month', a.date)::date, a.kind, d.key, c.key,
           sum(round(c.value::numeric * (a.anonymous_total - a.anonymous_already_seen) / a.anonymous_total, 15))
    FROM network_activityfact a, jsonb_each(a.anonymous_breakdown) d, jsonb_each_text(d.value) c
    WHERE {where} AND a.anonymous_total > 0 AND a.anonymous_total <> a.anonymous_already_seen
      AND d.key IN ('gender', 'age_band', 'status') AND jsonb_typeof(d.value) = 'object'
    GROUP BY 1, 2, 3, 4, 5
"""
ACTIVITY_BREAKDOWNS_COLUMNS = "structure_id, month, kind, dimension, code, value"

# Per structure × person × kind ('' for any kind) × year: the months attended (bit m − 1 for month m), the
# last month attended before that year (year × 12 + month − 1), and the person's gender, status and birth
# year. {where} filters ``network_attendancefact f``, always on whole people (the previous month needs
# their whole history). ``date_part`` (a float) rather than ``extract`` (a numeric): the same whole numbers,
# about twice as fast, and each write recomputes its people's rows.
PEOPLE_YEARS_SQL = """
    WITH years AS (
        SELECT f.structure_id, f.beneficiary_id, k.kind, date_part('year', f.date)::int AS year,
               bit_or(1 << (date_part('month', f.date)::int - 1)) AS months,
               max(date_part('year', f.date)::int * 12 + date_part('month', f.date)::int - 1) AS last_month
        FROM network_attendancefact f, LATERAL (VALUES (''), (f.kind)) k(kind)
        WHERE {where} GROUP BY 1, 2, 3, 4
    )
    SELECT y.structure_id, y.beneficiary_id, y.kind, y.year, y.months,
           lag(y.last_month) OVER (PARTITION BY y.structure_id, y.beneficiary_id, y.kind ORDER BY y.year),
           b.gender, b.social_status, b.birth_year
    FROM years y LEFT JOIN network_beneficiaryfact b
      ON b.structure_id = y.structure_id AND b.beneficiary_id = y.beneficiary_id
"""
PEOPLE_YEARS_COLUMNS = (
    "structure_id, beneficiary_id, kind, year, months, previous_month, gender, social_status, birth_year"
)


# --- The network's totals of the rollups (``figures.models.ActivityMonthTotal``…) ----------------------
# Per rollup: its total's table, the keys it keeps (every key but the structure and the person) and each
# value as an expression over one rollup row. A total's rows are changes: the figures of every structure
# sum them; each refresh of a structure's rollups adds the difference it makes in the same statement.
TOTALS = {
    "network_activitymonthfact": (
        "network_activitymonthtotal", ("month", "kind"),
        {c: c for c in ("activities", "minutes", "anonymous_total", "anonymous_new", "invited", "followup_course",
                        "followup_individual")},
    ),
    "network_activitymonthbreakdownfact": (
        "network_activitymonthbreakdowntotal", ("month", "kind", "dimension", "code"), {"value": "value"},
    ),
    "network_personyearfact": (
        "network_personyeartotal",
        ("kind", "year", "months", "previous_month", "gender", "social_status", "birth_year"), {"people": "1"},
    ),
}  # fmt: skip


def _totals_insert(total: str, keys, columns, source: str) -> str:
    """Insert into a total the sums per key of ``source``'s rows (keys whose sums are all zero left out)."""
    k = ", ".join(keys)
    return (
        f"INSERT INTO {total} ({k}, {', '.join(columns)}) SELECT {k}, {', '.join(f'sum({c})' for c in columns)} "
        f"FROM {source} GROUP BY {k} HAVING {' OR '.join(f'sum({c}) <> 0' for c in columns)}"
    )


def totals_add_sql(rollup: str, sources: Iterable[tuple[str, int]]) -> str:
    """An ``INSERT`` into the rollup's total of the sums of these sources, each a ``SELECT`` of rows with the
    rollup's columns and its sign (1: rows added, −1: rows removed)."""
    total, keys, values = TOTALS[rollup]
    union = " UNION ALL ".join(
        f"SELECT {', '.join(keys)}, "
        f"{', '.join(f'{sign} * ({expression}) AS {column}' for column, expression in values.items())} "
        f"FROM ({source}) s"
        for source, sign in sources
    )
    return _totals_insert(total, keys, values, f"({union}) d")


# The totals recomputed from the rollups (the migration that created them, ``rollups_refresh()``, and
# ``check_facts --rebuild``); the caller locks the totals (``totals_rebuild``).
TOTALS_REBUILD_SQL = "; ".join(
    f"DELETE FROM {total}; {totals_add_sql(rollup, [(f'SELECT * FROM {rollup}', 1)])}"
    for rollup, (total, _keys, _values) in TOTALS.items()
)


def totals_rebuild() -> None:
    """Recompute the network's totals from the rollups. The lock waits for the writers whose changes are not
    committed and holds the next ones until the end of the transaction, so that none is lost or counted twice."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(t for t, _k, _v in TOTALS.values())} IN EXCLUSIVE MODE")
        cursor.execute(TOTALS_REBUILD_SQL)


def rollups_compact() -> int:
    """Fold the rows of each key of the totals into one (none when they sum to zero); the number of rows
    removed. Each statement deletes the rows it folds and inserts their sums, so that every snapshot sums
    to the same totals, whatever runs concurrently (writers only insert)."""
    removed = 0
    with connection.cursor() as cursor:
        for total, keys, values in TOTALS.values():
            k = ", ".join(keys)
            zero = " AND ".join(f"{c} = 0" for c in values)
            cursor.execute(
                f"WITH folded AS (DELETE FROM {total} WHERE id IN (SELECT id FROM (SELECT id, {zero} AS zero, "
                f"count(*) OVER (PARTITION BY {k}) AS n FROM {total}) x WHERE n > 1 OR zero) "
                f"RETURNING {k}, {', '.join(values)}), "
                f"added AS ({_totals_insert(total, keys, values, 'folded')} RETURNING 1) "
                "SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM added)"
            )
            removed += cursor.fetchone()[0]
    return removed


def totals_differences() -> dict[str, dict[str, int]]:
    """Per total: the keys whose sum differs from the sum of the rollup's rows (missing: the rollups' sums
    absent from the totals; extra: the totals' sums absent from the rollups)."""
    differences = {}
    with connection.cursor() as cursor:
        for rollup, (total, keys, values) in TOTALS.items():
            k = ", ".join(keys)
            sums = ", ".join(f"sum({c}) AS {c}" for c in values)
            nonzero = " OR ".join(f"sum({c}) <> 0" for c in values)
            expected = (
                f"SELECT {k}, {', '.join(f'sum({e}) AS {c}' for c, e in values.items())} FROM {rollup} "
                f"GROUP BY {k} HAVING {' OR '.join(f'sum({e}) <> 0' for e in values.values())}"
            )
            stored = f"SELECT {k}, {sums} FROM {total} GROUP BY {k} HAVING {nonzero}"
            cursor.execute(
                f"SELECT (SELECT count(*) FROM (({expected}) EXCEPT ALL ({stored})) x), "
                f"(SELECT count(*) FROM (({stored}) EXCEPT ALL ({expected})) y)"
            )
            missing, extra = cursor.fetchone()
            if missing or extra:
                differences[total.removeprefix("network_")] = {"missing": missing, "extra": extra}
    return differences


# Taken before a structure's rollups are refreshed, until the end of the transaction. An expression, so
# that a write can take it in the same round trip as its facts (``WriteBatch.select``).
ROLLUPS_LOCK = "pg_advisory_xact_lock(hashtext('network_rollups'), %s)"


def _lock_rollups(structure_ids: Iterable[int] | None) -> None:
    """Serialise the refreshes of a structure's rollups until the end of the transaction, so that two
    concurrent writes cannot each replace the other's rows (each refresh then sees the other's facts)."""
    with connection.cursor() as cursor:
        if structure_ids is None:
            cursor.execute("LOCK TABLE network_activitymonthfact, network_activitymonthbreakdownfact, "
                           "network_personyearfact IN EXCLUSIVE MODE")  # fmt: skip
            return
        for structure_id in sorted(set(structure_ids)):
            cursor.execute(f"SELECT {ROLLUPS_LOCK}", [int(structure_id)])


def _structure_filter(prefix: str, structure_ids) -> tuple[str, list]:
    if structure_ids is None:
        return "TRUE", []
    return f"{prefix}structure_id = ANY(%s)", [list(structure_ids)]


def _replace(cursor, table: str, columns: str, rollup_where: str, rollup_params, sql: str, params) -> None:
    """Replace a part of a rollup by its definition's rows, the network's total following: the rows removed
    subtracted, the rows added added, each in the statement that changes them."""
    cursor.execute(
        f"WITH gone AS (DELETE FROM {table} WHERE {rollup_where} RETURNING *) "
        + totals_add_sql(table, [("SELECT * FROM gone", -1)]),
        rollup_params,
    )
    cursor.execute(
        f"WITH added AS (INSERT INTO {table} ({columns}) {sql} RETURNING *) "
        + totals_add_sql(table, [("SELECT * FROM added", 1)]),
        params,
    )


def rollups_refresh_months(structure_ids: Iterable[int] | None, months: Iterable[datetime.date] | None = None):
    """Recompute the monthly rollups of these structures (all when None) for these months (first days; all
    when None) from ``ActivityFact``."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    months = sorted(set(months)) if months is not None else None
    if months == [] or structure_ids == []:
        return
    _lock_rollups(structure_ids)
    where, params = _structure_filter("a.", structure_ids)
    rollup_where, rollup_params = _structure_filter("", structure_ids)
    if months is not None:
        where += " AND date_trunc('month', a.date)::date = ANY(%s)"
        params.append(months)
        rollup_where += " AND month = ANY(%s)"
        rollup_params.append(months)
    with connection.cursor() as cursor:
        for table, columns, sql in (
            ("network_activitymonthfact", ACTIVITY_MONTHS_COLUMNS, ACTIVITY_MONTHS_SQL),
            ("network_activitymonthbreakdownfact", ACTIVITY_BREAKDOWNS_COLUMNS, ACTIVITY_BREAKDOWNS_SQL),
        ):
            _replace(cursor, table, columns, rollup_where, rollup_params, sql.format(where=where),
                     params * sql.count("{where}"))  # fmt: skip


def rollups_refresh_people(structure_ids: Iterable[int] | None, beneficiary_ids: Iterable[int] | None = None):
    """Recompute the yearly rollups of these structures' people (all when None) from ``AttendanceFact``."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    beneficiary_ids = sorted(set(beneficiary_ids)) if beneficiary_ids is not None else None
    if beneficiary_ids == [] or structure_ids == []:
        return
    _lock_rollups(structure_ids)
    where, params = _structure_filter("f.", structure_ids)
    rollup_where, rollup_params = _structure_filter("", structure_ids)
    if beneficiary_ids is not None:
        where += " AND f.beneficiary_id = ANY(%s)"
        params.append(beneficiary_ids)
        rollup_where += " AND beneficiary_id = ANY(%s)"
        rollup_params.append(beneficiary_ids)
    with connection.cursor() as cursor:
        _replace(cursor, "network_personyearfact", PEOPLE_YEARS_COLUMNS, rollup_where, rollup_params,
                 PEOPLE_YEARS_SQL.format(where=where), params)  # fmt: skip


# The rollups one write touches, recomputed in one statement: each definition's rows upserted (unchanged
# rows left alone) and the rows it no longer implies deleted. Keys and value columns of each rollup.
_SCOPED = {
    "network_activitymonthfact": (("structure_id", "month", "kind"), ACTIVITY_MONTHS_COLUMNS),
    "network_activitymonthbreakdownfact": (("structure_id", "month", "kind", "dimension", "code"),
                                           ACTIVITY_BREAKDOWNS_COLUMNS),
    "network_personyearfact": (("beneficiary_id", "structure_id", "kind", "year"), PEOPLE_YEARS_COLUMNS),
}  # fmt: skip


def _upsert_parts(batch: WriteBatch, table: str, name: str, sql: str, where_params: list, scope: str, scope_params):
    keys, columns = _SCOPED[table]
    values = [c for c in columns.split(", ") if c not in keys]
    batch.write(sql, where_params, name=f"{name}({columns})")
    batch.write(
        f"INSERT INTO {table} AS t ({columns}) SELECT {columns} FROM {name} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(f'{v} = EXCLUDED.{v}' for v in values)} "
        f"WHERE ({', '.join(f't.{v}' for v in values)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{v}' for v in values)})"
    )
    batch.write(
        f"DELETE FROM {table} t WHERE t.structure_id = %s AND {scope} AND NOT EXISTS "
        f"(SELECT 1 FROM {name} n WHERE {' AND '.join(f'n.{k} = t.{k}' for k in keys)})",
        scope_params,
    )
    # The network's total: the new rows of the scope minus its old ones (this statement's snapshot, taken
    # under the structure's lock: the rows the upsert and the delete replace).
    batch.write(
        totals_add_sql(table, [(f"SELECT * FROM {name}", 1),
                               (f"SELECT * FROM {table} t WHERE t.structure_id = %s AND {scope}", -1)]),
        scope_params,
    )  # fmt: skip


def rollups_refresh_scope(
    structure_id: int, months: Iterable[datetime.date | None] = (), beneficiary_ids: Iterable[int | None] = ()
) -> None:
    """Recompute, in one statement, one structure's monthly rollups for these months (first days) and the
    yearly rollups of these people. The caller holds ``ROLLUPS_LOCK`` for the structure, taken in an earlier
    statement of its transaction: this statement's snapshot then sees every other write's facts."""
    months = sorted({m for m in months if m is not None})
    people = sorted({b for b in beneficiary_ids if b is not None})
    batch = WriteBatch()
    if months:
        # The date range lets an index on the date find the months' facts (not the structure's whole history).
        where = "a.structure_id = %s AND a.date >= %s AND a.date < %s AND date_trunc('month', a.date)::date = ANY(%s)"
        last = months[-1]
        end = last.replace(year=last.year + last.month // 12, month=last.month % 12 + 1)
        for table, name, sql in (
            ("network_activitymonthfact", "months_new", ACTIVITY_MONTHS_SQL),
            ("network_activitymonthbreakdownfact", "breakdowns_new", ACTIVITY_BREAKDOWNS_SQL),
        ):
            _upsert_parts(
                batch, table, name, sql.format(where=where),
                [structure_id, months[0], end, months] * sql.count("{where}"), "t.month = ANY(%s)",
                [structure_id, months],
            )  # fmt: skip
    if people:
        _upsert_parts(
            batch, "network_personyearfact", "people_new",
            PEOPLE_YEARS_SQL.format(where="f.structure_id = %s AND f.beneficiary_id = ANY(%s)"),
            [structure_id, people], "t.beneficiary_id = ANY(%s)", [structure_id, people],
        )  # fmt: skip
    batch.execute()


def structure_rollups_remove(sender=None, instance=None, **kwargs) -> None:
    """Delete a structure's rollups and take them out of the network's totals (before the structure is
    deleted: the cascade would remove its rollups without the totals; a ``pre_delete`` receiver)."""
    if instance is None or instance.pk is None:
        return
    _lock_rollups([instance.pk])
    with connection.cursor() as cursor:
        for table in TOTALS:
            cursor.execute(
                f"WITH gone AS (DELETE FROM {table} WHERE structure_id = %s RETURNING *) "
                + totals_add_sql(table, [("SELECT * FROM gone", -1)]),
                [instance.pk],
            )


def rollups_refresh(structure_ids: Iterable[int] | None = None) -> None:
    """Recompute every rollup of these structures (all when None), e.g. after facts written in bulk."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    rollups_refresh_months(structure_ids)
    rollups_refresh_people(structure_ids)
    if structure_ids is None:
        totals_rebuild()


def _rollup_differences(structure) -> dict[str, dict[str, int]]:
    """Per rollup: rows its definition implies that are missing, and rows in excess."""
    differences = {}
    with connection.cursor() as cursor:
        for name, table, columns, sql, prefix in (
            ("activity_months", "network_activitymonthfact", ACTIVITY_MONTHS_COLUMNS, ACTIVITY_MONTHS_SQL, "a."),
            ("activity_breakdowns", "network_activitymonthbreakdownfact", ACTIVITY_BREAKDOWNS_COLUMNS,
             ACTIVITY_BREAKDOWNS_SQL, "a."),
            ("people_years", "network_personyearfact", PEOPLE_YEARS_COLUMNS, PEOPLE_YEARS_SQL, "f."),
        ):  # fmt: skip
            expected = sql.format(where=f"{prefix}structure_id = %(s)s")
            stored = f"SELECT {columns} FROM {table} WHERE structure_id = %(s)s"
            cursor.execute(
                f"SELECT (SELECT count(*) FROM (({expected}) EXCEPT ALL ({stored})) x), "
                f"(SELECT count(*) FROM (({stored}) EXCEPT ALL ({expected})) y)",
                {"s": structure.pk},
            )
            missing, extra = cursor.fetchone()
            if missing or extra:
                differences[name] = {"missing": missing, "extra": extra}
    return differences
