"""The talent pool: consenting, non-withdrawn candidates, searched, counted, paged, exported.

- :class:`PoolIndex` (``index``): the searchable pool of one warehouse version, built once;
- :func:`fetch_pool` (``query``): one page, its total and the count per status;
- ``words``: the word index of the search text (which candidates hold a word);
- ``columns``: what the table shows and what exports write, typed;
- ``money``: currencies, rates and pay for people.

Filters are declared in :mod:`insights.pool_filters`; user state lives in
:mod:`insights.workspace` and is joined in as an overlay.
"""

from insights.pool.index import LISTABLE, PoolIndex
from insights.pool.query import (
    PAGE_SIZES,
    SELECT_ALL_LIMIT,
    PoolPage,
    fetch_pool,
    listable,
    matching_ids,
)

__all__ = [
    "LISTABLE",
    "PAGE_SIZES",
    "SELECT_ALL_LIMIT",
    "PoolIndex",
    "PoolPage",
    "fetch_pool",
    "listable",
    "matching_ids",
]
