"""Output files named on the command line, checked before any work is done: a report that
cannot be written should say so at once, not after the work, and not after writing half of
what was asked (the HTML written, the PDF not)."""

from __future__ import annotations

from pathlib import Path

from nhswiring.domain.errors import InvalidInput


def output_file(path: Path | None, option: str) -> Path | None:
    """``path`` if a file can be written there: its folder exists and it is not a folder."""
    if path is None:
        return None
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(
            option,
            f"the folder {folder} does not exist" if not folder.exists() else f"{folder} is a file",
            "create the folder first, or write somewhere else",
        )
    if path.is_dir():
        raise InvalidInput(option, f"{path} is a folder", "give a file name, e.g. report.csv")
    return path


def output_folder(path: Path, option: str) -> Path:
    """``path`` if it is an existing folder."""
    if not path.is_dir():
        raise InvalidInput(option, f"{path} is not a folder", "give an existing folder")
    return path
