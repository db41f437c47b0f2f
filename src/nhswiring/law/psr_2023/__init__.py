"""The Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348), from 1
January 2024: choosing the process (reg 6) and awarding (regs 7-11, 14), the gates of every
award (regs 12, 19, 20, 21), and modifying contracts (reg 13)."""

from __future__ import annotations

from nhswiring.law.psr_2023 import award_gates, modifications, processes, urgency

RULES = (*processes.RULES, *urgency.RULES, *modifications.RULES, *award_gates.RULES)
