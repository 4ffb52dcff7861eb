"""Load the report in a real browser: headless Chromium, driven over the DevTools protocol.

The report is built into a temporary folder and served from ``127.0.0.1``; Chromium (the Debian
package ``chromium``, which ``.ci/run`` installs when it is missing) opens ``index.html`` at a
desktop width and at a phone's width. The test asserts that every image and chart on the page
loads, that every link resolves, that nothing logs an error to the console, and that nothing
is wider than a phone's screen. Screenshots are kept under ``build/artifacts/`` (git-ignored).

Chromium is driven through ``--remote-debugging-pipe``: JSON messages separated by NUL bytes
on the file descriptors 3 (to the browser) and 4 (from it), so no Python dependency is needed.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import io
import json
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aitimeline import _report

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "artifacts"
"""Where the screenshots are kept (``build/`` is git-ignored)."""

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
TIMEOUT = 60.0
"""Seconds to wait for any one answer from the browser."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (apt-get install chromium; .ci/run installs it in CI)",
    ),
]

CHECK_PAGE = """(async () => {
  const shown = (el) => el.getClientRects().length > 0;
  const images = [...document.images].filter(shown)
    .filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src);
  const charts = [...document.querySelectorAll("object")].map((o) => {
    const doc = o.contentDocument;
    const root = doc && doc.documentElement;
    return {data: o.data, svg: root ? root.localName : null,
            width: o.getBoundingClientRect().width, height: o.getBoundingClientRect().height,
            box: o.parentElement.getBoundingClientRect().width,
            rem: parseFloat(getComputedStyle(document.documentElement).fontSize),
            titles: doc ? doc.querySelectorAll("g.aitimeline-event > title").length : 0};
  });
  const links = [];
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), document.baseURI);
    if (url.hash && url.pathname === location.pathname) {
      links.push({href: a.getAttribute("href"), ok: !!document.getElementById(url.hash.slice(1))});
    } else {
      const response = await fetch(url, {method: "HEAD"});
      links.push({href: a.getAttribute("href"), ok: response.ok});
    }
  }
  return JSON.stringify({images, charts, links,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth});
})()"""
"""Collect what the page shows: broken images, the charts' documents, links and the width."""


class Browser:
    """A headless Chromium driven over ``--remote-debugging-pipe``, with one page attached."""

    def __init__(self, executable: str, profile: Path) -> None:
        """Start *executable* with its profile in *profile*, and attach to its first page."""
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def child_fds() -> None:  # in the child: the protocol wants fds 3 and 4
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)  # out of 3 and 4's way
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Python opens files non-inheritable, so nothing else leaks; close_fds=True would
            # close 3 and 4 again after child_fds has made them.
            close_fds=False,
            preexec_fn=child_fds,  # noqa: PLW1509 - only dup and dup2, before exec
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        target = next(
            t["targetId"]
            for t in self.send("Target.getTargets")["targetInfos"]
            if t["type"] == "page"
        )
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                msg = f"Chromium did not answer within {TIMEOUT} s"
                raise TimeoutError(msg)
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                msg = "Chromium closed the pipe"
                raise ConnectionError(msg)
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call *method* and return its result; keep the events that arrive meanwhile."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    msg = f"{method}: {answer['error']}"
                    raise RuntimeError(msg)
                result: dict[str, Any] = answer["result"]
                return result
            self.events.append(answer)

    def wait_for(self, method: str) -> None:
        """Wait until the event *method* has arrived."""
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read_message(deadline))

    def close(self) -> None:
        """Close the browser and the pipes."""
        with contextlib.suppress(Exception):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def console_errors(events: list[dict[str, Any]]) -> list[str]:
    """Return the errors among the console messages, log entries and uncaught exceptions."""
    errors: list[str] = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            errors.append(json.dumps(params["exceptionDetails"])[:500])
        elif method == "Runtime.consoleAPICalled" and params["type"] in {"error", "assert"}:
            errors.append(json.dumps(params["args"])[:500])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            errors.append(f"{entry['text']} {entry.get('url', '')}")
    return errors


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the report and serve its folder on 127.0.0.1; yield the page's URL."""
    out = tmp_path_factory.mktemp("report_browser")
    _report.build_report(out, progress=io.StringIO())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Log nothing: the test reports what failed."""

    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def visit(url: str, width: int, height: int, shot: Path, profile: Path) -> dict[str, Any]:
    """Open *url* at *width* x *height* CSS pixels; keep a full-page screenshot at *shot*.

    Returns:
        What :data:`CHECK_PAGE` collects, with ``errors``: the console errors.
    """
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, profile)
    try:
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        browser.send("Page.navigate", url=url)
        browser.wait_for("Page.loadEventFired")
        found = browser.send(
            "Runtime.evaluate", expression=CHECK_PAGE, awaitPromise=True, returnByValue=True
        )
        assert "exceptionDetails" not in found, found
        result: dict[str, Any] = json.loads(found["result"]["value"])
        picture = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(base64.b64decode(picture["data"]))
        result["errors"] = console_errors(browser.events)
        return result
    finally:
        browser.close()


@pytest.fixture(scope="module")
def desktop(served: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The page at a laptop's width (1280 px)."""
    profile = tmp_path_factory.mktemp("chromium_desktop")
    return visit(served, 1280, 900, ARTIFACTS / "report_desktop.png", profile)


@pytest.fixture(scope="module")
def phone(served: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The page at a phone's width (390 px, an iPhone 12 to 15)."""
    profile = tmp_path_factory.mktemp("chromium_phone")
    return visit(served, 390, 844, ARTIFACTS / "report_phone.png", profile)


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_every_chart_loads_as_svg_with_its_tooltips(
    view: str, request: pytest.FixtureRequest
) -> None:
    """Show every chart as an SVG document with the figure's aspect ratio, readable on a phone.

    A chart scales with the page down to 3.75rem per inch of figure; on a narrower screen it
    keeps that width and scrolls sideways in its own box, which fits the screen.
    """
    page: dict[str, Any] = request.getfixturevalue(view)
    assert [] == page["images"]
    charts = {Path(c["data"]).name: c for c in page["charts"]}
    assert {"ai_race_timeline.svg", "eci_gap.svg", "gap_sensitivity.svg"} == set(charts)
    assert [] == [name for name, c in charts.items() if c["svg"] != "svg"]
    assert 0 < charts["ai_race_timeline.svg"]["titles"]
    for name, chart in charts.items():
        stem = name.removesuffix(".svg")
        width, height = _report._FIGSIZE[stem]
        readable = 3.75 * width * chart["rem"]
        assert chart["box"] <= page["innerWidth"]
        assert chart["width"] == pytest.approx(max(chart["box"], readable), abs=2)
        assert chart["height"] == pytest.approx(chart["width"] * height / width, abs=2)


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_every_link_resolves_and_nothing_logs_an_error(
    view: str, request: pytest.FixtureRequest
) -> None:
    """Resolve every link (files by HTTP, anchors by id) and log no console error."""
    page: dict[str, Any] = request.getfixturevalue(view)
    hrefs = {link["href"] for link in page["links"]}
    assert {"lags.md", "factcheck.html", "ai_race_timeline.svg", "eci_gap.png"} <= hrefs
    assert [] == [link["href"] for link in page["links"] if not link["ok"]]
    assert [] == page["errors"]


def test_the_page_fits_a_phone_width(phone: dict[str, Any]) -> None:
    """Scroll nothing sideways at 390 px: wide tables scroll in their own box."""
    assert phone["scrollWidth"] <= phone["innerWidth"]


def test_screenshots_are_kept(desktop: dict[str, Any], phone: dict[str, Any]) -> None:
    """Keep a PNG screenshot of each view as a test artifact."""
    assert desktop
    assert phone
    for name in ("report_desktop.png", "report_phone.png"):
        assert (ARTIFACTS / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
