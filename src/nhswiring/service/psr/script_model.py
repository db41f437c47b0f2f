"""The case script format: what a YAML case script may say (see docs/psr.md)."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.limits import MONEY_MAX, TEXT_MAX
from nhswiring.domain.people import Role
from nhswiring.service.yaml_files import read_yaml

StepName = Literal[
    "open", "route", "assess", "conflicts", "notice", "represent", "decide", "award",
    "modify", "abandon", "request_information", "give_information", "refer", "advice",
    "record", "summary", "monitoring",
]  # fmt: skip


class _Strict(BaseModel):
    # Bounded text (domain/limits.py): a script's strings are codes, names or short texts.
    model_config = ConfigDict(extra="forbid", str_max_length=TEXT_MAX)


class ProviderSetup(_Strict):
    """An independent (non-NHS) provider the register does not hold: a company, a charity,
    a GP partnership; recorded as a body of kind ``independent_provider``."""

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$")
    name: str


class ContractSetup(_Strict):
    id: str
    commissioner: str
    provider: str
    service: str
    value: Decimal = Field(ge=0, le=MONEY_MAX)
    start: date
    end: date | None = None


class AppointmentSetup(_Strict):
    id: str
    person: str
    role: Role
    bodies: list[str]


class InterestSetup(_Strict):
    id: str
    person: str
    organisation: str
    nature: str


class Setup(_Strict):
    date: dt.date
    people: dict[str, str] = Field(default_factory=dict)
    providers: list[ProviderSetup] = Field(default_factory=list)
    contracts: list[ContractSetup] = Field(default_factory=list)
    appointments: list[AppointmentSetup] = Field(default_factory=list)
    interests: list[InterestSetup] = Field(default_factory=list)


class ScriptStep(_Strict):
    step: StepName
    date: dt.date | None = None
    by: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    expect: Literal["ok", "refused"] = "ok"
    expect_message: list[str] = Field(default_factory=list)
    expect_state: dict[str, Any] = Field(default_factory=dict)


class CaseScript(_Strict):
    name: str
    source: str
    case: str
    authority: str
    setup: Setup | None = None
    steps: list[ScriptStep]


class StepOutcome(BaseModel):
    index: int
    step: str
    date: str | None
    outcome: Literal["ok", "refused"]
    message: str
    failures: list[str]


def load_script(path: Path) -> CaseScript:
    try:
        return CaseScript.model_validate(read_yaml(path, "case script"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(where or "script", first["msg"], f"fix {path.name}") from None


#: Step arguments that are dates.
DATE_ARGS = ("start", "end", "new_end", "takes_effect")
