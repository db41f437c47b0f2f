"""A contract's lifetime value over its term, as the PSR's value tests read it.

Reg 13(2)(b) and 13(4)(c) measure "the cumulative change in the lifetime value of the contract
since it was entered into", against "the lifetime value of the original contract ... when it
was entered into"; reg 6(10)(b) compares a proposed contract with the existing contract's
lifetime value "when that existing contract was entered into". Where the state knows the
contract (a given contract of a scenario, one awarded or modified by an earlier step, or a
case's award) these figures are computed from its value as entered into and its recorded
modifications; only where it knows none are they asked for as facts. Either way the verdict
says which figures it used.

A modification may rest on more than one ground (``grounds``, or the older single
``reason``); `claimed_grounds` reads both.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nhswiring.domain.timeline import Contract
from nhswiring.law.parameters import PSR_CONSIDERABLE_CHANGE
from nhswiring.law.proposal import Proposal

ORIGINAL = (
    "existing_lifetime_value",
    "What was the contract's estimated lifetime value when it was entered into (regs 6(10), "
    "13(2)(b))?",
)
CUMULATIVE = (
    "cumulative_change",
    "What is the cumulative change in lifetime value since the contract was entered into, "
    "including this modification (reg 13(2)(b), (4)(c))?",
)


def claimed_grounds(p: Proposal) -> tuple[str, ...]:
    """The grounds a modification states: the list ``grounds`` where given, else ``reason``."""
    listed = p.arg("grounds") or ()
    return tuple(dict.fromkeys([*listed] or [str(p.arg("reason") or "authority_decision")]))


def pounds(amount: Decimal, *, signed: bool = False) -> str:
    text = f"£{abs(amount):,.0f}"
    if not signed:
        return text if amount >= 0 else f"-{text}"
    return f"+{text}" if amount >= 0 else f"-{text}"


@dataclass(frozen=True, slots=True)
class ValueHistory:
    """The figures a value test used and where they came from."""

    original: Decimal
    cumulative: Decimal  # signed: the net change since entry, this change included
    basis: str  # words naming the figures' source

    @property
    def size(self) -> Decimal:
        """The cumulative change's size: a reduction counts as much as an increase."""
        return abs(self.cumulative)

    def considerable(self) -> bool:
        """Reg 13(2)(b): £500,000 or more AND 25% or more of the original lifetime value."""
        return self.size >= PSR_CONSIDERABLE_CHANGE and (
            self.original == 0 or self.size >= self.original / 4
        )

    def notice_level(self) -> bool:
        """Reg 13(4)(c): a cumulative change of £500,000 or more."""
        return self.size >= PSR_CONSIDERABLE_CHANGE

    def describe(self) -> str:
        return (
            f"cumulative change of {pounds(self.cumulative)} on a lifetime value of "
            f"{pounds(self.original)} when entered into ({self.basis})"
        )


def known_contract(p: Proposal, arg: str = "contract") -> Contract | None:
    code = p.arg(arg)
    return None if not code else p.state.contract(str(code))


def modification_history(p: Proposal) -> ValueHistory:
    """The cumulative change a modification brings (reg 13(2)(b), (4)(c)): from the contract's
    record where the state knows it, otherwise from the facts ``existing_lifetime_value`` and
    ``cumulative_change`` (asked for when missing)."""
    contract = known_contract(p)
    change = p.arg("lifetime_value_change")
    if contract is not None and change is not None:
        earlier = [c for on, c in contract.modifications if on <= p.day]
        prior = sum(earlier, Decimal(0))
        cumulative = prior + Decimal(str(change))
        basis = (
            f"contract {contract.contract_id} as entered into, {len(earlier)} recorded "
            f"modification{'s' if len(earlier) != 1 else ''} since "
            f"({pounds(prior, signed=True)}) and this one "
            f"({pounds(Decimal(str(change)), signed=True)})"
        )
        return ValueHistory(
            contract.lifetime_value,
            cumulative,
            basis + _unused(p, contract.lifetime_value, cumulative),
        )
    original = Decimal(str(p.fact(*ORIGINAL)))
    cumulative = Decimal(str(p.fact(*CUMULATIVE)))
    return ValueHistory(
        original,
        cumulative,
        "the facts existing_lifetime_value and cumulative_change: no record of the contract "
        "is known",
    )


def _unused(p: Proposal, original: Decimal, cumulative: Decimal) -> str:
    """Words naming any fact given that the contract's record makes redundant and that
    disagrees with it (the record wins)."""
    out = ""
    for name, recorded in ((ORIGINAL[0], original), (CUMULATIVE[0], cumulative)):
        given = p.facts.get(name)
        if given is not None and Decimal(str(given)) != recorded:
            out += (
                f"; the {name} given ({pounds(Decimal(str(given)))}) is not used, the "
                "contract's record being known"
            )
    return out


def existing_contract_value(p: Proposal) -> tuple[Decimal, str]:
    """Reg 6(10)(b): the existing contract's lifetime value when it was entered into (its
    modifications since do not count), from the state where ``existing_contract`` names a
    known contract, otherwise the fact."""
    contract = known_contract(p, "existing_contract")
    if contract is not None:
        return contract.lifetime_value, f"contract {contract.contract_id} as entered into"
    value = Decimal(str(p.fact(*ORIGINAL)))
    return value, "the fact existing_lifetime_value: no record of the existing contract is known"
