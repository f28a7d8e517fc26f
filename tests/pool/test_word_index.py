"""The word index answers a text search exactly as ``contains`` on every text would.

The search used to compare each word with every candidate's ``search_text``
(``contains``); now the word index (insights.pool.words) answers words without
separators alone and narrows the rest. Here both are compared: the word index on random
texts against Python's ``in``, and the pool (counts per status, pages, deep pages, sorts,
the workspace overlay, shortlists, "select every match") against ``contains`` run on the
index's own texts, for words in titles, skills and notes, one-letter words, non-ASCII
words, words with punctuation and words found nowhere.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import re
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.access import Principal, Role
from insights.pool import PoolIndex, fetch_pool, matching_ids
from insights.pool import words as word_index
from insights.pool.words import SEPARATORS, WordIndex, exact, pieces
from insights.pool_filters import PoolFilters, search_words
from insights.workspace import Overlay, empty_overlay

RECRUITER = Principal("tests", Role.RECRUITER)
ANY = ()

# Notes and titles with what a plain word test could get wrong: punctuation inside and
# around words, non-ASCII letters, a no-break space, CJK, an emoji, case that lower()
# changes in more than one way, Markdown.
HOSTILE = [
    "Knows C++ and node.js; a CI/CD fan. E-mail me: x@y.example",
    "Straße 5, Ärztin in İstanbul; naïve café-bar 100% remote",
    "日本語 OK 🚀 10k bonus, see ](http://evil.example)",
    "résumé\u00a0attached -- follow-up (a/b) test; C# & F#",
    "x",
    "NODE.JS + c++ only",
]
WORDS = [
    "analyst",
    "manager",
    "blog",
    "sql",
    "a",
    "x",
    "é",
    "straße",
    "strasse",
    "ärztin",
    "İstanbul",
    "日本",
    "本語",
    "🚀",
    "c++",
    "++",
    "+",
    "node.js",
    ".js",
    "node.",
    "de.j",
    "fé-ba",
    "i/c",
    "ail:",
    "ci/cd",
    "e-mail",
    "-",
    "--",
    "](http://evil",
    "c#",
    "100%",
    "10k",
    "résumé\u00a0attached",
    "attached",
    "follow-up",
    "(a/b)",
    "zzzz",
    "spark python",
    "analyst c++",
    "manager zzzz",
    "x@y.example",
]


@pytest.fixture(scope="module")
def windex(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PoolIndex]:
    """A pool from 800 generated interviews (real ETL), some with hostile notes and titles."""
    from etl.generate.frames import generate_frames
    from etl.load import run_load

    frame = generate_frames(rows=800, seed=5)
    for i in range(0, len(frame), 7):
        frame.loc[i, "Notes"] = HOSTILE[(i // 7) % len(HOSTILE)]
    for i in range(3, len(frame), 11):
        frame.loc[i, "Current title"] = HOSTILE[(i // 11) % len(HOSTILE)].split(";")[0]
    where = tmp_path_factory.mktemp("words")
    frame.to_csv(where / "interviews.csv", index=False)
    summary = run_load([where / "interviews.csv"], db=where / "w.duckdb", loaded_by="tests")
    assert summary.status == "published"
    con = duckdb.connect(str(where / "w.duckdb"), read_only=True)
    built = PoolIndex.build(RECRUITER, con)
    yield built
    built.close()
    con.close()


def contains_ids(index: PoolIndex, text: str) -> set[str]:
    """The candidates the search matched before the word index: ``contains`` on each text."""
    words = search_words(text)
    cur = index.cursor()
    try:
        where = " AND ".join("contains(search_text, ?)" for _ in words) or "TRUE"
        rows = cur.execute(f"SELECT candidate_id FROM search WHERE {where}", words).fetchall()  # noqa: S608 (constant fragments)
    finally:
        cur.close()
    return {str(r[0]) for r in rows}


def expected(
    index: PoolIndex,
    f: PoolFilters,
    *,
    overlay: Overlay | None = None,
    page: int = 1,
    size: int | None = 50,
) -> tuple[list[str], int, dict[str, int]]:
    """The page's ids, the total and the counts per status, from the pool without the text
    filter (in its order) narrowed to the candidates ``contains`` finds."""
    base = fetch_pool(
        RECRUITER, index, f.replace(text="", statuses=ANY), overlay=overlay, page_size=None
    ).rows
    hits = base[base["candidate_id"].isin(contains_ids(index, f.text))]
    counts = dict(collections.Counter(hits["eff_status"]))
    if f.statuses:
        hits = hits[hits["eff_status"].isin(f.statuses)]
    ids = list(hits["candidate_id"])
    if size is None:
        return ids, len(ids), counts
    page = min(max(1, page), max(1, math.ceil(len(ids) / size)))
    return ids[(page - 1) * size : page * size], len(ids), counts


def check(index: PoolIndex, f: PoolFilters, **kw) -> int:  # type: ignore[no-untyped-def]
    got = fetch_pool(RECRUITER, index, f, overlay=kw.get("overlay"), **_paging(kw))
    ids, total, counts = expected(index, f, **kw)
    assert (list(got.rows["candidate_id"]), got.total, got.status_counts) == (ids, total, counts)
    return total


def _paging(kw: dict) -> dict:  # type: ignore[type-arg]
    return {"page": kw.get("page", 1), "page_size": kw.get("size", 50)}


# --- the word index alone ---------------------------------------------------------------


def test_duckdb_and_python_split_texts_alike() -> None:
    text = "".join(f"{chr(i)}w" for i in range(1, 256)) + "é\u00a0ü\u2003日本 🚀x"
    con = duckdb.connect()
    try:
        split = con.execute("SELECT string_split_regex(?, ?)", [text, SEPARATORS]).fetchall()
    finally:
        con.close()
    assert split[0][0] == re.split(SEPARATORS, text)


def test_pieces_of_a_word() -> None:
    assert pieces("analyst") == [("contains", "analyst")]
    assert pieces("c++") == [("ends_with", "c")]
    assert pieces("node.js") == [("ends_with", "node"), ("starts_with", "js")]
    assert pieces("](http://evil") == [("is", "http"), ("starts_with", "evil")]
    assert pieces("a.b.c") == [("ends_with", "a"), ("is", "b"), ("starts_with", "c")]
    assert pieces("+") == []
    assert exact("日本語") and exact("straße") and not exact("c++") and not exact("a b")


_ALPHABET = "ab c.+-/é日\u00a0\nA"


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.one_of(st.none(), st.text(_ALPHABET, max_size=30)), max_size=12),
    data=st.data(),
)
def test_the_word_index_keeps_every_row_that_contains_the_words(texts, data) -> None:  # type: ignore[no-untyped-def]
    """Exactly the rows containing them for words without separators; never fewer. Words
    are pieces of the texts (so they often occur) or anything."""
    some = [t for t in texts if t]
    piece = (
        st.builds(
            lambda t, i, n: t[i : i + n],
            st.sampled_from(some),
            st.integers(0, 29),
            st.integers(1, 6),
        )
        if some
        else st.nothing()
    )
    word = st.one_of(piece, st.text(_ALPHABET, min_size=1, max_size=4)).filter(bool)
    words = data.draw(st.lists(word, min_size=1, max_size=3))
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t (k INTEGER, s VARCHAR)")
        for k, text in reversed(list(enumerate(texts))):  # not stored in key order
            con.execute("INSERT INTO t VALUES (?, ?)", [k, text])
        found = con.execute("SELECT s FROM t ORDER BY k").fetchall()
        index = WordIndex.build(con, "t", "s", "k")
        sql, params, rest = index.clause(words)
        tests = "".join(" AND contains(s, ?)" for _ in rest)
        query = f"SELECT k FROM t WHERE (CASE WHEN {sql} THEN TRUE{tests} END) ORDER BY k"
        searched = [k for (k,) in con.execute(query, [*params, *rest]).fetchall()]
    finally:
        con.close()
    truth = [s is not None and all(w in s for w in words) for (s,) in found]
    got = index.candidates(words).tolist()
    assert len(got) == len(truth)
    with mock.patch.object(word_index, "_FEW_TOKENS", 0):  # the way for many tokens
        assert index.candidates(words).tolist() == got
    if all(exact(w) for w in words):
        assert got == truth and not rest
    else:
        assert all(g for g, t in zip(got, truth, strict=True) if t)
    assert searched == [k for k, t in enumerate(truth) if t]  # the SQL the pool runs


def test_an_empty_table_has_an_empty_index() -> None:
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t (k INTEGER, s VARCHAR)")
        index = WordIndex.build(con, "t", "s", "k")
    finally:
        con.close()
    assert index.size == 0 and len(index.tokens) == 0
    assert index.candidates(["a", "c++"]).tolist() == []


# --- the pool, against contains ---------------------------------------------------------


def test_the_hostile_texts_are_in_the_pool(windex: PoolIndex) -> None:
    for word in ("c++", "straße", "日本", "🚀", "](http://evil", "résumé\u00a0attached"):
        assert contains_ids(windex, word), word
    assert not contains_ids(windex, "zzzz")


@pytest.mark.parametrize("text", WORDS)
def test_a_search_finds_what_contains_finds(windex: PoolIndex, text: str) -> None:
    check(windex, PoolFilters(text=text, statuses=ANY), size=None)
    check(windex, PoolFilters(text=text))  # the default statuses
    check(windex, PoolFilters(text=text, statuses=("nurture",)), size=7)


@pytest.mark.parametrize("text", ["a", "analyst", "c++", "日本", "zzzz", "manager sql"])
def test_words_in_many_tokens_take_another_way_to_the_same_rows(
    windex: PoolIndex, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_index, "_FEW_TOKENS", 0)
    check(windex, PoolFilters(text=text, statuses=ANY), size=None)
    check(windex, PoolFilters(text=text, statuses=("new",)), page=2, size=5)


def test_a_name_is_not_searched(windex: PoolIndex) -> None:
    """The search text holds titles, skills and notes, not names (nor e-mail addresses)."""
    row = windex.display.slice(0, 1).to_pylist()[0]
    first = str(row["full_name"]).split()[0].lower()
    assert check(windex, PoolFilters(text=first, statuses=ANY), size=None) == len(
        contains_ids(windex, first)
    )


@pytest.mark.parametrize("text", ["a", "analyst", "c++", "node.js manager"])
@pytest.mark.parametrize("sort", ["fit", "pay", "name", "available"])
@pytest.mark.parametrize("descending", [True, False])
def test_every_page_and_sort(windex: PoolIndex, text: str, sort: str, descending: bool) -> None:
    f = PoolFilters(text=text, statuses=ANY, sort=sort, descending=descending, pay_currency="EUR")
    total = check(windex, f, size=None)
    for page in (1, 2, math.ceil(total / 9), 10_000):  # the last page, and beyond it
        check(windex, f, page=page, size=9)


@pytest.mark.parametrize("text", ["analyst", "a", "c++", "日本", "zzzz"])
def test_with_the_other_filters(windex: PoolIndex, text: str) -> None:
    options = windex.options()
    f = PoolFilters(
        text=text,
        skills_any=tuple(options["skills"][:6]),
        seniorities=("junior", "mid", "senior"),
        min_fit=2,
        max_pay=120_000,
        pay_currency="EUR",
        statuses=("new", "prescreened", "nurture", "contacted"),
        sort="pay",
    )
    check(windex, f, size=None)
    check(windex, f, page=2, size=5)


def _overlay(index: PoolIndex, hits: list[str], members: list[str] | None = None) -> Overlay:
    """Workspace edits on candidates the search finds: statuses (one withdrawn) and tags."""
    status = pa.table(
        {
            "candidate_id": hits[:4],
            "pool_status": ["hired", "withdrawn", "nurture", "new"][: len(hits[:4])],
        }
    )
    tags = pa.table(
        {
            "candidate_id": hits[:3],
            "tag": ["shortlist-me"] * len(hits[:3]),
            "state": ["added"] * len(hits[:3]),
        }
    )
    ids = members or []
    member_table = pa.table(
        {
            "shortlist_id": ["s1"] * len(ids),
            "candidate_id": ids,
            "stage": ["sourced"] * len(ids),
            "note": [""] * len(ids),
            "added_by": ["tests"] * len(ids),
            "added_at": pa.array([dt.datetime(2026, 1, 1)] * len(ids), pa.timestamp("us")),
            "member_version": pa.array([1] * len(ids), pa.int64()),
        }
    )
    return Overlay(status, tags, member_table)


@pytest.mark.parametrize("text", ["analyst", "c++", "manager"])
def test_the_workspace_overlay_applies_to_search_results(windex: PoolIndex, text: str) -> None:
    hits = sorted(contains_ids(windex, text))
    assert len(hits) >= 4
    ov = _overlay(windex, hits)
    for f in (
        PoolFilters(text=text, statuses=ANY),
        PoolFilters(text=text, statuses=("hired", "new")),
        PoolFilters(text=text, statuses=ANY, tags=("shortlist-me",)),
    ):
        check(windex, f, overlay=ov, size=None)
        check(windex, f, overlay=ov, page=2, size=2)
    got = fetch_pool(RECRUITER, windex, PoolFilters(text=text, statuses=ANY), overlay=ov)
    assert hits[1] not in set(got.rows["candidate_id"])  # withdrawn in the workspace


def test_a_shortlist_ignores_the_search(windex: PoolIndex) -> None:
    members = sorted(contains_ids(windex, "manager"))[:5] + sorted(contains_ids(windex, "zzzz"))
    listed = windex.display.column("candidate_id").to_pylist()
    members += [c for c in listed[:40] if c not in members][:5]
    ov = _overlay(windex, sorted(contains_ids(windex, "analyst")), members)
    plain = fetch_pool(RECRUITER, windex, PoolFilters(), overlay=ov, shortlist="s1")
    for text in ("analyst", "c++", "zzzz"):
        got = fetch_pool(
            RECRUITER, windex, PoolFilters(text=text), overlay=ov, shortlist="s1", page_size=None
        )
        assert list(got.rows["candidate_id"]) == list(plain.rows["candidate_id"])
        assert got.status_counts == plain.status_counts and got.total == len(members)


@pytest.mark.parametrize("text", ["analyst", "a", "c++", "ärztin"])
def test_select_every_match(windex: PoolIndex, text: str) -> None:
    f = PoolFilters(text=text, statuses=ANY, sort="name")
    ids, _, _ = expected(windex, f, size=None)
    assert matching_ids(RECRUITER, windex, f) == ids
    assert matching_ids(RECRUITER, windex, f, limit=3) == ids[:3]


def test_an_empty_pool_searches(tmp_path: Path, empty_db: Path) -> None:
    con = duckdb.connect(str(empty_db), read_only=True)
    try:
        index = PoolIndex.build(RECRUITER, con)
        got = fetch_pool(RECRUITER, index, PoolFilters(text="analyst c++"), overlay=empty_overlay())
        index.close()
    finally:
        con.close()
    assert got.total == 0 and got.rows.empty and got.status_counts == {}
