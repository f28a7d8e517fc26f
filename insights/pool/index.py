"""The pool index: every listable candidate, built once per warehouse version.

The warehouse is an immutable published snapshot, so everything the pool's filters and
table need is derived once, when a version is first searched, and then searched many
times. Two halves, row ``rid`` in both:

- ``search``: a narrow DuckDB table in a private in-memory database, holding only what
  filters and sorts read: small integer codes for the equality filters, numbers and
  dates, the lists as ``\x1fsql\x1fpython\x1f`` strings plus a bitmask of the most
  common items, ``search_text`` (titles, notes and skills of *all* the candidate's
  interviews, lower-cased) and ``name_rank`` (position in name order); beside it, the
  word index of ``search_text`` (:mod:`insights.pool.words`): the rows holding each
  distinct word, so a search reads the vocabulary, not every text;
- ``display``: an Arrow table of everything the table, exports and profiles show, among
  it the pay as the candidate stated it (``pay_min``, ``pay_max``, ``pay_currency``,
  ``pay_period``: from the interview the latest expectation came from, as the ETL picks
  it) and ``comp_year``, the year whose exchange rate converted it. A page takes its
  50 rows by position (``take``), never by a scan.

So a search never reads the interviews, and a page costs one narrow scan plus a take.
The warehouse is only read (attached read-only for the build); the ETL is untouched.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.canonical import POOL_STATUS
from insights.access import Permission, Principal
from insights.pool.money import base_currency, currencies, fx_rates
from insights.pool.words import WordIndex

# Who may ever be listed, on top of every filter: consent given, not withdrawn in the
# warehouse (a workspace withdrawal is applied at query time: either side wins).
LISTABLE = (
    "consent_to_contact IS TRUE AND pool_status IS DISTINCT FROM 'withdrawn'"
    " AND coalesce(interview_count, 0) > 0"
)

# The ETL's order of a candidate's interviews (etl/load.py _rebuild_candidates): the pay
# interview is the latest by this order among those that stated pay.
_INTERVIEW_ORDER = (
    "{'d': i.interview_date, 'r': i.last_run_id, 's': i.source_row, 'id': i.interview_id}"
)
_PAY = "{'mn': i.comp_min, 'mx': i.comp_max, 'cur': i.comp_currency, 'per': i.comp_period, 'y': year(i.interview_date)}"
_SEP = "chr(31)"


def _key(values: str) -> str:
    """A list as a ``SEP``-delimited lower-case string (``\\x1fa\\x1fb\\x1f``; "" if empty)."""
    return (
        f"CASE WHEN len(coalesce({values}, [])) = 0 THEN '' ELSE {_SEP} || array_to_string("
        f"list_transform({values}, lambda v: lower(trim(v))), {_SEP}) || {_SEP} END"
    )


BUILD_SQL = f"""
WITH c AS MATERIALIZED (
    SELECT * FROM candidates WHERE {LISTABLE}
),
single AS (
    SELECT c.candidate_id,
           CASE WHEN i.comp_mid_annual IS NOT NULL THEN {_PAY} END AS p,
           NULL::VARCHAR AS itext
    FROM c JOIN interviews i USING (candidate_id)
    WHERE c.interview_count = 1
),
several AS (
    SELECT i.candidate_id,
           arg_max({_PAY}, {_INTERVIEW_ORDER}) FILTER (WHERE i.comp_mid_annual IS NOT NULL) AS p,
           string_agg(lower(concat_ws(chr(10), i.role_title, i.notes)), chr(10)) AS itext
    FROM interviews i
    WHERE i.candidate_id IN (SELECT candidate_id FROM c WHERE interview_count > 1)
    GROUP BY i.candidate_id
),
derived AS (SELECT * FROM single UNION ALL SELECT * FROM several)
SELECT
    c.candidate_id, c.full_name, lower(trim(c.full_name)) AS name_lc,
    c.current_title, c.current_employer, c.role_family, c.seniority, c.career_stage,
    c.years_experience, c.city, c.region, upper(c.country) AS country,
    lower(trim(c.city)) AS city_lc, c.relocation, c.work_arrangement, c.available_from,
    c.fit_score, c.interest_level, c.credentials, c.pool_status, c.tags, c.skills,
    list_transform(coalesce(c.skills, []::VARCHAR[]), lambda v: lower(trim(v))) AS skills_lc,
    list_transform(coalesce(c.tags, []::VARCHAR[]), lambda v: lower(trim(v))) AS tags_lc,
    {_key("c.skills")} AS skills_key, {_key("c.tags")} AS tags_key,
    c.email, c.phone, c.linkedin_url, c.consent_date,
    c.first_interview_date, c.last_interview_date, c.interview_count,
    c.referred_by, c.referred_by_candidate_id,
    c.comp_min_annual, c.comp_max_annual, c.comp_mid_annual,
    coalesce(c.comp_min_annual, c.comp_mid_annual, c.comp_max_annual) AS pay_floor,
    coalesce(c.comp_max_annual, c.comp_mid_annual, c.comp_min_annual) AS pay_ceiling,
    d.p.mn AS pay_min, d.p.mx AS pay_max, upper(d.p.cur) AS pay_currency,
    coalesce(d.p.per, CASE WHEN d.p.mn IS NOT NULL THEN 'year' END) AS pay_period,
    d.p.y AS comp_year,
    concat_ws(chr(10), lower(concat_ws(chr(10), c.current_title, c.role_title, c.notes,
              array_to_string(c.skills, chr(10)))), d.itext) AS search_text
FROM c LEFT JOIN derived d USING (candidate_id)
"""  # noqa: S608 (constant fragments; no value from outside)

FACETS = {
    "skills": "SELECT DISTINCT lower(trim(unnest(skills))) AS v FROM display",
    "tags": "SELECT DISTINCT lower(trim(unnest(tags))) AS v FROM display",
    "role_family": "SELECT DISTINCT role_family AS v FROM display",
    "country": "SELECT DISTINCT country AS v FROM display",
    "city": "SELECT DISTINCT trim(city) AS v FROM display",
}

# Columns searched by equality are stored as small integer codes (``<column>_code``):
# comparing integers is several times cheaper than comparing strings, and a search scans
# every row. The status code is fixed (position in POOL_STATUS; no status = "new").
CODED = (
    "role_family",
    "seniority",
    "country",
    "city_lc",
    "relocation",
    "work_arrangement",
    "credentials",
)
STATUS_CODES = {status: i + 1 for i, status in enumerate(POOL_STATUS)}
# The most common skills and tags also get a bit each (``skills_bits``, ``tags_bits``): a
# filter on them is then one integer test; rarer ones are found in the ``*_key`` text.
LIST_BITS = {"skills": "skills_bits", "tags": "tags_bits"}
MAX_BITS = 63

# The build's own DuckDB instance may use this much memory (it spills beyond it).
BUILD_MEMORY = "1GB"

# What filters and sorts read (the ``search`` half). Everything else is display only.
SEARCH_COLUMNS = (
    "candidate_id",
    "fit_score",
    "interest_level",
    "available_from",
    "last_interview_date",
    "pay_floor",
    "pay_ceiling",
    "comp_year",
    "skills_key",
    "tags_key",
    "search_text",
)


@dataclass
class PoolIndex:
    """The searchable pool of one warehouse version (see the module docstring).

    ``codes[column][value]`` is a value's code in ``<column>_code`` (the effective status
    too, as ``eff_status``); ``bits[key_column][item]`` a common list item's bit;
    ``words`` the word index of the ``search`` table's ``search_text``.
    """

    con: duckdb.DuckDBPyConnection
    display: pa.Table
    words: WordIndex
    base: str
    currencies: list[str]
    rates: dict[str, dict[int, float]]
    seconds: float
    codes: dict[str, dict[str, int]] = field(default_factory=dict)
    bits: dict[str, dict[str, int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _options: dict[str, list[str]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.display.num_rows

    @classmethod
    def build(cls, caller: Principal, warehouse: duckdb.DuckDBPyConnection) -> PoolIndex:
        """Read the listable candidates of the warehouse behind a (read-only) connection
        (for a caller allowed to see individuals: AccessDenied otherwise).

        The heavy read (every interview of candidates with several) runs in a short-lived
        DuckDB instance of its own, with a memory limit, that attaches the warehouse file
        read-only and is closed afterwards: the memory it used goes back, and only the
        index stays (about 0.4 GB at 1M interviews).
        """
        caller.require(Permission.TALENT)
        start = time.perf_counter()
        cur = warehouse.cursor()
        try:
            base = base_currency(cur)
            money = currencies(cur, base)
            rates = fx_rates(cur)
            found = cur.execute(
                "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
            ).fetchall()
            path = str(found[0][0]) if found and found[0][0] else ""
            if not path or path == ":memory:":  # an in-memory warehouse: read it directly
                built = cur.sql(BUILD_SQL).to_arrow_table()
        finally:
            cur.close()
        if path and path != ":memory:":
            builder = duckdb.connect(":memory:")
            try:
                builder.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
                builder.execute("ATTACH ? AS wh (READ_ONLY)", [path])
                builder.execute("USE wh")
                built = builder.sql(BUILD_SQL).to_arrow_table()
            finally:
                builder.close()
        con = duckdb.connect(":memory:")
        try:
            con.execute("ATTACH ':memory:' AS idx")
            con.execute("USE idx")
            codes, bits = _dictionaries(con, built)
            display = _split(con, built, codes, bits)
            words = WordIndex.build(con, "search", "search_text", "rid")
        except BaseException:
            con.close()
            raise
        seconds = time.perf_counter() - start
        return cls(con, display, words, base, money, rates, seconds, codes, bits)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (thread-safe use of the shared index)."""
        with self._lock:
            cur = self.con.cursor()
        cur.execute("USE idx")
        return cur

    def take(self, rids: list[int]) -> pa.Table:
        """The display rows at these positions, in this order."""
        return self.display.take(pa.array(rids, pa.int64()))

    def options(self) -> dict[str, list[str]]:
        """Values present among listable candidates, per facet (for the filter widgets);
        computed once per index."""
        with self._lock:
            if self._options is not None:
                return self._options
        cur = self.cursor()
        try:
            cur.register("display", self.display)
            out: dict[str, list[str]] = {}
            for key, sql in FACETS.items():
                rows = cur.execute(
                    f"SELECT v FROM ({sql}) WHERE v IS NOT NULL AND v <> '' ORDER BY lower(v), v"  # noqa: S608 (constant SQL)
                ).fetchall()
                out[key] = [str(r[0]) for r in rows]
        finally:
            cur.close()
        with self._lock:
            self._options = out
        return out

    def close(self) -> None:
        self.con.close()


def _dictionaries(
    con: duckdb.DuckDBPyConnection, built: pa.Table
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """The code of every coded column's values; the bits of the most common list items."""
    con.register("built", built)
    try:
        codes: dict[str, dict[str, int]] = {}
        for column in CODED:
            values = con.execute(
                f"SELECT DISTINCT {column} FROM built WHERE {column} IS NOT NULL ORDER BY 1"  # noqa: S608 (constant column names)
            ).fetchall()
            codes[column] = {str(v[0]): i + 1 for i, v in enumerate(values)}
        codes["eff_status"] = dict(STATUS_CODES)
        bits: dict[str, dict[str, int]] = {}
        for items in LIST_BITS:
            common = con.execute(
                f"SELECT s FROM (SELECT unnest({items}_lc) AS s FROM built) "  # noqa: S608 (constant column names)
                "GROUP BY s ORDER BY count(*) DESC, s LIMIT ?",
                [MAX_BITS],
            ).fetchall()
            bits[f"{items}_key"] = {str(r[0]): 1 << i for i, r in enumerate(common)}
    finally:
        con.unregister("built")
    return codes, bits


def _name_ranks(built: pa.Table) -> np.ndarray:
    """Each row's place in name order (ties by id, nameless last), from 1."""
    order = pc.sort_indices(
        built.select(["name_lc", "candidate_id"]),
        sort_keys=[("name_lc", "ascending", "at_end"), ("candidate_id", "ascending", "at_end")],
    ).to_numpy()
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def _split(
    con: duckdb.DuckDBPyConnection,
    built: pa.Table,
    codes: dict[str, dict[str, int]],
    bits: dict[str, dict[str, int]],
) -> pa.Table:
    """Make the ``search`` table from ``built``; return the display half (Arrow).

    ``rid`` is each row's position in ``built`` (and so in the display table);
    ``name_rank`` its place in name order, the tie-breaker of every sort. The search rows
    are stored by role family, country and status: a search for a role (or a country)
    then skips whole row groups by their min/max codes, at any size.
    """
    keyed = built.append_column("rid", pa.array(np.arange(built.num_rows, dtype=np.int64)))
    keyed = keyed.append_column("name_rank", pa.array(_name_ranks(built)))
    con.register("keyed", keyed)
    coded = ", ".join(f"list_position(?::VARCHAR[], {c})::INTEGER AS {c}_code" for c in CODED)
    params: list[object] = [list(codes[c]) for c in CODED]
    masks = []
    for items, column in LIST_BITS.items():
        table = bits[f"{items}_key"]
        masks.append(
            f"coalesce(list_sum(list_transform(list_distinct({items}_lc), lambda s: "
            f"coalesce((?::UBIGINT[])[list_position(?::VARCHAR[], s)], 0))), 0)::UBIGINT AS {column}"
        )
        params += [list(table.values()), list(table)]
    con.execute(
        f"""CREATE TABLE search AS
        SELECT rid, name_rank, {", ".join(SEARCH_COLUMNS)}, {coded},
               coalesce(list_position(?::VARCHAR[], pool_status), 1)::INTEGER AS status_code,
               {", ".join(masks)}
        FROM keyed
        ORDER BY role_family_code, country_code, status_code""",  # noqa: S608 (constant fragments)
        [*params[: len(CODED)], list(POOL_STATUS), *params[len(CODED) :]],
    )
    con.unregister("keyed")
    del keyed
    search_only = [
        "search_text",
        "name_lc",
        "skills_lc",
        "tags_lc",
        "city_lc",
        "skills_key",
        "tags_key",
    ]
    # one chunk per column: ``take`` on a table of many small chunks costs a pass over them
    return built.drop_columns(search_only).combine_chunks()
