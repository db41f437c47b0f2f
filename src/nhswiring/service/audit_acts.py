"""The legal acts the audit recognises, one builder each: what a day's events mean in law.

`service/audit_changes.py` decides which events of a day belong together; the builders here
say what those events are as an act (the action the engine judges, its arguments, its actor
and the facts its instrument establishes) or why they are not a legal act at all. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import NHS_ENGLAND_UNITS, NON_STATUTORY, BodyKind
from nhswiring.domain.time import REGISTER_START
from nhswiring.law.regimes import HCA_2022_START
from nhswiring.reference.price_publications import CHANGES as PRICE_CHANGES
from nhswiring.reference.price_publications import read_details
from nhswiring.reference.trust_endings import TrustEnding, trust_endings

K = BodyKind
TRUSTS = frozenset({K.NHS_TRUST, K.FOUNDATION_TRUST})


#: The kinds of body whose making and ending the audit judges as acts under NHS law.
JUDGED_KINDS = frozenset({K.CCG, K.ICB, K.ICP, K.NHS_TRUST, K.FOUNDATION_TRUST})
#: National bodies the register records as abolished by an Act (or regulations under one).
ABOLISHED_BY_ACT = frozenset({K.MONITOR, K.TDA, K.CMA, K.NHS_DIGITAL, K.HEALTH_EDUCATION_ENGLAND})

#: A restructuring the register records as granted by the regulator was granted on an
#: application the Act allowed: the governors' approval (ss.56(1A), 56A(2), 57A(2)), the
#: Secretary of State's support (to 30 June 2022) or approval (from 1 July 2022), and the
#: regulator satisfied of the preparatory steps (and, for a dissolution before 1 July 2022, of
#: no liabilities). Facts a rule of the day does not read are ignored.
GRANTED: dict[str, Any] = {
    "application_made": True,
    "ft_governors_majority_approved": True,
    "sos_supported_transaction": True,
    "sos_approved_transaction": True,
    "transaction_steps_taken": True,
    "dissolution_steps_taken": True,
    "no_liabilities": True,
}
#: An NHS trust order the register records was made on a ground the Act allows (Sch 4 para
#: 28(2)), after its prescribed consultation (s.25(3), Sch 4 para 28(3)) and, if NHS England's,
#: with the Secretary of State's approval (Sch 4 para 28(1A)).
ORDERED: dict[str, Any] = {
    "nhs_trust_order_consultation_completed": True,
    "nhs_trust_dissolution_consultation_completed": True,
    "sos_approved_dissolution_order": True,
    "nhs_trust_dissolution_ground": True,
}

#: A body the register records abolished by regulations (NHS Digital by SI 2023/98, Health
#: Education England by SI 2023/368) was abolished by regulations made as Health and Care Act
#: 2022 Part 3 allows: the body redundant, the exercise of public functions improved, a draft
#: consulted on and approved by each House (ss.103, 108, 183(4)(c)).
ABOLISHED: dict[str, Any] = {
    "body_redundant_after_transfer": True,
    "transfer_improves_public_functions": True,
    "transfer_consultation_done": True,
    "draft_regulations_approved": True,
}


def _recorded(kind: BodyKind | None) -> dict[str, Any]:
    """The conditions an establishment, merger or dissolution the register records met: a
    CCG's application (NHS Act 2006 ss.14B-14H), NHS England's consultation of the ICBs
    affected (s.14Z25), an NHS trust order's consultation (s.25(3), Sch 4 para 28)."""
    if kind is K.CCG:
        return {"application_made": True, "ccg_application_satisfies_s14C": True}
    if kind is K.ICB:
        return {"affected_icbs_consulted": True}
    if kind is K.NHS_TRUST:
        return ORDERED
    return {}


def _unmapped(kind: BodyKind | None) -> str:
    name = kind.value.replace("_", " ") if kind else "unknown kind"
    return f"the audit maps no legal act to making or ending a body of this kind ({name})"


@dataclass(frozen=True, slots=True)
class Happening:
    """One recorded event: when it took effect, who the record attributes it to, and what."""

    effective: date
    actor: str
    event: ev.Event
    kind: BodyKind | None = None  # the kind of the body it is about, where known
    #: the verdict a user action was recorded with (``check --record``): judged when taken
    recorded: Mapping[str, Any] | None = None
    seq: int | None = None  # the ledger entry, when read from a ledger
    #: the kinds of the bodies a dissolution names as successors, as they were that day
    successor_kinds: tuple[BodyKind | None, ...] = ()


@dataclass
class Change:
    """One legal act (or one recorded fact that is not a legal act) on one day."""

    day: date
    actor: str
    change: str  # the audit's word for it: merger, acquisition, establishment, ...
    subjects: tuple[str, ...]
    kind: BodyKind | None = None  # the kind of body it is about (for the instrument)
    action: str | None = None  # the engine's action; None: no legal act to judge
    args: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    #: why there is no legal act to judge, or (with ``missing``) why the audit cannot judge it
    reason: str = ""
    missing: tuple[str, str] | None = None  # (fact, question) the sources do not give
    function: str | None = None  # for delegations
    members: list[int] = field(default_factory=list)  # indexes of the happenings it covers
    #: where it is judged, when that is before its own first event: an ICB split between two
    #: new ICBs is a predecessor of both, though its dissolution is recorded with one of them
    anchor: int | None = None

    @property
    def first(self) -> int:
        own = min(self.members)
        return own if self.anchor is None else min(own, self.anchor)


def regulator(day: date) -> str:
    """Who decides foundation trust applications on ``day``: Monitor, then NHS England."""
    return "MONITOR" if day < HCA_2022_START else "NHSE"


BEFORE = "before the register begins (1 April 2013): the law this model judges by starts then"


def successors_of(e: ev.Event) -> tuple[str, ...]:
    return e.successors if isinstance(e, ev.BodyDissolved) else ()


def noted(day: date, h: Happening, change: str, reason: str, subjects: tuple[str, ...]) -> Change:
    return Change(day, h.actor, change, subjects, h.kind, reason=reason)


def _not_legal_kind(kind: BodyKind) -> str | None:
    """Why bodies of ``kind`` are not made or ended by a legal act, if they are not."""
    if kind in NON_STATUTORY:
        return (
            "a non-statutory partnership: formed by agreement of its members, not by any "
            "legal act, and it holds no functions"
        )
    if kind in NHS_ENGLAND_UNITS:
        return "a unit of NHS England: an internal arrangement of NHS England, not a body"
    if kind is K.REGION:
        return "one of NHS England's regional teams: NHS England's internal organisation"
    if kind is K.SUB_ICB_LOCATION:
        return (
            "a sub-ICB location: a place NHS England's records use for part of an ICB's area, "
            "not a body made by any instrument"
        )
    if kind is K.LOCAL_AUTHORITY:
        return (
            "local government is reorganised under local government law (structural and "
            "boundary change orders), outside the NHS law this model judges"
        )
    return None


def establishment(
    day: date,
    h: Happening,
    e: ev.BodyEstablished,
    merged: list[str],
    own_areas: list[int],
    hs: Sequence[Happening],
) -> Change:
    subjects = (e.code, *merged)
    not_legal = _not_legal_kind(e.kind)
    if not_legal:
        return noted(day, h, "formation", not_legal, subjects)
    if day <= REGISTER_START and e.kind is not K.CCG:
        return noted(
            day,
            h,
            "in existence",
            "in existence when the register begins (1 April 2013): established before the "
            "period this model judges",
            subjects,
        )
    if h.actor == "REGISTER":
        return noted(
            day,
            h,
            "establishment by Act",
            "established by an Act of Parliament, not by a decision of a body in the model",
            subjects,
        )
    if e.kind not in JUDGED_KINDS:
        return noted(day, h, "formation", _unmapped(e.kind), subjects)
    area = sorted(
        a.area for a in (hs[m].event for m in own_areas) if isinstance(a, ev.AreaAssigned)
    )
    if e.kind is K.ICP:
        return Change(
            day,
            h.actor,
            "establishment",
            subjects,
            e.kind,
            "establish",
            {"code": e.code, "kind": e.kind.value, "name": e.name, "parent": e.parent},
        )
    if len(merged) >= 2 or (merged and e.kind in TRUSTS and e.predecessors == tuple(merged)):
        return _merger(day, h, e, merged, subjects)
    if e.predecessors and e.kind in TRUSTS:
        absent = [p for p in e.predecessors if p not in merged]
        return Change(
            day,
            h.actor,
            "merger",
            subjects,
            e.kind,
            reason=f"formed from {', '.join(e.predecessors)}, of which the register does not "
            f"hold {', '.join(absent)} as dissolved that day, so the act cannot be judged whole",
            missing=(
                "predecessors_in_register",
                f"Which bodies merged to form {e.code}, and did each apply (the register "
                f"holds only {', '.join(merged) or 'none'})?",
            ),
        )
    if e.kind is K.FOUNDATION_TRUST:
        return Change(
            day,
            h.actor,
            "establishment",
            subjects,
            e.kind,
            reason="an NHS foundation trust comes into being only by authorisation of an NHS "
            "trust or by a merger; the register records neither for this body",
            missing=(
                "how_formed",
                f"Was {e.code} authorised from an NHS trust, or formed by a merger, and of "
                "which bodies?",
            ),
        )
    facts = _recorded(e.kind)
    args: dict[str, Any] = {
        "code": e.code,
        "kind": e.kind.value,
        "name": e.name,
        "parent": e.parent,
    }
    if area:
        args["area"] = area
    return Change(day, h.actor, "establishment", subjects, e.kind, "establish", args, facts)


def _merger(
    day: date, h: Happening, e: ev.BodyEstablished, merged: list[str], subjects: tuple[str, ...]
) -> Change:
    args = {"bodies": merged, "into": e.code, "name": e.name, "kind": e.kind.value}
    if e.kind in TRUSTS:
        if len(merged) < 2:
            return Change(
                day,
                h.actor,
                "merger",
                subjects,
                e.kind,
                reason=f"{e.code} replaced only {merged[0]}: a change of body with one "
                "predecessor the register cannot match to a merger",
                missing=(
                    "predecessors_in_register",
                    f"Which other bodies merged to form {e.code}?",
                ),
            )
        actor = regulator(day) if e.kind is K.FOUNDATION_TRUST else "SOS"
        facts = GRANTED if actor != "SOS" else ORDERED
        return Change(day, actor, "merger", subjects, e.kind, "merge", args, facts)
    facts = _recorded(e.kind)
    return Change(day, h.actor, "merger", subjects, e.kind, "merge", args, facts)


def dissolution(day: date, h: Happening, established: Mapping[str, int]) -> Change:
    e = h.event
    assert isinstance(e, ev.BodyDissolved)
    subjects = (e.code, *e.successors)
    kind = h.kind
    not_legal = _not_legal_kind(kind) if kind else None
    if not_legal:
        return noted(day, h, "ending", not_legal, subjects)
    if kind is K.ICP:
        return noted(
            day,
            h,
            "ending",
            "an integrated care partnership is a joint committee of its ICB and local "
            "authorities: it ends with the ICB whose area it serves",
            subjects,
        )
    if h.actor == "REGISTER":
        return noted(
            day, h, "ending", "an administrative fact no body in the model decided", subjects
        )
    args: dict[str, Any] = {"body": e.code, "successors": list(e.successors)}
    if (kind is K.CCG and day == HCA_2022_START) or kind in ABOLISHED_BY_ACT:
        return Change(day, "SOS", "abolition by Act", subjects, kind, "dissolve", args, ABOLISHED)
    if kind not in JUDGED_KINDS:
        return noted(day, h, "ending", _unmapped(kind), subjects)
    ending = trust_endings().get(e.code) if kind in TRUSTS else None
    if ending is not None and ending.day == day:
        return _trust_ending(day, e, kind, subjects, ending)
    existing = [s for s in e.successors if s not in established]
    if kind in TRUSTS and len(existing) == 1 and len(e.successors) == 1:
        into = existing[0]
        involved = {kind, *h.successor_kinds}
        actor = regulator(day) if K.FOUNDATION_TRUST in involved else "SOS"
        facts = GRANTED if actor != "SOS" else ORDERED
        return Change(
            day,
            actor,
            "acquisition" if actor != "SOS" else "transfer",
            subjects,
            kind,
            "merge",
            {"bodies": [e.code, into], "into": into},
            facts,
        )
    facts = _recorded(kind)
    return Change(day, h.actor, "dissolution", subjects, kind, "dissolve", args, facts)


#: The audit's word for a foundation trust dissolved by the regulator's order at the end of its
#: trust special administration (NHS Act 2006 s.65LA).
AFTER_SPECIAL_ADMINISTRATION = "dissolution after special administration"


def _trust_ending(
    day: date,
    e: ev.BodyDissolved,
    kind: BodyKind | None,
    subjects: tuple[str, ...],
    ending: TrustEnding,
) -> Change:
    """A trust ending the register's successors alone do not explain (``trust_endings.csv``)."""
    actor = regulator(day)
    if ending.route == "acquisition" and ending.by is not None:
        return Change(
            day,
            actor,
            "acquisition",
            subjects,
            kind,
            "merge",
            {"bodies": [e.code, ending.by], "into": ending.by},
            GRANTED,
        )
    # The order itself is the regulator's s.65LA order; the Secretary of State's satisfaction
    # with the recommendation to dissolve is recorded with its day where the sources give it.
    facts = {"sos_decided_tsa_dissolution": True} if ending.sos_decision is not None else {}
    return Change(
        day,
        actor,
        AFTER_SPECIAL_ADMINISTRATION,
        subjects,
        kind,
        "dissolve_after_special_administration",
        {"trust": e.code, "successors": list(e.successors)},
        facts,
    )


def single(day: date, h: Happening) -> Change:
    e = h.event
    if isinstance(e, ev.BodyKindChanged) and e.kind is K.FOUNDATION_TRUST:
        return Change(
            day,
            h.actor,
            "foundation trust authorisation",
            (e.code,),
            K.FOUNDATION_TRUST,
            "authorise_foundation_trust",
            {"trust": e.code},
            # Monitor (NHS England) enters an authorisation in its register (s.39) only on an
            # application the Act allowed: supported by the Secretary of State to 30 June 2022
            # (s.33(1)), the authorisation approved by the Secretary of State after (s.35(1)).
            {"application_made": True, "ft_authorisation_matters_satisfied": True}
            | (
                {"sos_supported_application": True}
                if day < HCA_2022_START
                else {"sos_approved_authorisation": True}
            ),
        )
    if isinstance(e, ev.DelegationMade):
        args: dict[str, Any] = {"function": e.function, "from": e.delegator, "to": e.delegate}
        if e.until is not None:
            args["until"] = e.until
        change = Change(
            day, h.actor, "delegation", (e.delegator, e.delegate), h.kind, "delegate", args
        )
        change.function = e.function
        return change
    subjects = e.subjects
    if isinstance(e, ev.DecisionRecorded) and (recorded := read_details(e)) is not None:
        # A national tariff or payment scheme from price_publications.csv: judged by the law of
        # its date with the facts its sources establish.
        args, facts = recorded
        return Change(
            day, e.actor, PRICE_CHANGES[e.action], subjects, h.kind, e.action, args, facts
        )
    if isinstance(e, ev.MergerControlDecided):
        binds = f"; binding under {e.binding}" if e.binding else ""
        return noted(
            day,
            h,
            "merger-control decision",
            f"a decision of the {e.authority_name} ({e.outcome.value.replace('_', ' ')}, "
            f"phase {e.phase}{binds}), recorded as a fact that later acts are judged against "
            f"(Enterprise Act 2002 Part 3); source: {e.source_title}, {e.source_url}",
            subjects,
        )
    if isinstance(e, ev.BodyRenamed | ev.BodyReparented):
        return noted(
            day,
            h,
            "record",
            "a change of name or of place in NHS England's regional structure: recorded, "
            "not a separate legal act",
            subjects,
        )
    return noted(
        day,
        h,
        "record",
        f"a {e.TYPE} entry: the audit maps no legal act to this kind of record",
        subjects,
    )


def variation(day: date, body: str, actor: str, hs: Sequence[Happening]) -> Change:
    added = {h.event.area for h in hs if isinstance(h.event, ev.AreaAssigned)}
    add = sorted(added)
    # An area removed and assigned again the same day changes from part to whole: it stays.
    remove = sorted({h.event.area for h in hs if isinstance(h.event, ev.AreaRemoved)} - added)
    kind = hs[0].kind
    subjects = (body,)
    if kind is K.ICB and actor == "NHSE":
        return Change(
            day,
            actor,
            "area variation",
            subjects,
            kind,
            "vary_area",
            {"body": body, "add": add, "remove": remove},
            _recorded(kind),
        )
    if kind is K.CCG:
        return noted(
            day,
            hs[0],
            "area record",
            "the local authorities a CCG's area overlaps are read from ONS lookups, which "
            "describe the area; the register holds no variation of a CCG's constitution",
            subjects,
        )
    why = _not_legal_kind(kind) if kind else None
    return noted(
        day,
        hs[0],
        "area record",
        why or "a change in the areas recorded for the body: not a separate legal act",
        subjects,
    )
