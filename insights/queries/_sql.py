"""The one way queries reach DuckDB: filtered CTEs, named bound parameters, a cursor each.

A query's SQL text is a constant holding markers such as `{where}`, replaced by
`Filters.where()`, which only ever emits `$name` placeholders: values always travel as
bound parameters, never inside the SQL text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd

from insights import privacy
from insights.filters import Filters

# Time buckets a trend may use (validated: they reach SQL as a bound date_trunc part).
BUCKETS = ("week", "month", "quarter")

# Group-by keys a breakdown may use -> SQL expression over `interviews` (identifiers from
# this fixed table only; a missing value reads "not stated").
NOT_STATED = "not stated"
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
    group: Sequence[str] | None = None,
) -> pd.DataFrame:
    """`fetch` an aggregate and mask every group of fewer than k responses.

    With `group`, the result is long (several rows per group): a small group is reduced
    to a single suppressed row so it is still listed, never silently dropped.
    """
    return mask_groups(fetch(con, sql, filters, params), values=values, n=n, group=group)


def mask_groups(
    df: pd.DataFrame,
    *,
    values: Sequence[str],
    n: str = "n",
    group: Sequence[str] | None = None,
) -> pd.DataFrame:
    """`privacy.mask`, and with `group` a small group reduced to one suppressed row."""
    df = privacy.mask(df, values, n=n)
    if group:
        small = df[privacy.SUPPRESSED]
        df = pd.concat([df[~small], df[small].drop_duplicates(subset=list(group))])
        df = df.reset_index(drop=True)
    return df


# One grouping of a multi-grouping query: (by, every) = a group-by key or a time bucket,
# both None = overall ('all').
Grouping = tuple[str | None, str | None]


def grouping_sql(by: str | None, every: str | None) -> tuple[str, bool]:
    """(SQL expression of the group, is it a date) for one grouping; validates both keys.

    `every` wins over `by` (as in every query function taking both).
    """
    if every is not None:
        return f"date_trunc('{bucket(every)}', interview_date)::DATE", True
    if by is not None:
        return group_expr(by), False
    return "'all'", False


def fine_keys(groupings: Sequence[Grouping]) -> tuple[list[str], list[str], list[bool]]:
    """For a finest-grain aggregate over several groupings: the key expressions to select
    (`expr AS kN`), the column each grouping rolls up by (`kN`, or the constant itself for
    the overall grouping, which needs no key), and whether each grouping is a date."""
    select: list[str] = []
    refs: list[str] = []
    dates: list[bool] = []
    for i, (by, every) in enumerate(groupings):
        expr, is_date = grouping_sql(by, every)
        dates.append(is_date)
        if by is None and every is None:
            refs.append(expr)
        else:
            select.append(f"{expr} AS k{i}")
            refs.append(f"k{i}")
    if not select:
        select.append("'all' AS k_all")
    return select, refs, dates


def split_sets(df: pd.DataFrame, groupings: Sequence[Grouping]) -> list[pd.DataFrame]:
    """Split a multi-grouping result (columns `set`, `g_text`, `g_date`, ...) into one frame
    per grouping, each with its group in a `group` column (a date for time buckets)."""
    out: list[pd.DataFrame] = []
    for i, (_, every) in enumerate(groupings):
        part = df[df["set"] == i].drop(columns="set")
        keep, drop = ("g_date", "g_text") if every is not None else ("g_text", "g_date")
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
    groupings: Sequence[Grouping],
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
    keys, refs, dates = fine_keys(groupings)
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
        for part in split_sets(fetch(con, sql, filters), groupings)
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
