"""Browser test infrastructure: a real `streamlit run dashboard.py` driven by Debian's Chromium.

Never runs `playwright install`: Chromium is /usr/bin/chromium (apt-get install chromium
fonts-liberation). Every request leaving 127.0.0.1 is aborted (external font hosts too),
and HOME / XDG dirs point into a temp folder for both the app and the browser.

Fixtures: app_db (the warehouse the app reads: demo_db from tests/conftest.py, or
$INSIGHTS_BROWSER_DB), app_url (the running app's base URL), screenshot(page, name)
(saves artifacts/screenshots/<name>.png), open_app(path="") (loads and waits),
wait_for_app(page) (after a click).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FONT_HOSTS = re.compile(
    r"^https?://(fonts\.googleapis\.com|fonts\.gstatic\.com|use\.typekit\.net)/"
)
LOCAL = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/")


def _isolated_env(base: Path) -> dict[str, str]:
    dirs = {
        "HOME": base / "home",
        "XDG_CONFIG_HOME": base / "config",
        "XDG_CACHE_HOME": base / "cache",
        "XDG_DATA_HOME": base / "data",
        "XDG_RUNTIME_DIR": base / "runtime",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {key: str(value) for key, value in dirs.items()}


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _isolated_env(tmp_path_factory.mktemp("browser-home"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_home: dict[str, str]) -> dict[str, object]:
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
        "env": {**os.environ, **browser_home},
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}}


@pytest.fixture(autouse=True)
def _no_external_requests(request: pytest.FixtureRequest) -> None:
    """Abort every request that leaves the local app (external font hosts included)."""
    if "context" not in request.fixturenames:
        return
    context = request.getfixturevalue("context")
    context.route(FONT_HOSTS, lambda route: route.abort())
    context.route(
        re.compile(r"^https?://"),
        lambda route: route.continue_() if LOCAL.match(route.request.url) else route.abort(),
    )


@pytest.fixture(scope="session")
def app_db(request: pytest.FixtureRequest) -> Path:
    """The warehouse the app reads: $INSIGHTS_BROWSER_DB if set, else demo_db (tests/conftest.py)."""
    env = os.environ.get("INSIGHTS_BROWSER_DB")
    if env:
        return Path(env)
    return Path(request.getfixturevalue("demo_db"))


def free_port() -> int:
    return _free_port()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{log.read_text()}")


@contextlib.contextmanager
def serve_app(
    db: Path,
    base: Path,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    host: str = "127.0.0.1",
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run `streamlit run dashboard.py` against warehouse `db`; yield its URL. Its HOME is
    `base/home` (so `base/home/.streamlit/secrets.toml` is its secrets file)."""
    port = port or _free_port()
    env = {
        **os.environ,
        **_isolated_env(base),
        "INSIGHTS_DB": str(db),
        **(env or {}),
        **(extra_env or {}),
    }
    log = base / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://{host}:{port}"
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_url(app_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app against app_db, shared by the session's browser tests."""
    with serve_app(app_db, tmp_path_factory.mktemp("streamlit")) as url:
        yield url


def _wait_for_app(page, timeout: float = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run finished and any plotly charts are drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout,
    )
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout)
    page.wait_for_timeout(600)  # let plotly finish its transitions


@pytest.fixture(scope="session")
def wait_for_app() -> Callable[..., None]:
    """wait_for_app(page): the script run finished and plotly charts are drawn."""
    return _wait_for_app


@pytest.fixture
def open_app(page, app_url: str) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    def _open(path: str = "") -> object:
        page.goto(f"{app_url}/{path.lstrip('/')}")
        _wait_for_app(page)
        return page

    return _open


@pytest.fixture(scope="session")
def screenshot() -> Callable[..., Path]:
    """save(page, name) -> artifacts/screenshots/<name>.png (full page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _save(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        # Streamlit scrolls inside its main container, so a "full page" shot would stop at
        # the viewport: grow the viewport to the content first, then restore it.
        size = page.viewport_size or {"width": 1440, "height": 1000}
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            '\'[data-testid="stMain"], [data-testid="stMainBlockContainer"]\')]'
            ".map(e => e.scrollHeight), document.body.scrollHeight)"
        )
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 80, 16000)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
        return path

    return _save
