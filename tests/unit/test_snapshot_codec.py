"""The snapshot's bytes name domain classes only, and events decode alike on both paths."""

from __future__ import annotations

import os
import pickle
import zlib
from datetime import date
from decimal import Decimal

import pytest

from nhswiring.domain import event_codec
from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.people import Role
from nhswiring.domain.register import Register
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.snapshot_codec import dump_register, fingerprint, load_register


class _Payload:
    """What a tampered snapshot might hold: an object whose unpickling runs a command."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo owned",))


def test_a_snapshot_naming_anything_outside_the_domain_is_refused() -> None:
    with pytest.raises(pickle.UnpicklingError, match="may not name"):
        load_register(zlib.compress(pickle.dumps(_Payload())))


def test_a_snapshot_of_something_other_than_a_register_is_refused() -> None:
    with pytest.raises(pickle.UnpicklingError, match="holds a"):
        load_register(zlib.compress(pickle.dumps([1, 2, 3])))


def test_a_register_round_trips() -> None:
    register = Register().apply_all(
        [
            (date(2013, 4, 1), ev.BodyEstablished("QHM", BodyKind.ICB, "NHS North East ICB")),
            (date(2014, 1, 1), ev.AppointmentMade("A1", "P1", Role.CHAIR, ("QHM",))),
            (
                date(2014, 2, 1),
                ev.ContractAwarded("C1", "QHM", "RR8", "maternity", Decimal(5), date(2014, 2, 1)),
            ),
        ]
    )
    back = load_register(dump_register(register))
    assert vars(back) == vars(register)
    assert back.contracts(date(2014, 3, 1), "RR8")[0].contract_id == "C1"


def test_the_fingerprint_is_a_digest_of_the_folding_code() -> None:
    assert len(fingerprint()) == 64
    assert fingerprint() == fingerprint()


def _general(event_type: str, payload: dict[str, object]) -> ev.Event:
    cls = ev.EVENT_TYPES[event_type]
    decoders = event_codec._DECODERS[cls]
    return cls(**{k: decoders[k](v) for k, v in payload.items()})


def test_compiled_decoders_agree_with_the_general_path_on_the_real_history() -> None:
    events = [h.event for h in real_history(load_reference_data())]
    assert len({type(e) for e in events}) > 5
    for event in events:
        payload = event_codec.to_payload(event)
        assert event_codec.from_payload(event.TYPE, payload) == event
        assert _general(event.TYPE, payload) == event


def test_a_payload_without_its_defaults_takes_the_general_path() -> None:
    decoded = event_codec.from_payload(
        "appointment.made",
        {"appointment_id": "A1", "person": "P1", "role": "chair", "bodies": ["QHM"]},
    )
    assert decoded == ev.AppointmentMade("A1", "P1", Role.CHAIR, ("QHM",))


def test_a_payload_with_an_unknown_field_is_still_refused() -> None:
    payload = event_codec.to_payload(ev.PersonRegistered("P1", "A"))
    payload.pop("name")
    payload["nmae"] = "A"  # as many fields as declared, but not the declared ones
    with pytest.raises(KeyError):  # as before the decoders were compiled
        event_codec.from_payload("person.registered", payload)
