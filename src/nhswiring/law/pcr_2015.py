"""The Public Contracts Regulations 2015 light-touch regime for health services (regs 74-76).

From 18 April 2016 until 31 December 2023, health care contracts at or above the light-touch
threshold in force when the procurement began had to be advertised (a contract notice or prior
information notice, reg 75(1)), unless the negotiated procedure without prior publication could
have been used (reg 75(2), e.g. only one capable provider, reg 32(2)(b)); an award notice
followed (reg 75(3)-(4)).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nhswiring.domain.time import Interval
from nhswiring.law.common import PSR_START, TRUSTS, K, found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.parameters import LTR_FOR_HEALTH, PCR_START
from nhswiring.law.proposal import NeedsFact, Proposal
from nhswiring.law.psr_2023.lifetime import claimed_grounds
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_days

#: NHS England and CCGs came under the light-touch regime for health services only from
#: LTR_FOR_HEALTH (PCR reg 118); other contracting authorities from PCR_START.
PERIOD = Interval(PCR_START, PSR_START)
NHS_COMMISSIONERS = {K.NHS_ENGLAND, K.CCG, K.ICB}
ONLY_CAPABLE = (
    "only_provider_capable",
    "Are the services capable of being provided only by this provider (SI 2013/500 "
    "reg 5; PCR 2015 reg 32(2)(b))?",
)


def _covered(p: Proposal) -> bool:
    """Is the awarding authority within the light-touch regime on the law day?"""
    kind = p.kind(str(p.arg("commissioner")))
    return kind not in NHS_COMMISSIONERS or p.law_day >= LTR_FOR_HEALTH


CITATION = "Public Contracts Regulations 2015 (SI 2015/102)"

#: Light-touch threshold by the date the procurement commenced: (from, threshold, VAT basis).
THRESHOLDS: tuple[tuple[date, Decimal, str], ...] = (
    (PCR_START, Decimal("625050"), "net of VAT"),
    (date(2016, 1, 1), Decimal("589148"), "net of VAT"),
    (date(2018, 1, 1), Decimal("615278"), "net of VAT"),
    (date(2020, 1, 1), Decimal("663540"), "net of VAT"),
    (date(2022, 1, 1), Decimal("663540"), "including VAT (SI 2021/1221)"),
)


def threshold_on(day: date) -> tuple[Decimal, str]:
    """The light-touch threshold for a procurement commenced on ``day`` (PCR reg 5, 6(7))."""
    current = THRESHOLDS[0]
    for row in THRESHOLDS:
        if row[0] <= day:
            current = row
    return current[1], current[2]


def _above(p: Proposal) -> tuple[bool, str]:
    value = Decimal(str(p.arg("lifetime_value")))
    limit, basis = threshold_on(p.law_day)
    return value >= limit, f"£{value:,.0f} against the threshold of £{limit:,.0f} ({basis})"


def _quarter_end(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    first_next = date(day.year + (month == 12), (month % 12) + 1, 1)
    return date.fromordinal(first_next.toordinal() - 1)


@rule(
    "pcr_2015.reg75.advertise_above_threshold",
    actions={"award_contract"},
    effect=Effect.REQUIRES,
    citation=f"{CITATION} regs 74-76 (light-touch regime)",
    in_force=PERIOD,
    summary="At or above the threshold, a health services contract must be advertised (contract "
    "notice or prior information notice) and its award published.",
)
def advertise_above_threshold(p: Proposal) -> Finding | None:
    above, detail = _above(p)
    if not above or p.arg("process") != "competitive" or not _covered(p):
        return None
    due = date.fromordinal(_quarter_end(p.day).toordinal() + 30)
    return found(
        f"The contract is within the light-touch regime: {detail}.",
        must(
            "Call for competition by contract notice or prior information notice",
            f"{CITATION} reg 75(1)",
        ),
        must(
            "Follow the procedure the notice describes; time limits reasonable and proportionate",
            f"{CITATION} reg 76",
        ),
        must(
            "Send the contract award notice (may be grouped quarterly, within 30 days "
            "of the quarter's end)",
            f"{CITATION} reg 75(3)-(4)",
            due=due,
        ),
    )


@rule(
    "pcr_2015.reg75.no_direct_award_above_threshold",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{CITATION} regs 75(1)-(2) and 32(2)(b)",
    in_force=PERIOD,
    summary="At or above the threshold a direct award without a call for competition is allowed "
    "only where the negotiated procedure without prior publication could be used, such as when "
    "only one provider can supply the services.",
    overrides=("ppcc_2013.reg5.single_capable_provider",),
)
def no_direct_award_above_threshold(p: Proposal) -> Finding | None:
    if p.arg("process") != "direct" or not _covered(p):
        return None
    above, detail = _above(p)
    if not above:
        return None
    if p.flag(*ONLY_CAPABLE):
        return None
    return found(
        f"{detail}: a direct award needs one of the reg 32 grounds, which the facts do not give."
    )


@rule(
    "pcr_2015.contracting_authority_award",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{CITATION} regs 2 (contracting authorities), 74-76",
    in_force=Interval(PCR_START, PSR_START),
    summary="NHS trusts, foundation trusts and local authorities, as contracting authorities, "
    "award health services contracts under the Public Contracts Regulations (the 2013 NHS "
    "procurement regulations bound only NHS England and commissioners).",
)
def contracting_authority_award(p: Proposal) -> Finding | None:
    if p.actor != p.arg("commissioner") or p.actor_kind not in TRUSTS | {K.LOCAL_AUTHORITY}:
        return None
    if p.arg("process") not in {"direct", "competitive"}:
        return None  # PSR processes did not exist yet (the PPCC rule says so)
    if p.arg("process") == "direct" and _above(p)[0] and not p.flag(*ONLY_CAPABLE):
        return None  # above the threshold without a reg 32 ground: the reg 75 rule forbids
    return found("The contracting authority may award the contract.")


@rule(
    "pcr_2015.reg75.award_notice_after_direct_award",
    actions={"award_contract"},
    effect=Effect.REQUIRES,
    citation=f"{CITATION} reg 75(3)-(4)",
    in_force=PERIOD,
    summary="A light-touch contract awarded without a call for competition (on a reg 32 ground) "
    "still needs a contract award notice.",
)
def award_notice_after_direct_award(p: Proposal) -> Finding | None:
    if p.arg("process") != "direct" or not _covered(p) or not _above(p)[0]:
        return None
    if not p.has_fact("only_provider_capable") or not p.facts["only_provider_capable"]:
        return None
    due = date.fromordinal(_quarter_end(p.day).toordinal() + 30)
    return found(
        "The award is within the light-touch regime, so it must be published.",
        must(
            "Send the contract award notice (may be grouped quarterly, within 30 days "
            "of the quarter's end)",
            f"{CITATION} reg 75(3)-(4)",
            due=due,
        ),
    )


# --- modifications (reg 72) ---------------------------------------------------------------------


def _initial_value(p: Proposal) -> Decimal:
    contract = p.state.contract(str(p.arg("contract")))
    if contract is not None and not p.has_fact("existing_lifetime_value"):
        return contract.lifetime_value
    return Decimal(
        str(p.fact("existing_lifetime_value", "What was the contract's value when it was awarded?"))
    )


def _modifier(p: Proposal) -> bool:
    contract = p.state.contract(str(p.arg("contract")))
    return contract is None or contract.commissioner == p.actor


@rule(
    "pcr_2015.reg72.permitted_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{CITATION} reg 72(1)(a), (c), (d), (e), (5) and (8)",
    in_force=PERIOD,
    summary="A public contract may be modified without a new procurement where the change was "
    "clearly provided for, is needed by unforeseeable circumstances (up to 50% of the original "
    "value), follows a succession of the contractor, is de minimis (below the threshold and "
    "10% of the value) or is not substantial.",
)
def permitted_modification(p: Proposal) -> Finding | None:
    if not _modifier(p):
        return None
    return _first_permitting_ground(p)


def _ground_permits(p: Proposal, ground: str) -> Finding | None:
    """Whether reg 72 permits the change on this one ground (None: not on this ground)."""
    change = Decimal(str(p.arg("lifetime_value_change")))
    initial = _initial_value(p)
    limit, _basis = threshold_on(p.law_day)
    if ground in ("clearly_provided_for", "change_of_provider"):
        return found(f"The modification is permitted ({ground.replace('_', ' ')}).")
    if ground == "external_factors" and change <= initial / 2:
        return found(
            "An unforeseeable change of at most half the original value is permitted.",
            must(
                "Publish a notice of the modification",
                f"{CITATION} reg 72(3)",
                due=add_days(p.day, 30),
            ),
        )
    if ground == "authority_decision":
        if change < limit and change < initial / 10:
            return found("The change is below the threshold and 10% of the value: de minimis.")
        if not p.flag(*SUBSTANTIAL):
            return found("The modification is not substantial.")
    return None


def _first_permitting_ground(p: Proposal) -> Finding | None:
    """A modification stating several grounds is permitted if one of them holds; a ground that
    needs a fact is asked about only when no other ground settles it."""
    needed: NeedsFact | None = None
    for ground in claimed_grounds(p):
        try:
            finding = _ground_permits(p, ground)
        except NeedsFact as need:
            needed = needed or need
            continue
        if finding is not None:
            return finding
    if needed is not None:
        raise needed
    return None


SUBSTANTIAL = (
    "substantial",
    "Would the modification be substantial (reg 72(8)): changing the contract's economic "
    "balance, extending its scope considerably, or admitting other bidders had it been in the "
    "original procurement?",
)


@rule(
    "pcr_2015.reg72.new_procurement_needed",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{CITATION} reg 72(9)",
    in_force=PERIOD,
    summary="A modification outside reg 72's grounds needs a new procurement.",
)
def new_procurement_needed(p: Proposal) -> Finding | None:
    if not _modifier(p) or _first_permitting_ground(p) is not None:
        return None
    why = {
        "other": "fits none of reg 72's grounds",
        "external_factors": "adds more than 50% of the original value, the most an "
        "unforeseeable change may add",
        "authority_decision": "is substantial, so it is a new award",
        "urgent": "rests on urgency, which reg 72 does not recognise",
        "continuity": "rests on continuity, which reg 72 does not recognise",
    }
    failing = [why[g] for g in claimed_grounds(p) if g in why]
    if not failing:
        return None
    return found(
        "The modification "
        + "; and ".join(failing)
        + ": no ground of reg 72 permits it, so it needs a new procurement."
    )


RULES = (
    advertise_above_threshold,
    no_direct_award_above_threshold,
    contracting_authority_award,
    award_notice_after_direct_award,
    permitted_modification,
    new_procurement_needed,
)
