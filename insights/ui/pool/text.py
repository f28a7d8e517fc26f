"""Text from files and URLs, shown as text: never as Markdown or HTML.

Prefer ``st.text`` / table cells for such values. Where Streamlit only takes Markdown (a
title, a label, a message), :func:`md` escapes every character Markdown or Streamlit's
extensions would read (links, images, emphasis, ``:color[...]`` directives, ``$`` maths,
HTML), so ``![x](http://host/p.png)`` shows as those characters and fetches nothing; and
it breaks what an autolinker would turn into a link (``http://``, ``www.``, ``a@b``) with
an invisible zero-width space, since Streamlit links bare URLs even when escaped.
"""

from __future__ import annotations

import re
from typing import Any

# What CommonMark, GFM and Streamlit (":red[...]", ":material/x:", "$maths$") read; any
# ASCII punctuation may be backslash-escaped.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=/^@])")
_SPACES = re.compile(r"\s+")
_ZWSP = "\u200b"
# Autolink triggers: a scheme's "://", "www.", and the "@" of an e-mail address.
_AUTOLINK = re.compile(r"(:)(//)|(?i:(www))(\.)|(@)")


def _unlink(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}{_ZWSP}{match.group(2)}"
    if match.group(3):
        return f"{match.group(3)}{_ZWSP}{match.group(4)}"
    return f"{_ZWSP}{match.group(5)}"


def md(value: Any, *, limit: int | None = None) -> str:
    """``value`` as Markdown that renders as exactly its characters (one line)."""
    text = _SPACES.sub(" ", "" if value is None else str(value)).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_unlink, text))
