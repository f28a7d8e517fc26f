"""The one way queries reach DuckDB: filtered CTEs, named bound parameters, a cursor each.

A query's SQL text is a constant holding markers such as `{where}`, replaced by
`Filters.where()`, which only ever emits `$name` placeholders: values always travel as
bound parameters, never inside the SQL text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from insights import labels, privacy
from insights.filters import Filters

# Time buckets a trend may use (validated: they reach SQL as a bound date_trunc part).
BUCKETS = ("week", "month", "quarter")

# Group-by keys a breakdown may use -> SQL expression over `interviews` (identifiers from
# this fixed table only; a missing value reads "not stated").
NOT_STATED = labels.NOT_STATED
OTHERS = labels.OTHERS
GROUP_EXPR: dict[str, str] = {
    "role_family": "coalesce(role_family, 'not stated')",
    "seniority": "coalesce(seniority, 'not stated')",
    "department": "coalesce(department, 'not stated')",
    "country": "coalesce(country, 'not stated')",
    "city": "coalesce(city || ' (' || coalesce(country, '?') || ')', 'not stated')",
    "career_stage": "coalesce(career_stage, 'not stated')",
    "source": "coalesce(source, 'not stated')",
    "format": "coalesce(format, 'not stated')",
}


# The same groups as GROUP_EXPR, as raw key columns to GROUP BY and a label computed from
# them after aggregation (building a label such as 'Berlin (DE)' for every row of a large
# table costs more than the aggregate itself). Keys are named a, b in the label.
GROUP_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    **{
        name: ((name,), "coalesce(a, 'not stated')")
        for name in (
            "role_family",
            "seniority",
            "department",
            "country",
            "career_stage",
            "source",
            "format",
        )
    },
    "city": (
        ("city", "CASE WHEN city IS NOT NULL THEN country END"),
        "coalesce(a || ' (' || coalesce(b, '?') || ')', 'not stated')",
    ),
}


@dataclass(frozen=True)
class Grouping:
    """One breakdown of a query: by a group-by key, by a time bucket (`every` wins), or
    overall (both None). With `keep`, only those groups are named: every other group of
    `by` is summed up as one group, OTHERS ("all others")."""

    by: str | None = None
    every: str | None = None
    keep: tuple[str, ...] | None = None

    @classmethod
    def of(cls, value: Grouping | Sequence[object]) -> Grouping:
        """A Grouping from itself or a (by, every[, keep]) tuple."""
        if isinstance(value, Grouping):
            return value
        by, every, kept = (*value, None, None)[:3]
        keep = None if kept is None else tuple(str(v) for v in kept)  # type: ignore[attr-defined]
        return cls(None if by is None else str(by), None if every is None else str(every), keep)


def groupings_of(values: Sequence[Grouping | Sequence[object]]) -> list[Grouping]:
    return [Grouping.of(v) for v in values]


def fetch(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    filters: Filters,
    params: Mapping[str, object] | None = None,
    *,
    others: Mapping[str, Filters] | None = None,
) -> pd.DataFrame:
    """Run `sql` with `{where}` (and each `{where_<name>}` of `others`) bound.

    Only parameters the final text uses are passed, so a query may ignore any of them.
    """
    where, bound = filters.where(param_prefix="f")
    text = sql.replace("{where}", where)
    for name, other in (others or {}).items():
        where_other, bound_other = other.where(param_prefix=f"{name}_")
        text = text.replace("{where_" + name + "}", where_other)
        bound.update(bound_other)
    bound.update(params or {})
    used = {key: value for key, value in bound.items() if f"${key}" in text}
    cur = con.cursor()
    try:
        return cur.execute(text, used).df()
    finally:
        cur.close()


def fetch_groups(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    filters: Filters,
    params: Mapping[str, object] | None = None,
    *,
    values: Sequence[str],
    n: str = "n",
    group: Sequence[str] = (),
    within: Sequence[str] = (),
) -> pd.DataFrame:
    """`fetch` a breakdown and protect it (privacy.protect): every group of fewer than k
    responses, and the complements that keep it from being recovered, lose their numbers.

    With `group`, the result is long (several rows per group): a hidden group is reduced
    to a single row so it is still listed, never silently dropped.
    """
    return mask_groups(
        fetch(con, sql, filters, params), values=values, n=n, group=group, within=within
    )


def mask_groups(
    df: pd.DataFrame,
    *,
    values: Sequence[str],
    n: str = "n",
    group: Sequence[str] = (),
    within: Sequence[str] = (),
) -> pd.DataFrame:
    """`privacy.protect` a breakdown (see fetch_groups)."""
    return privacy.protect(df, values, n=n, group=group, within=within)


def grouping_sql(grouping: Grouping, param: str) -> tuple[str, bool, dict[str, object]]:
    """(SQL expression of the group, is it a date, its bound parameters) for one grouping;
    validates its keys. `param` names the parameter that carries `keep`."""
    if grouping.every is not None:
        return f"date_trunc('{bucket(grouping.every)}', interview_date)::DATE", True, {}
    if grouping.by is not None:
        expr = group_expr(grouping.by)
        if grouping.keep is None:
            return expr, False, {}
        kept = f"CASE WHEN list_contains(${param}, {expr}) THEN {expr} ELSE '{OTHERS}' END"
        return kept, False, {param: list(grouping.keep)}
    return "'all'", False, {}


def fine_keys(
    groupings: Sequence[Grouping],
) -> tuple[list[str], list[str], list[bool], dict[str, object]]:
    """For a finest-grain aggregate over several groupings: the key expressions to select
    (`expr AS kN`), the column each grouping rolls up by (`kN`, or the constant itself for
    the overall grouping, which needs no key), whether each grouping is a date, and the
    bound parameters of the keys."""
    select: list[str] = []
    refs: list[str] = []
    dates: list[bool] = []
    params: dict[str, object] = {}
    for i, grouping in enumerate(groupings):
        expr, is_date, bound = grouping_sql(grouping, f"keep{i}")
        params.update(bound)
        dates.append(is_date)
        if grouping.by is None and grouping.every is None:
            refs.append(expr)
        else:
            select.append(f"{expr} AS k{i}")
            refs.append(f"k{i}")
    if not select:
        select.append("'all' AS k_all")
    return select, refs, dates, params


def split_sets(df: pd.DataFrame, groupings: Sequence[Grouping]) -> list[pd.DataFrame]:
    """Split a multi-grouping result (columns `set`, `g_text`, `g_date`, ...) into one frame
    per grouping, each with its group in a `group` column (a date for time buckets)."""
    out: list[pd.DataFrame] = []
    for i, grouping in enumerate(groupings):
        part = df[df["set"] == i].drop(columns="set")
        dated = grouping.every is not None
        keep, drop = ("g_date", "g_text") if dated else ("g_text", "g_date")
        part = part.drop(columns=drop).rename(columns={keep: "group"})
        out.append(part.reset_index(drop=True))
    return out


_LIST_SHARES_SQL = """
WITH f AS NOT MATERIALIZED (
    SELECT {keys}, {column} AS items FROM interviews
    WHERE {where} AND {column} IS NOT NULL
),
answered AS MATERIALIZED (SELECT {key_names}, count(*) AS n FROM f GROUP BY ALL),
named AS MATERIALIZED (
    SELECT {key_names}, item, count(*) AS count
    FROM (SELECT {key_names}, unnest(items) AS item FROM f)
    GROUP BY ALL
)
{sets}
ORDER BY "set", g_text, g_date, {order}
"""

_LIST_SET_SQL = """
SELECT {i} AS "set", {g_text} AS g_text, {g_date} AS g_date, t.item AS "{item}",
       coalesce(t.count, 0) AS count, a.n, coalesce(t.count, 0) / a.n AS share{rank}
FROM (SELECT {k} AS g, sum(n)::BIGINT AS n FROM answered GROUP BY ALL HAVING count(*) > 0) AS a
LEFT JOIN (SELECT {k} AS g, item, sum(count)::BIGINT AS count FROM named GROUP BY ALL) AS t USING (g)
"""


_RANK = ",\n       rank() OVER (PARTITION BY a.g ORDER BY coalesce(t.count, 0) DESC) AS rank"


def list_shares(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    column: str,
    item: str,
    groupings: Sequence[Grouping | Sequence[object]],
    *,
    rank: bool = False,
) -> list[pd.DataFrame]:
    """Share of respondents naming each value of the LIST column `column`, for several
    groupings at once: the column is read and unnested once, at the finest grain of all
    groupings together, and each grouping is summed up from that small result.

    Each frame: group, <item>, count, n (respondents with the list recorded), share
    [, rank (1 = most named; ties share a rank)], suppressed; a group under k keeps
    one row with every number blank. Sorted by group, then rank / count descending, item.

    Relies on the ETL's invariant that a stored list holds each value once
    (etl.dictionaries applies list_distinct), so count = respondents naming the value.
    """
    if not groupings:
        return []
    groupings = groupings_of(groupings)
    keys, refs, dates, params = fine_keys(groupings)
    sets: list[str] = []
    for i, (ref, is_date) in enumerate(zip(refs, dates, strict=True)):
        sets.append(
            _LIST_SET_SQL.replace("{i}", str(i))
            .replace("{k}", ref)
            .replace("{g_text}", "NULL::VARCHAR" if is_date else "a.g")
            .replace("{g_date}", "a.g" if is_date else "NULL::DATE")
            .replace("{item}", item)
            .replace("{rank}", _RANK if rank else "")
        )
    order = f'rank, "{item}"' if rank else f'count DESC, "{item}"'
    sql = (
        _LIST_SHARES_SQL.replace("{keys}", ", ".join(keys))
        .replace("{key_names}", ", ".join(k.rsplit(" AS ", 1)[1] for k in keys))
        .replace("{column}", column)
        .replace("{sets}", "UNION ALL".join(sets))
        .replace("{order}", order)
    )
    values = [item, "count", "share", *(["rank"] if rank else [])]
    return [
        mask_groups(part, values=values, group=["group"])
        for part in split_sets(fetch(con, sql, filters, params), groupings)
    ]


def bucket(value: str) -> str:
    """Validate a time bucket name."""
    if value not in BUCKETS:
        raise ValueError(f"bucket must be one of {BUCKETS}, not {value!r}")
    return value


def group_keys(by: str) -> tuple[tuple[str, ...], str]:
    """(raw key expressions, label over them as a, b) of a whitelisted group-by key."""
    group_expr(by)  # validates
    return GROUP_KEYS[by]


def group_expr(by: str) -> str:
    """The SQL expression of a whitelisted group-by key."""
    try:
        return GROUP_EXPR[by]
    except KeyError:
        raise ValueError(f"cannot group by {by!r}; use one of {tuple(GROUP_EXPR)}") from None
