"""Text from files and URLs, shown as text: never as Markdown or HTML.

Prefer ``st.text`` / table cells for such values. Where Streamlit only takes Markdown (a
title, a label, a message), :func:`md` escapes every character Markdown or Streamlit's
extensions would read (links, images, emphasis, ``:color[...]`` directives, ``$`` maths,
HTML), so ``![x](http://host/p.png)`` shows as those characters and fetches nothing.
"""

from __future__ import annotations

import re
from typing import Any

# Every ASCII punctuation character may be backslash-escaped in CommonMark.
# What CommonMark, GFM (autolinks: "www.", "http://", "a@b.c") and Streamlit (":red[...]",
# ":material/x:", "$maths$") read; any ASCII punctuation may be backslash-escaped.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=/^@])")
_SPACES = re.compile(r"\s+")


def md(value: Any, *, limit: int | None = None) -> str:
    """``value`` as Markdown that renders as exactly its characters (one line)."""
    text = _SPACES.sub(" ", "" if value is None else str(value)).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", text)
