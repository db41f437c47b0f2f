"""The audit's mapping from recorded events to the acts that made them (service/audit_changes.py)
and the instrument table's lookup (reference/change_instruments.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.reference.change_instruments import (
    NOT_FOUND,
    UNKNOWN,
    load_instruments,
    parse_instruments,
)
from nhswiring.reference.tables import parse_table
from nhswiring.service.audit_changes import Happening, group

K = BodyKind
D = date(2019, 4, 1)


def _h(
    event: ev.Event, actor: str = "NHSE", kind: BodyKind | None = None, **kw: object
) -> Happening:
    return Happening(D, actor, event, kind, **kw)  # type: ignore[arg-type]


def test_a_ccg_merger_is_one_merge_granted_on_application() -> None:
    hs = [
        _h(ev.BodyDissolved("00C", ("16C",)), kind=K.CCG),
        _h(ev.BodyDissolved("00K", ("16C",)), kind=K.CCG),
        _h(
            ev.BodyEstablished("16C", K.CCG, "NHS Tees Valley CCG", predecessors=("00C", "00K")),
            kind=K.CCG,
        ),
        _h(ev.AreaAssigned("16C", "00C"), kind=K.CCG),
    ]
    (change,) = group(hs)
    assert (change.change, change.action, change.actor) == ("merger", "merge", "NHSE")
    assert change.args["bodies"] == ["00C", "00K"]
    assert change.args["into"] == "16C"
    assert change.facts == {"application_made": True, "ccg_application_satisfies_s14C": True}
    assert sorted(change.members) == [0, 1, 2, 3]


def test_a_trust_dissolved_into_an_existing_foundation_trust_is_an_acquisition() -> None:
    hs = [
        _h(
            ev.BodyDissolved("RVL", ("RAL",)),
            actor="SOS",
            kind=K.NHS_TRUST,
            successor_kinds=(K.FOUNDATION_TRUST,),
        )
    ]
    (change,) = group(hs)
    assert (change.change, change.actor, change.action) == ("acquisition", "MONITOR", "merge")
    assert change.args == {"bodies": ["RVL", "RAL"], "into": "RAL"}


def test_after_july_2022_nhs_england_grants_acquisitions() -> None:
    h = Happening(
        date(2024, 10, 1),
        "SOS",
        ev.BodyDissolved("R1C", ("RW1",)),
        K.NHS_TRUST,
        successor_kinds=(K.FOUNDATION_TRUST,),
    )
    (change,) = group([h])
    assert change.actor == "NHSE"


def test_an_nhs_trust_into_an_nhs_trust_is_a_transfer_by_order() -> None:
    hs = [_h(ev.BodyDissolved("RX1", ("RX2",)), "SOS", K.NHS_TRUST, successor_kinds=(K.NHS_TRUST,))]
    (change,) = group(hs)
    assert (change.change, change.actor) == ("transfer", "SOS")


def test_ft_authorisation_is_a_kind_change() -> None:
    (change,) = group([_h(ev.BodyKindChanged("RTH", K.FOUNDATION_TRUST), "MONITOR", K.NHS_TRUST)])
    assert change.action == "authorise_foundation_trust"
    assert change.args == {"trust": "RTH"}


def test_partnerships_and_units_are_not_legal_acts() -> None:
    for kind in (K.STP, K.PROVIDER_COLLABORATIVE, K.PLACE_PARTNERSHIP, K.COMMISSIONING_HUB):
        (change,) = group([_h(ev.BodyEstablished("X1", kind, "Example"), kind=kind)])
        assert change.action is None
        assert change.missing is None
        assert change.reason


def test_an_unknown_record_is_reported_never_dropped() -> None:
    hs = [_h(ev.PersonRegistered("P1", "A Person")), _h(ev.BodyRenamed("RX1", "New name"))]
    changes = group(hs)
    assert sorted(m for c in changes for m in c.members) == [0, 1]
    assert all(c.action is None and c.reason for c in changes)


def test_a_merger_whose_other_predecessor_is_missing_names_the_fact() -> None:
    hs = [
        _h(ev.BodyDissolved("RRP", ("G6V2S",)), kind=K.NHS_TRUST),
        _h(
            ev.BodyEstablished("G6V2S", K.FOUNDATION_TRUST, "North London", predecessors=("RRP",)),
            kind=K.FOUNDATION_TRUST,
        ),
    ]
    (change,) = group(hs)
    assert change.missing is not None
    assert change.missing[0] == "predecessors_in_register"


def test_before_the_register_begins_nothing_is_judged() -> None:
    h = Happening(date(2004, 4, 1), "MONITOR", ev.BodyKindChanged("RTH", K.FOUNDATION_TRUST))
    (change,) = group([h])
    assert change.action is None
    assert "before the register" in change.change


def test_the_most_specific_instrument_row_wins() -> None:
    table = parse_table(
        "x_instruments.csv",
        "# source: test\n# as_at: 2026-01-01\n"
        "date,code,change,title,reference,url\n"
        ",kind:ccg,merger,Class default,,\n"
        "..2022-07-01,kind:ccg,merger,Before 2022,,\n"
        "2019-04-01,16C,merger,The 16C order,SI 2019/1,https://example.org/16c\n",
    )
    found = parse_instruments((table,))
    assert found.find(D, "merger", ("16C",), "ccg").reference == "SI 2019/1"
    assert found.find(D, "merger", ("15M",), "ccg").title == "Before 2022"
    assert found.find(date(2023, 1, 1), "merger", ("15M",), "ccg").title == "Class default"
    assert found.find(D, "establishment", ("15M",), "ccg").reference == UNKNOWN


def test_shipped_instruments_read_every_instruments_table() -> None:
    shipped = load_instruments()
    assert "change_instruments.csv" in {t.name for t in shipped.tables}
    assert all(t.sources and t.as_at for t in shipped.tables)
    abolition = shipped.find(date(2022, 7, 1), "abolition by Act", ("MONITOR",), "monitor")
    assert abolition.reference == "SI 2022/734"


def test_a_body_row_speaks_for_the_act_that_changed_the_body() -> None:
    """The per-body files say what happened to one body; the audit names the act."""
    table = parse_table(
        "x_instruments.csv",
        "# source: test\n# as_at: 2026-01-01\n"
        "date,code,change,title,reference,url\n"
        ",kind:ccg,merger,Class default,,\n"
        "2019-04-01,16C,established,The 16C grant,NHSE 2019/1,https://example.org/16c\n"
        "2019-04-01,RAL,acquired,The RAL grant,M 2019/2,https://example.org/ral\n",
    )
    found = parse_instruments((table,))
    assert found.find(D, "merger", ("00A", "16C"), "ccg").reference == "NHSE 2019/1"
    assert found.find(D, "acquisition", ("RAL", "RAP"), "foundation_trust").reference == "M 2019/2"
    assert found.find(D, "merger", ("00A",), "ccg").title == "Class default"
    assert found.find(D, "foundation trust authorisation", ("RAL",), None) is NOT_FOUND


def test_the_shipped_per_body_rows_reach_the_audit() -> None:
    shipped = load_instruments()
    r1k = shipped.find(date(2014, 10, 1), "merger", ("R1K", "RC3", "RV8"), "nhs_trust")
    assert r1k.reference == "SI 2014/2524"


def test_a_kind_the_audit_does_not_judge_is_noted_not_judged() -> None:
    for kind in (K.JOINT_COMMITTEE, K.INDEPENDENT_PROVIDER, K.CQC):
        made = group([_h(ev.BodyEstablished("X1", kind, "Example"), kind=kind)])
        ended = group([_h(ev.BodyDissolved("X1"), kind=kind)])
        for (change,) in (made, ended):
            assert change.action is None
            assert kind.value.replace("_", " ") in change.reason
    (unknown,) = group([_h(ev.BodyDissolved("X2"))])
    assert unknown.action is None
    assert "unknown kind" in unknown.reason


_CODES = st.sampled_from(["A1", "A2", "A3", "B1"])
_KINDS = st.sampled_from(list(BodyKind))
_EVENTS = st.one_of(
    st.builds(
        lambda c, k, p: ev.BodyEstablished(c, k, "Name", predecessors=tuple(p)),
        _CODES,
        _KINDS,
        st.lists(_CODES, max_size=3),
    ),
    st.builds(lambda c, s: ev.BodyDissolved(c, tuple(s)), _CODES, st.lists(_CODES, max_size=2)),
    st.builds(ev.AreaAssigned, _CODES, st.sampled_from(["E1", "E2"])),
    st.builds(ev.AreaRemoved, _CODES, st.sampled_from(["E1", "E2"])),
    st.builds(ev.BodyKindChanged, _CODES, _KINDS),
    st.builds(ev.BodyRenamed, _CODES, st.just("New")),
    st.builds(ev.PersonRegistered, st.just("P1"), st.just("A Person")),
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([date(2004, 1, 1), D, date(2022, 7, 1)]),
            st.sampled_from(["NHSE", "SOS", "MONITOR", "REGISTER"]),
            _EVENTS,
            st.one_of(st.none(), _KINDS),
        ),
        max_size=12,
    )
)
def test_every_happening_is_in_exactly_one_change(
    items: list[tuple[date, str, ev.Event, BodyKind | None]],
) -> None:
    hs = sorted((Happening(d, a, e, k) for d, a, e, k in items), key=lambda h: h.effective)
    changes = group(hs)
    assert sorted(m for c in changes for m in c.members) == list(range(len(hs)))
    for c in changes:
        assert c.action is not None or c.reason
