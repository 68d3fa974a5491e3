"""A real Streamlit server on a free localhost port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Serve ``streamlit_app.py`` on 127.0.0.1:<free port>; yields its URL.

    The server reads a refresh run made beforehand in a temporary WORKBENCH_HOME (never
    the project's data/), without an upload token.
    """
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    env = dict(os.environ)
    env["WORKBENCH_HOME"] = str(tmp_path_factory.mktemp("workbench_home"))
    env.pop("WORKBENCH_UPLOAD_TOKEN", None)
    subprocess.run(
        [sys.executable, "-c", "from workbench.refresh import refresh; refresh()"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                streamlit, "run", str(ROOT / "streamlit_app.py"),
                "--server.address", "127.0.0.1", "--server.port", str(port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"streamlit did not come up in 60 s:\n{log.read_text()}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, launched by Playwright (no ``playwright install``)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} not found: `make test` installs Debian's chromium when run as root"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ctx.close()


@pytest.fixture()
def shot():
    """``shot(page, name)`` saves a full-page screenshot under tests/artifacts/ and returns its path."""

    def _shot(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        # Streamlit scrolls inside its main block, so a "full page" is only the viewport:
        # stretch the viewport to the content's height for the picture, then restore it.
        size = page.viewport_size
        tall = page.evaluate(
            "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
            " return m ? m.scrollHeight : document.documentElement.scrollHeight; }"
        )
        if size and tall > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": min(int(tall), 12_000)})
            page.wait_for_timeout(400)
        page.screenshot(path=str(path), full_page=True)
        if size:
            page.set_viewport_size(size)
        return path

    return _shot


@pytest.fixture()
def wait_idle():
    """``wait_idle(page)`` waits until Streamlit has finished running the script."""

    def _wait(page, timeout_ms: int = 30_000) -> None:
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
            timeout=timeout_ms,
        )
        page.wait_for_timeout(300)

    return _wait
