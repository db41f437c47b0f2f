"""Who holds a function, for which population, and through which chain of delegation.

The answer starts from the law (the catalogue says which body, or which kind of body, a
function is conferred on), narrows to the bodies whose area covers the place asked about,
then follows delegations from the holder for as long as they reach further. The holder is
always reported: delegating a function does not move accountability for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from nhswiring.domain.bodies import NON_STATUTORY, Body, BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.functions import CommissioningAnswer, Delegation, Holding, Scope
from nhswiring.domain.functions import StatutoryFunction as Function
from nhswiring.domain.register import Register

#: The ONS code for England, and the plain word, both accepted as "everywhere".
ENGLAND_AREAS = frozenset({"E92000001", "ENGLAND"})


def holdings(fn: Function, day: date, register: Register) -> list[Holding]:
    """Every body holding ``fn`` on ``day``, by statute or by a recorded conferral."""
    withdrawn = {h for h, f, _ in register.explicit_holdings(day) if f == f"-{fn.key}"}
    out: list[Holding] = []
    for c in fn.conferrals_on(day):
        if isinstance(c.holder, BodyKind):  # every body of the kind (a StrEnum is a str too)
            candidates = register.bodies(day, [c.holder])
        else:
            body = register.body(c.holder, day)
            candidates = [body] if body is not None else []
        out.extend(
            Holding(fn.key, b.code, c.scope, c.citation)
            for b in candidates
            if b.code not in withdrawn and b.kind not in NON_STATUTORY
        )
    for holder, key, citation in register.explicit_holdings(day):
        body = register.body(holder, day)
        if key == fn.key and body is not None and body.kind not in NON_STATUTORY:
            scope = Scope.OWN_AREA if register.area_of(holder, day) else Scope.ENGLAND
            out.append(Holding(fn.key, holder, scope, citation))
    return out


def functions_held(
    code: str, day: date, register: Register, catalogue: Mapping[str, Function]
) -> list[Holding]:
    """What one body holds on a date: only the conferrals that can name it are looked at."""
    body = register.body(code, day)
    if body is None or body.kind in NON_STATUTORY:
        return []  # a non-statutory partnership holds nothing; its members do
    explicit = [(f, c) for h, f, c in register.explicit_holdings(day) if h == code]
    withdrawn = {f[1:] for f, _ in explicit if f.startswith("-")}
    out = [
        Holding(fn.key, code, c.scope, c.citation)
        for fn in catalogue.values()
        if fn.key not in withdrawn
        for c in fn.conferrals_on(day)
        if c.holder == (body.kind if isinstance(c.holder, BodyKind) else code)
    ]
    scope = Scope.OWN_AREA if register.area_of(code, day) else Scope.ENGLAND
    out.extend(Holding(f, code, scope, c) for f, c in explicit if not f.startswith("-"))
    return out


def area_units(area: str, day: date, register: Register) -> frozenset[str]:
    """The geographies an area code stands for: itself, or a commissioner's whole area."""
    if area in ENGLAND_AREAS:
        return frozenset({"E92000001"})
    if register.is_area(area) and register.covering(area, day):
        return frozenset({area})
    coverage = register.area_of(area, day)
    if coverage:
        return frozenset(c.area for c in coverage)
    if register.knows(area):
        raise InvalidInput(
            "area",
            f"{area!r} has no area on {day}",
            "use a local authority (E06/E08/E09/E10 code), a sub-ICB location, CCG or ICB code "
            "in force on that date",
        )
    raise InvalidInput(
        "area",
        f"{area!r} is not a known area code",
        "use a local authority ONS code (e.g. E08000021), a sub-ICB location or CCG ODS code "
        "(e.g. 00L), an ICB code (e.g. QHM) or E92000001 for England",
    )


def who_commissions(
    fn: Function, area: str, day: date, register: Register
) -> list[CommissioningAnswer]:
    units = area_units(area, day, register)
    national = "E92000001" in units
    answers: list[CommissioningAnswer] = []
    for holding in holdings(fn, day, register):
        local = holding.scope is Scope.OWN_AREA
        if local and (national or not _covers(holding.holder, units, day, register)):
            continue
        for chain in _chains(holding.holder, fn.key, units, day, register, ()):
            answers.append(CommissioningAnswer(fn.key, area, day, holding, chain))
    return answers


def _covers(code: str, units: Iterable[str], day: date, register: Register) -> bool:
    mine = {c.area for c in register.area_of(code, day)}
    return any(u in mine for u in units)


def _chains(
    exerciser: str,
    function: str,
    units: frozenset[str],
    day: date,
    register: Register,
    so_far: tuple[Delegation, ...],
) -> list[tuple[Delegation, ...]]:
    seen = {exerciser, *(d.delegator for d in so_far)}
    onward = [
        d
        for d in register.delegations(day, exerciser)
        if d.delegator == exerciser
        and d.function == function
        and d.delegate not in seen
        and _reaches(d.delegate, units, day, register)
    ]
    if not onward:
        return [so_far]
    chains: list[tuple[Delegation, ...]] = []
    for d in onward:
        chains.extend(_chains(d.delegate, function, units, day, register, (*so_far, d)))
    return chains


def _reaches(delegate: str, units: frozenset[str], day: date, register: Register) -> bool:
    """A delegate with an area must cover the place asked about; one without (a provider, a
    joint committee) acts wherever its delegator does."""
    if "E92000001" in units:
        return True
    coverage = register.area_of(delegate, day)
    return not coverage or any(c.area in units for c in coverage)


def describe(body: Body | None, code: str) -> str:
    return f"{body.name} ({code})" if body else code
