"""Transfers of functions between arm's-length bodies (Health and Care Act 2022 Part 3).

From 1 July 2022 the Secretary of State may by regulations (approved by both Houses) move a
function of one "relevant body" to another: Health Education England, the Health and Social
Care Information Centre (NHS Digital), the Health Research Authority, the HFEA, the Human
Tissue Authority and NHS England (s.102). Before, there was no such power: transfers between
these bodies needed an Act.
"""

from __future__ import annotations

from nhswiring.law.common import BEFORE_HCA, FROM_HCA, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import HSCA_2012, NHS_ACT_2006, whole
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
        f"{names(p, [source])} to {names(p, [target])} by regulations.",
        must(
            "Be satisfied the transfer improves the exercise of public functions (efficiency, "
            "effectiveness, economy, accountability)",
            "Health and Care Act 2022 s.103(2)",
        ),
        must(
            "Consult the bodies concerned, and obtain devolved consent where the regulations "
            "are within devolved competence",
            "Health and Care Act 2022 s.108",
        ),
        must(
            "Lay the draft regulations for approval by each House (affirmative procedure)",
            "Health and Care Act 2022 s.183(4)(c)",
        ),
        *(
            (
                must(
                    "The transfer must not leave NHS England redundant",
                    "Health and Care Act 2022 s.103(3)",
                ),
            )
            if source == "NHSE"
            else ()
        ),
    )


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


RULES = (transfer_functions, only_listed_bodies, no_transfer_power)
