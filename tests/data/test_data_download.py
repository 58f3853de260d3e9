"""Downloads against a local HTTP server on 127.0.0.1: nothing goes to the real network."""

import gzip
import hashlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from axone.data import DownloadError, cache_dir, download_file, mnist, sha256_file, write_idx
from axone.data.idx_datasets import PARTS


@pytest.fixture(autouse=True)
def local_network_only(monkeypatch):
    """Any connection to another host than 127.0.0.1 fails the test."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        assert address[0] == "127.0.0.1", f"test tried to reach {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body, mode = self.server.files.get(self.path, (None, None))
        try:
            if body is None:
                self.send_error(404, "Not Found")
                return
            if mode == "slow":
                time.sleep(1.0)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # "truncated": the connection closes after half the promised bytes
            self.wfile.write(body[: len(body) // 2] if mode == "truncated" else body)
        except OSError:  # the client gave up (timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.files = {}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def sha(data):
    return hashlib.sha256(data).hexdigest()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_good_file(server, tmp_path):
    data = np.random.default_rng(0).bytes(200_000)
    server.files["/f.bin"] = (data, "ok")
    dest = download_file(server.url + "/f.bin", tmp_path / "sub" / "f.bin", sha(data), timeout=5)
    assert dest.read_bytes() == data
    assert leftovers(tmp_path / "sub") == ["f.bin"]  # no temporary file left
    # already there with the right checksum: not fetched again (the server no longer has it)
    server.files.clear()
    assert download_file(server.url + "/f.bin", dest, sha(data), timeout=5) == dest


def test_truncated_file_is_not_kept(server, tmp_path):
    data = bytes(range(256)) * 100
    server.files["/f.bin"] = (data, "truncated")
    with pytest.raises(DownloadError, match="truncated download .* received 12800 of 25600 bytes"):
        download_file(server.url + "/f.bin", tmp_path / "f.bin", sha(data), timeout=5)
    assert leftovers(tmp_path) == []


def test_wrong_checksum_is_not_kept(server, tmp_path):
    server.files["/f.bin"] = (b"not the expected content", "ok")
    with pytest.raises(DownloadError, match="checksum mismatch"):
        download_file(server.url + "/f.bin", tmp_path / "f.bin", sha(b"other"), timeout=5)
    assert leftovers(tmp_path) == []


def test_corrupt_existing_file_is_replaced(server, tmp_path):
    data = b"the real content"
    server.files["/f.bin"] = (data, "ok")
    dest = tmp_path / "f.bin"
    dest.write_bytes(b"the real cont")  # an earlier, interrupted copy
    download_file(server.url + "/f.bin", dest, sha(data), timeout=5)
    assert dest.read_bytes() == data


def test_server_gone(tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    httpd.server_close()
    with pytest.raises(DownloadError, match=f"could not download http://127.0.0.1:{port}/f.bin"):
        download_file(f"http://127.0.0.1:{port}/f.bin", tmp_path / "f.bin", "0" * 64, timeout=5)
    assert leftovers(tmp_path) == []


def test_http_error_and_timeout(server, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_file(server.url + "/missing", tmp_path / "f.bin", "0" * 64, timeout=5)
    server.files["/slow"] = (b"late", "slow")
    start = time.perf_counter()
    with pytest.raises(DownloadError, match="could not download"):
        download_file(server.url + "/slow", tmp_path / "f.bin", sha(b"late"), timeout=0.2)
    assert time.perf_counter() - start < 0.9
    assert leftovers(tmp_path) == []


def test_too_large_and_bad_arguments(server, tmp_path):
    server.files["/big"] = (bytes(300_000), "ok")
    with pytest.raises(DownloadError, match="more than 100000 bytes"):
        download_file(server.url + "/big", tmp_path / "f", sha(bytes(300_000)), max_bytes=100_000)
    with pytest.raises(DownloadError, match="only http"):
        download_file("file:///etc/passwd", tmp_path / "f", "0" * 64)
    with pytest.raises(ValueError, match="64 hexadecimal"):
        download_file(server.url + "/big", tmp_path / "f", "abc")
    assert leftovers(tmp_path) == []


def test_cache_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("AXONE_CACHE", str(tmp_path / "env"))
    assert cache_dir() == tmp_path / "env"
    assert cache_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("AXONE_CACHE")
    assert str(cache_dir()).endswith(".cache/axone")


def serve_fake_mnist(server, tmp_path):
    """Serve four small IDX files with MNIST's names (8x8 images instead of 28x28)."""
    rng = np.random.default_rng(0)
    arrays = [
        rng.integers(0, 256, (6, 8, 8), dtype=np.uint8),
        rng.integers(0, 10, 6, dtype=np.uint8),
        rng.integers(0, 256, (3, 8, 8), dtype=np.uint8),
        rng.integers(0, 10, 3, dtype=np.uint8),
    ]
    (tmp_path / "src").mkdir()
    for part, array in zip(PARTS, arrays):
        write_idx(tmp_path / "src" / f"{part}.gz", array)
    checksums = {}
    for part in PARTS:
        data = (tmp_path / "src" / f"{part}.gz").read_bytes()
        server.files[f"/mirror/{part}.gz"] = (data, "ok")
        checksums[f"{part}.gz"] = sha(data)
    return arrays, checksums


def test_mnist_download_then_cache(server, tmp_path, monkeypatch):
    arrays, checksums = serve_fake_mnist(server, tmp_path)
    monkeypatch.setenv("AXONE_CACHE", str(tmp_path / "cache"))
    (x_tr, y_tr), (x_te, y_te) = mnist(download=True, base_url=server.url + "/mirror/", checksums=checksums)
    assert x_tr.shape == (6, 8, 8, 1) and y_te.tolist() == arrays[3].tolist()
    folder = tmp_path / "cache" / "mnist"
    assert leftovers(folder) == sorted(f"{p}.gz" for p in PARTS)
    server.files.clear()  # the second time reads the cache only
    (x2, _), _ = mnist(checksums=checksums)
    np.testing.assert_array_equal(x2, x_tr)


def test_mnist_corrupt_cache_deleted_then_refetched(server, tmp_path):
    arrays, checksums = serve_fake_mnist(server, tmp_path)
    cache = tmp_path / "cache"
    mnist(download=True, cache_dir=cache, base_url=server.url + "/mirror", checksums=checksums)
    victim = cache / "mnist" / "train-images-idx3-ubyte.gz"
    victim.write_bytes(victim.read_bytes()[:-10])
    with pytest.raises(ValueError, match="corrupt .* deleted"):
        mnist(cache_dir=cache, checksums=checksums)
    assert not victim.exists()
    (x_tr, _), _ = mnist(download=True, cache_dir=cache, base_url=server.url + "/mirror", checksums=checksums)
    assert sha256_file(victim) == checksums["train-images-idx3-ubyte.gz"]
    np.testing.assert_allclose(x_tr[..., 0] * 255, arrays[0], atol=1e-4)


def test_mnist_truncated_download_not_kept(server, tmp_path):
    _, checksums = serve_fake_mnist(server, tmp_path)
    data, _ = server.files["/mirror/t10k-images-idx3-ubyte.gz"]
    server.files["/mirror/t10k-images-idx3-ubyte.gz"] = (data, "truncated")
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match="truncated"):
        mnist(download=True, cache_dir=cache, base_url=server.url + "/mirror", checksums=checksums)
    assert "t10k-images-idx3-ubyte.gz" not in leftovers(cache / "mnist")
    assert not [n for n in leftovers(cache / "mnist") if n.endswith(".part")]


def test_gzip_of_served_file_is_valid(server, tmp_path):
    _, checksums = serve_fake_mnist(server, tmp_path)
    data, _ = server.files["/mirror/train-labels-idx1-ubyte.gz"]
    assert gzip.decompress(data)[:4] == b"\x00\x00\x08\x01"
