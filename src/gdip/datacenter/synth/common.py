"""Vectorised building blocks of the generator: seeds, dates, identifiers, Arrow strings.

Nothing here loops over rows in Python: identifiers and check characters are computed on
numpy integer arrays and turned into strings with pyarrow.compute.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "AS_OF",
    "USCC_CHARSET",
    "add_years",
    "cn_application_numbers",
    "cn_check_chars",
    "concat",
    "date_array",
    "day",
    "list_array",
    "rng_for",
    "uscc_check_indices",
    "usccs",
    "year_of",
    "zpad",
]

# Statuses are as of this fixed date, never "now": a rebuild must give identical records.
AS_OF_ISO = "2025-12-31"
AS_OF = int(np.datetime64(AS_OF_ISO, "D").astype(np.int64))
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_LUT = np.frombuffer(USCC_CHARSET.encode(), dtype=np.uint8)
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
_APPNO_WEIGHTS = np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], dtype=np.int64)


def rng_for(seed: int, *path: int | str) -> np.random.Generator:
    """An independent PCG64 stream for one part of the build (kind, year, chunk ...)."""
    words = [int(seed) & 0xFFFFFFFF]
    for p in path:
        words.append(zlib.crc32(p.encode()) if isinstance(p, str) else int(p) & 0xFFFFFFFF)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(words)))


def day(iso: str) -> int:
    """Days since 1970-01-01 of an ISO date."""
    return int(np.datetime64(iso, "D").astype(np.int64))


def year_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of day numbers."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def add_years(days: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    """The same calendar day ``years`` later (29 Feb falls on 1 Mar in common years)."""
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    offset = d - y.astype("datetime64[D]")
    return ((y + np.asarray(years)).astype("datetime64[D]") + offset).astype(np.int64)


def date_array(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """A date32 Arrow array from day numbers (rows where ``valid`` is False become null)."""
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    return pa.array(np.asarray(days, dtype=np.int32), pa.int32(), mask=mask).view(pa.date32())


def concat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise string concatenation of arrays and scalars (null in, null out)."""
    return pc.binary_join_element_wise(*parts, "")


def zpad(values: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded decimal strings."""
    return pc.utf8_lpad(pa.array(np.asarray(values, dtype=np.int64)).cast(pa.string()), width, "0")


def list_array(counts: np.ndarray, values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A list array whose row i holds the next ``counts[i]`` items of ``values``."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def take_str(pool: Sequence[str] | pa.Array, idx: np.ndarray) -> pa.Array:
    """Strings of a pool at integer positions."""
    arr = pool if isinstance(pool, pa.Array) else pa.array(list(pool), pa.string())
    return arr.take(pa.array(np.asarray(idx, dtype=np.int64)))


def uscc_check_indices(first17: np.ndarray) -> np.ndarray:
    """GB 32100-2015 check character (as a charset index) of rows of 17 charset indices."""
    total = (first17.astype(np.int64) * _USCC_WEIGHTS).sum(axis=1)
    return (31 - total % 31) % 31


def usccs(first17: np.ndarray) -> pa.Array:
    """18-character USCC strings from rows of 17 charset indices (check character appended)."""
    full = np.concatenate([first17, uscc_check_indices(first17)[:, None]], axis=1)
    raw = np.ascontiguousarray(_USCC_LUT[full]).view("S18").ravel()
    return pa.array(raw, pa.binary(18)).cast(pa.binary()).cast(pa.string())


def digits_to_indices(codes: np.ndarray, width: int) -> np.ndarray:
    """Decimal digits (most significant first) of non-negative integers as an (n, width) array."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (np.asarray(codes, dtype=np.int64)[:, None] // powers) % 10


def cn_check_chars(digits12: np.ndarray) -> np.ndarray:
    """Check digit values (10 means X) of 12-digit CN application numbers."""
    total = (digits_to_indices(digits12, 12) * _APPNO_WEIGHTS).sum(axis=1)
    return total % 11


_CHECK_STR = pa.array([str(i) for i in range(10)] + ["X"], pa.string())


def cn_application_numbers(year: np.ndarray, type_digit: np.ndarray, serial: np.ndarray) -> pa.Array:
    """Canonical CN application numbers ``YYYYTNNNNNNN.C`` (since 2003)."""
    value = year.astype(np.int64) * 100_000_000 + type_digit.astype(np.int64) * 10_000_000 + serial
    check = _CHECK_STR.take(pa.array(cn_check_chars(value)))
    return concat(pa.array(value).cast(pa.string()), ".", check)
