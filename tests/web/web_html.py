"""HTML helpers for the page tests: read a table's cell texts, or a json_script payload."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any


class _Tables(HTMLParser):
    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.depth, self.rows = table_id, 0, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: bytes | str, table_id: str) -> list[list[str]]:
    """The rows (header included) of the table with this id, as whitespace-normalised cell texts."""
    parser = _Tables(table_id)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.rows


def json_script(html: bytes | str, element_id: str) -> Any:
    """The payload of `<script type="application/json" id=...>`."""
    text = html.decode() if isinstance(html, bytes) else html
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', text, re.S)
    assert match, f"no json_script {element_id}"
    return json.loads(match.group(1))


def text_of(html: bytes | str, element_id: str) -> str:
    """The text of the first element with this id (no nested tags)."""
    text = html.decode() if isinstance(html, bytes) else html
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', text)
    assert match, f"no element {element_id}"
    return match.group(1).strip()
