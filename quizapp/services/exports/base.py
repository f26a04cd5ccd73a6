"""What every export format renders: named tables of typed columns.

Services build a `Report` once; each format in the registry turns it into bytes, so a
new format is one module and one line in `EXPORTERS`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

Cell = str | int | float | datetime | None

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); a student could name themselves "=HYPERLINK(...)".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Kind(enum.StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    PERCENT = "percent"  # values are percentages, 0–100
    DATETIME = "datetime"  # naive, already in the reader's time zone


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 0  # characters; 0: fit the content
    note: str = ""  # the second header row of a CSV (a question's prompt)


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[Column]
    rows: list[list[Cell]]
    in_csv: bool = True  # a legend table only XLSX needs (CSV carries notes in its header)


@dataclass(frozen=True)
class Report:
    filename: str  # without extension
    tables: list[Table] = field(default_factory=list)


class Exporter(Protocol):
    label: str
    extension: str
    mimetype: str

    def render(self, report: Report) -> bytes: ...


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text, never evaluates: a leading quote before formulas."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def format_number(value: float) -> str:
    """2.0 → "2", 1.25 → "1.25": marks as a teacher writes them."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
