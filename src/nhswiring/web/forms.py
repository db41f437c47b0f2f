"""What a form page shows when its input is refused: the NHS.UK error summary at the top,
each entry linking to its field, and the same message beside the field itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FormErrors:
    """The error summary (``summary``: text and link) and each field's message (``fields``),
    keyed by the field's id."""

    summary: list[dict[str, str]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def add(self, field_id: str, text: str) -> None:
        self.summary.append({"text": text, "href": f"#{field_id}"})
        self.fields.setdefault(field_id, text)

    def context(self) -> dict[str, Any]:
        return {"errors": self.summary, "field_errors": self.fields}

    def __bool__(self) -> bool:
        return bool(self.summary)
