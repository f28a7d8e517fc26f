"""Load benchmark: K simulated users render insight pages with varied filters, against
one app server and against two (users split between them, as sticky sessions behind a
proxy would), all on one warehouse. Prints p50 / p95 render times and errors per setup.

A user is a real Chromium tab (Debian's /usr/bin/chromium) driven by Playwright: it opens
a page URL with random filters and waits until the script run finished and the charts
are drawn. Browser, servers and warehouse share this machine, so absolute times include
the browser's own work; the one-server vs two-server figures are measured side by side.

    python bench/bench_servers.py            # BENCH_USERS=20 BENCH_RENDERS=4 BENCH_ROWS=10000
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", "20"))
RENDERS = int(os.environ.get("BENCH_RENDERS", "4"))
ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
PAGES = ("", "compensation", "work_conditions", "culture", "candidate_questions")
FILTERS = (
    {},
    {"seniority": "senior"},
    {"seniority": "mid", "country": "DE"},
    {"period": "latest_quarter"},
    {"career_stage": "career_changer"},
    {"format": "video", "source": "referral"},
    {"period": "latest_12_months", "seniority": "junior"},
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDERED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  && document.querySelector('[data-testid="stMain"] h1')
  && (!document.querySelector('[data-testid="stPlotlyChart"]')
      || document.querySelector('.js-plotly-plot .main-svg'))"""


def warehouse() -> Path:
    out = ROOT / "bench" / "out" / f"servers-{ROWS}"
    db = out / "warehouse.duckdb"
    if db.exists():
        return db
    out.mkdir(parents=True, exist_ok=True)
    from etl.generate import generate
    from etl.load import run_load

    files = generate(out / "export", rows=ROWS, seed=5, fmt="csv")
    run_load(files, db=db, loaded_by="bench")
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "INSIGHTS_DB": str(db), "HOME": str(home)}
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):  # noqa: S310
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start")


async def user(browser, base: str, seed: int, times: list[float], errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    await context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    page = await context.new_page()
    try:
        for _ in range(RENDERS):
            path = rng.choice(PAGES)
            query = "&".join(f"{k}={v}" for k, v in rng.choice(FILTERS).items())
            start = time.perf_counter()
            try:
                await page.goto(f"{base}/{path}?{query}", timeout=120_000)
                await page.wait_for_timeout(200)
                await page.wait_for_function(RENDERED, timeout=120_000, polling=100)
                if await page.locator('[data-testid="stException"]').count():
                    errors.append(f"exception on /{path}?{query}")
                times.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - counted, reported
                errors.append(f"{type(exc).__name__} on /{path}?{query}")
    finally:
        await context.close()


async def run(urls: list[str]) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # warm each server's caches the way a first visitor would
        warm = await browser.new_page()
        for url in urls:
            for path in PAGES:
                await warm.goto(f"{url}/{path}")
                await warm.wait_for_function(RENDERED, timeout=180_000, polling=200)
        await warm.close()
        start = time.perf_counter()
        await asyncio.gather(
            *(user(browser, urls[i % len(urls)], i, times, errors) for i in range(USERS))
        )
        elapsed = time.perf_counter() - start
        await browser.close()
    return times, errors, elapsed


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    db = warehouse()
    print(f"warehouse: {ROWS:,} generated interviews; {USERS} users x {RENDERS} renders each")
    for servers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="bench-servers-") as tmp:
            procs = [start_server(db, Path(tmp) / f"home{i}") for i in range(servers)]
            try:
                times, errors, elapsed = asyncio.run(run([url for _, url in procs]))
            finally:
                for proc, _ in procs:
                    proc.terminate()
                    proc.wait(timeout=20)
        print(
            f"{servers} server(s): {len(times)} renders in {elapsed:.1f} s, "
            f"p50 {statistics.median(times) if times else float('nan'):.2f} s, "
            f"p95 {percentile(times, 0.95):.2f} s, errors {len(errors)}"
            + (f" ({'; '.join(errors[:3])})" if errors else "")
        )


if __name__ == "__main__":
    main()
