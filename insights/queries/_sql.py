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
    df = privacy.mask(fetch(con, sql, filters, params), values, n=n)
    if group:
        small = df[privacy.SUPPRESSED]
        df = pd.concat([df[~small], df[small].drop_duplicates(subset=list(group))])
        df = df.reset_index(drop=True)
    return df


def bucket(value: str) -> str:
    """Validate a time bucket name."""
    if value not in BUCKETS:
        raise ValueError(f"bucket must be one of {BUCKETS}, not {value!r}")
    return value


def group_expr(by: str) -> str:
    """The SQL expression of a whitelisted group-by key."""
    try:
        return GROUP_EXPR[by]
    except KeyError:
        raise ValueError(f"cannot group by {by!r}; use one of {tuple(GROUP_EXPR)}") from None
