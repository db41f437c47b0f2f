"""One exception per failure mode, so that entry points can map each to its exit code."""

from __future__ import annotations


class NhswiringError(Exception):
    """Base class: every error the product raises on purpose."""


class InvalidInput(NhswiringError):
    """A value supplied by the user is malformed or out of range.

    The message always names the field and says what is accepted, because the user has to
    fix it without reading the code.
    """

    def __init__(self, field: str, problem: str, accepted: str) -> None:
        self.field = field
        self.problem = problem
        self.accepted = accepted
        super().__init__(f"{field}: {problem}; {accepted}")


class UnknownBody(InvalidInput):
    """No body with this code exists in the register (at all, or on the date asked)."""


class LedgerConflict(NhswiringError):
    """Another writer appended to the same stream first (optimistic concurrency)."""


class LedgerBusy(NhswiringError):
    """The database stayed busy (locked by other writers, or unreachable for a moment) through
    every bounded retry; nothing was recorded and the command can be run again as it is."""


class RequestReused(InvalidInput):
    """An idempotency key already recorded one request and now arrives with another."""


class LedgerCorrupt(NhswiringError):
    """The hash chain does not verify: an entry was altered, removed or reordered."""


class SignatureInvalid(NhswiringError):
    """A signed checkpoint does not verify: altered since signing, or signed by another key."""
