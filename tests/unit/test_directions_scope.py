"""Issue 11 §4: the triple aim's individual-decision exception, s.13ZD(3) and NHS trust
financial objectives, checked on what the verdict carries (obligations absent or present)."""

from __future__ import annotations

from datetime import date
from typing import Any

from nhswiring.law.judge import judge
from nhswiring.law.verdict import Effect, Outcome, Verdict
from tests.cases_checkers import real_register


def verdict(day: date, actor: str, action: str, args: dict[str, Any], **facts: Any) -> Verdict:
    return judge(
        day=day,
        actor=actor,
        action=action,
        args=args,
        facts=facts,
        state=real_register(),
        regime_key="in-force",
    )


def test_a_decision_about_one_individual_carries_no_triple_aim_obligation() -> None:
    v = verdict(
        date(2023, 6, 1), "QHM", "take_decision", {"decision": "One patient's care"},
        about_particular_individual=True,
    )  # fmt: skip
    assert v.outcome is Outcome.LAWFUL
    assert not [o for o in v.obligations if "14Z43" in o.citation]


def test_the_verdict_says_why_the_triple_aim_does_not_apply() -> None:
    v = verdict(
        date(2023, 6, 1), "RWE", "take_decision", {"decision": "One patient's care"},
        about_particular_individual=True,
    )  # fmt: skip
    noted = [r.text for r in v.reasons if r.rule == "nhs_act_2006.triple_aim"]
    assert noted
    assert "s.26A(2)(a)" in noted[0]


def test_the_exception_is_a_note_not_a_permission() -> None:
    v = verdict(
        date(2023, 6, 1), "NHSE", "take_decision", {"decision": "One patient's care"},
        about_particular_individual=True,
    )  # fmt: skip
    effects = {r.effect for r in v.reasons if r.rule == "nhs_act_2006.triple_aim"}
    assert effects == {Effect.NOTES}


def test_other_decisions_still_carry_the_triple_aim() -> None:
    v = verdict(date(2023, 6, 1), "QHM", "take_decision", {"decision": "Area services"})
    assert [o for o in v.obligations if "14Z43" in o.citation]


def test_a_direction_about_one_individual_needs_no_triple_aim_regard() -> None:
    """NHS England's own direction about one person's services (no power to give it to an
    ICB, but the exception is read from the subject)."""
    v = verdict(date(2023, 6, 1), "NHSE", "direct", {"to": "RWE", "subject": "clinical_decision"})
    assert not [o for o in v.obligations if "13NA" in o.citation]


def test_objectives_for_all_nhs_trusts_bind_trusts_generally() -> None:
    v = verdict(date(2023, 3, 1), "NHSE", "set_financial_objectives",
                {"all_nhs_trusts": True, "year": "2023/24"})  # fmt: skip
    assert v.outcome is Outcome.LAWFUL
    assert [o for o in v.obligations if o.citation == "NHS Act 2006 Sch 5 para 2(3)"]


def test_objectives_for_named_trusts_fall_on_each_trust() -> None:
    v = verdict(date(2023, 3, 1), "NHSE", "set_financial_objectives",
                {"nhs_trusts": ["RWE", "RQW"], "year": "2023/24"})  # fmt: skip
    on = sorted(o.on or "" for o in v.obligations if o.citation.endswith("para 2(3)"))
    assert on == ["RQW", "RWE"]
