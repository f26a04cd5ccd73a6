"""Excel workbooks with openpyxl: one sheet per table, bold frozen header, real numbers."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from quizapp.services.exports.base import Cell, Column, Kind, Report

NUMBER_FORMATS = {
    Kind.INTEGER: "0",
    Kind.NUMBER: "0.##",
    Kind.PERCENT: "0.0%",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}
MAX_WIDTH = 60
BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _value(value: Cell, column: Column) -> Cell:
    if column.kind is Kind.PERCENT and isinstance(value, int | float):
        return value / 100.0
    if isinstance(value, str):
        # Control characters are illegal in XLSX; older rows may hold some.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _as_text(row: Any) -> None:
    """Store every text cell as a string, so "=1+1" is shown as typed and never run.

    XLSX says which cells are formulas; unlike CSV it needs no leading quote, which a
    teacher would see in the cell.
    """
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _width(value: Cell, column: Column) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    return len(str(value)) + (2 if column.kind is Kind.PERCENT else 0)


def _title(name: str, used: set[str]) -> str:
    """Excel limits sheet names to 31 characters without []:*?/\\, unique per workbook."""
    base = BAD_TITLE.sub(" ", name).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


class XlsxExporter:
    label = "Excel"
    extension = "xlsx"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, report: Report) -> bytes:
        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        used: set[str] = set()
        bold = Font(bold=True)
        for table in report.tables:
            sheet = book.create_sheet(_title(table.name, used))
            sheet.append([c.header for c in table.columns])
            _as_text(sheet[1])
            for cell in sheet[1]:
                cell.font = bold
            sheet.freeze_panes = "A2"
            for row in table.rows:
                sheet.append([_value(v, c) for v, c in zip(row, table.columns, strict=True)])
                _as_text(sheet[sheet.max_row])
            for i, column in enumerate(table.columns, 1):
                letter = get_column_letter(i)
                fmt = NUMBER_FORMATS.get(column.kind)
                if fmt:
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = fmt
                width = column.width or max(
                    [len(column.header), *(_width(r[i - 1], column) for r in table.rows)]
                )
                sheet.column_dimensions[letter].width = min(width + 2, MAX_WIDTH)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
