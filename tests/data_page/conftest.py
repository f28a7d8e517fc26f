"""AppTest keeps dashboard.py's navigation on every rerun (see tests/apptest_support.py)."""

from __future__ import annotations

import pytest

from tests.apptest_support import navigation_like_the_server  # noqa: F401


@pytest.fixture(autouse=True)
def _server_navigation(navigation_like_the_server: None) -> None:  # noqa: F811
    pass
