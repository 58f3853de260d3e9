r"""How a CSV file is written: its encoding, separator and decimal mark, found before pandas reads it.

European tables come as ``a;b;label`` with ``1,5`` for 1.5, often in cp1252 (Excel's "CSV" in
France); some files start with a line of metadata (sklearn's ``breast_cancer.csv`` begins
``569,30,malignant,benign``). What is not named is detected:

- encoding: UTF-8 (a BOM is dropped), else cp1252, else latin-1 (which reads any byte); UTF-16
  when the file starts with its BOM; a file with NUL bytes is refused as binary;
- separator: among ``,`` ``;`` tab ``|``, the one that splits the most lines into the same
  number (above 1) of fields; else runs of whitespace, when they split every line alike;
- decimal mark: ``,`` when the separator is not ``,`` and numbers are written ``1,5`` (never
  ``1.5``).

Then every line must have the header's number of fields: pandas would otherwise turn the extra
fields into an index and train on the wrong columns, or fill the missing ones without a word.
The error names the lines, and says how many to skip (``skip_rows``) when only the first lines
differ.

Example:
    >>> fmt = sniff("a;b;label\n1,5;2;x\n3,25;4;y\n")
    >>> fmt.sep, fmt.decimal, fmt.describe()
    (';', ',', "separator ';', decimal mark ','")
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SEPARATORS = (",", ";", "\t", "|")
WHITESPACE = r"\s+"
_SAMPLE_LINES = 200
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_POINT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")


@dataclass
class CsvFormat:
    """What was found or given: ``sep``, ``decimal``, ``encoding``, ``skip_rows``, and which were detected."""

    sep: str = ","
    decimal: str = "."
    encoding: str = "utf-8"
    skip_rows: int = 0
    detected: tuple[str, ...] = ()

    def describe(self) -> str:
        """One phrase for the cleaning report (the defaults are not mentioned)."""
        parts = []
        if self.sep != ",":
            parts.append("separator whitespace" if self.sep == WHITESPACE else f"separator {self.sep!r}")
        if self.decimal != ".":
            parts.append(f"decimal mark {self.decimal!r}")
        if self.encoding not in ("utf-8", "utf-8-sig"):
            parts.append(f"encoding {self.encoding}")
        if self.skip_rows:
            parts.append(f"{self.skip_rows} first line(s) skipped")
        return ", ".join(parts)


def decode(raw: bytes, encoding: str | None, source: str) -> tuple[str, str]:
    """(text, encoding): the named encoding, or UTF-8 / cp1252 / latin-1 in that order."""
    if encoding is not None:
        name = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        try:
            return raw.decode(name), encoding
        except LookupError:
            raise ValueError(f"{source}: unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise ValueError(
                f"{source}: line {line} is not {encoding} (byte {raw[err.start]:#04x}); "
                "name the file's encoding (utf-8, cp1252, latin-1), or leave it out to detect it"
            ) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(raw, "utf-16", source)
    if b"\x00" in raw:  # no text encoding axone detects writes NUL bytes: a binary file
        raise ValueError(f"{source}: not a readable CSV table (it holds NUL bytes: a binary file, or UTF-16/32?)")
    for name in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(name), "utf-8" if name == "utf-8-sig" else name
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"  # reads any byte


def _fields(line: str, sep: str) -> int:
    if sep == WHITESPACE:
        return len(line.split())
    return len(next(csv.reader([line], delimiter=sep), []))


def _separator(lines: list[str]) -> str:
    best, score = ",", (0, 0)
    for sep in SEPARATORS:
        counts = Counter(_fields(line, sep) for line in lines)
        fields, agree = counts.most_common(1)[0]
        if fields > 1 and (agree, fields) > score:
            best, score = sep, (agree, fields)
    if score == (0, 0):
        counts = Counter(_fields(line, WHITESPACE) for line in lines)
        if len(counts) == 1 and next(iter(counts)) > 1:
            return WHITESPACE
    return best


def _decimal(lines: list[str], sep: str) -> str:
    if sep == ",":
        return "."
    cells = [cell.strip() for line in lines[1:] for cell in (line.split() if sep == WHITESPACE else line.split(sep))]
    comma = sum(bool(_COMMA_DECIMAL.match(c)) for c in cells)
    point = sum(bool(_POINT_DECIMAL.match(c)) for c in cells)
    return "," if comma and not point else "."


def sniff(
    text: str, sep: str | None = None, decimal: str | None = None, skip_rows: int = 0, encoding: str = "utf-8"
) -> CsvFormat:
    """The format of ``text`` (a whole file), the given parts kept as given."""
    lines = [line for line in text.splitlines()[skip_rows:] if line.strip()][:_SAMPLE_LINES]
    detected = []
    if sep is None:
        sep = _separator(lines)
        detected.append("sep")
    if decimal is None:
        decimal = _decimal(lines, sep)
        detected.append("decimal")
    return CsvFormat(sep, decimal, encoding, skip_rows, tuple(detected))


def _ranges(numbers: list[int]) -> str:
    """``[2, 3, 4, 9]`` -> ``"2-4, 9"`` (the first six runs)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = ", ".join(f"{a}-{b}" if b > a else f"{a}" for a, b in runs[:6])
    return shown + (", ..." if len(runs) > 6 else "")


def check_rows(text: str, fmt: CsvFormat, source: str) -> None:
    """Every line (blank ones aside) has the header's number of fields, or a ValueError naming the lines."""
    lines = text.splitlines()
    numbered = [(i + 1, line) for i, line in enumerate(lines) if i >= fmt.skip_rows and line.strip()]
    if not numbered:
        return
    if fmt.sep == WHITESPACE:
        counts = [(n, len(line.split())) for n, line in numbered]
    else:
        reader = csv.reader((line for _, line in numbered), delimiter=fmt.sep)
        counts = [(numbered[reader.line_num - 1][0], len(row)) for row in reader]
    (header_line, header), rows = counts[0], counts[1:]
    wrong = [n for n, k in rows if k != header]
    if not wrong:
        return
    usual = Counter(k for _, k in rows).most_common(1)[0][0]
    message = (
        f"{source}: the header (line {header_line}) has {header} fields but "
        f"{len(wrong)} of the {len(rows)} rows do not (lines {_ranges(wrong)}; most rows have {usual})"
    )
    first_good = next((i for i, (_, k) in enumerate(counts) if k == usual), None)
    if first_good and all(k == usual for _, k in counts[first_good:]):
        skip = counts[first_good][0] - 1
        message += f": the first {skip} line(s) are not the table; skip them with skip_rows={skip} (--skip-rows {skip})"
    else:
        message += f"; check the separator (read as {fmt.sep!r}: give sep=, --sep) and the quotes on those lines"
    raise ValueError(message)


def read_text(path: Path, encoding: str | None) -> tuple[str, str]:
    """The decoded text of the file at ``path`` and its encoding; a ValueError for binary content
    (more than 1% of characters that no text shows: control and format characters)."""
    text, found = decode(path.read_bytes(), encoding, str(path))
    sample = text[:100_000]
    odd = sum(1 for c in sample if not c.isprintable() and c not in "\t\n\r")
    if odd > len(sample) / 100:
        raise ValueError(
            f"{path}: not a readable CSV table ({odd} control characters in the first {len(sample)}, "
            f"read as {found}: a binary file, or another encoding?)"
        )
    return text, found
