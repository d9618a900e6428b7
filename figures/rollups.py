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


# Keys and value columns of each rollup.
_SCOPED = {
    "network_activitymonthfact": (("structure_id", "month", "kind"), ACTIVITY_MONTHS_COLUMNS),
    "network_activitymonthbreakdownfact": (("structure_id", "month", "kind", "dimension", "code"),
                                           ACTIVITY_BREAKDOWNS_COLUMNS),
    "network_personyearfact": (("beneficiary_id", "structure_id", "kind", "year"), PEOPLE_YEARS_COLUMNS),
}  # fmt: skip


# --- Incremental maintenance: what one write changes, applied to the stored rollups --------------
# Recomputing a write's months and people from their definitions reads the month's every activity and
# each person's whole history: a cost that grows with the structure's past. A write instead adds what its
# activities' facts contribute now and subtracts what they contributed before (every monthly column is a
# sum or a count), and sets or clears the month bits of its people's (person, kind, year) rows from one
# indexed existence test per month touched; the previous month of each of their rows follows from the
# rows themselves (the highest month bit of the year before). Exact as long as the stored rollups equal
# their definitions before the write, which every writer keeps under ``ROLLUPS_LOCK``:
# ``rollups_before`` reads the activities' contributions in the statement that writes their facts and
# takes the lock; ``rollups_apply`` runs in the next statement, whose snapshot sees every committed
# writer's facts and rollups (``tests/perf/test_concurrent_writers.py``).

_MONTH_KEYS = ("structure_id", "month", "kind")
_MONTH_SUMS = tuple(c for c in ACTIVITY_MONTHS_COLUMNS.split(", ") if c not in _MONTH_KEYS)
_BREAKDOWN_KEYS = ("structure_id", "month", "kind", "dimension", "code")
_ACTIVITIES_WHERE = "a.structure_id = %s AND a.activity_id = ANY(%s)"


def _contributions(sql: str) -> str:
    """A definition restricted to some activities' facts (structure, activity ids): their contribution."""
    return sql.format(where=_ACTIVITIES_WHERE)


def rollups_before(batch: WriteBatch, structure_id: int, activity_ids: list[int]) -> tuple[int, int, int]:
    """Selects of the caller's batch (before its facts change): the activities' monthly and breakdown rows
    (text: exact decimals) and their followed people's (person, kind, month)."""
    ids = sorted(activity_ids)
    return (
        batch.select(
            f"(SELECT coalesce(jsonb_agg(x), '[]')::text FROM ({_contributions(ACTIVITY_MONTHS_SQL)}) x)",
            [structure_id, ids],
        ),
        batch.select(
            f"(SELECT coalesce(jsonb_agg(x), '[]')::text FROM ({_contributions(ACTIVITY_BREAKDOWNS_SQL)}) x)",
            [structure_id, ids] * ACTIVITY_BREAKDOWNS_SQL.count("{where}"),
        ),
        batch.select(
            "(SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_array(beneficiary_id, kind, "
            "date_trunc('month', date)::date)), '[]')::text FROM network_attendancefact "
            "WHERE structure_id = %s AND activity_id = ANY(%s))",
            [structure_id, ids],
        ),
    )


# The highest month bit of a year's row, as year × 12 + month − 1: the last month attended that year.
_LAST_MONTH = "(p.year * 12 + (SELECT max(i) FROM generate_series(0, 11) i WHERE p.months & (1 << i) <> 0))"


def rollups_apply(batch: WriteBatch, structure_id: int, activity_ids: list[int], months_before: str,
                  breakdowns_before: str, people_before: str) -> None:  # fmt: skip
    """Parts of a batch run after the facts of these activities were written (the caller holds the rollups'
    lock): their rollups moved from the contributions ``rollups_before`` read to the current ones, and the
    network's totals by the same difference (each rollup's rows written minus the stored rows they replace)."""
    s, ids = structure_id, sorted(activity_ids)
    keys, sums = ", ".join(_MONTH_KEYS), _MONTH_SUMS
    # Monthly rows: stored + now − before; a row left with no activity deleted.
    batch.write(
        f"SELECT {keys}, {', '.join(f'sum({c})::bigint AS {c}' for c in sums)} FROM ("
        f"SELECT {ACTIVITY_MONTHS_COLUMNS} FROM ({_contributions(ACTIVITY_MONTHS_SQL)}) n UNION ALL "
        f"SELECT {keys}, {', '.join(f'-{c}' for c in sums)} FROM jsonb_to_recordset(%s::jsonb) "
        f"AS o(structure_id bigint, month date, kind text, {', '.join(f'{c} bigint' for c in sums)})"
        f") d GROUP BY {keys}",
        [s, ids, months_before], name="months_delta",
    )  # fmt: skip
    batch.write(
        f"SELECT {', '.join(f'd.{k}' for k in _MONTH_KEYS)}, "
        f"{', '.join(f'coalesce(t.{c}, 0) + d.{c} AS {c}' for c in sums)}, "
        f"{', '.join(f't.{c} AS old_{c}' for c in sums)} FROM months_delta d "
        f"LEFT JOIN LATERAL (SELECT {', '.join(sums)} FROM network_activitymonthfact t "
        "WHERE (t.structure_id, t.month, t.kind) = (d.structure_id, d.month, d.kind) LIMIT 1) t ON TRUE",
        name="months_after",
    )  # fmt: skip
    batch.write(
        f"INSERT INTO network_activitymonthfact AS t ({ACTIVITY_MONTHS_COLUMNS}) "
        f"SELECT {ACTIVITY_MONTHS_COLUMNS} FROM months_after WHERE activities > 0 "
        f"ON CONFLICT ({keys}) DO UPDATE SET {', '.join(f'{c} = EXCLUDED.{c}' for c in sums)} "
        f"WHERE ({', '.join(f't.{c}' for c in sums)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{c}' for c in sums)})"
    )
    batch.write(
        "DELETE FROM network_activitymonthfact t WHERE t.structure_id = %s "
        "AND t.month = ANY(ARRAY(SELECT month FROM months_after WHERE activities = 0)) "
        "AND (t.month, t.kind) IN (SELECT month, kind FROM months_after WHERE activities = 0)",
        [s],
    )
    # The network's totals follow, in the same statement: the rows written (kept) added, the stored rows they
    # replace or delete (months_after's old_*, read by the same lookup) subtracted.
    batch.write(
        totals_add_sql("network_activitymonthfact", [
            (f"SELECT month, kind, {', '.join(sums)} FROM months_after WHERE activities > 0", 1),
            (f"SELECT month, kind, {', '.join(f'old_{c} AS {c}' for c in sums)} FROM months_after "
             "WHERE old_activities IS NOT NULL", -1),
        ])
    )  # fmt: skip
    # Breakdown rows: the same; a row left at zero is deleted unless a fact still gives its code a zero count
    # (a breakdown may list a code with 0: the definition then keeps a row of value 0).
    bkeys = ", ".join(_BREAKDOWN_KEYS)
    batch.write(
        f"SELECT {bkeys}, sum(value) AS value FROM ("
        f"SELECT {ACTIVITY_BREAKDOWNS_COLUMNS} FROM ({_contributions(ACTIVITY_BREAKDOWNS_SQL)}) n UNION ALL "
        f"SELECT {bkeys}, -value FROM jsonb_to_recordset(%s::jsonb) "
        "AS o(structure_id bigint, month date, kind text, dimension text, code text, value numeric)"
        f") d GROUP BY {bkeys}",
        [s, ids] * ACTIVITY_BREAKDOWNS_SQL.count("{where}") + [breakdowns_before], name="breakdowns_delta",
    )  # fmt: skip
    batch.write(
        f"SELECT {', '.join(f'd.{k}' for k in _BREAKDOWN_KEYS)}, coalesce(t.value, 0) + d.value AS value, "
        "t.value AS old_value "
        "FROM breakdowns_delta d LEFT JOIN LATERAL (SELECT t.value FROM network_activitymonthbreakdownfact t "
        "WHERE (t.structure_id, t.month, t.kind, t.dimension, t.code) "
        "= (d.structure_id, d.month, d.kind, d.dimension, d.code) LIMIT 1) t ON TRUE",
        name="breakdowns_after",
    )  # fmt: skip
    zero_kept = (
        "b.dimension IN ('gender', 'age_band', 'status') AND EXISTS (SELECT 1 FROM network_activityfact a "
        "WHERE a.structure_id = b.structure_id AND a.date >= b.month AND a.date < b.month + interval '1 month' "
        "AND a.kind = b.kind AND a.anonymous_total > 0 AND a.anonymous_total <> a.anonymous_already_seen "
        "AND jsonb_typeof(a.anonymous_breakdown -> b.dimension) = 'object' "
        "AND (a.anonymous_breakdown -> b.dimension) ? b.code)"
    )
    batch.write(
        f"SELECT {bkeys}, value, old_value, value <> 0 OR {zero_kept} AS kept FROM breakdowns_after b",
        name="breakdowns_kept",
    )
    batch.write(
        f"INSERT INTO network_activitymonthbreakdownfact AS t ({ACTIVITY_BREAKDOWNS_COLUMNS}) "
        f"SELECT {ACTIVITY_BREAKDOWNS_COLUMNS} FROM breakdowns_kept WHERE kept "
        f"ON CONFLICT ({bkeys}) DO UPDATE SET value = EXCLUDED.value WHERE t.value IS DISTINCT FROM EXCLUDED.value"
    )
    batch.write(
        "DELETE FROM network_activitymonthbreakdownfact t WHERE t.structure_id = %s "
        "AND t.month = ANY(ARRAY(SELECT month FROM breakdowns_kept WHERE NOT kept)) "
        "AND (t.month, t.kind, t.dimension, t.code) IN (SELECT month, kind, dimension, code FROM breakdowns_kept "
        "WHERE NOT kept)",
        [s],
    )
    batch.write(
        totals_add_sql("network_activitymonthbreakdownfact", [
            ("SELECT month, kind, dimension, code, value FROM breakdowns_kept WHERE kept", 1),
            ("SELECT month, kind, dimension, code, old_value AS value FROM breakdowns_kept "
             "WHERE old_value IS NOT NULL", -1),
        ])
    )  # fmt: skip
    # People's years: each (person, kind, month) the write touched, before or now, attended or not (one
    # existence test on the person's facts of that month); their rows' month bits set or cleared, the rows
    # of those people and kinds then renumbered: the previous month of a row is the last month of the one
    # before, a row without any month deleted. Gender, status and birth year as the definition reads them.
    batch.write(
        "SELECT DISTINCT x.beneficiary_id, k.kind, x.month FROM ("
        "SELECT beneficiary_id, kind, date_trunc('month', date)::date FROM network_attendancefact "
        "WHERE structure_id = %s AND activity_id = ANY(%s) UNION ALL "
        "SELECT (o ->> 0)::bigint, o ->> 1, (o ->> 2)::date FROM jsonb_array_elements(%s::jsonb) o"
        ") x(beneficiary_id, kind, month), LATERAL (VALUES (''), (x.kind)) k(kind)",
        [s, ids, people_before], name="people_touched",
    )  # fmt: skip
    bit = "(1 << (date_part('month', t.month)::int - 1))"
    batch.write(
        f"SELECT t.beneficiary_id, t.kind, date_part('year', t.month)::int AS year, bit_or({bit}) AS mask, "
        f"bit_or(CASE WHEN EXISTS (SELECT 1 FROM network_attendancefact f WHERE f.structure_id = %s "
        "AND f.beneficiary_id = t.beneficiary_id AND f.date >= t.month AND f.date < t.month + interval '1 month' "
        f"AND (t.kind = '' OR f.kind = t.kind)) THEN {bit} ELSE 0 END) AS bits "
        "FROM people_touched t GROUP BY 1, 2, 3",
        [s], name="people_bits",
    )  # fmt: skip
    batch.write(
        "SELECT coalesce(r.beneficiary_id, b.beneficiary_id) AS beneficiary_id, coalesce(r.kind, b.kind) AS kind, "
        "coalesce(r.year, b.year) AS year, "
        "CASE WHEN b.mask IS NULL THEN r.months ELSE (coalesce(r.months, 0) & ~b.mask) | b.bits END AS months, "
        "r.months AS old_months, r.previous_month AS old_previous_month, r.gender AS old_gender, "
        "r.social_status AS old_social_status, r.birth_year AS old_birth_year "
        "FROM (SELECT y.beneficiary_id, y.kind, y.year::int AS year, y.months::int AS months, "
        "      y.previous_month, y.gender, y.social_status, y.birth_year "
        "      FROM network_personyearfact y WHERE y.structure_id = %s "
        "      AND y.beneficiary_id = ANY(ARRAY(SELECT DISTINCT beneficiary_id FROM people_bits)) "
        "      AND (y.beneficiary_id, y.kind) IN (SELECT beneficiary_id, kind FROM people_bits)) r "
        "FULL JOIN people_bits b ON (b.beneficiary_id, b.kind, b.year) = (r.beneficiary_id, r.kind, r.year)",
        [s], name="people_rows",
    )  # fmt: skip
    batch.write(
        f"SELECT %s::bigint AS structure_id, p.beneficiary_id, p.kind, p.year, p.months, "
        f"lag({_LAST_MONTH}) OVER (PARTITION BY p.beneficiary_id, p.kind ORDER BY p.year) AS previous_month, "
        "bf.gender, bf.social_status, bf.birth_year FROM people_rows p "
        "LEFT JOIN LATERAL (SELECT gender, social_status, birth_year FROM network_beneficiaryfact bf "
        "WHERE bf.structure_id = %s AND bf.beneficiary_id = p.beneficiary_id LIMIT 1) bf ON TRUE "
        "WHERE p.months <> 0",
        [s, s], name="people_after",
    )  # fmt: skip
    _keys, columns = _SCOPED["network_personyearfact"]
    values = [c for c in columns.split(", ") if c not in _keys]
    batch.write(
        f"INSERT INTO network_personyearfact AS t ({columns}) SELECT {columns} FROM people_after "
        f"ON CONFLICT ({', '.join(_keys)}) DO UPDATE SET {', '.join(f'{v} = EXCLUDED.{v}' for v in values)} "
        f"WHERE ({', '.join(f't.{v}' for v in values)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{v}' for v in values)})"
    )
    batch.write(
        "DELETE FROM network_personyearfact t WHERE t.structure_id = %s "
        "AND t.beneficiary_id = ANY(ARRAY(SELECT beneficiary_id FROM people_rows WHERE months = 0)) "
        "AND (t.beneficiary_id, t.kind, t.year) IN "
        "(SELECT beneficiary_id, kind, year FROM people_rows WHERE months = 0)",
        [s],
    )
    # Every stored row of the people and kinds touched is in people_rows (old_*) and is rewritten or deleted.
    batch.write(
        totals_add_sql("network_personyearfact", [
            ("SELECT kind, year, months, previous_month, gender, social_status, birth_year FROM people_after", 1),
            ("SELECT kind, year, old_months AS months, old_previous_month AS previous_month, old_gender AS gender, "
             "old_social_status AS social_status, old_birth_year AS birth_year FROM people_rows "
             "WHERE old_months IS NOT NULL", -1),
        ])
    )  # fmt: skip


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
