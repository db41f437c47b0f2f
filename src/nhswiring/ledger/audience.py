"""Who a ledger read is for: the public, one organisation, or the ledger's own checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a read is for: the public (``organisation`` None), one organisation (the public
    record and its own private entries), or ``everything`` (the ledger's own checks)."""

    organisation: str | None = None
    everything: bool = False

    @classmethod
    def of(cls, organisation: str | None) -> Audience:
        return cls(organisation) if organisation else PUBLIC

    def sees(self, visibility: str | None) -> bool:
        return self.everything or visibility is None or visibility == self.organisation

    @property
    def key(self) -> str:
        """A stable name for caches: ``public``, ``org:QHM`` or ``*``."""
        if self.everything:
            return "*"
        return f"org:{self.organisation}" if self.organisation else "public"


PUBLIC = Audience()
EVERYTHING = Audience(everything=True)

__all__ = ["EVERYTHING", "PUBLIC", "Audience"]
