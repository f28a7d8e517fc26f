"""Raw source tables -> one `staged` table of canonical text columns (profile applied).

Column and header names never reach the SQL as text: source columns are positional
(c0..cN) and header strings / value maps travel as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl import canonical
from etl.profiles import Profile, resolve_columns
from etl.readers import SourceTable
from etl.vocabulary import value_key

# Free text and lists keep their line breaks (a list may be one item per line); everything
# else has its white space folded.
FREE_TEXT = ("questions_text", "notes", "comp", *canonical.CLOSED_LISTS, *canonical.OPEN_LISTS)
# Applied after parsing rather than at mapping, so a value found in the text wins.
LATE_DEFAULTS = ("comp_period", "comp_currency")
SEQ_STRIDE = 10_000_000_000
WHITESPACE = "' ' || chr(9) || chr(10) || chr(13) || chr(160)"


def staged_columns() -> list[str]:
    return list(canonical.all_fields())


@dataclass
class MappedFile:
    source: SourceTable
    mapping: dict[str, list[int]]  # canonical field -> source column indexes

    @property
    def unmapped(self) -> list[int]:
        used = {i for idx in self.mapping.values() for i in idx}
        return [i for i in range(len(self.source.headers)) if i not in used]


def map_file(source: SourceTable, profile: Profile) -> MappedFile:
    return MappedFile(source, resolve_columns(profile, source.headers, source.display_name))


def create_staged(con: duckdb.DuckDBPyConnection) -> None:
    cols = ", ".join(f'"{c}" VARCHAR' for c in staged_columns())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staged (__file INTEGER, __row BIGINT, __seq BIGINT, {cols}, extra JSON)"
    )


def insert_staged(con: duckdb.DuckDBPyConnection, file_index: int, mapped: MappedFile, profile: Profile) -> None:
    params: list[object] = []
    exprs: list[str] = []
    for name in staged_columns():
        parts: list[str] = []
        for index in mapped.mapping.get(name, []):
            cell = f"c{index}"
            # Folding inner white space is left to the dictionaries (distinct values only).
            clean = (
                f"nullif(trim(replace({cell}, chr(13) || chr(10), chr(10)), {WHITESPACE}), '')"
                if name in FREE_TEXT
                else f"nullif(trim({cell}, {WHITESPACE}), '')"
            )
            value_map = profile.values.get(name)
            if value_map:
                keys = [value_key(k) for k in value_map]
                params += [keys, list(value_map.values())]
                clean = (
                    f"nullif(coalesce(map_extract_value(MAP(?::VARCHAR[], ?::VARCHAR[]), norm_key({cell})), "
                    f"{clean}), '')"
                )
            parts.append(clean)
        default = profile.defaults.get(name)
        if default is not None and name not in LATE_DEFAULTS:
            parts.append("?")
            params.append(default)
        exprs.append(f"coalesce({', '.join(parts)})" if parts else "NULL")
    unmapped = mapped.unmapped
    if unmapped:
        pairs = []
        for index in unmapped:
            pairs.append(f"?, c{index}")
            params.append(mapped.source.headers[index])
        extra = f"json_object({', '.join(pairs)})"
    else:
        extra = "NULL"
    params = [file_index, file_index * SEQ_STRIDE, *params]
    select_list = ", ".join(exprs)
    con.execute(
        f'INSERT INTO staged SELECT ?, __row, ? + __row, {select_list}, {extra} FROM "{mapped.source.table}"',
        params,
    )


def raw_record_sql(source: SourceTable) -> tuple[str, list[object]]:
    """SQL (and params) giving each source row as a JSON object by header, for rejected rows."""
    params: list[object] = []
    pairs = []
    for index, header in enumerate(source.headers):
        pairs.append(f"?, c{index}")
        params.append(header)
    return f'SELECT __row, json_object({", ".join(pairs)}) AS raw FROM "{source.table}"', params
