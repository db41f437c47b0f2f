"""A foundation trust's significant transactions (NHS Act 2006 s.51A, inserted by HSCA 2012
s.167, in force 1 April 2013 by SI 2013/160).

From 1 April 2013 a foundation trust may enter into a transaction its constitution describes as
significant only with the approval of more than half of the governors voting on it. The
constitution says what is significant (s.51A(2)), so whether this transaction is significant is
a fact about the trust's own constitution, asked rather than assumed. The vote counts those
voting, unlike a merger or acquisition application (s.56(1A), s.56A(2)), which needs more than
half of all the members of the council. Before April 2013 the governors had no such say.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import ALWAYS, K, found, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.facts import FACTS
from nhswiring.law.instruments import HSCA_2012, NHS_ACT_2006, section
from nhswiring.law.parameters import HSCA_START
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

SIGNIFICANT = (
    "significant_under_constitution",
    FACTS["significant_under_constitution"].question,
)
GOVERNORS_VOTING = Condition(
    "ft_governors_voting_majority_approved",
    FACTS["ft_governors_voting_majority_approved"].question,
    "more than half of the governors voting approved the significant transaction (s.51A(1))",
    "the governors voting did not approve the significant transaction by a majority, so the "
    "foundation trust may not enter into it (NHS Act 2006 s.51A(1))",
)


def _own_transaction(p: Proposal) -> bool:
    return p.actor == p.arg("trust") and p.kind(p.actor) is K.FOUNDATION_TRUST


@rule(
    "nhs_act_2006.s47.ft_enters_transaction",
    sources=(section(NHS_ACT_2006, "43"), section(NHS_ACT_2006, "47")),
    actions={"enter_transaction"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.43 and 47 (a foundation trust's powers, including to enter into "
    "contracts and other arrangements)",
    in_force=ALWAYS,
    summary="A foundation trust may enter into contracts and other transactions for the "
    "purposes of its functions.",
)
def ft_enters_transaction(p: Proposal) -> Finding | None:
    if not _own_transaction(p):
        return None
    return found(f"{names(p, [p.actor])} may enter into the transaction under its own powers.")


@precondition(
    "nhs_act_2006.s51A.governors_approve_significant_transaction",
    sources=(section(NHS_ACT_2006, "51A"), section(HSCA_2012, "167")),
    actions={"enter_transaction"},
    citation="NHS Act 2006 s.51A (inserted by HSCA 2012 s.167, from 1 April 2013)",
    in_force=Interval(HSCA_START),
    summary="From 1 April 2013 a foundation trust may enter into a transaction its constitution "
    "describes as significant only if more than half of the governors voting approve it.",
)
def governors_approve_significant_transaction(p: Proposal) -> Condition | None:
    if not _own_transaction(p) or not p.flag(*SIGNIFICANT):
        return None
    return GOVERNORS_VOTING


RULES = (ft_enters_transaction, governors_approve_significant_transaction)
