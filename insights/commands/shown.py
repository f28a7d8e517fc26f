"""User text as the terminal shows it: never read as Rich markup, and never as terminal
control sequences (a file name or a cell holding ESC [31m must not recolour or move the
user's terminal)."""

from __future__ import annotations

import unicodedata

import rich.markup

# Control characters and invisible format characters (bidirectional overrides among them);
# spaces of any script (no-break, ideographic) are shown as they are.
_HIDDEN = ("Cc", "Cf")


def escape(text: str) -> str:
    """`text` with Rich markup escaped and control characters written as escapes (\\x1b)."""
    visible = "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) in _HIDDEN and c not in "\n\t"
        else c
        for c in text
    )
    return rich.markup.escape(visible)
