"""Who set the prices, and was it lawful: every national tariff and NHS Payment Scheme in the
register's history (``price_publications.csv``), each judged by the law of its date.

A publication the table records as not made (the 2015/16 tariff proposals, blocked by
providers' objections) is listed with the reason and not judged: there is no act to judge.
"""

from __future__ import annotations

from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import FinancialYear
from nhswiring.domain.register import Register
from nhswiring.law.judge import judge
from nhswiring.reference.price_publications import TABLE, price_publications
from nhswiring.reference.tables import load_table

JsonDict = dict[str, Any]


def edition_years(edition: str) -> tuple[FinancialYear, ...]:
    """The financial years an edition covers: "2017/19" is 2017/18 and 2018/19."""
    first, last = int(edition[:4]), 2000 + int(edition[5:7])
    return tuple(FinancialYear(y) for y in range(first, max(first + 1, last)))


def prices_json(register: Register, year: FinancialYear | None = None) -> JsonDict:
    """Every publication (for ``year``, the editions that cover it), with its verdict."""
    judged = {p.publication_id: p for p in price_publications()}
    rows: list[JsonDict] = []
    for row in load_table(TABLE).rows:
        if year is not None and year not in edition_years(row["edition"]):
            continue
        out: JsonDict = {
            "publication": row["publication_id"],
            "action": row["action"],
            "publisher": row["publisher"],
            "edition": row["edition"],
            "amendment": row["amendment"] == "yes",
            "date": row["date"] or None,
            "date_basis": row["date_basis"] or None,
            "effective_from": row["effective_from"] or None,
            "consultation": {
                "opened": row["consultation_opened"] or None,
                "closed": row["consultation_closed"] or None,
            },
            "objections": {
                "finding": row["objections"] or None,
                "commissioners_percent": row["commissioner_objection_percent"] or None,
                "providers_percent": row["provider_objection_percent"] or None,
                "share_of_supply_percent": row["share_of_supply_objection_percent"] or None,
            },
            "made": row["loaded"] == "yes",
            "summary": row["summary"],
            "source": {"title": row["source_title"], "url": row["source_url"]},
            "confirmed": row["confirmed"] or None,
            "verdict": None,
        }
        publication = judged.get(row["publication_id"])
        if publication is not None:
            try:
                verdict = judge(
                    day=publication.day,
                    actor=publication.publisher,
                    action=publication.action,
                    args=publication.args,
                    facts=publication.facts,
                    state=register,
                )
            except InvalidInput as exc:  # a register without the publisher (a bare test one)
                out["not_judged"] = str(exc)
                rows.append(out)
                continue
            out["verdict"] = {
                "outcome": verdict.outcome.value,
                "regime": verdict.regime,
                "citations": list(dict.fromkeys(r.citation for r in verdict.deciding())),
            }
        rows.append(out)
    return {"year": year.label if year else None, "publications": rows}
