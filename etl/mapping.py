"""Raw source tables -> the `staged` view: canonical text columns, profile applied.

`staged` is a view (nothing is copied): one SELECT per file, UNION ALL. Source columns
are positional (c0..cN); header strings, value maps and defaults never enter the SQL
text: they live in small per-file tables (`headers_<i>`, `value_map_<i>`,
`defaults_<i>`) that the view joins.

Values are trimmed and blanks made NULL here, except for a parsed field whose text is
not stored and that comes from one column as it is (etl.dictionaries.unstored_fields):
that one is the source cell, trimmed once per distinct value by its dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl import canonical
from etl.dictionaries import unstored_fields
from etl.lookups import create_table
from etl.profiles import Profile, resolve_columns
from etl.readers import SourceTable
from etl.vocabulary import value_key

# Free text and lists keep their line breaks (a list may be one item per line); other
# fields have inner white space folded later, over distinct values only.
FREE_TEXT = ("questions_text", "notes", "comp", *canonical.CLOSED_LISTS, *canonical.OPEN_LISTS)
# Applied after parsing rather than at mapping, so a value found in the text wins.
LATE_DEFAULTS = ("comp_period", "comp_currency")
SEQ_STRIDE = 10_000_000_000


def staged_columns() -> list[str]:
    return list(canonical.all_fields())


@dataclass
class MappedFile:
    source: SourceTable
    mapping: dict[str, list[int]]  # canonical field -> source column indexes
    profile: Profile

    @property
    def unmapped(self) -> list[int]:
        used = {i for idx in self.mapping.values() for i in idx}
        return [i for i in range(len(self.source.headers)) if i not in used]


def map_file(source: SourceTable, profile: Profile) -> MappedFile:
    return MappedFile(
        source, resolve_columns(profile, source.headers, source.display_name), profile
    )


def create_staged(con: duckdb.DuckDBPyConnection, files: list[MappedFile]) -> frozenset[str]:
    """The `staged` view; returns the fields no file maps (NULL in every row)."""
    selects = [_file_select(con, index, mapped) for index, mapped in enumerate(files)]
    con.execute(f"CREATE OR REPLACE TEMP VIEW staged AS {' UNION ALL '.join(selects)}")
    present = {
        name
        for mapped in files
        for name in staged_columns()
        if mapped.mapping.get(name)
        or (name in mapped.profile.defaults and name not in LATE_DEFAULTS)
    }
    return frozenset(n for n in staged_columns() if n not in present)


def _file_select(con: duckdb.DuckDBPyConnection, index: int, mapped: MappedFile) -> str:
    text = "VARCHAR"
    source, profile = mapped.source, mapped.profile
    create_table(
        con,
        f"headers_{index}",
        {f"h{i}": [h] for i, h in enumerate(source.headers)},
        {f"h{i}": text for i in range(len(source.headers))},
    )
    pairs = [
        (field, value_key(k), v)
        for field, table in profile.values.items()
        for k, v in table.items()
    ]
    create_table(
        con,
        f"value_map_{index}",
        {
            "field": [p[0] for p in pairs],
            "key": [p[1] for p in pairs],
            "value": [p[2] for p in pairs],
        },
        {"field": text, "key": text, "value": text},
    )
    defaults = {k: v for k, v in profile.defaults.items() if k not in LATE_DEFAULTS}
    create_table(
        con,
        f"defaults_{index}",
        {"__one": [1], **{k: [v] for k, v in defaults.items()}},
        {"__one": "TINYINT", **{k: text for k in defaults}},
    )
    joins: list[str] = []
    exprs: list[str] = []
    unstored = set(unstored_fields())
    for name in staged_columns():
        sources = mapped.mapping.get(name, [])
        if (
            name in unstored
            and len(sources) == 1
            and name not in profile.values
            and name not in defaults
        ):
            # Parsed through a dictionary that trims each distinct value once: no per-row trim.
            exprs.append(f'r.c{sources[0]} AS "{name}"')
            continue
        parts: list[str] = []
        for column in mapped.mapping.get(name, []):
            cell = f"r.c{column}"
            clean = (
                f"nullif(trim(replace({cell}, chr(13) || chr(10), chr(10))), '')"
                if name in FREE_TEXT
                else _trimmed(cell)
            )
            if name in profile.values:
                # The value map applied to each distinct cell of the column once (a join on
                # the cell itself per row, not a regular expression per row).
                alias = f"vm_{name}_{column}"
                con.execute(
                    f"""CREATE OR REPLACE TEMP TABLE {alias}_{index} AS
                        SELECT d.raw, m.value FROM (SELECT DISTINCT c{column} AS raw
                                                    FROM "{source.table}") d
                        JOIN value_map_{index} m ON m.field = '{name}' AND m.key = norm_key(d.raw)"""
                )
                joins.append(f"LEFT JOIN {alias}_{index} {alias} ON {alias}.raw = {cell}")
                # A value mapped to "" means "no answer": the next column (or the default) is used.
                clean = f"CASE WHEN {alias}.value IS NOT NULL THEN nullif({alias}.value, '') ELSE {clean} END"
            parts.append(clean)
        if name in defaults:
            parts.append(f'd."{name}"')
        exprs.append(
            f'coalesce({", ".join(parts)}) AS "{name}"'
            if parts
            else f'CAST(NULL AS VARCHAR) AS "{name}"'
        )
    unmapped = mapped.unmapped
    extra = (
        "json_object(" + ", ".join(f"h.h{i}, r.c{i}" for i in unmapped) + ")"
        if unmapped
        else "CAST(NULL AS JSON)"
    )
    row = source.row_sql.replace("rowid", "r.rowid") if source.row_sql != "__row" else "r.__row"
    return (
        f"SELECT {index} AS __file, CAST({row} AS BIGINT) AS __row, "
        f"CAST({index * SEQ_STRIDE} + {row} AS BIGINT) AS __seq, {', '.join(exprs)}, {extra} AS extra "
        f'FROM "{source.table}" r CROSS JOIN headers_{index} h CROSS JOIN defaults_{index} d {" ".join(joins)}'
    )


def _trimmed(cell: str) -> str:
    """nullif(trim(cell), ''), paying for trim's copy only where there are spaces to trim."""
    return (
        f"CASE WHEN starts_with({cell}, ' ') OR ends_with({cell}, ' ') OR {cell} = '' "
        f"THEN nullif(trim({cell}), '') ELSE {cell} END"
    )


def raw_record_sql(source: SourceTable) -> tuple[str, list[object]]:
    """SQL (and params) giving each source row as a JSON object by header, for rejected rows."""
    params: list[object] = []
    pairs = []
    for index, header in enumerate(source.headers):
        pairs.append(f"?, c{index}")
        params.append(header)
    return (
        f"SELECT CAST({source.row_sql} AS BIGINT) AS __row, json_object({', '.join(pairs)}) AS raw "
        f'FROM "{source.table}"',
        params,
    )
