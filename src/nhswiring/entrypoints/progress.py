"""A Rich progress bar for long loads, as a ``Progress`` callback for the service layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from nhswiring.entrypoints.render import errors


@contextmanager
def loading_bar(label: str = "recording the register") -> Iterator[Callable[[int, int], None]]:
    """The bar appears with the first progress reported, not before: a database that cannot
    be opened fails before any, and its error stays the only line on stderr."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=False,
    )
    tasks: list[TaskID] = []

    def update(done: int, total: int) -> None:
        if not tasks:
            bar.start()
            tasks.append(bar.add_task(label, total=total))
        bar.update(tasks[0], completed=done, total=total)

    try:
        yield update
    finally:
        if tasks:
            bar.stop()
