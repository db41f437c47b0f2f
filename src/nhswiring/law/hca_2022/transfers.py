"""Transfers of functions between arm's-length bodies (Health and Care Act 2022 Part 3).

From 1 July 2022 the Secretary of State may by regulations (approved by both Houses) move a
function of one "relevant body" to another: Health Education England, the Health and Social
Care Information Centre (NHS Digital), the Health Research Authority, the HFEA, the Human
Tissue Authority and NHS England (s.102). Before, there was no such power: transfers between
these bodies needed an Act.
"""

from __future__ import annotations

from nhswiring.law.common import BEFORE_HCA, FROM_HCA, K, found, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import HCA_2022, HSCA_2012, NHS_ACT_2006, section, whole
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

#: Health and Care Act 2022 s.102: the bodies whose functions s.103 regulations may move.
S102_BODIES = frozenset({K.HEALTH_EDUCATION_ENGLAND, K.NHS_DIGITAL, K.NHS_ENGLAND})


@rule(
    "hca_2022.s103.transfer_functions",
    actions={"transfer_functions"},
    effect=Effect.PERMITS,
    citation="Health and Care Act 2022 ss.102-103, 105-108, 183(4)(c)",
    in_force=FROM_HCA,
    summary="The Secretary of State may by regulations transfer functions between the bodies "
    "s.102 lists (NHS England, HEE, NHS Digital, HRA, HFEA, HTA), if satisfied it improves the "
    "exercise of public functions, and may abolish a body left with none.",
)
def transfer_functions(p: Proposal) -> Finding | None:
    source, target = str(p.arg("from")), str(p.arg("to"))
    if p.actor != "SOS" or p.kind(source) not in S102_BODIES or p.kind(target) not in S102_BODIES:
        return None
    return found(
        f"The Secretary of State may transfer {', '.join(p.codes('functions'))} from "
        f"{names(p, [source])} to {names(p, [target])} by regulations (their conditions: "
        "hca_2022.s103.regulation_conditions)."
    )


IMPROVES = Condition(
    "transfer_improves_public_functions",
    "Does the Secretary of State consider that the regulations serve the purpose of improving "
    "the exercise of public functions, having regard to efficiency, effectiveness, economy and "
    "accountability to Ministers (Health and Care Act 2022 s.103(2))?",
    "the Secretary of State considers the regulations improve the exercise of public functions",
    "the Secretary of State does not consider that the regulations improve the exercise of "
    "public functions, so they may not be made (Health and Care Act 2022 s.103(2))",
)
CONSULTED = Condition(
    "transfer_consultation_done",
    "Before making the regulations, did the Secretary of State consult each body they relate "
    "to (and others considered appropriate) on a draft, and obtain any devolved consent "
    "required (Health and Care Act 2022 s.108)?",
    "the Secretary of State consulted on a draft (and obtained any devolved consent needed)",
    "the Secretary of State did not consult on a draft of the regulations (or lacks a devolved "
    "consent), which must come first (Health and Care Act 2022 s.108)",
)
DRAFT_APPROVED = Condition(
    "draft_regulations_approved",
    "Was a draft of the regulations laid before and approved by a resolution of each House of "
    "Parliament (Health and Care Act 2022 s.183(4)(c))?",
    "each House approved a draft of the regulations",
    "no draft of the regulations was approved by each House, so they may not be made (Health "
    "and Care Act 2022 s.183(4)(c))",
)
NHSE_NOT_REDUNDANT = Condition(
    "nhse_not_made_redundant",
    "Does the Secretary of State consider that the transfer leaves NHS England with a role, "
    "not redundant (Health and Care Act 2022 s.103(3))?",
    "the transfer does not make NHS England redundant",
    "the Secretary of State considers the transfer would make NHS England redundant, which "
    "regulations may not do (Health and Care Act 2022 s.103(3))",
)
REDUNDANT = Condition(
    "body_redundant_after_transfer",
    "Does the Secretary of State consider the body redundant as a result of the regulations' "
    "transfer of its functions (Health and Care Act 2022 s.103(4)(c))?",
    "the Secretary of State considers the body redundant after the transfer of its functions",
    "the body is not redundant after the transfer of its functions, so the regulations may not "
    "abolish it (Health and Care Act 2022 s.103(4)(c))",
)


@precondition(
    "hca_2022.s103.regulation_conditions",
    actions={"transfer_functions", "dissolve"},
    citation="Health and Care Act 2022 s.103(2)-(4) (regulations only if they improve the "
    "exercise of public functions; not making NHS England redundant; abolishing a body only "
    "where redundant), s.108 (consultation and devolved consent first) and s.183(4)(c) (draft "
    "approved by each House)",
    in_force=FROM_HCA,
    summary="Regulations transferring functions between the listed bodies (or abolishing an "
    "emptied one) may be made only if the Secretary of State considers they improve the "
    "exercise of public functions, after consulting on a draft, with a draft approved by each "
    "House; not so as to make NHS England redundant; and abolishing only a body made redundant.",
    sources=(section(HCA_2022, "103"), section(HCA_2022, "108"), section(HCA_2022, "183")),
)
def regulation_conditions(p: Proposal) -> list[Condition] | None:
    if p.actor != "SOS":
        return None
    if p.action == "dissolve":
        body = str(p.arg("body"))
        if p.kind(body) not in S102_BODIES or p.kind(body) is K.NHS_ENGLAND:
            return None
        return [REDUNDANT, IMPROVES, CONSULTED, DRAFT_APPROVED]
    source, target = str(p.arg("from")), str(p.arg("to"))
    if p.kind(source) not in S102_BODIES or p.kind(target) not in S102_BODIES:
        return None
    found = [IMPROVES, CONSULTED, DRAFT_APPROVED]
    if p.kind(source) is K.NHS_ENGLAND:
        found.append(NHSE_NOT_REDUNDANT)
    return found


@rule(
    "hca_2022.s102.only_listed_bodies",
    actions={"transfer_functions"},
    effect=Effect.FORBIDS,
    citation="Health and Care Act 2022 s.102 (the relevant bodies)",
    in_force=FROM_HCA,
    summary="Part 3 reaches only the bodies s.102 lists; functions of the CQC, NICE, ICBs or "
    "trusts cannot be moved by regulations under it.",
)
def only_listed_bodies(p: Proposal) -> Finding | None:
    outside = [c for c in (str(p.arg("from")), str(p.arg("to"))) if p.kind(c) not in S102_BODIES]
    if not outside:
        return None
    return found(f"{names(p, outside)} is not a relevant body under s.102.")


@rule(
    "hsca_2012.no_transfer_power",
    sources=(whole(NHS_ACT_2006), whole(HSCA_2012)),
    actions={"transfer_functions"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 and HSCA 2012 as they stood to 30 June 2022 (functions of NHS "
    "England, Monitor, HEE and NHS Digital fixed by statute; no transfer power)",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 no power let the Secretary of State move statutory functions "
    "between NHS arm's-length bodies; it needed an Act of Parliament.",
)
def no_transfer_power(p: Proposal) -> Finding | None:
    return found(
        "The functions were conferred on each body by statute and no order-making "
        "power let the Secretary of State move them between bodies."
    )


RULES = (transfer_functions, regulation_conditions, only_listed_bodies, no_transfer_power)
