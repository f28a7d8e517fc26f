"""The word index of the pool's search text: which rows can hold a word, without their text.

A search word must occur in a candidate's ``search_text`` (lower-case) as a substring.
Comparing it with every candidate's text costs time in proportion to the pool; so, once
per index, each text is split into *tokens*, the maximal runs of characters that are not
ASCII punctuation, spaces or controls (:data:`SEPARATORS`; ASCII letters and digits and
every non-ASCII character are token characters), and each distinct token keeps the rows
whose text holds it. A search then reads the vocabulary (a few thousand short strings),
never the texts:

- a word of token characters only can occur in a text only inside one of its tokens, so
  the rows containing it are *exactly* the rows holding a token that contains it;
- a word with separators in it ("c++", "node.js", "](http") occurs only where its pieces
  do: an inner piece as a whole token, the first piece at a token's end, the last at a
  token's start. The rows holding such tokens are the only ones that can contain it; the
  search still compares the word with the text of those rows (``contains``). A word
  without any token character ("+") rules out no row.

The answer goes into the query as one bound parameter, a bitstring with a bit per row,
tested on the row's key (``get_bit``): the query's other filters narrow the scan as
before, and it reads the texts only for words with separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# ASCII except letters and digits. The same pattern splits in DuckDB (RE2) and in Python.
SEPARATORS = r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+"
_SEPARATORS = re.compile(SEPARATORS)

# Up to this many tokens, a search takes each one's keys in turn; beyond, it reads them all.
_FEW_TOKENS = 1000

# How a token must hold a piece of a word (see pieces).
_HOLDS = {
    "contains": pc.match_substring,
    "ends_with": pc.ends_with,
    "starts_with": pc.starts_with,
    "is": pc.equal,
}


def pieces(word: str) -> list[tuple[str, str]]:
    """How tokens of a text containing ``word`` hold its pieces: ``[("contains", word)]``
    for a word without separators (then exactly), else one test per piece."""
    parts = _SEPARATORS.split(word)
    if len(parts) == 1:
        return [("contains", word)]
    out = []
    for i, part in enumerate(parts):
        if part:  # the first is followed by a separator, the last preceded by one
            out.append(
                ("ends_with" if i == 0 else "starts_with" if i == len(parts) - 1 else "is", part)
            )
    return out


def exact(word: str) -> bool:
    """True when the index alone answers whether a text contains ``word``."""
    return _SEPARATORS.search(word) is None


@dataclass(frozen=True)
class WordIndex:
    """Each distinct token of a text column and the keys of the rows holding it:
    ``keys[offsets[i]:offsets[i + 1]]`` for ``tokens[i]``. The rows' keys, in column
    ``key`` (the pool's ``rid``), run from 0 to ``size - 1``."""

    tokens: pa.Array
    offsets: np.ndarray
    keys: np.ndarray
    size: int
    key: str

    @classmethod
    def build(cls, con: duckdb.DuckDBPyConnection, table: str, column: str, key: str) -> WordIndex:
        """Index ``column`` of ``table`` by ``key``, 0 to count - 1 (constant names)."""
        size = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])  # noqa: S608 (constant names)
        posting = con.sql(
            f"SELECT token, list({key}::INTEGER) AS keys FROM ("  # noqa: S608 (constant names)
            f"SELECT {key}, unnest(list_distinct(string_split_regex({column}, $sep))) AS token "
            f"FROM {table}) WHERE token <> '' GROUP BY token",
            params={"sep": SEPARATORS},
        ).to_arrow_table()
        lists = posting.column("keys").combine_chunks()
        offsets = lists.offsets.to_numpy().astype(np.int64)
        keys = lists.values.to_numpy()[offsets[0] : offsets[-1]].astype(np.int32)
        tokens = posting.column("token").combine_chunks()
        return cls(tokens, offsets - offsets[0], keys, size, key)

    @property
    def nbytes(self) -> int:
        return int(self.tokens.nbytes + self.offsets.nbytes + self.keys.nbytes)

    def candidates(self, words: list[str]) -> np.ndarray:
        """One flag per row (by key): False where the text cannot contain every one of
        ``words``; for the :func:`exact` ones, True exactly where it contains them."""
        out = np.ones(self.size, dtype=bool)
        for word in words:
            for how, piece in pieces(word):
                out &= self._holding(_HOLDS[how](self.tokens, piece))
        return out

    def clause(self, words: list[str]) -> tuple[str, list[Any], list[str]]:
        """SQL true on the rows whose text may contain every one of ``words`` (exactly
        those that do for the :func:`exact` ones), its parameters, and the other words:
        the caller compares them with the text where the SQL is true."""
        bits = np.packbits(self.candidates(words)).tobytes() or b"\x00"  # bit i: row i
        rest = [w for w in words if not exact(w)]
        return f"get_bit(?::BLOB::BIT, {self.key}::INTEGER) = 1", [bits], rest

    def _holding(self, chosen: pa.Array) -> np.ndarray:
        """One flag per row: True where the text holds one of the chosen tokens."""
        flags = chosen.to_numpy(zero_copy_only=False)
        picked = np.flatnonzero(flags)
        out = np.zeros(self.size, dtype=bool)
        if len(picked) <= _FEW_TOKENS:  # a slice of keys per token
            for i in picked:
                out[self.keys[self.offsets[i] : self.offsets[i + 1]]] = True
        else:  # one pass over every key (a short word found in much of the vocabulary)
            out[self.keys[np.repeat(flags, np.diff(self.offsets))]] = True
        return out
