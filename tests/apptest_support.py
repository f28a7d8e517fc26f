"""AppTest support shared by every test package that drives dashboard.py with AppTest.

The problem: AppTest resets `PagesManager.uses_pages_directory` to None before every
run, and PagesManager's constructor then re-detects it from the filesystem. Because this
repository has a `pages/` folder, every run after the first (a widget change,
`switch_page(...).run()`, a plain rerun) falls back to Streamlit's v1 multipage mode and
executes the page file *without* dashboard.py: no auth gate, no sidebar filters, no
navigation. The real server keeps the flag False once `st.navigation` has run; the patch
below makes AppTest do the same.

Use it in one of three ways:

1. As a pytest fixture, from a conftest.py (applies to every test of that package)::

       from tests.apptest_support import navigation_like_the_server  # noqa: F401

   then either mark it autouse in your conftest::

       @pytest.fixture(autouse=True)
       def _server_navigation(navigation_like_the_server: None) -> None:
           pass

   or request `navigation_like_the_server` in the tests that need it.

2. Outside pytest (benchmarks, scripts): call `patch_navigation()` once before
   creating AppTests; it returns a function that undoes the patch.

3. As a context manager: ``with server_like_navigation(): ...``.

`open_page(app, page, query=...)` builds an AppTest for dashboard.py, runs it (with the
URL query parameters given), and switches to `page` when it is not the default page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

__all__ = ["navigation_like_the_server", "open_page", "patch_navigation", "server_like_navigation"]


def patch_navigation() -> Callable[[], None]:
    """Keep v2 navigation (st.navigation) on every AppTest run; returns the undo function.

    Idempotent: patching twice keeps a single wrapper.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__
    if getattr(original, "_server_like_navigation", False):
        return lambda: None

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._server_like_navigation = True  # type: ignore[attr-defined]
    PagesManager.__init__ = init  # type: ignore[method-assign]

    def undo() -> None:
        PagesManager.__init__ = original  # type: ignore[method-assign]

    return undo


@contextlib.contextmanager
def server_like_navigation() -> Iterator[None]:
    """`patch_navigation()` for the duration of a with block."""
    undo = patch_navigation()
    try:
        yield
    finally:
        undo()


@pytest.fixture
def navigation_like_the_server() -> Iterator[None]:
    """Pytest fixture form of `patch_navigation()` (undone after the test)."""
    with server_like_navigation():
        yield


def open_page(
    app: str,
    page: str,
    query: Mapping[str, str | list[str]] | None = None,
    *,
    default_page: str = "views/overview.py",
    timeout: float = 60,
) -> Any:
    """An AppTest of `app` (dashboard.py) showing `page`, already run.

    Needs the navigation patch to be active (fixture or `patch_navigation()`), otherwise
    the page is run without dashboard.py after the switch.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    if page != default_page:
        at.switch_page(page)
        at.run()
    return at
