"""The PSR's money thresholds as properties, over any values: the reg 13 limits on an
authority's own modifications and the reg 13(4) notice, and the reg 6(10) considerable-change
test that closes Direct Award C."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from nhswiring.domain.register import Register
from nhswiring.law.judge import judge
from nhswiring.law.verdict import Outcome

DAY = date(2025, 6, 2)
POUNDS = st.integers(min_value=0, max_value=60_000_000).map(Decimal)
HALF_MILLION = Decimal(500_000)


def _modify(register: Register, original: Decimal, cumulative: Decimal, **facts: Any) -> Any:
    return judge(
        day=DAY,
        actor="QHM",
        action="modify_contract",
        args={
            "contract": "C1",
            "lifetime_value_change": str(cumulative),
            "reason": "authority_decision",
        },
        facts={
            "existing_lifetime_value": str(original),
            "cumulative_change": str(cumulative),
            "materially_different": False,
            **facts,
        },
        state=register,
    )


@given(original=POUNDS, cumulative=st.integers(-60_000_000, 60_000_000).map(Decimal))
def test_an_authority_modification_is_limited_by_both_limbs(
    register: Register, original: Decimal, cumulative: Decimal
) -> None:
    verdict = _modify(register, original, cumulative)
    size = abs(cumulative)
    considerable = size >= HALF_MILLION and (original == 0 or size >= original / 4)
    assert (verdict.outcome is Outcome.UNLAWFUL) is considerable
    if not considerable:
        needs_notice = any(
            "Schedule 12" in o.text or "notice" in o.text for o in verdict.obligations
        )
        assert needs_notice is (size >= HALF_MILLION)


@given(original=POUNDS, cumulative=st.integers(0, 200_000_000).map(Decimal))
def test_direct_award_a_and_b_contracts_have_no_value_limit(
    register: Register, original: Decimal, cumulative: Decimal
) -> None:
    verdict = _modify(register, original, cumulative, awarded_by_direct_award_a_or_b=True)
    assert verdict.outcome is Outcome.LAWFUL


@given(existing=POUNDS, new=POUNDS)
def test_considerable_change_closes_direct_award_c(
    register: Register, existing: Decimal, new: Decimal
) -> None:
    verdict = judge(
        day=DAY,
        actor="QHM",
        action="award_contract",
        args={
            "commissioner": "QHM",
            "provider": "RTD",
            "service": "community nursing",
            "lifetime_value": str(new),
            "start": "2025-10-01",
            "process": "direct_award_c",
        },
        facts={
            "existing_provider": True,
            "only_existing_provider_capable": False,
            "patients_offered_choice": False,
            "existing_contract_expiring": True,
            "materially_different": False,
            "change_attributable_to_authority": True,
            "existing_lifetime_value": str(existing),
            "existing_provider_satisfactory": True,
        },
        state=register,
    )
    rise = new - existing
    considerable = rise >= HALF_MILLION and (existing == 0 or rise >= existing / 4)
    assert (verdict.outcome is Outcome.LAWFUL) is not considerable
