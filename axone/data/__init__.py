"""Datasets and data handling (level 1): NumPy only at import; pandas and scikit-learn lazily.

- generated: ``logic_gate``, ``lunch_bills``, ``circles``, ``moons``, ``spirals``, ``blobs``,
  ``xor_points``, ``function_1d`` (``sine``, ``absolute``, ``step``, ``polynomial``),
  ``binary_addition``;
- shipped by scikit-learn: ``digits``, ``sample_image`` (or ``synthetic_picture``);
- files: ``mnist``, ``fashion_mnist`` (IDX files by path, or ``download=True``), ``read_idx``;
- your own tables: ``from_csv``, ``from_dataframe`` -> ``TableDataset`` with a
  ``CleaningReport`` and a ``Preprocessor``;
- ``train_val_test_split``, ``batches``, ``flip_labels``, ``suspicious_samples``;
- by name: ``load(name, **kw)``, ``list_datasets()``.

Every random function takes ``rng=`` (a Generator, an int seed, or None for the package
generator of ``axone.random``). Nothing downloads unless asked.
"""

from axone.data.batching import batches, minibatches
from axone.data.course import GATES, logic_gate, lunch_bills
from axone.data.download import DownloadError, cache_dir, download_file, sha256_file
from axone.data.functions import absolute, function_1d, polynomial, sine, step
from axone.data.idx import parse_idx, read_idx, write_idx
from axone.data.idx_datasets import FASHION_CLASSES, fashion_mnist, mnist
from axone.data.images import digits, sample_image, synthetic_picture
from axone.data.labels import flip_labels, sample_losses, suspicious_samples, to_categorical
from axone.data.points import blobs, circles, moons, spirals, xor_points
from axone.data.preprocessing import Preprocessor
from axone.data.registry import list_datasets, load, register, unregister
from axone.data.report import CleaningReport
from axone.data.sequences import addition_sequences, binary_addition, from_bits, to_bits
from axone.data.splits import split_indices, train_val_test_split
from axone.data.tables import TableDataset, from_csv, from_dataframe, read_csv

__all__ = [
    "FASHION_CLASSES",
    "GATES",
    "CleaningReport",
    "DownloadError",
    "Preprocessor",
    "TableDataset",
    "absolute",
    "addition_sequences",
    "batches",
    "binary_addition",
    "blobs",
    "cache_dir",
    "circles",
    "digits",
    "download_file",
    "fashion_mnist",
    "flip_labels",
    "from_bits",
    "from_csv",
    "from_dataframe",
    "function_1d",
    "list_datasets",
    "load",
    "logic_gate",
    "lunch_bills",
    "minibatches",
    "mnist",
    "moons",
    "parse_idx",
    "polynomial",
    "read_csv",
    "read_idx",
    "register",
    "sample_image",
    "sample_losses",
    "sha256_file",
    "sine",
    "spirals",
    "split_indices",
    "step",
    "suspicious_samples",
    "synthetic_picture",
    "to_bits",
    "to_categorical",
    "train_val_test_split",
    "unregister",
    "write_idx",
    "xor_points",
]
