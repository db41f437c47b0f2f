"""Who holds a function for an area, and the chain of delegation that exercises it."""

from __future__ import annotations

import itertools
from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.commissioning import area_units, functions_held, who_commissions
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.functions import Conferral, Scope, StatutoryFunction
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval

DAY = date(2023, 1, 1)
FN = StatutoryFunction(
    "commission_test",
    "Test function",
    "For tests",
    (
        Conferral("NHSE", Scope.ENGLAND, Interval(date(2013, 4, 1)), "s.1"),
        Conferral(BodyKind.ICB, Scope.OWN_AREA, Interval(date(2022, 7, 1)), "s.2"),
    ),
)
LOCAL = StatutoryFunction(
    "local_test",
    "Local",
    "For tests",
    (Conferral(BodyKind.ICB, Scope.OWN_AREA, Interval(date(2022, 7, 1)), "s.3"),),
)


def base() -> Register:
    r = Register()
    r.apply(date(2022, 7, 1), ev.BodyEstablished("NHSE", BodyKind.NHS_ENGLAND, "NHS England"))
    for icb, la in (("QHM", "E08000021"), ("QOP", "E08000003")):
        r.apply(date(2022, 7, 1), ev.BodyEstablished(icb, BodyKind.ICB, icb, parent="Y63"))
        r.apply(date(2022, 7, 1), ev.AreaAssigned(icb, la))
    return r


def test_the_local_holder_is_the_commissioner_whose_area_covers_the_place() -> None:
    answers = who_commissions(LOCAL, "E08000021", DAY, base())
    assert [(a.holding.holder, a.exercised_by) for a in answers] == [("QHM", "QHM")]


def test_a_national_holder_answers_everywhere_and_delegation_is_followed() -> None:
    r = base()
    r.apply(DAY, ev.DelegationMade("d1", "commission_test", "NHSE", "QHM", "s.65Z5"))
    r.apply(DAY, ev.DelegationMade("d2", "commission_test", "NHSE", "QOP", "s.65Z5"))
    answers = who_commissions(FN, "E08000021", DAY, r)
    national = [a for a in answers if a.holding.holder == "NHSE"]
    assert [a.exercised_by for a in national] == ["QHM"], "only the delegate covering the area"
    assert national[0].chain[0].basis == "s.65Z5"


def test_onward_delegation_to_a_body_without_an_area_is_followed() -> None:
    r = base()
    r.apply(DAY, ev.BodyEstablished("RTD", BodyKind.FOUNDATION_TRUST, "Newcastle"))
    r.apply(DAY, ev.DelegationMade("d1", "local_test", "QHM", "RTD", "s.65Z5"))
    answers = who_commissions(LOCAL, "E08000021", DAY, r)
    assert [a.exercised_by for a in answers] == ["RTD"]
    assert answers[0].holding.holder == "QHM", "the delegator stays accountable"


def test_unknown_areas_are_refused_with_what_is_accepted() -> None:
    with pytest.raises(InvalidInput, match="not a known area code"):
        area_units("ZZZ", DAY, base())


def test_functions_held_by_kind_and_by_code() -> None:
    r = base()
    held = {h.function for h in functions_held("QHM", DAY, r, {FN.key: FN, LOCAL.key: LOCAL})}
    assert held == {"commission_test", "local_test"}
    assert {h.function for h in functions_held("NHSE", DAY, r, {FN.key: FN})} == {FN.key}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=14))
def test_delegation_chains_are_finite_simple_paths_of_the_delegation_graph(
    edges: list[tuple[int, int]],
) -> None:
    """Whatever the delegations (cycles included), every chain reported starts at the holder,
    follows real delegations, never revisits a body and cannot be extended further."""
    r = base()
    bodies = ["QHM", *(f"T{i}" for i in range(1, 6))]
    for code in bodies[1:]:
        r.apply(DAY, ev.BodyEstablished(code, BodyKind.FOUNDATION_TRUST, code))
    graph = nx.DiGraph()
    for n, (a, b) in enumerate(edges):
        if a != b and not graph.has_edge(bodies[a], bodies[b]):
            graph.add_edge(bodies[a], bodies[b])
            r.apply(DAY, ev.DelegationMade(f"d{n}", "local_test", bodies[a], bodies[b], "s"))
    answers = who_commissions(LOCAL, "E08000021", DAY, r)
    assert answers
    for answer in answers:
        path = ["QHM", *(d.delegate for d in answer.chain)]
        assert len(path) == len(set(path))
        assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(path))
        assert all(n in path for n in graph.successors(path[-1])) if path[-1] in graph else True
    reachable = nx.descendants(graph, "QHM") if "QHM" in graph else set()
    assert {a.exercised_by for a in answers} - {"QHM"} <= reachable
