"""Small statistics helpers for the benchmark (no numpy needed, exact on small samples)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks; None when empty."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def summary(values_ms: Sequence[float]) -> dict:
    """median, p95, min, max and n of a list of milliseconds (rounded to 0.1 ms)."""
    if not values_ms:
        return {"n": 0, "median": None, "p95": None, "min": None, "max": None}
    return {
        "n": len(values_ms),
        "median": round(percentile(values_ms, 50), 1),
        "p95": round(percentile(values_ms, 95), 1),
        "min": round(min(values_ms), 1),
        "max": round(max(values_ms), 1),
    }


def ratio(slow: float | None, fast: float | None) -> float | None:
    """How many times faster `fast` is than `slow` (None when either is missing or fast is 0)."""
    if slow is None or fast is None or fast <= 0:
        return None
    return round(slow / fast, 1)
