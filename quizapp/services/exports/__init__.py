"""Export formats, found by name: `EXPORTERS["csv"].render(report)`.

Adding a format is one module with a class that has `label`, `extension`, `mimetype` and
`render(report) -> bytes`, and one line here.
"""

from __future__ import annotations

from quizapp.services.exports.base import Cell, Column, Exporter, Kind, Report, Table
from quizapp.services.exports.csv_format import CsvExporter
from quizapp.services.exports.xlsx import XlsxExporter

EXPORTERS: dict[str, Exporter] = {
    "csv": CsvExporter(),
    "xlsx": XlsxExporter(),
}

__all__ = ["EXPORTERS", "Cell", "Column", "Exporter", "Kind", "Report", "Table"]
