"""CSV that Excel opens cleanly: UTF-8 with a byte-order mark, CRLF rows, safe text."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from quizapp.services.exports.base import Cell, Column, Kind, Report, format_number, neutralise

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def _cell(value: Cell, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if column.kind is Kind.PERCENT and isinstance(value, int | float):
        return f"{value:.1f}"
    if isinstance(value, int | float) and column.kind is not Kind.TEXT:
        return format_number(float(value))
    return neutralise(str(value))


class CsvExporter:
    label = "CSV"
    extension = "csv"
    mimetype = "text/csv; charset=utf-8"

    def render(self, report: Report) -> bytes:
        """One block per table; several blocks get a title row and a blank line between."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        tables = [t for t in report.tables if t.in_csv]
        for n, table in enumerate(tables):
            if len(tables) > 1:
                if n:
                    writer.writerow([])
                writer.writerow([neutralise(table.name)])
            writer.writerow([neutralise(c.header) for c in table.columns])
            if any(c.note for c in table.columns):
                writer.writerow([neutralise(c.note) for c in table.columns])
            for row in table.rows:
                writer.writerow([_cell(v, c) for v, c in zip(row, table.columns, strict=True)])
        return out.getvalue().encode("utf-8-sig")
