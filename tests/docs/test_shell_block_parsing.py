"""The doc-block extractor reads the conventions of docs/testing-docs.md, and no more."""

from __future__ import annotations

from pathlib import Path

from tests.docs.shell_blocks import blocks, collapse, commands, output_pattern

DOC = """
```sh
# a comment
nhswiring list --kind icb \\
  --as-at 2022-07-01
nhswiring psr route X --facts '{"a": true,
  "b": false}'   # exits 2
```

```sh skip-test
make serve
```

```console
$ nhswiring list --kind icb --as-at 2012-01-01   # exits 2
error: as-at: 2012-01-01 is before
the register begins; ...
```

```yaml
name: not run
```
"""


def test_blocks_commands_exit_codes_and_skips(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(DOC, encoding="utf-8")
    found = blocks(path)
    assert [(b.language, b.runs) for b in found] == [
        ("sh", True),
        ("sh", False),
        ("console", True),
        ("yaml", False),
    ]
    sh = commands(found[0])
    assert [c.text.count("\n") for c in sh] == [1, 1]
    assert [c.exit_code for c in sh] == [0, 2]
    assert [c.line for c in sh] == [4, 6]
    (console,) = commands(found[2])
    assert console.exit_code == 2
    assert console.expected_output is not None
    pattern = output_pattern(console.expected_output)
    assert pattern.search(
        collapse("error: as-at: 2012-01-01 is before the\nregister begins; use a date")
    )
    assert not pattern.search(collapse("error: as-at: 2012-01-01 is after the register begins"))
