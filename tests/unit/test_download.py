"""`download`: every file checked against its SHA-256, retried, never left half-written. Served by a
local HTTP server the tests run (127.0.0.1 only), which can fail a request on purpose."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections import Counter

import pytest

from nnecl_data import sources
from nnecl_data.ingest import download

BODY = b"year,value\n2025,38\n" * 500


class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    failures_left: Counter = Counter()  # path -> how many more requests answer 500
    requests: Counter = Counter()

    def do_GET(self):  # the name http.server calls
        self.requests[self.path] += 1
        if self.failures_left[self.path] > 0:
            self.failures_left[self.path] -= 1
            self.send_error(500, "try again")
            return
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def server():
    _Handler.files = {"/a.csv": BODY}
    _Handler.failures_left = Counter()
    _Handler.requests = Counter()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Handler
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetch(files, dest, retries=0):
    return download.fetch_files(files, dest, retries=retries, progressbar=False)


def test_a_file_is_fetched_checked_and_not_fetched_again(server, tmp_path):
    base, handler = server
    files = [("folder/a.csv", f"{base}/a.csv", _sha(BODY))]
    assert _fetch(files, tmp_path) == []
    assert (tmp_path / "folder" / "a.csv").read_bytes() == BODY
    assert _fetch(files, tmp_path) == []
    assert handler.requests["/a.csv"] == 1  # present with the right checksum: kept, not fetched again
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["a.csv"]


def test_a_wrong_checksum_fails_and_leaves_nothing_behind(server, tmp_path):
    base, _handler = server
    files = [("folder/a.csv", f"{base}/a.csv", _sha(b"something else"))]
    failures = _fetch(files, tmp_path)
    assert [key for key, _error in failures] == ["folder/a.csv"]
    assert "hash" in failures[0][1].lower()
    assert not (tmp_path / "folder" / "a.csv").exists()
    assert list((tmp_path / "folder").iterdir()) == []  # no temporary file either


def test_a_failed_request_is_retried(server, tmp_path):
    base, handler = server
    handler.failures_left["/a.csv"] = 1
    files = [("a.csv", f"{base}/a.csv", _sha(BODY))]
    assert _fetch(files, tmp_path, retries=1) == []
    assert handler.requests["/a.csv"] == 2
    assert (tmp_path / "a.csv").read_bytes() == BODY


def test_failures_are_reported_per_file_and_the_others_still_arrive(server, tmp_path):
    base, handler = server
    handler.files["/b.csv"] = b"b\n"
    files = [
        ("missing.csv", f"{base}/missing.csv", _sha(b"")),
        ("b.csv", f"{base}/b.csv", _sha(b"b\n")),
    ]
    failures = _fetch(files, tmp_path)
    assert [key for key, _error in failures] == ["missing.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv"]


def test_a_corrupt_local_copy_is_replaced(server, tmp_path):
    base, _handler = server
    (tmp_path / "a.csv").write_bytes(b"truncated")
    assert _fetch([("a.csv", f"{base}/a.csv", _sha(BODY))], tmp_path) == []
    assert (tmp_path / "a.csv").read_bytes() == BODY


def test_every_downloadable_file_has_a_checksum():
    planned = download.planned_files()
    expected = {f"{source.raw_folder}/{name}" for source, name, _url in sources.downloadable_files()}
    assert {key for key, _url, _sha in planned} == expected
    assert all(len(sha) == 64 and int(sha, 16) >= 0 for _key, _url, sha in planned)


def test_the_command_says_what_failed_and_that_it_can_be_run_again(server, tmp_path, monkeypatch, capsys):
    base, _handler = server
    monkeypatch.setattr(download, "planned_files", lambda: [("x.csv", f"{base}/x.csv", _sha(b""))])
    real_fetch = download.fetch_files  # without retries or a progress bar
    monkeypatch.setattr(download, "fetch_files", lambda files, dest: real_fetch(files, dest, retries=0))
    assert download.download_all(tmp_path) == 1
    out = capsys.readouterr().out
    assert "FAILED x.csv" in out and "run the same command again" in out
