"""Text from an upload (file names, headers, the reasons that quote them) is shown on the
Data page as the characters it holds: never as Markdown, links, colours or maths."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from insights.ui.plain import md

HOSTILE = "**evil** [click](javascript:alert(1)) :red[x] $x^2$ <b>y</b>.csv"


def _show_failure() -> None:
    from insights.ui import imports

    name = "**evil** [click](javascript:alert(1)) :red[x] $x^2$ <b>y</b>.csv"
    imports._show({"dry": True, "error": f"{name}: the file is empty"})


def test_a_failed_run_shows_the_file_name_literally() -> None:
    at = AppTest.from_function(_show_failure).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.error[0].value
    assert shown == f"Nothing was loaded. {md(HOSTILE + ': the file is empty')}"
    assert "**evil**" not in shown and "[click](" not in shown
