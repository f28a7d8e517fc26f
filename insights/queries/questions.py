"""Candidate questions: topics asked, promotion expectations, frequent phrases."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from insights import privacy
from insights.filters import Filters
from insights.queries._sql import Grouping, fetch, list_shares


def topic_shares(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    by: str | None = None,
    every: str | None = None,
    keep: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Share of respondents who asked about each topic, overall, per `by` or per bucket
    `every`: group, topic, count, n (respondents with topics recorded), share.
    """
    return topic_share_sets(con, filters, (Grouping(by, every, keep),))[0]


def topic_share_sets(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    groupings: Sequence[Grouping | Sequence[object]],
) -> list[pd.DataFrame]:
    """`topic_shares` for several (by, every) groupings from one read of question_topics:
    one frame per grouping, in order, each exactly as `topic_shares` returns it.
    """
    return list_shares(con, filters, "question_topics", "topic", tuple(groupings))


# Common English function words and interview filler, removed before forming phrases.
_STOP_WORDS_TEXT = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    else even ever every few for from further get gets getting got had has have having he
    her here hers herself him himself his how i if in into is it its itself just like ll
    me might more most much must my myself no nor not now of off often on once only or
    other our ours ourselves out over own per please re really same she should so some
    such than that the their theirs them themselves then there these they this those
    through to too under until up upon us ve very was we were what when where which while
    who whom why will with within without would yes yet you your yours yourself
    yourselves"""
STOP_WORDS: tuple[str, ...] = tuple(_STOP_WORDS_TEXT.split())

# Phrase mining reads at most the latest MAX_TEXTS question texts (bounded page time on
# large warehouses); the chart says when it did.
MAX_TEXTS = 20_000

# Phrases are formed once per distinct text (repeated texts cost nothing), from words
# already reduced to NULL when they are stop words or single characters: a phrase built
# with `||` from a NULL word is NULL itself, so no list slicing or per-phrase test is
# needed. Each respondent counts once per phrase.
_PHRASES_SQL = """
WITH base AS NOT MATERIALIZED (
    SELECT interview_date, interview_id, candidate_id, questions_text
    FROM interviews
    WHERE {where} AND questions_text IS NOT NULL AND trim(questions_text) <> ''
),
-- The date of the oldest text kept: sorting dates alone is cheap; the exact order with
-- its interview_id tie-break then only sorts the (few) rows from that date on.
cutoff AS (
    SELECT min(interview_date) AS d
    FROM (SELECT interview_date FROM base ORDER BY interview_date DESC LIMIT $max_texts)
),
f AS MATERIALIZED (
    SELECT coalesce(candidate_id, interview_id) AS respondent, questions_text
    FROM base
    WHERE interview_date >= (SELECT d FROM cutoff)
    ORDER BY interview_date DESC, interview_id
    LIMIT $max_texts
),
texts AS (SELECT DISTINCT questions_text FROM f),
sentences AS (
    SELECT questions_text,
           unnest(regexp_split_to_array(lower(questions_text), '[.!?;:\n]+')) AS s
    FROM texts
),
words AS (
    SELECT questions_text, list_transform(
        list_filter(regexp_split_to_array(s, '[^a-z0-9]+'), lambda w: w <> ''),
        lambda w: CASE WHEN length(w) > 1 AND NOT list_contains($stop, w) THEN w END
    ) AS t
    FROM sentences
),
text_phrases AS (
    SELECT DISTINCT questions_text, phrase
    FROM (
        SELECT questions_text, unnest(list_concat(
            list_transform(range(1, len(t)), lambda i: t[i] || ' ' || t[i + 1]),
            list_transform(range(1, len(t) - 1), lambda i: t[i] || ' ' || t[i + 1] || ' ' || t[i + 2])
        )) AS phrase
        FROM words
        WHERE len(t) >= 2
    )
    WHERE phrase IS NOT NULL
),
grams AS (
    SELECT DISTINCT f.respondent, p.phrase
    FROM f JOIN text_phrases AS p USING (questions_text)
)
SELECT phrase, count(*) AS n, (SELECT count(DISTINCT respondent) FROM f) AS responses,
       (SELECT count(*) FROM f) AS texts
FROM grams
GROUP BY phrase
HAVING count(*) >= $k
ORDER BY n DESC, phrase
LIMIT $limit
"""


def top_phrases(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 20) -> pd.DataFrame:
    """Most frequent 2-3 word phrases in questions_text (within a sentence, no stop word in
    them, each word 2+ characters), counting each respondent once per phrase: phrase, words, n (respondents using it), responses
    (respondents with any text), share. Only phrases used by at least k respondents are
    returned (a rarer phrase could identify its author), so there is no suppressed row.
    """
    df = fetch(
        con,
        _PHRASES_SQL,
        filters,
        {
            "stop": list(STOP_WORDS),
            "k": privacy.k(),
            "limit": 3 * int(limit),
            "max_texts": MAX_TEXTS,
        },
    )
    df["words"] = df["phrase"].str.count(" ") + 1
    df["share"] = df["n"] / df["responses"]
    # A two-word phrase that only ever occurs inside one three-word phrase says nothing new.
    longer = df[df["words"] == 3]
    redundant = [
        any(p in q and m == n for q, m in zip(longer["phrase"], longer["n"], strict=True))
        for p, n, w in zip(df["phrase"], df["n"], df["words"], strict=True)
        if w == 2
    ]
    dropped = iter(redundant)
    keep = [w != 2 or not next(dropped) for w in df["words"]]
    return df[keep].head(int(limit)).reset_index(drop=True)


_RESPONSES_SQL = """
SELECT count(DISTINCT coalesce(candidate_id, interview_id)) AS responses
FROM interviews
WHERE {where} AND questions_text IS NOT NULL AND trim(questions_text) <> ''
"""


def text_responses(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """Respondents with question text recorded (the base of top_phrases)."""
    return int(fetch(con, _RESPONSES_SQL, filters)["responses"].iloc[0])
