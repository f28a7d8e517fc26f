"""User text as the terminal shows it: never read as Rich markup, and never as terminal
control sequences (a file name or a cell holding ESC [31m must not recolour or move the
user's terminal)."""

from __future__ import annotations

import rich.markup


def escape(text: str) -> str:
    """`text` with Rich markup escaped and control characters written as escapes (\\x1b)."""
    visible = "".join(
        c if c.isprintable() or c in "\n\t" else c.encode("unicode_escape").decode("ascii")
        for c in text
    )
    return rich.markup.escape(visible)
