"""Problems found in an uploaded register: each names the file, and the row and column where it applies;
`str(issue)` is `FILE: row N, column C: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    file: str
    message: str
    row: int | None = None  # spreadsheet row: the header is row 1
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        place = f" {', '.join(where)}:" if where else ""
        return f"{self.file}:{place} {self.message}"


class UploadRejected(Exception):
    """The file cannot be read at all (type, encoding, size, structure)."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def errors_text(issues: Iterable[Issue]) -> str:
    return "\n".join(str(i) for i in issues)
