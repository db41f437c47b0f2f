"""Every shell command in the README and docs runs as written, in order, on a fresh database.

Each Markdown file's commands run in one ``bash`` process (so a variable set by one command
is there for the next), in a directory of its own holding a copy of a database with the real
register recorded (what `nhswiring init` leaves) as ``nhswiring.db``, the project's
``scenarios/`` and an empty ``docs/``. The files run in parallel. Conventions:
``tests/docs/shell_blocks.py`` and ``docs/testing-docs.md``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.docs.shell_blocks import Command, blocks, collapse, commands, output_pattern

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
MARK = "@@nhswiring-doc-test@@"
#: Seconds for one file's commands together (the README's take about 80 s on an idle machine);
#: a command still running then is reported as not finished.
TIMEOUT = 600


def doc_commands(path: Path) -> list[Command]:
    return [c for b in blocks(path) if b.runs for c in commands(b)]


@dataclass(frozen=True, slots=True)
class Ran:
    command: Command
    exit_code: int
    stdout: str
    stderr: str


def _script(cmds: list[Command]) -> str:
    lines = ["set +e"]
    for i, c in enumerate(cmds):
        lines += [
            f"printf '%s\\n' '{MARK} {i}'; printf '%s\\n' '{MARK} {i}' >&2",
            c.text,
            f"printf '\\n{MARK} rc %s\\n' \"$?\"",
        ]
    return "\n".join(lines) + "\n"


def _split(text: str, count: int) -> list[str]:
    parts = re.split(rf"^{re.escape(MARK)} (\d+)$", text, flags=re.MULTILINE)
    out = [""] * count
    for index, chunk in zip(parts[1::2], parts[2::2], strict=True):
        out[int(index)] = chunk
    return out


def run_doc(path: Path, database: Path, workdir: Path) -> list[Ran]:
    cmds = doc_commands(path)
    workdir.mkdir(parents=True)
    shutil.copy(database, workdir / "nhswiring.db")
    (workdir / "scenarios").symlink_to(ROOT / "scenarios")
    (workdir / "docs").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHSWIRING_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # A session of its own, so that on a timeout every process it started is ended with it.
    with subprocess.Popen(
        ["bash", "-c", _script(cmds)],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
    outs, errs = _split(stdout, len(cmds)), _split(stderr, len(cmds))
    ran = []
    for i, c in enumerate(cmds):
        codes = re.findall(rf"^{re.escape(MARK)} rc (\d+)$", outs[i], flags=re.MULTILINE)
        stdout = re.sub(rf"\n?{re.escape(MARK)} rc \d+\n?", "", outs[i])
        ran.append(Ran(c, int(codes[0]) if codes else -1, stdout, errs[i]))
    return ran


@pytest.fixture(scope="module")
def ran(
    loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[Path, list[Ran]]]:
    database = Path(loaded_sqlite_url.removeprefix("sqlite:///"))
    base = tmp_path_factory.mktemp("docs")
    with_commands = [p for p in DOCS if doc_commands(p)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(
            lambda p: run_doc(p, database, base / p.relative_to(ROOT).as_posix().replace("/", "-")),
            with_commands,
        )
        yield dict(zip(with_commands, results, strict=True))


def _failure(r: Ran, problem: str) -> str:
    return (
        f"{r.command.where}: {problem}\n$ {r.command.text}\n--- stdout\n{r.stdout[-3000:]}"
        f"\n--- stderr\n{r.stderr[-3000:]}\n(make it runnable as written, annotate its exit "
        "code with `# exits N`, or mark the block ```sh skip-test: docs/testing-docs.md)"
    )


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_shell_command_runs_as_written(path: Path, ran: dict[Path, list[Ran]]) -> None:
    problems = []
    for r in ran.get(path, []):
        if r.exit_code == -1:
            problems.append(
                _failure(r, f"did not finish: the file's commands ran over {TIMEOUT} s")
            )
        elif r.exit_code != r.command.exit_code:
            problems.append(_failure(r, f"exit code {r.exit_code}, expected {r.command.exit_code}"))
        elif r.command.expected_output and not output_pattern(r.command.expected_output).search(
            collapse(r.stdout + "\n" + r.stderr)
        ):
            problems.append(
                _failure(r, f"output differs from the doc:\n{r.command.expected_output}")
            )
        elif "Traceback (most recent call last)" in r.stderr:
            problems.append(_failure(r, "printed a traceback"))
    assert not problems, "\n\n".join(problems)
