"""`options2018`: the options reported in December 2018 for NHS Improvement's powers.

Baseline: hsca2012. The options (reported by the HSJ; only the month is known) would have
let the regulator direct NHS providers, foundation trusts included, to collaborate or merge,
and given it control over foundation trusts' board appointments and capital spending.
"""

from __future__ import annotations

from datetime import date

from nhswiring.law.common import HYPOTHETICAL, REGULATORS_2012, TRUSTS, K, found, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.regime import HSCA_2012, Regime
from nhswiring.law.verdict import Effect

SOURCE = (
    "PROPOSAL, never law: options for NHS Improvement's powers reported in December "
    "2018 (HSJ); see docs/research/proposals.md"
)


def _regulator(p: Proposal) -> bool:
    """The options were powers for NHS Improvement: Monitor and the TDA."""
    return p.actor_kind in REGULATORS_2012


@rule(
    "options_2018.direct_providers_to_collaborate_or_merge",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation=SOURCE,
    in_force=HYPOTHETICAL,
    summary="The regulator could direct NHS trusts and foundation trusts to collaborate or merge.",
    overrides=("nhs_act_2006.no_general_direction_of_fts",),
)
def direct_providers(p: Proposal) -> Finding | None:
    to = str(p.arg("to"))
    if (
        not _regulator(p)
        or p.kind(to) not in TRUSTS
        or p.arg("subject") not in {"merge", "collaborate"}
    ):
        return None
    return found(
        f"Under the 2018 options the regulator could direct {names(p, [to])} to {p.arg('subject')}."
    )


@rule(
    "options_2018.ft_board_appointments",
    actions={"appoint", "direct"},
    effect=Effect.PERMITS,
    citation=SOURCE,
    in_force=HYPOTHETICAL,
    summary="The regulator would have controlled foundation trusts' board appointments.",
    overrides=("nhs_act_2006.no_general_direction_of_fts",),
)
def ft_board_appointments(p: Proposal) -> Finding | None:
    if not _regulator(p):
        return None
    if p.action == "appoint":
        if not any(p.kind(b) is K.FOUNDATION_TRUST for b in p.codes("bodies")):
            return None
    elif (
        p.kind(str(p.arg("to"))) is not K.FOUNDATION_TRUST
        or p.arg("subject") != "board_appointment"
    ):
        return None
    return found("Under the 2018 options the regulator would control FT board appointments.")


@rule(
    "options_2018.ft_capital",
    actions={"set_capital_limit", "direct"},
    effect=Effect.PERMITS,
    citation=SOURCE,
    in_force=HYPOTHETICAL,
    summary="The regulator would have controlled foundation trusts' capital spending.",
    overrides=(
        "nhs_act_2006.no_ft_capital_limits_before_2022",
        "nhs_act_2006.no_general_direction_of_fts",
    ),
)
def ft_capital(p: Proposal) -> Finding | None:
    if not _regulator(p):
        return None
    target = p.arg("trust") if p.action == "set_capital_limit" else p.arg("to")
    if p.kind(str(target)) is not K.FOUNDATION_TRUST:
        return None
    if p.action == "direct" and p.arg("subject") != "capital":
        return None
    return found("Under the 2018 options the regulator would control FT capital spending.")


def build(known: dict[str, Regime]) -> Regime:
    return known[HSCA_2012].amended(
        "options2018",
        "December 2018 options for regulator powers",
        "The options reported in December 2018: regulator powers to direct providers, "
        "foundation trusts included, to collaborate or merge; control of foundation trust board "
        "appointments and capital. Baseline hsca2012. Never law.",
        published=date(2018, 12, 1),
        add=(direct_providers, ft_board_appointments, ft_capital),
        amendments=(
            "regulator may direct trusts and FTs to collaborate or merge",
            "regulator controls FT board appointments",
            "regulator controls FT capital",
        ),
    )
