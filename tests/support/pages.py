"""Reading pages as a person reads them: the headline figures and a table's rows as text."""

from __future__ import annotations

import re
from html import unescape

FIGURE = re.compile(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", re.S)
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")


def text(html: str) -> str:
    """The words of some HTML, tags dropped and spaces collapsed."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def figures(html: str) -> dict[str, str]:
    """{label: value} of the `<dl class="stats">` figures on a page."""
    return {text(dt): text(dd) for dt, dd in FIGURE.findall(html)}


def table_rows(html: str, marker: str) -> list[list[str]]:
    """The body rows of the first table after `marker`, each a list of its cells' text."""
    start = html.index(marker)
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return [[text(cell) for cell in CELL.findall(row)] for row in ROW.findall(body)]
