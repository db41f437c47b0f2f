"""The fact vocabulary: declared once, complete for what the rules read, and enforced."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nhswiring.domain.errors import InvalidInput
from nhswiring.law.facts import (
    FACTS,
    check_facts,
    check_route_facts,
    psr_route_facts,
    readers,
)
from nhswiring.service.docs import replace_psr_facts
from nhswiring.service.scenarios import parse_scenario

ROOT = Path(__file__).resolve().parents[2]
LAW = ROOT / "src" / "nhswiring" / "law"
ASKS = {"fact", "flag", "has_fact"}


def _question_names(tree: ast.Module) -> set[str]:
    """Fact names held in a module's constants for rules that ask in a loop: the keys of
    {name: question} and the names of {key: (name, question)}."""
    names: set[str] = set()
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)):
            continue
        for key, value in zip(node.value.keys, node.value.values, strict=True):
            text = ast.unparse(value)
            asks = isinstance(value, ast.Constant | ast.JoinedStr) and text.rstrip("'\"").endswith(
                "?"
            )
            if isinstance(key, ast.Constant) and asks:
                names.add(str(key.value))
            if isinstance(value, ast.Tuple) and isinstance(value.elts[0], ast.Constant):
                names.add(str(value.elts[0].value))
    return names


def names_the_rules_ask_for() -> set[str]:
    """Every fact name the law's source asks for: literal names, (name, question) constants
    passed with *, ``facts.get``/``facts[...]``, and names asked for in a loop."""
    asked: set[str] = set()
    for path in LAW.rglob("*.py"):
        if path.name in {"facts.py", "proposal.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tuples = {
            n.targets[0].id: n.value
            for n in tree.body
            if isinstance(n, ast.Assign)
            and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Tuple)
        }
        dynamic = False
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Subscript)
                and ast.unparse(node.value).endswith(".facts")
                and isinstance(node.slice, ast.Constant)
            ):
                asked.add(str(node.slice.value))
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            is_get = node.func.attr == "get" and ast.unparse(node.func.value).endswith(".facts")
            if not (node.func.attr in ASKS or is_get) or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant):
                asked.add(str(first.value))
            elif isinstance(first, ast.Starred) and isinstance(first.value, ast.Name):
                held = tuples[first.value.id].elts[0]
                assert isinstance(held, ast.Constant)
                asked.add(str(held.value))
            else:
                dynamic = True
        if dynamic:
            asked |= _question_names(tree)
    return asked


def test_every_fact_a_rule_asks_for_is_declared() -> None:
    asked = names_the_rules_ask_for()
    assert {"failure_to_discharge_functions", "urgency", "provided_for_in_contract"} <= asked
    assert asked - FACTS.keys() == set(), "declare these in nhswiring/law/facts.py"


def test_every_declared_fact_is_read() -> None:
    unread = [n for n, actions in readers().items() if not actions and not FACTS[n].case_use]
    assert unread == []


def test_readers_are_derived_from_the_rules() -> None:
    read = readers()
    assert read["failure_to_discharge_functions"] == {"direct"}
    assert read["local_authority_referral"] == {"call_in"}
    assert {"award_contract", "modify_contract"} <= read["existing_lifetime_value"]
    assert read["cumulative_change"] == {"modify_contract"}
    route = {f.name for f in psr_route_facts()}
    assert {"existing_provider_satisfactory", "urgency", "call_off"} <= route
    assert "only_provider_capable" not in route
    assert "cumulative_change" not in route


@pytest.mark.parametrize(
    ("facts", "field", "words"),
    [
        (
            {"failure_to_discharge_function": True},
            "facts.failure_to_discharge_function",
            "failure_to_discharge_functions",
        ),
        ({"emergency": "yes"}, "facts.emergency", "true or false"),
        ({"existing_lifetime_value": -1}, "facts.existing_lifetime_value", "zero or more"),
        ({"existing_lifetime_value": True}, "facts.existing_lifetime_value", "pounds"),
        ({"cumulative_change": "lots"}, "facts.cumulative_change", "up or down"),
    ],
)
def test_bad_facts_are_refused_naming_the_fact(
    facts: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_facts(facts, ["direct"])
    assert raised.value.field == field
    assert words in str(raised.value)
    assert "\n" not in str(raised.value)


def test_good_facts_pass_and_unread_ones_are_returned() -> None:
    given = {
        "failure_to_discharge_functions": True,
        "urgency": False,
        "cumulative_change": "-100000",
        "emergency": None,
    }
    assert check_facts(given, ["direct"]) == ("urgency", "cumulative_change")
    assert check_facts({"existing_lifetime_value": "11000000"}, ["award_contract"]) == ()
    assert check_route_facts({"existing_provider": True, "substantial": False}) == ("substantial",)
    assert check_route_facts({"call_off": True}) == ()


def test_a_scenario_step_with_an_unknown_fact_is_refused() -> None:
    data = {
        "name": "x",
        "start": "2019-06-01",
        "steps": [
            {
                "date": "2019-06-01",
                "actor": "SOS",
                "action": "direct",
                "args": {"to": "NHSE", "subject": "general"},
                "facts": {"failure_to_dischage_functions": True},
            }
        ],
    }
    with pytest.raises(InvalidInput) as raised:
        parse_scenario(data, "s.yaml")
    assert raised.value.field == "s.yaml: steps.0.facts.failure_to_dischage_functions"
    assert "failure_to_discharge_functions" in str(raised.value)


def test_docs_psr_md_lists_the_current_route_facts() -> None:
    text = (ROOT / "docs" / "psr.md").read_text(encoding="utf-8")
    assert replace_psr_facts(text) == text, "docs/psr.md is stale: run `nhswiring docs --write`"
    for f in psr_route_facts():
        assert f"| `{f.name}` |" in text
