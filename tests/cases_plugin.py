"""Collect legal and register cases written as YAML data files, like OpenFisca's tests.

Each file under tests/cases holds a list of cases; each case names its ``source`` (where the
expected answer comes from) and is run by the checker registered for the file's ``kind`` in
tests/cases_checkers.py. A case without a source fails: an expectation nobody can trace is
not evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix in {".yaml", ".yml"} and "cases" in file_path.parts:
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        document = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        kind = document["kind"]
        for i, case in enumerate(document["cases"]):
            name = case.get("name", f"case {i}")
            yield CaseItem.from_parent(self, name=name, kind=kind, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, kind: str, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self.case = case

    def runtest(self) -> None:
        from tests.cases_checkers import CHECKERS

        if not self.case.get("source"):
            raise AssertionError(f"case {self.name!r} has no source: say where the answer is from")
        check = CHECKERS.get(self.kind)
        if check is None:
            raise AssertionError(f"no checker for case kind {self.kind!r}")
        check(self.case)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.kind}: {self.name}"
