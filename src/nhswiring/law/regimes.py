"""Which body of law governs a date. (The rules of each regime arrive with the law issue; the
keys and their in-force dates are fixed here because every ledger entry records one.)"""

from __future__ import annotations

from datetime import date

HSCA_2012 = "hsca2012"
HCA_2022 = "hca2022"

HSCA_2012_START = date(2013, 4, 1)
HCA_2022_START = date(2022, 7, 1)


def regime_key_in_force(day: date) -> str | None:
    """The real regime on ``day``; None before the 2012 Act's system began (1 April 2013)."""
    if day < HSCA_2012_START:
        return None
    return HSCA_2012 if day < HCA_2022_START else HCA_2022
