"""Compare regimes: one scenario (shipped, or pasted as YAML) run under two bodies of law,
side by side, with the steps whose outcome or obligations differ marked. The runs are
``service.compare.compare``'s, exactly as the CLI's `nhswiring compare`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

import nhswiring
from nhswiring.domain.errors import InvalidInput
from nhswiring.law.regimes import IN_FORCE, regime
from nhswiring.service.compare import Comparison, compare
from nhswiring.service.scenarios import Scenario, load_scenario, parse_scenario
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages.law import OUTCOME_COLOURS, regime_options
from nhswiring.web.templating import render

router = APIRouter(include_in_schema=False)


# --- /compare -------------------------------------------------------------------------------


def scenario_folder() -> Path | None:
    """The shipped claim scenarios: in the repository beside the package (an editable install
    or a checkout), else under the working directory; None when neither has them."""
    package_root = Path(nhswiring.__file__).resolve().parents[2]
    for base in (package_root, Path.cwd()):
        folder = base / "scenarios" / "claims"
        if folder.is_dir():
            return folder
    return None


def shipped_scenarios() -> dict[str, Path]:
    folder = scenario_folder()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder else {}


def _compare_context(scenario: str, a: str, b: str) -> dict[str, Any]:
    shipped = shipped_scenarios()
    return {
        "active": "compare",
        "crumbs": [{"href": "/", "text": "Home"}],
        "scenarios": [{"value": "", "text": "Choose a scenario", "selected": not scenario}]
        + [{"value": k, "text": k, "selected": k == scenario} for k in shipped],
        "regimes_a": regime_options(a or "hsca2012"),
        "regimes_b": regime_options(b or "hca2022"),
        "params": {"scenario": scenario, "a": a, "b": b},
    }


def _check_regimes(a: str, b: str, errors: FormErrors) -> None:
    for field_id, key in (("a", a), ("b", b)):
        if key != IN_FORCE:
            try:
                regime(key)
            except InvalidInput as exc:
                errors.add(field_id, f"{exc.problem}; {exc.accepted}")


def _comparison_rows(comparison: Comparison) -> list[dict[str, Any]]:
    rows = []
    for step in comparison.steps:
        only_a, only_b = step.deciding_rules()
        needs_a, needs_b = step.requirements()
        cites_a = {r.rule: r.citation for r in step.a.reasons}
        cites_b = {r.rule: r.citation for r in step.b.reasons}
        rows.append(
            {
                "index": step.index,
                "date": step.a.day,
                "actor": step.a.actor,
                "action": step.a.action.replace("_", " "),
                "differs": step.differs,
                "outcome_differs": step.outcome_differs,
                "a": {
                    "regime": step.a.regime,
                    "outcome": step.a.outcome.value,
                    "colour": OUTCOME_COLOURS[step.a.outcome.value],
                    "rules": [{"id": r, "citation": cites_a.get(r, "")} for r in only_a],
                    "deciding": [r.to_json() for r in step.a.deciding()],
                    "requires": needs_a,
                },
                "b": {
                    "regime": step.b.regime,
                    "outcome": step.b.outcome.value,
                    "colour": OUTCOME_COLOURS[step.b.outcome.value],
                    "rules": [{"id": r, "citation": cites_b.get(r, "")} for r in only_b],
                    "deciding": [r.to_json() for r in step.b.deciding()],
                    "requires": needs_b,
                },
            }
        )
    return rows


def _render_comparison(
    request: Request, context: dict[str, Any], scenario: Scenario, a: str, b: str
) -> Response:
    errors = FormErrors()
    try:
        comparison = compare(scenario, a, b)
    except InvalidInput as exc:
        field_id = "yaml" if context.get("pasted") else "scenario"
        errors.add(field_id, f"the scenario cannot be run: {exc}")
        return render(request, "check/compare.html", context | errors.context(), status_code=422)
    rows = _comparison_rows(comparison)
    context |= {
        "scenario": scenario,
        "rows": rows,
        "differences": sum(1 for r in rows if r["differs"]),
        "label_a": a,
        "label_b": b,
    }
    return render(request, "check/compare.html", context)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, scenario: str = "", a: str = "", b: str = "") -> Response:
    scenario, a, b = scenario.strip(), a.strip(), b.strip()
    context = _compare_context(scenario, a, b)
    if not scenario:
        return render(request, "check/compare.html", context)
    errors = FormErrors()
    path = shipped_scenarios().get(scenario)
    if path is None:
        errors.add("scenario", f"{scenario!r} is not a shipped scenario; choose one from the list")
    a, b = a or "hsca2012", b or "hca2022"
    _check_regimes(a, b, errors)
    if errors:
        return render(request, "check/compare.html", context | errors.context(), status_code=422)
    assert path is not None
    return _render_comparison(request, context, load_scenario(path), a, b)


@router.post("/compare", response_class=HTMLResponse)
def compare_pasted(
    request: Request,
    scenario_yaml: str = Form("", alias="yaml"),
    a: str = Form(""),
    b: str = Form(""),
) -> Response:
    a, b = a.strip() or "hsca2012", b.strip() or "hca2022"
    context = _compare_context("", a, b) | {"pasted": True, "yaml": scenario_yaml}
    errors = FormErrors()
    data: Any = None
    if not scenario_yaml.strip():
        errors.add("yaml", "Paste a scenario in YAML")
    else:
        try:
            data = yaml.safe_load(scenario_yaml)
        except yaml.YAMLError as exc:
            errors.add("yaml", f"The scenario is not valid YAML ({exc})")
    _check_regimes(a, b, errors)
    parsed = None
    if not errors:
        try:
            parsed = parse_scenario(data, "scenario")
        except InvalidInput as exc:
            errors.add("yaml", f"{exc.field}: {exc.problem}; {exc.accepted}")
    if errors or parsed is None:
        return render(request, "check/compare.html", context | errors.context(), status_code=422)
    return _render_comparison(request, context, parsed, a, b)


# --- /law -----------------------------------------------------------------------------------
