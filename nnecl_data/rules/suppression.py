"""Official statistics symbols: read them as a status, and keep them away from every number shown.

DfE (GSS) convention used since 2020: c, x, z, low, k, u. The 2016 and 2017 SFR files used 'x' for
small numbers suppressed for confidentiality, which is 'c' today: `parse_cell` takes the file's
convention so the stored status always means the same thing, while `published_symbol` keeps the
character the file printed.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from nnecl_data.wording import SYMBOL_MEANINGS  # the symbols the parser accepts, and what each means

CURRENT = "current"
SFR_2016_2017 = "sfr_2016_2017"
_SFR_MEANING = {"x": "c"}  # in SFR41/2016 and SFR50/2017, 'x' = numbers 1 to 5 suppressed

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class UnknownSymbol(ValueError):
    """A cell that is neither a number nor a known symbol: stop the ingest rather than guess."""


def parse_cell(raw: str | None, convention: str = CURRENT) -> tuple[float | None, str | None, str | None]:
    """Return (value, status, published_symbol) for one cell of an official file.

    A number gives (value, None, None); a symbol gives (None, status, symbol-as-printed).
    An empty cell is 'x' (not available) with no published symbol.
    """
    text = "" if raw is None else str(raw).strip()
    if _NUMBER.match(text.replace(",", "")):
        return float(text.replace(",", "")), None, None
    if text == "":
        return None, "x", None
    symbol = text.lower()
    if symbol not in SYMBOL_MEANINGS:
        raise UnknownSymbol(f"cell {raw!r} is neither a number nor an official symbol")
    status = _SFR_MEANING.get(symbol, symbol) if convention == SFR_2016_2017 else symbol
    return None, status, text


def describe(status: str | None) -> str:
    """Plain-English meaning of a status for tooltips and tables ('' for a published number)."""
    if not status:
        return ""
    return f"{status} — {SYMBOL_MEANINGS.get(status, 'not published')}"


def is_publishable(value, status) -> bool:
    """A figure can be shown as a number only if it is a real number with no symbol."""
    if status:
        return False
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def mask_unpublishable(df: pd.DataFrame, value_columns: list[str], status_column: str = "status") -> pd.DataFrame:
    """Blank every number on a row that has a status. The last line of defence before a chart, table or
    download: even if a number were somehow stored beside a symbol, it never leaves this function."""
    out = df.copy()
    if status_column in out.columns:
        suppressed = out[status_column].notna() & (out[status_column].astype(str) != "")
        for column in value_columns:
            if column in out.columns:
                out[column] = out[column].astype(float).mask(suppressed)
    return out


def display_value(value, status, unit: str = "percent", decimals: int | None = None) -> str:
    """Text for a cell: the number with its unit, or the symbol (never a number for a suppressed cell)."""
    if not is_publishable(value, status):
        return status or "x"
    if decimals is None:
        # Keep the published precision: care-leaver percentages are whole numbers, KS4 ones have a decimal.
        decimals = 1 if unit == "score" or not float(value).is_integer() else 0
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if unit == "percent" else text
