"""One exception per failure mode, so that entry points can map each to its exit code.

Every error the product raises on purpose is declared here. A few private exceptions stay
beside the code they steer, because they never leave it: `law.proposal.NeedsFact` (a rule
needs a fact; the engine turns it into an undetermined verdict), `ledger.store.SequenceRaced`
and `ledger.store.RequestRecorded` (retry and idempotency inside one append),
`ledger.fold_rows.NoSnapshotTable`, `ledger.portable.BadLine` (reported with its line number),
`web.pages.case_forms.Recheck`, and the web layer's `web.auth.SignInRequired` and
`web.problems.Problem` (an HTTP response, not a failure of the model).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol


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


# --- the law's encoding ---------------------------------------------------------------------


class _Cited(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def citation(self) -> str: ...


class ContradictoryRules(NhswiringError):
    """Two rules at the same level contradict each other: a defect in the encoding."""

    def __init__(self, first: _Cited, second: _Cited) -> None:
        super().__init__(
            f"rules contradict each other and neither overrides the other: {first.id} "
            f"({first.citation}) forbids, {second.id} ({second.citation}) permits"
        )
        self.rules = (first, second)


class CitationNotUnderstood(NhswiringError):
    """The parser cannot read a citation reliably: state the rule's sources explicitly."""

    def __init__(self, citation: str, why: str) -> None:
        super().__init__(f"cannot read sources from citation {citation!r}: {why}")
        self.citation = citation


# --- history and the data that ships with the package ---------------------------------------


class InconsistentHistory(NhswiringError):
    """An event cannot apply to the state it meets (e.g. renaming a body that does not exist)."""


class UnknownEventType(NhswiringError, ValueError):
    """A stored event names a type this version does not know: written by a newer version, or
    altered; folding on without it would give a wrong register."""


class ReferenceDataError(NhswiringError, ValueError):
    """A shipped table is malformed; the message names the file, row and column."""


class PartnershipDataError(NhswiringError, ValueError):
    """A partnership table is malformed; the message names the file, row and column."""


class MergerDecisionDataError(NhswiringError, ValueError):
    """The merger-decision table is malformed; the message names the row and column."""


class PricePublicationDataError(NhswiringError, ValueError):
    """The price-publication table is malformed; the message names the row and column."""


# --- checkpoints and exports ----------------------------------------------------------------


class CheckpointUnreadable(NhswiringError, ValueError):
    """The checkpoint is not one this format describes (a field missing or mistyped)."""


class SignatureFailed(NhswiringError, ValueError):
    """The signature does not verify: the checkpoint was altered, or signed by another key."""


class InvalidRelease(NhswiringError):
    """A release we produced does not validate: a defect, reported with the failing path."""


# --- accounts -------------------------------------------------------------------------------


class DuplicateEmail(InvalidInput):
    """A user with this email (in any case) already exists."""


class UnknownUser(InvalidInput):
    """No user has this email."""


class UnknownToken(InvalidInput):
    """No API token has this id."""


class ScopeNotAllowed(InvalidInput):
    """A token was asked for a scope its user's role does not grant."""


class AuthenticationFailed(NhswiringError):
    """The email and password do not match an active user (deliberately not saying which)."""

    def __init__(self) -> None:
        super().__init__("the email or password is wrong")


class AccountLocked(AuthenticationFailed):
    """Too many consecutive failed logins: refused, even with the right password, until then."""

    def __init__(self, until: datetime, failures: int) -> None:
        NhswiringError.__init__(
            self,
            f"the account is locked after {failures} failed logins until "
            f"{until.isoformat(timespec='seconds')}",
        )
        self.until = until


# --- the PSR case workflow ------------------------------------------------------------------


class StepRefused(InvalidInput):
    """The regulations do not allow the step now; the message says why and what to do.

    ``possible_from`` is the day the step becomes possible when only time stands in its way
    (the standstill, the reg 12(10) wait); None when something must be done first.
    """

    def __init__(
        self, field: str, problem: str, accepted: str, possible_from: date | None = None
    ) -> None:
        super().__init__(field, problem, accepted)
        self.possible_from = possible_from


class InvalidDecision(InvalidInput):
    """A further decision that reg 12(4)(d) does not name (proceed, repeat or abandon)."""


class NoRepresentation(StepRefused):
    """A step that answers representations, taken when the provider made none in the current
    standstill."""


class StandstillRunning(StepRefused):
    """A step that must wait for the end of the standstill (regs 12(1), 15(3)): kept open by
    representations, it has not ended yet; ``possible_from`` says when it will, if known."""


class StandstillOver(StepRefused):
    """A step of the standstill (a representation, a further decision, a request for
    information) taken after it has ended, or when the case has none."""


class NotMixedProcurement(InvalidInput):
    """Goods or non-health services opened as a mixed procurement that reg 3 does not let
    the Regulations govern."""


class NoReferral(StepRefused):
    """Advice of the Panel recorded on a case nobody referred to it, or already advised on."""
