"""Local commissioners: CCGs (2013 to 30 June 2022) and ICBs (from 1 July 2022).

CCGs were established, merged, varied and dissolved by NHS England on application (NHS Act
2006 ss.14B-14H); ICBs are established and changed by NHS England's orders (s.14Z25). Either
way, commissioners' areas must together cover England without overlapping (s.14A(2) for CCGs,
s.14Z25(3)-(4) for ICBs).
"""

from __future__ import annotations

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.time import Interval
from nhswiring.law.common import BEFORE_HCA, FROM_HCA, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import NHS_ACT_2006, section
from nhswiring.law.parameters import ICB_ORDERS as ICB_ORDERS_FROM
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

#: s.14Z25 was brought into force for making ICB establishment orders before 1 July 2022.
ICB_ORDERS = Interval(ICB_ORDERS_FROM)

APPLIED = (
    "application_made",
    "Have the CCGs concerned applied to NHS England for this (NHS Act 2006 ss.14B, 14E, "
    "14G or 14H)?",
)


def _target_kind(p: Proposal) -> BodyKind | None:
    """The kind of commissioner an action is about (CCG or ICB), if any."""
    if p.action == "merge":
        kinds = set(p.kinds(p.codes("bodies")))
        return kinds.pop() if len(kinds) == 1 and kinds <= {K.CCG, K.ICB} else None
    if p.action == "establish":
        try:
            kind = BodyKind(str(p.arg("kind")))
        except ValueError:
            return None
        return kind if kind in {K.CCG, K.ICB} else None
    found_kind = p.kind(p.arg("body"))
    return found_kind if found_kind in {K.CCG, K.ICB} else None


def _overlaps(p: Proposal, kind: BodyKind, area: tuple[str, ...], leaving: set[str]) -> list[str]:
    """Area codes already covered by another commissioner of the same kind that stays."""
    clashes = []
    for unit in area:
        for cover in p.state.covering(unit, p.day):
            other = p.body(cover.body)
            if (
                other is not None
                and other.kind is kind
                and other.code not in leaving
                and cover.whole
            ):
                clashes.append(f"{unit} ({other.code})")
    return clashes


def _uncovered(
    p: Proposal, code: str, units: tuple[str, ...], successors: tuple[str, ...]
) -> list[str]:
    """Units of ``code``'s area that no other commissioner of its kind would cover (named
    successors take over the area, so with successors nothing is left uncovered)."""
    body = p.body(code)
    if body is None or successors:
        return []
    out = []
    for unit in units:
        if _abolished_authority(p, unit):
            continue
        others = [c.body for c in p.state.covering(unit, p.day) if c.body != code]
        if not any((b := p.body(o)) is not None and b.kind is body.kind for o in others):
            out.append(unit)
    return out


def _abolished_authority(p: Proposal, unit: str) -> bool:
    """A local authority's area that is no longer in force (Cumbria from 1 April 2023, say) is
    not a place left uncovered: its territory lies in its successor authorities' areas."""
    lives = p.state.lives(unit)
    return bool(lives) and all(b.kind is K.LOCAL_AUTHORITY for b in lives) and p.body(unit) is None


# --- CCGs, 1 April 2013 to 30 June 2022 ------------------------------------------------------


@rule(
    "nhs_act_2006.s14G.ccg_merger",
    actions={"merge"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14G (inserted by HSCA 2012 s.25)",
    in_force=BEFORE_HCA,
    summary="Two or more CCGs may apply to NHS England to be dissolved and replaced by one new "
    "CCG; NHS England decides the application.",
)
def ccg_merger(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG:
        return None
    bodies = p.codes("bodies")
    if p.actor in bodies:
        return found(
            f"{names(p, bodies)} may apply to NHS England for a merger.",
            must(
                "NHS England must decide the application, granting it if satisfied about the "
                "proposed constitution, area, members and accountable officer",
                "NHS Act 2006 ss.14G, 14C",
                on="NHSE",
            ),
            must(
                "The merged CCG's area must keep CCGs' areas covering England without overlap",
                "NHS Act 2006 s.14A(2)",
                on="NHSE",
            ),
        )
    if p.actor == "NHSE" and p.flag(*APPLIED):
        return found("NHS England grants the CCGs' application to merge.")
    return None


@rule(
    "nhs_act_2006.s14G.ccg_merger_needs_application",
    actions={"merge", "establish", "dissolve", "vary_area"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 ss.14B, 14E, 14G, 14H (inserted by HSCA 2012 s.25)",
    in_force=BEFORE_HCA,
    summary="NHS England could establish, merge, vary or dissolve CCGs only on application "
    "(save varying areas where needed to keep England covered, s.14F(3)(b)).",
    overrides=(
        "nhs_act_2006.s14G.ccg_merger",
        "nhs_act_2006.s14B.ccg_establishment",
        "nhs_act_2006.s14H.ccg_dissolution",
        "nhs_act_2006.s14E.ccg_area",
    ),
)
def ccg_change_needs_application(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG or p.actor != "NHSE":
        return None
    if p.action == "vary_area" and not (
        p.has_fact("application_made") and p.facts["application_made"]
    ):
        if p.flag(
            "needed_for_coverage",
            "Is the variation needed to keep CCGs' areas covering England without "
            "overlap (NHS Act 2006 s.14F(3)(b))?",
        ):
            return None
        return found(
            "Without an application NHS England may vary a CCG's area only where "
            "needed to keep England covered (s.14F(3)(b)), which it is not."
        )
    if p.flag(*APPLIED):
        return None
    return found(
        "NHS England acts on CCGs' applications; without one it has no power to make this change."
    )


@rule(
    "nhs_act_2006.s14B.ccg_establishment",
    actions={"establish"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.14B-14D (inserted by HSCA 2012 s.25)",
    in_force=BEFORE_HCA,
    summary="NHS England establishes a CCG on an application by providers of primary medical "
    "services, if satisfied with its constitution, area, members and accountable officer.",
)
def ccg_establishment(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG or p.actor != "NHSE" or not p.flag(*APPLIED):
        return None
    return found(
        "NHS England establishes the CCG on the application made (if satisfied of the s.14C(2) "
        "matters: nhs_act_2006.s14C.ccg_grant_conditions)."
    )


@rule(
    "nhs_act_2006.s14H.ccg_dissolution",
    actions={"dissolve"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14H (inserted by HSCA 2012 s.25)",
    in_force=BEFORE_HCA,
    summary="NHS England may dissolve a CCG on its application.",
)
def ccg_dissolution(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG:
        return None
    if p.actor == p.arg("body"):
        return found(
            "The CCG may apply to be dissolved.",
            must("NHS England must decide the application", "NHS Act 2006 s.14H", on="NHSE"),
        )
    if p.actor == "NHSE" and p.flag(*APPLIED):
        return found("NHS England dissolves the CCG on its application.")
    return None


@rule(
    "nhs_act_2006.s14E.ccg_area",
    actions={"vary_area"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.14E-14F (inserted by HSCA 2012 s.25)",
    in_force=BEFORE_HCA,
    summary="A CCG's area (part of its constitution) is varied by NHS England on the CCG's "
    "application, or by NHS England alone where needed to keep England covered.",
)
def ccg_area(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG:
        return None
    if p.actor == p.arg("body"):
        return found(
            "The CCG may apply to vary its area.",
            must("NHS England must decide the application", "NHS Act 2006 s.14E", on="NHSE"),
        )
    if p.actor == "NHSE":
        return found("NHS England varies the CCG's area.")
    return None


@rule(
    "nhs_act_2006.s14A.ccg_coverage",
    actions={"dissolve", "vary_area", "establish", "merge"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14A(2) (inserted by HSCA 2012 s.25)",
    in_force=BEFORE_HCA,
    summary="CCGs' areas must together cover the whole of England and must not coincide or "
    "overlap: a change that would leave a place without a CCG, or in two, is not allowed.",
    overrides=(
        "nhs_act_2006.s14G.ccg_merger",
        "nhs_act_2006.s14B.ccg_establishment",
        "nhs_act_2006.s14H.ccg_dissolution",
        "nhs_act_2006.s14E.ccg_area",
    ),
)
def ccg_coverage(p: Proposal) -> Finding | None:
    return _coverage(p, K.CCG, "CCG")


# --- ICBs, from 1 July 2022 ------------------------------------------------------------------


@rule(
    "nhs_act_2006.s14Z25.icb_orders",
    actions={"establish", "merge", "dissolve", "vary_area"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z25 and Sch 1B para 15 (inserted by HCA 2022 s.19 and Sch 2; "
    "s.14Z25 in force for making establishment orders from 9 May 2022, SI 2022/515)",
    in_force=ICB_ORDERS,
    summary="NHS England establishes ICBs by order, each for an area, with its constitution; it "
    "may vary or revoke its orders (merging, splitting or abolishing ICBs). An ICB may ask for "
    "a change; the decision is NHS England's.",
)
def icb_orders(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.ICB:
        return None
    coverage = must(
        "ICB areas must together cover England without coinciding or overlapping",
        "NHS Act 2006 s.14Z25(3)-(4)",
        on="NHSE",
    )
    if p.actor == "NHSE" and p.action != "establish":
        return found(
            f"NHS England may {p.action.replace('_', ' ')} by varying or revoking its orders "
            "under s.14Z25 (after consulting the ICBs affected: "
            "nhs_act_2006.s14Z25.consult_before_variation).",
            must(
                "Make and publish the order, setting out or referring to the ICB's constitution",
                "NHS Act 2006 s.14Z25(5), (8)",
            ),
            coverage,
        )
    if p.actor == "NHSE":
        return found(
            f"NHS England may {p.action.replace('_', ' ')} by order under s.14Z25.",
            must(
                "Make and publish the order, setting out or referring to the ICB's constitution",
                "NHS Act 2006 s.14Z25(5), (8)",
            ),
            coverage,
        )
    involved = {*p.codes("bodies"), p.arg("body")}
    if p.actor in involved:
        return found(
            "The ICB may ask NHS England for the change.",
            must("NHS England must decide and make the order", "NHS Act 2006 s.14Z25", on="NHSE"),
            coverage,
        )
    return None


@rule(
    "nhs_act_2006.s14Z25.icb_coverage",
    actions={"dissolve", "vary_area", "establish", "merge"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14Z25(3)-(4) (inserted by HCA 2022 s.19)",
    in_force=ICB_ORDERS,
    summary="ICBs' areas must not coincide or overlap and must together cover England.",
    overrides=("nhs_act_2006.s14Z25.icb_orders",),
)
def icb_coverage(p: Proposal) -> Finding | None:
    return _coverage(p, K.ICB, "ICB")


def _coverage(p: Proposal, kind: BodyKind, label: str) -> Finding | None:
    if _target_kind(p) is not kind:
        return None
    if p.action == "establish":
        clashes = _overlaps(p, kind, p.codes("area"), set())
        if clashes:
            return found(
                f"The new {label}'s area overlaps existing {label}s: {', '.join(clashes)}."
            )
        return None
    if p.action == "dissolve":
        code = str(p.arg("body"))
        units = tuple(c.area for c in p.state.area_of(code, p.day))
        strangers = [
            s
            for s in p.codes("successors")
            if p.kind(s) not in {kind, None} and not (kind is K.CCG and p.kind(s) is K.ICB)
        ]
        if strangers:
            return found(
                f"{names(p, strangers)} cannot take over a {label}'s area: a "
                f"successor must be a {label}."
            )
        gaps = _uncovered(p, code, units, p.codes("successors"))
        if gaps:
            return found(
                f"Dissolving {code} without a successor would leave "
                f"{', '.join(gaps[:6])} with no {label}; name the successor(s) that "
                "take over its area."
            )
        return None
    if p.action == "vary_area":
        code = str(p.arg("body"))
        clashes = _overlaps(p, kind, p.codes("add"), {code})
        gaps = _uncovered(p, code, p.codes("remove"), ())
        if clashes or gaps:
            detail = "; ".join(
                filter(
                    None,
                    [
                        f"adding {', '.join(clashes)} would overlap" if clashes else "",
                        f"removing {', '.join(gaps)} would leave it with no {label}"
                        if gaps
                        else "",
                    ],
                )
            )
            return found(f"Varying {code}'s area breaks the coverage rule: {detail}.")
    return None


@rule(
    "hca_2022.s14.ccgs_abolished",
    actions={"establish", "merge", "vary_area"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14Z27 (abolition of CCGs, inserted by HCA 2022 s.19; in force 1 "
    "July 2022, SI 2022/734)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 CCGs are abolished and the provisions for establishing, merging "
    "and varying them repealed; their functions are ICBs'.",
)
def ccgs_abolished(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG:
        return None
    return found(
        "CCGs were abolished by the Health and Care Act 2022 and the powers to "
        "establish, merge or vary them were repealed; integrated care boards hold "
        "their functions."
    )


@rule(
    "hca_2022.s14.ccg_abolition",
    sources=(section(NHS_ACT_2006, "14Z27"), section(NHS_ACT_2006, "14Z28")),
    actions={"dissolve"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z27 (abolition of CCGs) and s.14Z28 (transfer schemes), inserted "
    "by HCA 2022 s.19; in force 1 July 2022 "
    "(SI 2022/734); transfer schemes under s.17",
    in_force=FROM_HCA,
    summary="The 2022 Act itself abolishes every CCG on 1 July 2022, commenced by the Secretary "
    "of State's regulations; property and staff pass by transfer schemes.",
)
def ccg_abolition(p: Proposal) -> Finding | None:
    if _target_kind(p) is not K.CCG or p.actor not in {"SOS", "NHSE"}:
        return None
    return found(
        "The CCG is abolished under the Health and Care Act 2022 (NHS Act s.14Z27); its area and "
        "functions pass to the integrated care board established for that area.",
        must(
            "Transfer the CCG's property, rights and liabilities by transfer scheme",
            "NHS Act 2006 s.14Z28",
            on="NHSE",
        ),
    )


@rule(
    "lgpiha_2007.s116ZA.integrated_care_partnership",
    actions={"establish"},
    effect=Effect.PERMITS,
    citation="Local Government and Public Involvement in Health Act 2007 s.116ZA (inserted by "
    "HCA 2022 s.26)",
    in_force=FROM_HCA,
    summary="Each ICB and the local authorities in its area must jointly establish an integrated "
    "care partnership, a joint committee for the ICB's area.",
)
def integrated_care_partnership(p: Proposal) -> Finding | None:
    if str(p.arg("kind")) != "icp":
        return None
    if p.kind(p.actor) not in {K.ICB, K.LOCAL_AUTHORITY}:
        return None
    return found(
        "The ICB and its local authorities establish their integrated care partnership.",
        must(
            "Each local authority whose area is in the ICB's area must be a party, and "
            "appoint a member, as must the ICB",
            "Local Government and Public Involvement in Health Act 2007 s.116ZA",
        ),
        must(
            "The partnership must prepare an integrated care strategy for its area",
            "Local Government and Public Involvement in Health Act 2007 s.116ZB",
        ),
    )


RULES = (
    ccg_merger,
    ccg_change_needs_application,
    ccg_establishment,
    ccg_dissolution,
    ccg_area,
    ccg_coverage,
    icb_orders,
    icb_coverage,
    ccgs_abolished,
    ccg_abolition,
    integrated_care_partnership,
)
