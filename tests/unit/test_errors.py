"""The project's exceptions are declared in one module, so an entry point can map every
failure the product raises on purpose, and a reader finds them all in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import nhswiring
from nhswiring.domain import errors

PACKAGE = Path(nhswiring.__file__).parent
#: Private exceptions that steer control flow and never leave their module (errors.py says why).
PRIVATE = {
    "NeedsFact",
    "SequenceRaced",
    "RequestRecorded",
    "NoSnapshotTable",
    "BadLine",
    "Recheck",
    "SignInRequired",
    "Problem",
}


def _is_exception_name(name: str) -> bool:
    declared = getattr(errors, name, None)
    return name.endswith(("Error", "Exception")) or (
        isinstance(declared, type) and issubclass(declared, BaseException)
    )


def _exception_classes() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and _is_exception_name(b.id) for b in node.bases
            ):
                found[node.name] = str(path.relative_to(PACKAGE))
    return found


def test_every_public_exception_is_declared_in_domain_errors() -> None:
    elsewhere = {
        name: where
        for name, where in _exception_classes().items()
        if where != "domain/errors.py" and name not in PRIVATE
    }
    assert not elsewhere, f"declare these in domain/errors.py: {elsewhere}"


def test_every_declared_exception_is_an_nhswiring_error() -> None:
    declared = [
        v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, BaseException)
    ]
    assert len(declared) > 20
    assert all(issubclass(e, errors.NhswiringError) for e in declared)


def test_the_private_list_names_only_classes_that_exist() -> None:
    assert set(_exception_classes()) >= PRIVATE
