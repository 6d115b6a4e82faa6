"""The Wine data shipped with the course (178 samples, 13 features, 3 classes): read from CSV,
checked line by line, nothing downloaded. Introduced in notebook 08.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import torch

from ._validate import describe

__all__ = ["WineData", "load_wine"]


# The shipped CSV: 13 feature columns (scikit-learn's names) then "class" (0, 1, 2).
# Read with importlib.resources: the same code finds it in a checkout and in an installed wheel.
_WINE_CSV = resources.files("course_utils") / "datasets" / "wine.csv"
_WINE_FEATURES = (
    "alcohol",
    "malic_acid",
    "ash",
    "alcalinity_of_ash",
    "magnesium",
    "total_phenols",
    "flavanoids",
    "nonflavanoid_phenols",
    "proanthocyanins",
    "color_intensity",
    "hue",
    "od280/od315_of_diluted_wines",
    "proline",
)
_WINE_CLASSES = ("class_0", "class_1", "class_2")
_WINE_ROWS = 178
_RESTORE = (
    "restore the course's copy: in a clone of the course run `git checkout "
    "course_utils/datasets/wine.csv`; an installed course_utils is repaired by installing it "
    "again (pip install --force-reinstall --no-deps, from the same source); see "
    "course_utils/datasets/README.md"
)


def _csv_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class WineData:
    """The Wine data: ``x`` float32 (178, 13), ``y`` int64 (178,) class labels 0, 1, 2.

    Introduced in notebook 08.
    """

    x: torch.Tensor
    y: torch.Tensor
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]


def load_wine(path: str | Path | None = None) -> WineData:
    """Read the Wine data shipped inside the package (``course_utils/datasets/wine.csv``), or
    the CSV at ``path``; nothing is downloaded.

    A missing file raises FileNotFoundError, a damaged one a ValueError naming the file and
    the line. Introduced in notebook 08.
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"path must be a file path (a str or pathlib.Path) such as 'wine.csv', "
            f"or None for the course's copy; got {describe(path)}"
        )
    path = _WINE_CSV if path is None else Path(path)  # a Path, or a Traversable in the package
    if not path.is_file():
        raise FileNotFoundError(f"the Wine data file {path} is missing; {_RESTORE}")

    def bad(line: int, why: str) -> ValueError:  # every message names the file and the line
        return ValueError(f"{path}, line {line}: {why}; the file is damaged: {_RESTORE}")

    raw = path.read_bytes()
    try:  # "utf-8-sig" also accepts a byte-order mark that some editors add
        reader = csv.reader(raw.decode("utf-8-sig").splitlines())  # any line ending
        rows = [(reader.line_num, row) for row in reader if row]  # blank lines are skipped
    except UnicodeDecodeError as exc:
        raise bad(raw[: exc.start].count(b"\n") + 1, "it holds bytes that are not text") from None
    except csv.Error as exc:
        raise bad(reader.line_num, f"it is not valid CSV ({exc})") from None
    expected = [*_WINE_FEATURES, "class"]
    if not rows:
        raise bad(1, "the file is empty, expected a header and 178 rows")
    line, header = rows[0]
    if header != expected:  # name the first column that differs
        i = next(i for i, (a, b) in enumerate(zip([*header, None], [*expected, None])) if a != b)
        got = repr(header[i]) if i < len(header) else "missing"
        want = repr(expected[i]) if i < len(expected) else "no more columns"
        raise bad(line, f"the header does not match: column {i + 1} is {got}, expected {want}")
    features, labels = [], []
    for line, row in rows[1:]:
        if len(row) != len(expected):
            raise bad(line, f"{len(row)} columns, expected {len(expected)} (13 features, class)")
        values = [_csv_number(text) for text in row]
        for name, text, value in zip(expected, row, values):
            if value is None:
                raise bad(line, f"column {name!r} holds {text!r}, which is not a finite number")
        if values[-1] not in (0.0, 1.0, 2.0):
            raise bad(line, f"class is {row[-1]!r}, expected 0, 1 or 2")
        features.append(values[:-1])
        labels.append(int(values[-1]))
    n = _WINE_ROWS
    if len(labels) < n:
        raise bad(rows[-1][0], f"the file ends after {len(labels)} data rows, expected {n}")
    if len(labels) > n:
        raise bad(rows[n + 1][0], f"more than {n} data rows (this is row {n + 1})")
    return WineData(
        torch.tensor(features, dtype=torch.float32),
        torch.tensor(labels, dtype=torch.int64),
        _WINE_FEATURES,
        _WINE_CLASSES,
    )
