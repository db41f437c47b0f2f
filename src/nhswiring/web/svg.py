"""A wiring drawn as accessible, server-rendered SVG, and the same links as table rows.

The layout is fixed and computed here, so the same wiring always gives the same bytes:

- parents in rows above the body (the parent's parent on top);
- the body in the middle, with what comes in on the left (predecessors, delegators,
  committee members) and what goes out on the right (successors, delegates, committees);
- children below in rows of four, reached from the body by a trunk that runs down the gap
  between the second and third columns.

The markup carries no ``style`` attribute, no ``<style>`` element and no script (the page's
Content-Security-Policy is ``'self'``): colours and sizes are presentation attributes. Every
node is a link with a ``<title>`` giving the full name, code and kind; the whole drawing is
``role="group"`` labelled by its own ``<title>`` and ``<desc>``, so that its links are
reachable and read out (an ``img`` role would hide them and nest controls inside an image).
Pages also render :func:`edge_rows` as a table, the same links in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from nhswiring.domain.bodies import BodyKind
from nhswiring.service.graph import Wiring, WiringEdge, WiringNode

BLUE = "#005eb8"
TEXT = "#212b32"
WHITE = "#ffffff"
GREY = "#d8dde0"
SECONDARY = "#768692"
FONT = "Frutiger W01, Arial, Helvetica, sans-serif"

WIDTH = 960
MARGIN = 20
BOX_W = 200
BOX_H = 64
ROW_GAP = 48  # between rows above the body: room for an edge label
SIDE_PITCH = BOX_H + 16
CENTRE_X = (WIDTH - BOX_W) // 2  # 380: the body and its parents
LEFT_X = MARGIN
RIGHT_X = WIDTH - MARGIN - BOX_W
COLUMNS = 4
COLUMN_GAP = 20
GRID_X = (WIDTH - COLUMNS * BOX_W - (COLUMNS - 1) * COLUMN_GAP) // 2  # 50
CHILD_ROW_GAP = 40
TRUNK_X = WIDTH // 2  # 480: the gap between the middle columns

NAME_CHARS = 26  # at font-size 13 in a 200px box
META_CHARS = 32  # at font-size 11
LABEL_CHARS = 26  # edge labels, font-size 11, in the 160px between the columns

LEFT_ROLES = ("predecessor", "delegator", "member", "partner")
RIGHT_ROLES = ("successor", "delegate", "committee", "partnership")

SHORT_KINDS: dict[str, str] = {
    BodyKind.CCG.value: "CCG",
    BodyKind.ICB.value: "ICB",
    BodyKind.ICP.value: "ICP",
    BodyKind.REGION.value: "NHS England region",
    BodyKind.FOUNDATION_TRUST.value: "foundation trust",
    BodyKind.STP.value: "STP / ICS (non-statutory)",
    BodyKind.PROVIDER_COLLABORATIVE.value: "provider collaborative",
    BodyKind.PLACE_PARTNERSHIP.value: "place partnership",
    BodyKind.COMMISSIONING_SUPPORT_UNIT.value: "CSU (NHS England)",
}


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def wrap_name(name: str, limit: int = NAME_CHARS) -> tuple[str, str]:
    """A name on two lines of at most ``limit`` characters, the second cut with an ellipsis."""
    if len(name) <= limit:
        return name, ""
    words = name.split(" ")
    first = ""
    rest_at = 0
    for i, word in enumerate(words):
        candidate = f"{first} {word}" if first else word
        if len(candidate) > limit:
            break
        first, rest_at = candidate, i + 1
    if not first:  # one word longer than a line
        return name[:limit], truncate(name[limit:], limit)
    return first, truncate(" ".join(words[rest_at:]), limit)


@dataclass(frozen=True, slots=True)
class _Box:
    x: int
    y: int

    @property
    def cx(self) -> int:
        return self.x + BOX_W // 2

    @property
    def cy(self) -> int:
        return self.y + BOX_H // 2

    @property
    def bottom(self) -> int:
        return self.y + BOX_H


@dataclass(frozen=True, slots=True)
class _Layout:
    boxes: dict[str, _Box]
    height: int
    child_rows_top: int  # where the first row of children starts (0: no children)


def _column(count: int, top: int, band: int) -> list[int]:
    """The tops of ``count`` boxes stacked and centred in a band of height ``band``."""
    stack = count * SIDE_PITCH - (SIDE_PITCH - BOX_H)
    first = top + (band - stack) // 2
    return [first + i * SIDE_PITCH for i in range(count)]


def layout(wiring: Wiring, trunk_labels: int) -> _Layout:
    nodes = wiring.nodes
    boxes: dict[str, _Box] = {}
    y = MARGIN
    for role in ("grandparent", "parent"):
        for node in (n for n in nodes if n.role == role):
            boxes[node.id] = _Box(CENTRE_X, y)
            y += BOX_H + ROW_GAP
    left = [n for n in nodes if n.role in LEFT_ROLES]
    right = [n for n in nodes if n.role in RIGHT_ROLES]
    placed = {n.id for n in left + right} | set(boxes) | {wiring.focus}
    right += [n for n in nodes if n.id not in placed and n.role != "child"]
    rows = max(len(left), len(right), 1)
    band = rows * SIDE_PITCH - (SIDE_PITCH - BOX_H)
    boxes[wiring.focus] = _Box(CENTRE_X, _column(1, y, band)[0])
    for side, x in ((left, LEFT_X), (right, RIGHT_X)):
        for node, top in zip(side, _column(len(side), y, band), strict=True):
            boxes[node.id] = _Box(x, top)
    y += band
    children = [n for n in nodes if n.role == "child"]
    child_top = 0
    if children:
        child_top = max(y, boxes[wiring.focus].bottom) + 28 + 16 * trunk_labels
        for i, node in enumerate(children):
            row, col = divmod(i, COLUMNS)
            x = GRID_X + col * (BOX_W + COLUMN_GAP)
            boxes[node.id] = _Box(x, child_top + row * (BOX_H + CHILD_ROW_GAP))
        rows_used = (len(children) + COLUMNS - 1) // COLUMNS
        y = child_top + rows_used * (BOX_H + CHILD_ROW_GAP) - CHILD_ROW_GAP
    return _Layout(boxes, y + MARGIN, child_top)


# --- text for people ---------------------------------------------------------------------


def node_name(node: WiringNode) -> str:
    return node.name if node.code is None else f"{node.name} ({node.code})"


def _meta(node: WiringNode, as_at: str) -> str:
    if node.is_group:
        return "group: listed in the table"
    kind = SHORT_KINDS.get(node.kind, node.kind_label)
    text = f"{node.code} \u00b7 {kind}"
    if node.in_force or node.start is None:
        return truncate(text, META_CHARS)
    if node.end is not None and node.end.isoformat() <= as_at:
        when = f"ended {node.end.isoformat()}"
    else:
        when = f"from {node.start.isoformat()}"
    full = f"{text} \u00b7 {when}"
    return full if len(full) <= META_CHARS else truncate(f"{node.code} \u00b7 {when}", META_CHARS)


def _edge_sentence(wiring: Wiring, edge: WiringEdge) -> str:
    source, target = wiring.node(edge.source), wiring.node(edge.target)
    return f"{node_name(source)} {edge.label} {node_name(target)}"


def _short_label(edges: list[WiringEdge]) -> str:
    if len(edges) > 1 and all(e.relation == "delegates" for e in edges):
        return f"delegates {len(edges)} functions"
    labels = list(dict.fromkeys(e.label for e in edges))
    return truncate("; ".join(labels), LABEL_CHARS)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def describe(wiring: Wiring) -> str:
    """One paragraph for the drawing's ``<desc>``: what is around the body, by relation."""
    focus = wiring.node(wiring.focus)

    def members(*roles: str) -> int:
        return sum(n.count for n in wiring.nodes if n.role in roles)

    def delegations(inwards: bool) -> int:
        end = "target" if inwards else "source"
        return sum(
            len(e.delegations)
            for e in wiring.edges
            if e.relation == "delegates" and getattr(e, end) == wiring.focus
        )

    parts = [f"parent {node_name(n)}" for n in wiring.by_role("parent")]
    counts = (
        (members("child"), "child", "children"),
        (delegations(True), "delegation to it", "delegations to it"),
        (delegations(False), "delegation by it", "delegations by it"),
        (members("predecessor"), "predecessor", "predecessors"),
        (members("successor"), "successor", "successors"),
        (members("member", "committee"), "joint committee link", "joint committee links"),
        (members("partner", "partnership"), "partnership link", "partnership links"),
    )
    parts += [_count(n, one, many) for n, one, many in counts if n]
    around = "; ".join(parts) if parts else "no linked bodies"
    return (
        f"{focus.title}, as at {wiring.day.isoformat()}: {around}. Parents are drawn above, "
        "children below, what comes in on the left and what goes out on the right."
    )


def edge_rows(wiring: Wiring) -> list[dict[str, str | None]]:
    """The links of the drawing as table rows, in the order they were found."""
    rows: list[dict[str, str | None]] = []
    for edge in wiring.edges:
        source, target = wiring.node(edge.source), wiring.node(edge.target)
        detail = None
        if edge.function is not None:
            since = edge.start.isoformat() if edge.start else "?"
            detail = f"{edge.basis}; since {since}"
            if edge.end is not None:
                detail += f"; until {edge.end.isoformat()}"
        rows.append(
            {
                "from": source.code,
                "from_name": source.name,
                "to": target.code,
                "to_name": target.name,
                "relation": edge.relation,
                "label": edge.label,
                "detail": detail,
            }
        )
    return rows


# --- markup ------------------------------------------------------------------------------


def _clip(box: _Box, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from ``box``'s centre towards a point leaves the box."""
    dx, dy = towards[0] - box.cx, towards[1] - box.cy
    if dx == 0 and dy == 0:
        return float(box.cx), float(box.cy)
    tx = (BOX_W / 2) / abs(dx) if dx else float("inf")
    ty = (BOX_H / 2) / abs(dy) if dy else float("inf")
    t = min(tx, ty)
    return box.cx + dx * t, box.cy + dy * t


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _node_markup(node: WiringNode, box: _Box, focus: bool, href: str, as_at: str) -> list[str]:
    if focus:
        fill, stroke, name_fill, meta_fill = BLUE, BLUE, WHITE, WHITE
    elif node.is_group:
        fill, stroke, name_fill, meta_fill = GREY, SECONDARY, TEXT, TEXT
    else:
        fill, stroke, name_fill, meta_fill = WHITE, SECONDARY, BLUE, TEXT
    dash = "" if node.in_force else ' stroke-dasharray="6 4"'
    underline = "" if focus or node.is_group else ' text-decoration="underline"'
    first, second = wrap_name(node.name)
    out = [
        f'<a href="{_attr(href)}">',
        f"<title>{escape(node.title)}</title>",
        f'<rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{BOX_H}" rx="4" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{2 if focus else 1.5}"{dash}/>',
    ]
    lines = [first, second] if second else [first]
    top = box.y + (20 if second else 26)
    for i, line in enumerate(lines):
        out.append(
            f'<text x="{box.cx}" y="{top + 16 * i}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{name_fill}"{underline}>{escape(line)}</text>'
        )
    out.append(
        f'<text x="{box.cx}" y="{box.y + BOX_H - 9}" text-anchor="middle" font-size="11" '
        f'fill="{meta_fill}">{escape(_meta(node, as_at))}</text>'
    )
    out.append("</a>")
    return out


def _label(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="11" '
        f'fill="{TEXT}" stroke="{WHITE}" stroke-width="4" stroke-linejoin="round" '
        f'paint-order="stroke">{escape(text)}</text>'
    )


def render_svg(wiring: Wiring, href: Callable[[str], str], *, id_prefix: str | None = None) -> str:
    """The wiring as one ``<svg>`` element; ``href(code)`` gives each node's link.

    ``id_prefix`` keeps the ids of the title, description and arrowhead unique when a page
    holds more than one drawing (default ``wiring-<code>``).
    """
    prefix = id_prefix or "wiring-" + re.sub(r"[^A-Za-z0-9_-]", "-", wiring.code)
    as_at = wiring.day.isoformat()
    pairs: dict[tuple[str, str], list[WiringEdge]] = {}
    for edge in wiring.edges:
        pairs.setdefault((edge.source, edge.target), []).append(edge)
    nodes = {n.id: n for n in wiring.nodes}
    trunk: dict[str, int] = {}
    for (source, target), edges in pairs.items():
        if source == wiring.focus and nodes[target].role == "child":
            for e in edges:
                trunk[e.label] = trunk.get(e.label, 0) + nodes[target].count
    geometry = layout(wiring, len(trunk))
    boxes = geometry.boxes
    focus_box = boxes[wiring.focus]
    marker = f"{prefix}-arrow"

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {geometry.height}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet" role="group" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{FONT}">',
        f'<title id="{prefix}-title">'
        f"{escape(f'Wiring of {node_name(nodes[wiring.focus])} as at {as_at}')}</title>",
        f'<desc id="{prefix}-desc">{escape(describe(wiring))}</desc>',
        "<defs>",
        f'<marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{SECONDARY}"/></marker>',
        "</defs>",
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{geometry.height - 1}" '
        f'fill="{WHITE}" stroke="{GREY}"/>',
        '<g fill="none">',
    ]
    labels: list[str] = []
    for (source, target), edges in pairs.items():
        sentence = "; ".join(_edge_sentence(wiring, e) for e in edges)
        out.append(f"<g><title>{escape(sentence)}</title>")
        a, b = boxes[source], boxes[target]
        if source == wiring.focus and nodes[target].role == "child":
            bus = b.y - CHILD_ROW_GAP // 2 + 4
            d = f"M{TRUNK_X},{a.bottom} V{bus} H{b.cx} V{b.y}"
        else:
            start = _clip(a, (b.cx, b.cy))
            end = _clip(b, (a.cx, a.cy))
            d = f"M{_num(start[0])},{_num(start[1])} L{_num(end[0])},{_num(end[1])}"
            mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 - 4)
            labels.append(_label(mid[0], mid[1], _short_label(edges)))
        out.append(
            f'<path d="{d}" stroke="{SECONDARY}" stroke-width="1.5" marker-end="url(#{marker})"/>'
        )
        out.append("</g>")
    out.append("</g>")
    for i, (label, count) in enumerate(trunk.items()):
        text = truncate(f"{label} ({count})", LABEL_CHARS)
        labels.append(_label(TRUNK_X + 8, focus_box.bottom + 18 + 16 * i, text, "start"))
    out.append('<g aria-hidden="true">')
    out.extend(labels)
    out.append("</g>")
    for node in wiring.nodes:
        out.extend(
            _node_markup(node, boxes[node.id], node.id == wiring.focus, href(node.link), as_at)
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
