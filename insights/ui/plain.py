"""Text from files and URLs shown as text: never as Markdown, HTML, emoji or LaTeX.

Streamlit reads Markdown in most text it draws (st.warning, st.caption, labels...). A
value a stranger controls (a filter in a link, a name in an export) could otherwise show
a link ("[Session expired: sign in again](http://evil)") or make the browser fetch an
image (`![x](http://host/p.png)`). `md` escapes every character Markdown, Streamlit's
directives (":material/x:", ":red[...]") or LaTeX ("$...$") could act on.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")


def md(value: object) -> str:
    """`value` as Markdown source that renders as exactly the same characters.

    >>> md("[x](http://evil) *hi*")
    '\\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/evil\\\\) \\\\*hi\\\\*'
    """
    text = "" if value is None else str(value)
    text = _SPECIAL.sub(r"\\\1", text).replace("/", "\\/")
    return text.replace("\n", "  \n")
