"""`healthbill2026`: the Health Bill introduced on 14 May 2026 (announced as the NHS
Modernisation Bill), which would abolish NHS England.

Baseline: hca2022. Encoded from what published summaries say; the Bill text was read only in
part, and much is unknown (docs/research/proposals.md lists what). What is encoded: NHS
England abolished, its functions passing to the Secretary of State (and ICBs); the Secretary
of State able to delegate functions to ICBs and to direct ICBs in exercising them (new
ss.5A, 7B).
"""

from __future__ import annotations

from datetime import date

from nhswiring.law.common import HYPOTHETICAL, K, found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.regime import HCA_2022, Regime
from nhswiring.law.verdict import Effect

BILL = "PROPOSAL, not law: Health Bill 2026-27 as introduced in the House of Commons on 14 May 2026"


@rule(
    "health_bill_2026.abolish_nhse",
    actions={"dissolve", "transfer_functions", "merge"},
    effect=Effect.PERMITS,
    citation=f"{BILL}, clause 1 (abolition of NHS England)",
    in_force=HYPOTHETICAL,
    summary="NHS England would be abolished and its functions transferred, mainly to the "
    "Secretary of State, with commissioning moving to ICBs.",
    overrides=("hca_2022.s103.nhse_cannot_be_emptied", "hca_2022.s102.only_listed_bodies"),
)
def abolish_nhse(p: Proposal) -> Finding | None:
    if p.actor != "SOS":
        return None
    if p.action == "dissolve" and p.kind(str(p.arg("body"))) is not K.NHS_ENGLAND:
        return None
    if p.action == "transfer_functions" and (
        p.arg("from") != "NHSE"
        or (p.arg("to") not in {"SOS"} and p.kind(str(p.arg("to"))) is not K.ICB)
    ):
        return None
    if p.action == "merge" and ("NHSE" not in p.codes("bodies") or p.arg("into") != "SOS"):
        return None
    return found(
        "The Bill would abolish NHS England and move its functions to the Secretary of "
        "State and ICBs.",
        must("Commencement regulations and transfer schemes (the Bill's target: March 2027)", BILL),
    )


@rule(
    "health_bill_2026.direct_icbs",
    actions={"direct", "delegate"},
    effect=Effect.PERMITS,
    citation=f"{BILL} (new NHS Act 2006 ss.5A and 7B)",
    in_force=HYPOTHETICAL,
    summary="The Secretary of State could arrange for ICBs to exercise Secretary of State "
    "functions and direct them in doing so.",
    overrides=(
        "nhs_act_2006.no_general_direction_of_commissioners",
        "nhs_act_2006.own_functions_only",
        "nhs_act_2006.delegator_decides",
    ),
)
def direct_icbs(p: Proposal) -> Finding | None:
    if p.actor != "SOS":
        return None
    target = p.arg("to")
    if p.kind(str(target)) is not K.ICB:
        return None
    if p.action == "delegate" and p.arg("from") != "SOS":
        return None  # new s.5A covers the Secretary of State's own functions only
    return found("Under the Bill the Secretary of State could delegate to, and direct, ICBs.")


def build(known: dict[str, Regime]) -> Regime:
    return known[HCA_2022].amended(
        "healthbill2026",
        "Health Bill 2026 (as introduced)",
        "The Health Bill introduced on 14 May 2026, which would abolish NHS England (functions "
        "to the Secretary of State and ICBs), give the Secretary of State powers to delegate to "
        "and direct ICBs, move provider licensing to the Secretary of State, abolish "
        "Healthwatch and merge HSSIB into the CQC. Baseline hca2022. Not law; much of the "
        "detail is not yet known and is not encoded.",
        published=date(2026, 5, 14),
        add=(abolish_nhse, direct_icbs),
        amendments=(
            "NHS England abolished; functions to the Secretary of State and ICBs",
            "Secretary of State may delegate to and direct ICBs (ss.5A, 7B)",
            "not encoded (unknown detail): licensing, Healthwatch, HSSIB, ICB "
            "membership, procurement, triple aim changes",
        ),
    )
