"""MNIST and Fashion-MNIST: from IDX files you have, or downloaded when asked.

``mnist(path="folder/")`` reads the four IDX files (raw or ``.gz``) from a folder.
``mnist(download=True)`` fetches the ``.gz`` files into the cache folder (see
:func:`axone.data.cache_dir`), checks each against its SHA-256 and reuses them afterwards.
Without either, a missing file is an error that says how to get it: nothing downloads
unless asked.

Both return Keras's layout, ``(x_train, y_train), (x_test, y_test)``, with the images
channels-last, ``(N, 28, 28, 1)`` float32 in [0, 1], and labels 0-9 in int64.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from axone.data.download import DEFAULT_TIMEOUT, download_file, sha256_file
from axone.data.download import cache_dir as _cache_dir
from axone.data.idx import read_idx

# The same four file names for both datasets.
PARTS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")

# Official mirrors and the SHA-256 of their .gz files.
SOURCES: dict[str, dict] = {
    "mnist": {
        "title": "MNIST",
        "base_url": "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "sha256": {
            "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        },
    },
    "fashion_mnist": {
        "title": "Fashion-MNIST",
        "base_url": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "sha256": {
            "train-images-idx3-ubyte.gz": "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",
            "train-labels-idx1-ubyte.gz": "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",
            "t10k-images-idx3-ubyte.gz": "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",
            "t10k-labels-idx1-ubyte.gz": "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf",
        },
    },
}

Split = tuple[np.ndarray, np.ndarray]


def _find_in_folder(folder: Path, part: str) -> Path:
    for candidate in (folder / part, folder / f"{part}.gz"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{folder} holds neither {part} nor {part}.gz")


def _from_cache(
    name: str,
    part: str,
    folder: Path,
    download: bool,
    base_url: str,
    checksums: dict[str, str],
    timeout: float,
) -> Path:
    filename = f"{part}.gz"
    dest = folder / filename
    expected = checksums[filename]
    if dest.is_file() and sha256_file(dest) != expected:
        dest.unlink()  # a corrupt cached file is never read, never kept
        if not download:
            raise ValueError(
                f"{dest} was corrupt (wrong SHA-256) and was deleted; call {name}(download=True) to fetch it again"
            )
    if not dest.is_file():
        if not download:
            raise FileNotFoundError(
                f"{SOURCES[name]['title']} is not in {folder}: call {name}(download=True) to "
                f"fetch it from {base_url}, or {name}(path=...) with a folder holding the IDX files"
            )
        download_file(base_url.rstrip("/") + "/" + filename, dest, expected, timeout=timeout)
    return dest


def load_idx_dataset(
    name: str,
    path: str | os.PathLike | None = None,
    download: bool = False,
    cache_dir: str | os.PathLike | None = None,
    base_url: str | None = None,
    checksums: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    normalize: bool = True,
) -> tuple[Split, Split]:
    """Load ``"mnist"`` or ``"fashion_mnist"``; :func:`mnist` documents the arguments."""
    if name not in SOURCES:
        raise ValueError(f"unknown IDX dataset {name!r}; choose one of {', '.join(SOURCES)}")
    source = SOURCES[name]
    base_url = base_url or source["base_url"]
    checksums = {**source["sha256"], **(checksums or {})}
    if path is not None:
        files = [_find_in_folder(Path(path), part) for part in PARTS]
    else:
        folder = _cache_dir(cache_dir) / name
        files = [_from_cache(name, part, folder, download, base_url, checksums, timeout) for part in PARTS]
    arrays = [read_idx(f) for f in files]
    out = []
    for images, labels, (fi, fl) in ((arrays[0], arrays[1], files[:2]), (arrays[2], arrays[3], files[2:])):
        if images.ndim != 3 or images.dtype != np.uint8:
            raise ValueError(f"{fi}: expected uint8 images (N, rows, cols), got {images.dtype} {images.shape}")
        if labels.ndim != 1 or len(labels) != len(images):
            raise ValueError(f"{fl}: expected {len(images)} labels for the images of {fi}, got shape {labels.shape}")
        if normalize:
            images = (images / np.float32(255.0)).astype(np.float32)[..., None]
        out.append((images, labels.astype(np.int64)))
    return out[0], out[1]


def mnist(
    path: str | os.PathLike | None = None,
    download: bool = False,
    cache_dir: str | os.PathLike | None = None,
    base_url: str | None = None,
    checksums: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    normalize: bool = True,
) -> tuple[Split, Split]:
    """The MNIST handwritten digits (LeCun, Cortes, Burges): 60,000 training, 10,000 test images.

    Args:
        path: a folder holding ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
            ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte`` (each raw or ``.gz``).
            When given, the cache and the network are not used.
        download: fetch the missing ``.gz`` files into the cache (about 11 MB).
        cache_dir: the cache folder (default ``$AXONE_CACHE`` or ``~/.cache/axone``); files go
            to its ``mnist/`` subfolder.
        base_url: the mirror to download from (default the PyTorch mirror of the originals).
        checksums: SHA-256 per ``.gz`` file name, replacing the built-in ones (another mirror).
        timeout: seconds to wait for the server.
        normalize: images as ``(N, 28, 28, 1)`` float32 in [0, 1] if True, else the raw
            ``(N, 28, 28)`` uint8.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``, labels int64.

    Raises:
        FileNotFoundError: a file is missing and ``download`` is False.
        ValueError: a file is not valid IDX, or a cached file was corrupt (it is deleted).
        DownloadError: the download failed (nothing is kept).

    Example:
        >>> import tempfile
        >>> from axone.data import mnist
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     mnist(cache_dir=folder)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        FileNotFoundError: MNIST is not in ...: call mnist(download=True) to fetch it from ...
    """
    return load_idx_dataset("mnist", path, download, cache_dir, base_url, checksums, timeout, normalize)


def fashion_mnist(
    path: str | os.PathLike | None = None,
    download: bool = False,
    cache_dir: str | os.PathLike | None = None,
    base_url: str | None = None,
    checksums: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    normalize: bool = True,
) -> tuple[Split, Split]:
    """Fashion-MNIST (Zalando): 28x28 grayscale clothes in 10 classes, MNIST's file layout.

    The classes are, in label order: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal,
    Shirt, Sneaker, Bag, Ankle boot (``FASHION_CLASSES``). The arguments are those of
    :func:`mnist`; the cache subfolder is ``fashion_mnist/`` and the download about 30 MB.

    Example:
        >>> from axone.data import FASHION_CLASSES
        >>> FASHION_CLASSES[9]
        'Ankle boot'
    """
    return load_idx_dataset("fashion_mnist", path, download, cache_dir, base_url, checksums, timeout, normalize)


FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
