"""The steps of a provider selection case, each judged and recorded as it is taken.

Every step is one transaction: the step is checked against the regulations and the case's
state, then appended to the ledger as a `case.step` entry attributed to the person who took
it, with the verdict or analysis that allowed it. A step the regulations do not allow is
refused with the reason and the regulation, and nothing is written. The steps live in modules
by stage of the process; `Cases` is the one object the entry points use.
"""

from __future__ import annotations

from nhswiring.service.psr.base import CaseBase, StepRefused, StepResult
from nhswiring.service.psr.contract import ContractSteps
from nhswiring.service.psr.opening import OpeningSteps
from nhswiring.service.psr.representations import RepresentationSteps
from nhswiring.service.psr.review import ReviewSteps

__all__ = ["CaseBase", "Cases", "StepRefused", "StepResult"]


class Cases(OpeningSteps, RepresentationSteps, ReviewSteps, ContractSteps):
    """A relevant authority's provider selection cases, on the ledger."""
