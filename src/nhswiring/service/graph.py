"""The wiring around one body on one date, as a graph: who is above it, below it, beside it.

A :class:`Wiring` is a small directed graph (a networkx ``MultiDiGraph``, which is a
``DiGraph`` that allows more than one link between two bodies: NHS England can delegate
three functions to the same ICB) centred on one body:

- above: its parent, and for a sub-ICB location also the parent's parent (its ICB's region);
- below: its children (a region's ICBs, an ICB's sub-ICB locations and the trusts it hosts);
- left: what comes in (predecessors, delegations to it, members of a joint committee);
- right: what goes out (successors, delegations it makes, joint committees it sits on).

Large fan-outs are folded into *group* nodes ("42 integrated care boards"), so NHS England's
delegations or a 2019 region's 60-odd children stay readable. Every node is one *life* of a
code: ``00L`` the CCG (to 2022) and ``00L`` the sub-ICB location (from 2022) are different
nodes; the first one met keeps the bare code as its id, a later one is ``00L@2013-04-01``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx

from nhswiring.domain.bodies import NHS_ENGLAND_UNITS, NON_STATUTORY, Body, BodyKind
from nhswiring.domain.functions import Delegation
from nhswiring.domain.register import Register
from nhswiring.domain.time import iso_or_none
from nhswiring.law.function_catalogue import CATALOGUE
from nhswiring.service.views import find_body

#: Children shown one by one when there are at most this many; above it, any kind with more
#: than ``GROUP_KIND_OVER`` members is folded into one group node.
CHILD_CAP = 24
GROUP_KIND_OVER = 8
#: Bodies on one side for one function (delegations) or one relation (predecessors...) shown
#: one by one; more become a group node.
SIDE_CAP = 6

KIND_LABELS: dict[BodyKind, tuple[str, str]] = {
    BodyKind.SECRETARY_OF_STATE: ("Secretary of State", "Secretaries of State"),
    BodyKind.NHS_ENGLAND: ("national body", "national bodies"),
    BodyKind.MONITOR: ("regulator", "regulators"),
    BodyKind.TDA: ("national body", "national bodies"),
    BodyKind.CMA: ("regulator", "regulators"),
    BodyKind.CQC: ("regulator", "regulators"),
    BodyKind.NHS_DIGITAL: ("national body", "national bodies"),
    BodyKind.HEALTH_EDUCATION_ENGLAND: ("national body", "national bodies"),
    BodyKind.REGION: ("NHS England region", "NHS England regions"),
    BodyKind.CCG: ("clinical commissioning group", "clinical commissioning groups"),
    BodyKind.ICB: ("integrated care board", "integrated care boards"),
    BodyKind.SUB_ICB_LOCATION: ("sub-ICB location", "sub-ICB locations"),
    BodyKind.ICP: ("integrated care partnership", "integrated care partnerships"),
    BodyKind.NHS_TRUST: ("NHS trust", "NHS trusts"),
    BodyKind.FOUNDATION_TRUST: ("NHS foundation trust", "NHS foundation trusts"),
    BodyKind.LOCAL_AUTHORITY: ("local authority", "local authorities"),
    BodyKind.JOINT_COMMITTEE: ("joint committee", "joint committees"),
    BodyKind.INDEPENDENT_PROVIDER: ("independent provider", "independent providers"),
    BodyKind.COMMISSIONING_HUB: (
        "NHS England commissioning hub",
        "NHS England commissioning hubs",
    ),
    BodyKind.COMMISSIONING_SUPPORT_UNIT: (
        "commissioning support unit (part of NHS England)",
        "commissioning support units (part of NHS England)",
    ),
    BodyKind.STP: (
        "sustainability and transformation partnership / integrated care system (non-statutory)",
        "sustainability and transformation partnerships / integrated care systems (non-statutory)",
    ),
    BodyKind.PROVIDER_COLLABORATIVE: (
        "provider collaborative (non-statutory)",
        "provider collaboratives (non-statutory)",
    ),
    BodyKind.PLACE_PARTNERSHIP: (
        "place-based partnership (non-statutory)",
        "place-based partnerships (non-statutory)",
    ),
}

_KIND_ORDER = {kind: i for i, kind in enumerate(BodyKind)}


def kind_label(kind: BodyKind, count: int = 1) -> str:
    singular, plural = KIND_LABELS[kind]
    return singular if count == 1 else plural


def function_title(key: str) -> str:
    fn = CATALOGUE.get(key)
    return fn.title if fn else key.replace("_", " ").capitalize()


def function_phrase(key: str) -> str:
    """A function's title as the object of "delegates": "specialised services"."""
    title = function_title(key)
    head, _, rest = title.partition(" ")
    return rest if head == "Commission" and rest else title[:1].lower() + title[1:]


# --- the parts of a wiring ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WiringNode:
    """One body (one life of a code) or a group of bodies, as placed in a wiring."""

    id: str
    code: str | None  # None for a group node
    name: str
    kind: str  # a BodyKind value, "group" or "unknown"
    kind_label: str
    role: str  # focus, parent, grandparent, child, delegator, delegate, predecessor, ...
    in_force: bool
    start: date | None = None
    end: date | None = None
    members: tuple[str, ...] = ()  # a group's codes

    @property
    def is_group(self) -> bool:
        return self.code is None

    @property
    def count(self) -> int:
        return len(self.members) if self.is_group else 1

    @property
    def link(self) -> str:
        """The code a link from this node goes to (a group links to the body it hangs off)."""
        return self.code if self.code is not None else self.id.partition(":")[0]

    @property
    def title(self) -> str:
        """ "NHS North East and North Cumbria ICB (QHM), integrated care board"."""
        if self.is_group:
            return f"{self.name}: {', '.join(self.members)}"
        text = f"{self.name} ({self.code}), {self.kind_label}"
        return text if self.in_force else f"{text}, not in force on the date shown"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "role": self.role,
            "in_force": self.in_force,
            "start": iso_or_none(self.start),
            "end": iso_or_none(self.end),
        }
        if self.is_group:
            out["count"] = self.count
            out["members"] = list(self.members)
        return out


@dataclass(frozen=True, slots=True)
class WiringEdge:
    """A link from one node to another: ``source`` ``relation`` ``target``."""

    source: str
    target: str
    relation: str  # parent_of, hosts, delegates, succeeded_by, member_of
    label: str  # "parent of", "delegates specialised services", ...
    function: str | None = None
    basis: str | None = None
    start: date | None = None
    end: date | None = None
    delegations: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.relation if self.function is None else f"{self.relation}:{self.function}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "from": self.source,
            "to": self.target,
            "relation": self.relation,
            "label": self.label,
        }
        if self.function is not None:
            out.update(
                {
                    "function": self.function,
                    "function_title": function_title(self.function),
                    "basis": self.basis,
                    "start": iso_or_none(self.start),
                    "end": iso_or_none(self.end),
                    "delegations": list(self.delegations),
                }
            )
        return out


@dataclass(slots=True)
class Wiring:
    """The wiring of ``code`` as at ``day``; ``graph`` holds nodes by id and edges by key."""

    code: str
    day: date
    focus: str
    graph: Any = field(default_factory=nx.MultiDiGraph)  # networkx ships no type hints
    _order: list[tuple[str, str, str]] = field(default_factory=list)

    def node(self, node_id: str) -> WiringNode:
        node: WiringNode = self.graph.nodes[node_id]["node"]
        return node

    @property
    def nodes(self) -> list[WiringNode]:
        return [data["node"] for _, data in self.graph.nodes(data=True)]

    @property
    def edges(self) -> list[WiringEdge]:
        """In the order they were added: parents, children, delegations, lineage."""
        return [self.graph.edges[u, v, k]["edge"] for u, v, k in self._order]

    def by_role(self, role: str) -> list[WiringNode]:
        return [n for n in self.nodes if n.role == role]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "as_at": self.day.isoformat(),
            "focus": self.focus,
            "nodes": [n.to_json() for n in self.nodes],
            "edges": [e.to_json() for e in self.edges],
        }


# --- building one ------------------------------------------------------------------------


class _Builder:
    def __init__(self, register: Register, focus: Body, day: date) -> None:
        self.register = register
        self.day = day
        self.wiring = Wiring(focus.code, day, focus.code)
        self.ids: dict[tuple[str, date], str] = {}
        self.add_body(focus, "focus")

    def add_body(self, body: Body, role: str) -> str:
        key = (body.code, body.start)
        if key in self.ids:
            return self.ids[key]
        node_id = body.code if body.code not in self.wiring.graph else f"{body.code}@{body.start}"
        self.ids[key] = node_id
        in_force = body.start <= self.day and (body.end is None or self.day < body.end)
        node = WiringNode(
            node_id,
            body.code,
            body.name,
            body.kind.value,
            kind_label(body.kind),
            role,
            in_force,
            body.start,
            body.end,
        )
        self.wiring.graph.add_node(node_id, node=node)
        return node_id

    def add_unknown(self, code: str, role: str) -> str:
        if code not in self.wiring.graph:
            node = WiringNode(code, code, code, "unknown", "not in the register", role, False)
            self.wiring.graph.add_node(code, node=node)
        return code

    def add_group(self, owner: str, tag: str, kind: BodyKind | None, members: list[str]) -> str:
        node_id = f"{owner}:{tag}"
        count = len(members)
        label = kind_label(kind, count) if kind is not None else "bodies"
        role = tag.partition(":")[0]
        name = f"{count} {label}"
        node = WiringNode(node_id, None, name, "group", label, role, True, members=tuple(members))
        self.wiring.graph.add_node(node_id, node=node)
        return node_id

    def link(self, edge: WiringEdge) -> None:
        ends = (edge.source, edge.target, edge.key)
        if not self.wiring.graph.has_edge(*ends):
            self.wiring._order.append(ends)
        self.wiring.graph.add_edge(*ends, edge=edge)

    def place(self, code: str, role: str, when: date, *, before: bool) -> str:
        """A node for ``code`` in the life that stood on ``when`` (or the nearest one)."""
        body = life_near(self.register, code, when, before=before)
        return self.add_body(body, role) if body else self.add_unknown(code, role)


def life_near(register: Register, code: str, when: date, *, before: bool) -> Body | None:
    """The life of ``code`` in force on ``when``; failing that the latest one ending by it
    (``before``) or the earliest one starting after it, then any."""
    lives = register.lives(code)
    for b in lives:
        if b.start <= when and (b.end is None or when < b.end):
            return register.body(code, when) or b
    if before:
        ended = [b for b in lives if b.end is not None and b.end <= when]
        if ended:
            return ended[-1]
    else:
        later = [b for b in lives if b.start > when]
        if later:
            return later[0]
    return lives[-1] if lives else None


def wiring(register: Register, code: str, day: date) -> Wiring:
    """The wiring around ``code`` on ``day``.

    Raises ``UnknownBody`` (as ``views.find_body`` does) for a code the register does not
    know, or one that was not in force on ``day``.
    """
    focus = find_body(register, code, day)
    b = _Builder(register, focus, day)
    _parents(b, focus)
    _children(b, focus)
    _delegations(b, focus)
    _lineage(b, focus)
    _committees(b, focus)
    _partnerships(b, focus)
    return b.wiring


def _parent_relation(parent: Body | None, child_kind: str) -> tuple[str, str]:
    trust = child_kind in (BodyKind.NHS_TRUST.value, BodyKind.FOUNDATION_TRUST.value)
    if trust and parent is not None and parent.kind is BodyKind.ICB:
        return "hosts", "host ICB of"
    return "parent_of", "parent of"


def _parents(b: _Builder, focus: Body) -> None:
    if focus.parent is None:
        return
    parent = b.register.body(focus.parent, b.day)
    pid = b.place(focus.parent, "parent", b.day, before=True)
    relation, label = _parent_relation(parent, focus.kind.value)
    b.link(WiringEdge(pid, focus.code, relation, label))
    if focus.kind is BodyKind.SUB_ICB_LOCATION and parent is not None and parent.parent:
        gid = b.place(parent.parent, "grandparent", b.day, before=True)
        b.link(WiringEdge(gid, pid, "parent_of", "parent of"))


def _children(b: _Builder, focus: Body) -> None:
    children = sorted(
        b.register.children(focus.code, b.day),
        key=lambda c: (_KIND_ORDER[c.kind], c.name, c.code),
    )
    by_kind: dict[BodyKind, list[Body]] = defaultdict(list)
    for child in children:
        by_kind[child.kind].append(child)
    crowded = len(children) > CHILD_CAP
    for kind, group in by_kind.items():
        relation, label = _parent_relation(focus, kind.value)
        # NHS England's own units (commissioning hubs, support units) are always folded, so
        # its wiring shows its regions, not a list of internal teams.
        unit = kind in NHS_ENGLAND_UNITS
        if unit or (crowded and len(group) > GROUP_KIND_OVER):
            gid = b.add_group(focus.code, f"child:{kind.value}", kind, [c.code for c in group])
            b.link(WiringEdge(focus.code, gid, relation, label))
            continue
        for child in group:
            cid = b.add_body(child, "child")
            b.link(WiringEdge(focus.code, cid, relation, label))


def _delegations(b: _Builder, focus: Body) -> None:
    me = focus.code
    mine = sorted(
        b.register.delegations(b.day, me),
        key=lambda d: (d.function, d.delegator, d.delegate, d.delegation_id),
    )
    outgoing: dict[str, list[Delegation]] = defaultdict(list)
    incoming: dict[str, list[Delegation]] = defaultdict(list)
    for d in mine:
        if d.delegator == me and d.delegate != me:
            outgoing[d.function].append(d)
        elif d.delegate == me:
            incoming[d.function].append(d)
    for function, ds in incoming.items():
        if len(ds) > SIDE_CAP:
            gid = b.add_group(me, f"delegator:{function}", None, [d.delegator for d in ds])
            b.link(_delegation_edge(gid, me, function, ds))
            continue
        for d in ds:
            did = b.place(d.delegator, "delegator", b.day, before=True)
            b.link(_delegation_edge(did, me, function, [d]))
    for function, ds in outgoing.items():
        if len(ds) > SIDE_CAP:
            kinds = {_kind_of(b.register, d.delegate, b.day) for d in ds}
            kind = kinds.pop() if len(kinds) == 1 else None
            gid = b.add_group(me, f"delegate:{function}", kind, [d.delegate for d in ds])
            b.link(_delegation_edge(me, gid, function, ds))
            continue
        for d in ds:
            did = b.place(d.delegate, "delegate", b.day, before=True)
            b.link(_delegation_edge(me, did, function, [d]))


def _kind_of(register: Register, code: str, day: date) -> BodyKind | None:
    body = register.body(code, day)
    return body.kind if body else None


def _delegation_edge(source: str, target: str, function: str, ds: list[Delegation]) -> WiringEdge:
    starts = sorted(d.valid.start for d in ds)
    ends = {d.valid.end for d in ds}
    end = ends.pop() if len(ends) == 1 else None
    bases = sorted({d.basis for d in ds})
    return WiringEdge(
        source,
        target,
        "delegates",
        f"delegates {function_phrase(function)}",
        function=function,
        basis="; ".join(bases),
        start=starts[0],
        end=end,
        delegations=tuple(d.delegation_id for d in ds),
    )


def _lineage(b: _Builder, focus: Body) -> None:
    """Predecessors and successors of this life of the code, from both ends of the record:
    its own lists and the other bodies whose lists name it."""
    preds: list[Body] = []
    succs: list[Body] = []
    unknown_preds: list[str] = []
    unknown_succs: list[str] = []
    before_start = focus.start - timedelta(days=1)
    for code in focus.predecessors:
        body = life_near(b.register, code, before_start, before=True)
        if body is None:
            unknown_preds.append(code)
        else:
            preds.append(body)
    for code in focus.successors:
        body = life_near(b.register, code, focus.end or b.day, before=False)
        if body is None:
            unknown_succs.append(code)
        else:
            succs.append(body)
    for other in _all_lives(b.register):
        if other.code == focus.code and other.start == focus.start:
            continue
        ended_into_me = other.end is not None and _is_focus_life(focus, other.end)
        # A partnership an ICB grew out of is not its statutory predecessor (nothing
        # transferred from it): the ICB's page shows it as the code's earlier life instead.
        took_over = other.kind not in NON_STATUTORY or focus.kind in NON_STATUTORY
        if focus.code in other.successors and ended_into_me and took_over:
            preds.append(other)
        if focus.code in other.predecessors and _is_focus_life(
            focus, other.start - timedelta(days=1)
        ):
            succs.append(other)
    _side(b, focus, _unique(preds), unknown_preds, "predecessor", incoming=True)
    _side(b, focus, _unique(succs), unknown_succs, "successor", incoming=False)


def _is_focus_life(focus: Body, day: date) -> bool:
    return focus.start <= day and (focus.end is None or day < focus.end)


def _all_lives(register: Register) -> Iterable[Body]:
    for code in register.codes():
        yield from register.lives(code)


def _unique(bodies: list[Body]) -> list[Body]:
    seen: set[tuple[str, date]] = set()
    out = []
    for body in sorted(bodies, key=lambda x: (x.code, x.start)):
        if (body.code, body.start) not in seen:
            seen.add((body.code, body.start))
            out.append(body)
    return out


def _side(
    b: _Builder, focus: Body, bodies: list[Body], unknown: list[str], role: str, *, incoming: bool
) -> None:
    me = focus.code
    if len(bodies) + len(unknown) > SIDE_CAP:
        kinds = {x.kind for x in bodies}
        kind = kinds.pop() if len(kinds) == 1 else None
        gid = b.add_group(me, role, kind, [x.code for x in bodies] + unknown)
        ends = (gid, me) if incoming else (me, gid)
        b.link(WiringEdge(*ends, "succeeded_by", "succeeded by"))
        return
    ids = [b.add_body(body, role) for body in bodies] + [b.add_unknown(c, role) for c in unknown]
    for nid in ids:
        ends = (nid, me) if incoming else (me, nid)
        b.link(WiringEdge(*ends, "succeeded_by", "succeeded by"))


def _committees(b: _Builder, focus: Body) -> None:
    """A joint committee's members (left), or the joint committees a body sits on (right)."""
    me = focus.code
    for code in b.register.members(me):
        mid = b.place(code, "member", b.day, before=True)
        b.link(WiringEdge(mid, me, "member_of", "member of"))
    for jc in sorted(b.register.bodies(b.day, [BodyKind.JOINT_COMMITTEE]), key=lambda x: x.code):
        if me in b.register.members(jc.code):
            jid = b.add_body(jc, "committee")
            b.link(WiringEdge(me, jid, "member_of", "member of"))


def _partnerships(b: _Builder, focus: Body) -> None:
    """A non-statutory partnership's members (left, grouped when many), or the partnerships a
    body is in (right). Drawn as membership, never as a transfer of functions."""
    me = focus.code
    members = [s.member for s in b.register.partnership_members(me, b.day)]
    if len(members) > SIDE_CAP:
        gid = b.add_group(me, "partner", None, sorted(members))
        b.link(WiringEdge(gid, me, "member_of", "members of (non-statutory)"))
    else:
        for code in sorted(members):
            mid = b.place(code, "partner", b.day, before=True)
            b.link(WiringEdge(mid, me, "member_of", "member of (non-statutory)"))
    for span in sorted(b.register.partnerships_of(me, b.day), key=lambda s: s.partnership):
        pid = b.place(span.partnership, "partnership", b.day, before=True)
        b.link(WiringEdge(me, pid, "member_of", "member of (non-statutory)"))
