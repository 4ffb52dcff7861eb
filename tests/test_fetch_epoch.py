"""datasets.fetch_epoch against a local HTTP server on 127.0.0.1 that serves the bundled tables.

Nothing here reaches the internet: every URL is a server started by the test (or a port that
nobody listens on, for a server that is down).
"""

from __future__ import annotations

import gzip
import http.server
import io
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from aitimeline import datasets
from aitimeline.datasets import EPOCH_SNAPSHOTS, SnapshotWarning, fetch_epoch


def bundled_csv(key: str) -> bytes:
    """Return the CSV bytes of a bundled snapshot, decompressed."""
    name = EPOCH_SNAPSHOTS[key].file
    return gzip.decompress(
        resources.files("aitimeline.datasets").joinpath("epoch", name).read_bytes()
    )


def eci_zip() -> bytes:
    """Return a zip archive laid out as Epoch's benchmark_data.zip, holding the bundled ECI."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("epoch_capabilities_index.csv", bundled_csv("eci"))
        archive.writestr("other_benchmark.csv", "a,b\n1,2\n")
    return buffer.getvalue()


class Server:
    """A local HTTP server with a fixed set of files (path -> bytes) and a truncating path."""

    def __init__(self) -> None:
        """Bind to a free port on 127.0.0.1; :attr:`thread` serves once started."""
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        files, seen = self.files, self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                body = files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                truncate = self.path.startswith("/truncated")
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # A truncated transfer: promise the whole body, send half of it, hang up.
                self.wfile.write(body[: len(body) // 2] if truncate else body)
                if truncate:
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Keep the test output quiet."""

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        """Return the URL of *path* on this server."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"


@pytest.fixture
def server() -> Iterator[Server]:
    """Serve the bundled Notable Models CSV and an ECI zip, plus bad files, on 127.0.0.1."""
    srv = Server()
    notable = bundled_csv("notable")
    srv.files.update(
        {
            "/notable_ai_models.csv": notable,
            "/benchmark_data.zip": eci_zip(),
            "/garbage.csv": b"<html>Service temporarily unavailable</html>\n",
            "/truncated.csv": notable,
            "/eci_scores.csv": bundled_csv("eci-scores"),
        }
    )
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def free_port() -> int:
    """Return a port on 127.0.0.1 that nobody listens on (a server that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def leftovers(folder: Path) -> list[str]:
    """Return the names of partial downloads left in the cache folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_fetch_downloads_caches_and_reads(server: Server, tmp_path: Path) -> None:
    """Download the table, keep it in the cache, return it with where and when it came from."""
    url = server.url("/notable_ai_models.csv")
    result = fetch_epoch("notable", url=url, cache_dir=tmp_path)
    bundled = datasets.epoch_models()
    assert bundled.ids == result.ids
    assert [e.when for e in bundled] == [e.when for e in result]
    assert (url, "CC-BY 4.0", "notable") == (
        result.metadata["url"],
        result.metadata["licence"],
        result.metadata["dataset"],
    )
    assert "retrieved" in result.metadata
    assert "snapshot" not in result.metadata
    source = next(iter(result)).sources[0]
    assert (url, "Epoch AI") == (source.url, source.publisher)
    assert str(result.metadata["retrieved"]) in source.title
    cached = tmp_path / "epoch_notable_ai_models.csv"
    assert bundled_csv("notable") == cached.read_bytes()
    assert [] == leftovers(tmp_path)


def test_fetch_takes_the_eci_table_out_of_the_zip(server: Server, tmp_path: Path) -> None:
    """Read the ECI member of Epoch's benchmark_data.zip."""
    result = fetch_epoch("eci", url=server.url("/benchmark_data.zip"), cache_dir=tmp_path)
    assert "eci" == result.summary.table
    assert datasets.eci().ids == result.ids
    assert bundled_csv("eci") == (tmp_path / "epoch_capabilities_index.csv").read_bytes()


def test_a_known_hash_is_checked(server: Server, tmp_path: Path) -> None:
    """Accept a download whose hash matches; refuse one that does not, keeping the cache."""
    import hashlib  # noqa: PLC0415

    url = server.url("/notable_ai_models.csv")
    good = "sha256:" + hashlib.sha256(bundled_csv("notable")).hexdigest()
    fetch_epoch("notable", url=url, cache_dir=tmp_path, known_hash=good)
    cached = tmp_path / "epoch_notable_ai_models.csv"
    before = cached.read_bytes()
    with pytest.warns(SnapshotWarning, match="cached on"):
        result = fetch_epoch(
            "notable", url=url, cache_dir=tmp_path, known_hash="sha256:" + "0" * 64
        )
    assert before == cached.read_bytes()
    assert len(datasets.epoch_models()) == len(result)
    assert [] == leftovers(tmp_path)


@pytest.mark.parametrize("bad", ["/garbage.csv", "/truncated.csv", "/eci_scores.csv"])
def test_a_bad_download_never_replaces_a_good_cached_file(
    server: Server, tmp_path: Path, bad: str
) -> None:
    """Keep the good cached table when a download is not a table, is cut short, or is another."""
    fetch_epoch("notable", url=server.url("/notable_ai_models.csv"), cache_dir=tmp_path)
    cached = tmp_path / "epoch_notable_ai_models.csv"
    before = cached.read_bytes()
    with pytest.warns(SnapshotWarning, match=r"could not refresh 'notable'.*cached on"):
        result = fetch_epoch("notable", url=server.url(bad), cache_dir=tmp_path)
    assert before == cached.read_bytes()
    assert datasets.epoch_models().ids == result.ids
    assert "retrieved" in result.metadata
    assert "snapshot" not in result.metadata
    assert f"retrieved {result.metadata['retrieved']}" in next(iter(result)).sources[0].title
    assert [] == leftovers(tmp_path)


def test_a_bad_zip_falls_back_to_the_bundled_snapshot(server: Server, tmp_path: Path) -> None:
    """Fall back to the bundled snapshot, naming its date, when nothing good is cached."""
    with pytest.warns(SnapshotWarning, match="bundled snapshot of 'eci' dated 2026-04"):
        result = fetch_epoch("eci", url=server.url("/garbage.csv"), cache_dir=tmp_path)
    assert datasets.eci() == result
    assert not (tmp_path / "epoch_capabilities_index.csv").exists()


def test_a_server_that_is_down_gives_the_bundled_snapshot(tmp_path: Path) -> None:
    """Warn with the snapshot's date and return the bundled table when the server is down."""
    url = f"http://127.0.0.1:{free_port()}/notable_ai_models.csv"
    with pytest.warns(SnapshotWarning, match="bundled snapshot of 'notable' dated 2026-01"):
        result = fetch_epoch("notable", url=url, cache_dir=tmp_path, timeout=5)
    assert datasets.epoch_models() == result
    assert "2026-01" == result.metadata["snapshot"]
    assert [] == leftovers(tmp_path)


def test_only_live_tables_can_be_fetched(tmp_path: Path) -> None:
    """Refuse a table that Epoch does not publish live, listing those it does."""
    with pytest.raises(ValueError, match=r"\['eci', 'notable'\]"):
        fetch_epoch("eci-scores", cache_dir=tmp_path)  # type: ignore[arg-type]


def test_loaders_never_touch_the_network() -> None:
    """Read every bundled table without importing pooch or requests (no network code runs)."""
    code = (
        "import sys\n"
        "from aitimeline import datasets as d\n"
        "for f in (d.ai_race, d.eci, d.eci_scores, d.epoch_models, d.open_models_2024,"
        " d.gsm1k_2024):\n"
        "    f()\n"
        "print(sorted(m for m in ('pooch', 'requests', 'urllib3') if m in sys.modules))\n"
    )
    out = subprocess.run(  # noqa: S603 - runs this interpreter on fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "[]" == out.stdout.strip()
