"""The wiring around a body, as a graph and as SVG, against the real register."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx
import pytest

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import UnknownBody
from nhswiring.domain.register import Register
from nhswiring.service.graph import CHILD_CAP, Wiring, WiringEdge, wiring
from nhswiring.web.svg import edge_rows, render_svg, truncate, wrap_name

D = date
SVG = "{http://www.w3.org/2000/svg}"
QHM_SUB_ICB_LOCATIONS = {"00L", "00N", "00P", "01H", "13T", "16C", "84H", "99C"}


def href(code: str) -> str:
    return f"/bodies/{code}?as_at=2023-01-01&x=<&>"


def edges(
    w: Wiring, relation: str, *, source: str | None = None, target: str | None = None
) -> list[WiringEdge]:
    return [
        e
        for e in w.edges
        if e.relation == relation
        and (source is None or e.source == source)
        and (target is None or e.target == target)
    ]


# --- the graph ---------------------------------------------------------------------------


def test_an_icb_has_its_region_above_and_its_sub_icb_locations_below(register: Register) -> None:
    w = wiring(register, "QHM", D(2023, 1, 1))
    assert isinstance(w.graph, nx.DiGraph)
    assert w.focus == "QHM"
    focus = w.node("QHM")
    assert (focus.role, focus.kind, focus.in_force) == ("focus", "icb", True)
    assert focus.title == (
        "NHS North East and North Cumbria Integrated Care Board (QHM), integrated care board"
    )
    assert [n.code for n in w.by_role("parent")] == ["Y63"]
    assert edges(w, "parent_of", source="Y63", target="QHM")
    children = {n.code: n for n in w.by_role("child")}
    sicbls = {c for c, n in children.items() if n.kind == BodyKind.SUB_ICB_LOCATION.value}
    assert sicbls == QHM_SUB_ICB_LOCATIONS
    assert {e.target for e in edges(w, "parent_of", source="QHM")} >= QHM_SUB_ICB_LOCATIONS
    hosted = edges(w, "hosts", source="QHM")
    assert "RTD" in {e.target for e in hosted}  # Newcastle upon Tyne Hospitals
    assert all(e.label == "host ICB of" for e in hosted)
    assert not w.by_role("grandparent")


def test_an_icb_sees_the_ccgs_it_replaced_without_confusing_them_with_its_locations(
    register: Register,
) -> None:
    w = wiring(register, "QT1", D(2023, 1, 1))  # Nottingham and Nottinghamshire
    preds = {n.id: n for n in w.by_role("predecessor")}
    assert set(preds) == {"02Q@2013-04-01", "52R@2020-04-01"}
    assert all(n.kind == "ccg" and not n.in_force for n in preds.values())
    assert w.node("02Q").kind == "sub_icb_location"  # Bassetlaw, the same code as a location
    assert edges(w, "succeeded_by", source="52R@2020-04-01", target="QT1")
    # QHM replaced eight CCGs: more than fit on one side, so they are one group node
    grouped = wiring(register, "QHM", D(2023, 1, 1)).node("QHM:predecessor")
    assert grouped.is_group
    assert grouped.count == 8
    assert grouped.name.startswith("8 clinical")


def test_a_sub_icb_location_shows_its_icb_and_the_icbs_region(register: Register) -> None:
    w = wiring(register, "00L", D(2023, 1, 1))
    assert w.node("00L").kind == "sub_icb_location"
    assert [n.code for n in w.by_role("parent")] == ["QHM"]
    assert [n.code for n in w.by_role("grandparent")] == ["Y63"]
    assert edges(w, "parent_of", source="Y63", target="QHM")
    assert edges(w, "parent_of", source="QHM", target="00L")


def test_a_region_shows_nhs_england_and_its_icbs(register: Register) -> None:
    w = wiring(register, "Y63", D(2023, 1, 1))
    assert [n.code for n in w.by_role("parent")] == ["NHSE"]
    children = w.by_role("child")
    assert {n.code for n in children} == {"QHM", "QF7", "QOQ", "QWO"}
    assert all(n.kind == "icb" for n in children)


def test_a_crowded_region_folds_its_children_into_groups_by_kind(register: Register) -> None:
    day = D(2019, 6, 1)
    w = wiring(register, "Y56", day)  # London: 32 CCGs and 34 trusts
    total = len(register.children("Y56", day))
    assert total > CHILD_CAP
    children = w.by_role("child")
    assert sum(n.count for n in children) == total
    ccgs = w.node("Y56:child:ccg")
    assert ccgs.is_group
    assert ccgs.count == 32
    assert "07L" in ccgs.members
    assert len(w.nodes) < 10


def test_nhs_england_shows_regions_not_hundreds_of_bodies(register: Register) -> None:
    w = wiring(register, "NHSE", D(2025, 4, 1))
    assert len(w.nodes) < 20
    assert {n.kind for n in w.by_role("child") if not n.is_group} == {"region"}
    hubs, csus = sorted((n for n in w.by_role("child") if n.is_group), key=lambda n: n.name)
    assert hubs.name == "16 NHS England commissioning hubs"  # folded units (ODS RO218)
    assert csus.name == "2 commissioning support units (part of NHS England)"  # csus.csv
    specialised = edges(w, "delegates", source="NHSE")
    by_function = {e.function: e for e in specialised}
    assert set(by_function) == {
        "commission_primary_medical_services",
        "commission_pharmacy_optometry_dental",
        "commission_specialised_services",
    }
    group = w.node(by_function["commission_specialised_services"].target)
    assert group.is_group
    assert group.count == 42
    assert group.name == "42 integrated care boards"


def test_specialised_services_are_delegated_to_icbs_from_april_2025(register: Register) -> None:
    before = wiring(register, "QHM", D(2025, 3, 31))
    after = wiring(register, "QHM", D(2025, 4, 1))
    before_functions = {e.function for e in edges(before, "delegates", target="QHM")}
    assert "commission_specialised_services" not in before_functions
    (edge,) = [
        e
        for e in edges(after, "delegates", source="NHSE", target="QHM")
        if e.function == "commission_specialised_services"
    ]
    assert edge.label == "delegates specialised services"
    assert edge.basis is not None
    assert "s.65Z5" in edge.basis
    assert edge.start == D(2025, 4, 1)
    # three functions, three links between the same two bodies
    assert len(edges(after, "delegates", source="NHSE", target="QHM")) == 3
    assert after.node("NHSE").role == "delegator"
    # the Midlands went a year earlier
    midlands = wiring(register, "QGH", D(2024, 6, 1))
    assert any(
        e.function == "commission_specialised_services"
        for e in edges(midlands, "delegates", target="QGH")
    )


def test_a_ccg_in_2019_points_to_the_ccg_it_merged_into(register: Register) -> None:
    w = wiring(register, "00C", D(2019, 6, 1))  # Darlington, merged into Tees Valley in 2020
    (succ,) = w.by_role("successor")
    assert (succ.code, succ.name, succ.in_force) == ("16C", "NHS Tees Valley CCG", False)
    assert succ.start == D(2020, 4, 1)
    assert edges(w, "succeeded_by", source="00C", target="16C")
    tees = wiring(register, "16C", D(2020, 6, 1))
    assert {n.code for n in tees.by_role("predecessor")} == {"00C", "00K", "00M"}
    assert [n.code for n in tees.by_role("successor")] == ["QHM"]


def test_a_trust_shows_its_host_icb(register: Register) -> None:
    w = wiring(register, "RR8", D(2023, 1, 1))
    (host,) = w.by_role("parent")
    assert (host.code, host.kind) == ("QWO", "icb")
    (edge,) = edges(w, "hosts", source="QWO", target="RR8")
    assert edge.label == "host ICB of"
    before_icbs = wiring(register, "RR8", D(2021, 1, 1))
    assert [n.kind for n in before_icbs.by_role("parent")] == ["region"]
    assert edges(before_icbs, "parent_of", target="RR8")


def test_unknown_codes_and_bodies_not_in_force_are_refused(register: Register) -> None:
    with pytest.raises(UnknownBody, match="not in the register"):
        wiring(register, "ZZZ9", D(2023, 1, 1))
    with pytest.raises(UnknownBody, match="was not in force"):
        wiring(register, "00C", D(2021, 1, 1))


def test_the_json_names_every_end_of_every_edge(register: Register) -> None:
    w = wiring(register, "QHM", D(2025, 4, 1))
    data = w.to_json()
    assert json.loads(json.dumps(data)) == data
    assert (data["code"], data["as_at"]) == ("QHM", "2025-04-01")
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert all({"from", "to", "relation", "label"} <= set(e) for e in data["edges"])
    node = next(n for n in data["nodes"] if n["id"] == "QHM")
    assert {"code", "name", "kind", "in_force"} <= set(node)
    delegated = [e for e in data["edges"] if e["relation"] == "delegates"]
    assert all(e["basis"] and e["function_title"] for e in delegated)


# --- the drawing -------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    ("code", "day"),
    [
        ("QHM", D(2023, 1, 1)),
        ("QHM", D(2025, 4, 1)),
        ("Y63", D(2023, 1, 1)),
        ("Y56", D(2019, 6, 1)),
        ("NHSE", D(2025, 4, 1)),
        ("00C", D(2019, 6, 1)),
        ("00L", D(2023, 1, 1)),
        ("RR8", D(2023, 1, 1)),
    ],
)
def test_the_svg_is_accessible_self_contained_and_deterministic(
    register: Register, code: str, day: date
) -> None:
    w = wiring(register, code, day)
    svg = render_svg(w, href)
    assert svg == render_svg(w, href)
    assert svg == render_svg(wiring(register, code, day), href)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group"
    width, height = root.get("viewBox", "").split()[2:]
    assert int(width) == 960
    assert int(height) > 0
    labelled = (root.get("aria-labelledby") or "").split()
    found = {el.get("id"): el.tag for el in root.iter() if el.get("id")}
    assert [found.get(i) for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
    everything = list(root.iter())
    assert not any("style" in el.attrib for el in everything)
    assert not any(el.tag in (f"{SVG}style", f"{SVG}script") for el in everything)
    assert not any(name.startswith("on") for el in everything for name in el.attrib)
    links = root.findall(f".//{SVG}a")
    assert len(links) == len(w.nodes)
    for a, node in zip(links, w.nodes, strict=True):
        assert a.get("href") == href(node.link)
        title = a.find(f"{SVG}title")
        assert title is not None
        assert title.text == node.title
        assert a.find(f"{SVG}rect") is not None
        assert a.find(f"{SVG}text") is not None
    paths = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    pairs = {(e.source, e.target) for e in w.edges}
    assert len(paths) == len(pairs)
    assert len(edge_rows(w)) == len(w.edges)


def test_node_titles_read_as_name_code_and_kind(register: Register) -> None:
    svg = render_svg(wiring(register, "Y63", D(2023, 1, 1)), href)
    titles = [t.text for t in parse(svg).iter(f"{SVG}title")]
    assert (
        "NHS North East and North Cumbria Integrated Care Board (QHM), integrated care board"
        in (titles)
    )
    assert "NHS England (NHSE), national body" in titles


def test_long_names_are_cut_with_an_ellipsis_and_text_is_escaped() -> None:
    name = 'NHS "Quotes" & <Angles> Very Long Named Integrated Care Board Of Somewhere'
    r = Register().apply_all(
        [
            (D(2013, 4, 1), ev.BodyEstablished("NHSE", BodyKind.NHS_ENGLAND, "NHS England")),
            (D(2013, 4, 1), ev.BodyEstablished("Y1", BodyKind.REGION, "Region", parent="NHSE")),
            (D(2022, 7, 1), ev.BodyEstablished("Q<1", BodyKind.ICB, name, parent="Y1")),
        ]
    )
    w = wiring(r, "Q<1", D(2023, 1, 1))
    svg = render_svg(w, lambda code: f"/b/{code}?a=1&b=2")
    root = parse(svg)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert any(t.endswith("\u2026") for t in texts)
    assert name not in texts
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert f"{name} (Q<1), integrated care board" in titles
    assert {a.get("href") for a in root.iter(f"{SVG}a")} == {"/b/Q<1?a=1&b=2", "/b/Y1?a=1&b=2"}
    assert 'aria-labelledby="wiring-Q-1-title wiring-Q-1-desc"' in svg


def test_wrapping_and_truncating() -> None:
    assert wrap_name("NHS England") == ("NHS England", "")
    first, second = wrap_name("NHS North East and North Cumbria Integrated Care Board")
    assert first == "NHS North East and North"
    assert second.endswith("\u2026")
    assert len(second) <= 26
    assert truncate("abcdef", 4) == "abc\u2026"
    assert wrap_name("X" * 60)[1].endswith("\u2026")


def test_edge_rows_give_the_same_links_as_a_table(register: Register) -> None:
    w = wiring(register, "QHM", D(2025, 4, 1))
    rows = edge_rows(w)
    assert rows[0] == {
        "from": "Y63",
        "from_name": "North East and Yorkshire Commissioning Region",
        "to": "QHM",
        "to_name": "NHS North East and North Cumbria Integrated Care Board",
        "relation": "parent_of",
        "label": "parent of",
        "detail": None,
    }
    delegations = [r for r in rows if r["relation"] == "delegates"]
    assert len(delegations) == 3
    assert all(r["from"] == "NHSE" and "s.65Z5" in (r["detail"] or "") for r in delegations)
    group = next(r for r in rows if r["from"] is None)
    assert group["from_name"] == "8 clinical commissioning groups"
