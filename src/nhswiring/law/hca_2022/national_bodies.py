"""The 2022 Act's reshaping of the national bodies: Monitor and the TDA abolished and folded
into NHS England (ss.33, 36); bodies emptied by Part 3 transfers abolished (s.103)."""

from __future__ import annotations

from nhswiring.law.common import FROM_HCA, REGULATORS_2012, K, found, must, names
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, rule
from nhswiring.law.hca_2022.transfers import S102_BODIES
from nhswiring.law.instruments import HCA_2022, schedule, section
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect


@rule(
    "hca_2022.ss33_36.regulators_into_nhse",
    sources=(
        section(HCA_2022, "33"),
        schedule(HCA_2022, "5"),
        section(HCA_2022, "36"),
        section(HCA_2022, "38"),
    ),
    actions={"merge", "dissolve"},
    effect=Effect.PERMITS,
    citation="Health and Care Act 2022 s.33 and Sch 5 (Monitor), s.36 (NHS TDA), s.38 "
    "(transfer schemes); commenced 1 July 2022 by SI 2022/734",
    in_force=FROM_HCA,
    summary="The 2022 Act abolishes Monitor and the NHS Trust Development Authority and "
    "transfers their functions to NHS England: the merger is made by the Act itself.",
)
def regulators_into_nhse(p: Proposal) -> Finding | None:
    if p.actor not in {"SOS", "NHSE"}:
        return None
    if p.action == "merge":
        kinds = set(p.kinds(p.codes("bodies")))
        if (
            p.arg("into") != "NHSE"
            or not (kinds & REGULATORS_2012)
            or not kinds <= {K.NHS_ENGLAND, *REGULATORS_2012}
        ):
            return None
    elif p.kind(str(p.arg("body"))) not in REGULATORS_2012:
        return None
    return found(
        "Monitor and the NHS TDA are abolished and their functions pass to NHS England "
        "under the 2022 Act.",
        must(
            "Transfer property, rights, liabilities and staff by transfer scheme",
            "Health and Care Act 2022 s.38",
            on="SOS",
        ),
        must(
            "Minimise and manage conflicts between NHS England's regulatory and other functions",
            "NHS Act 2006 s.13SB (HCA 2022 s.34)",
            on="NHSE",
        ),
    )


@rule(
    "hca_2022.s103.abolish_emptied_body",
    actions={"dissolve"},
    effect=Effect.PERMITS,
    citation="Health and Care Act 2022 s.103 and s.105 (regulations may abolish a body all of "
    "whose functions are transferred)",
    in_force=FROM_HCA,
    summary="Regulations transferring all of a listed body's functions may abolish it (as SI "
    "2023/98 did for NHS Digital and SI 2023/368 for Health Education England).",
)
def abolish_emptied_body(p: Proposal) -> Finding | None:
    body = str(p.arg("body"))
    if p.actor != "SOS" or p.kind(body) not in S102_BODIES or p.kind(body) is K.NHS_ENGLAND:
        return None
    return found(
        f"{names(p, [body])} may be abolished by the regulations that transfer its functions "
        "(their conditions: hca_2022.s103.regulation_conditions)."
    )


@rule(
    "hca_2022.s103.nhse_cannot_be_emptied",
    actions={"dissolve"},
    effect=Effect.FORBIDS,
    citation="Health and Care Act 2022 s.103(3)",
    in_force=FROM_HCA,
    summary="Part 3 regulations may not transfer NHS England's functions so as to leave it "
    "redundant, nor abolish it: that needs an Act (as the Health Bill 2026 proposes).",
)
def nhse_cannot_be_emptied(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("body"))) is not K.NHS_ENGLAND:
        return None
    return found("NHS England cannot be abolished under the 2022 Act's transfer powers.")


ALL_ACTIONS = frozenset(
    {
        "merge",
        "establish",
        "dissolve",
        "vary_area",
        "delegate",
        "joint_committee",
        "appoint",
        "transfer_functions",
        "direct",
        "award_contract",
        "modify_contract",
        "set_capital_limit",
        "call_in",
        "set_allocations",
        "set_financial_objectives",
        "set_resource_limits",
        "report_outturn",
        "take_decision",
        "authorise_foundation_trust",
    }
)


@rule(
    "hca_2022.ss33_36.regulators_abolished",
    actions=ALL_ACTIONS,
    effect=Effect.FORBIDS,
    citation="Health and Care Act 2022 ss.33 and 36 (Monitor and the NHS TDA abolished from 1 "
    "July 2022, SI 2022/734)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 Monitor and the TDA no longer exist: nothing can be done by, to or "
    "with them except folding them into NHS England; their functions are NHS England's.",
    overrides=(ALL_PERMISSIONS, "nhs_act_2006.triple_aim"),
)
def regulators_abolished(p: Proposal) -> Finding | None:
    named = {p.actor}
    for value in p.args.values():
        for code in value if isinstance(value, list) else [value]:
            if isinstance(code, str):
                named.add(code)
    gone = sorted(c for c in named if p.kind(c) in REGULATORS_2012)
    if not gone:
        return None
    if (
        p.action in {"merge", "dissolve"}
        and p.actor in {"SOS", "NHSE"}
        and (p.action == "dissolve" or p.arg("into") == "NHSE")
    ):
        return None
    return found(
        f"{names(p, gone)} was abolished by the 2022 Act; its functions are NHS "
        "England's, so act as (or with) NHS England instead."
    )


RULES = (regulators_into_nhse, abolish_emptied_body, nhse_cannot_be_emptied, regulators_abolished)
