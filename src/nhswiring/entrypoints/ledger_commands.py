"""`verify`, `keys create`, `checkpoint`, `backup`, `export` and `import`: keeping the ledger
honest and keeping copies of it that restore."""

from __future__ import annotations

import json as jsonlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from nhswiring.domain.errors import CheckpointUnreadable, InvalidInput
from nhswiring.entrypoints import render
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.ledger import checkpoints as cp
from nhswiring.service import backup as backups
from nhswiring.service.integrity import (
    Verification,
    check_signatures,
    take_checkpoint,
    verify_ledger,
)
from nhswiring.service.signing import create_key_pair, load_private_key, load_public_key
from nhswiring.service.system import System
from nhswiring.service.unit_of_work import UnitOfWork

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]

keys = typer.Typer(help="Ed25519 keys for signing ledger checkpoints.", no_args_is_help=True)

NOT_ORIGIN = (
    "checked against the key the checkpoint carries: this proves it was not altered since it "
    "was signed, not who signed it; give --public-key to prove that"
)


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.add_typer(keys, name="keys")
    app.command()(checkpoint)
    app.command()(backup)
    app.command("export")(export)
    app.command("import")(import_)


def verify(
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            help="A signed checkpoint file: prove the ledger still holds its head and has only "
            "grown since. Repeat for several.",
        ),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="The signer's public key (.pub), to prove origin."),
    ] = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Recompute the hash chain and the subject index; check signed checkpoints.

    With --checkpoint, also prove the ledger still holds each checkpoint's head and has only
    grown since. Exit 1 on the first thing wrong."""
    trusted = load_public_key(public_key, "--public-key") if public_key else None
    signed = check_signatures([(str(p), _read_checkpoint(p)) for p in checkpoint or []], trusted)
    report = System.connect(database).verify(signed)
    if json:
        render.emit_json(report.to_json())
    else:
        _print_verification(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_verification(report: Verification) -> None:
    if not report.chain.ok:
        render.error_line(f"ledger broken at entry {report.first_broken}: {report.reason}")
        return
    if not report.index.ok:
        render.error_line(f"ledger {report.index.reason}")
        return
    render.console.print(
        f"ledger verified: {report.checked:,} entries, head {report.head_hash}; subject index "
        f"matches ({report.index.rows:,} rows)",
        highlight=False,
        soft_wrap=True,
    )
    for result in report.checkpoints:
        signed = f"checkpoint {result.source} (signed by {result.signature.fingerprint})"
        if not result.ok:
            render.error_line(
                f"{signed}: {result.consistency.outcome}: {result.consistency.detail}"
            )
            continue
        render.console.print(
            f"{signed}: {result.consistency.detail}", highlight=False, soft_wrap=True
        )
        if not result.signature.origin_proven:
            render.console.print(f"  note: {NOT_ORIGIN}", highlight=False, soft_wrap=True)


def _read_checkpoint(path: Path) -> cp.Checkpoint:
    try:
        data = jsonlib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(
            "--checkpoint", f"cannot read {path} ({exc.strerror or exc})", "give a file's path"
        ) from None
    except (jsonlib.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput(
            "--checkpoint", f"{path} is not JSON", "give a file `nhswiring checkpoint` wrote"
        ) from None
    try:
        return cp.parse(data)
    except CheckpointUnreadable as exc:
        raise InvalidInput(
            "--checkpoint",
            f"{path} is not a checkpoint: {exc}",
            "give a file `nhswiring checkpoint` wrote",
        ) from None


@keys.command("create")
def create_key(
    out: Annotated[Path, typer.Option("--out", help="The private key file to write (PEM).")],
) -> None:
    """Make a signing key: OUT (private, mode 0600) and OUT.pub (public).

    Give OUT.pub to whoever will check your checkpoints."""
    public, fingerprint = create_key_pair(out)
    render.console.print(
        f"wrote private key {out} (mode 0600) and public key {public}; fingerprint "
        f"{fingerprint}. Keep {out} where the database's administrators cannot read it.",
        highlight=False,
        soft_wrap=True,
    )


def checkpoint(
    key: Annotated[Path, typer.Option("--key", help="The private key file to sign with.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the checkpoint here (default stdout).")
    ] = None,
    database: DatabaseOpt = None,
) -> None:
    """Verify the ledger, then sign its head as a JSON checkpoint.

    Keep it where the database's administrators cannot rewrite it, for `nhswiring verify
    --checkpoint` later."""
    private = load_private_key(key, "--key")
    system = System.connect(database)
    system.require_loaded()
    with UnitOfWork(system.engine) as uow:
        signed = take_checkpoint(uow, private, verify_ledger(uow))
    text = jsonlib.dumps(signed.to_json(), indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    _write_whole(out, iter([text]), "--out")
    render.console.print(
        f"checkpoint of entry {signed.seq} (head {signed.head_hash}) signed by "
        f"{signed.key_fingerprint}, written to {out}",
        highlight=False,
        soft_wrap=True,
    )


def backup(
    file: Annotated[Path, typer.Argument(help="The copy to write, e.g. nhswiring-backup.db.")],
    force: ForceOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Copy the SQLite database safely while in use, and check the copy's head.

    Uses SQLite's online backup. For PostgreSQL use pg_dump (docs/architecture.md)."""
    head = backups.backup_sqlite(System.connect(database), file, force=force)
    render.console.print(
        f"backed up to {file}; its head is entry {head}", highlight=False, soft_wrap=True
    )


def export(
    jsonl: Annotated[
        str, typer.Option("--jsonl", help="The file to write, or - for stdout.", metavar="FILE")
    ],
    force: ForceOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Write every ledger entry as JSON lines, oldest first, for `import`.

    Every column and the entry's subjects, one JSON object a line: a copy any database can
    import and anyone can check. Accounts (users, tokens) are not included."""
    lines = backups.export_jsonl(System.connect(database))
    if jsonl == "-":
        sys.stdout.writelines(lines)
        return
    target = Path(jsonl)
    if target.exists() and not force:
        raise InvalidInput(
            "--jsonl", f"{target} already exists", "choose a new file name, or add --force"
        )
    count, last = _write_whole(target, lines, "--jsonl")
    head = jsonlib.loads(last)["hash"] if last else "none"
    render.console.print(
        f"exported {count:,} entries to {target}; head {count} {head}",
        highlight=False,
        soft_wrap=True,
    )


def import_(
    jsonl: Annotated[
        str, typer.Option("--jsonl", help="A file `export` wrote, or - for stdin.", metavar="FILE")
    ],
    database: DatabaseOpt = None,
) -> None:
    """Load an export into an empty database, verifying every entry.

    Each line's hash and link are checked as it is read (a bad line means nothing is
    written), then the whole ledger is verified and its head printed."""
    system = System.connect(database)
    if jsonl == "-":
        head = backups.import_jsonl(system, sys.stdin)
    else:
        with _open_lines(Path(jsonl)) as lines:
            head = backups.import_jsonl(system, lines)
    render.console.print(
        f"imported and verified {head.seq:,} entries; head {head}", highlight=False, soft_wrap=True
    )


def _open_lines(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            "--jsonl", f"cannot read {path} ({exc.strerror or exc})", "give a file's path"
        ) from None


def _write_whole(target: Path, chunks: Iterator[str], field: str) -> tuple[int, str]:
    """Write to ``target`` via a temporary file beside it, renamed only when complete, so a
    failure half way never leaves a truncated copy under the real name. Returns how many
    chunks were written and the last."""
    partial = target.with_name(target.name + ".partial")
    count, last = 0, ""
    try:
        with partial.open("w", encoding="utf-8") as file:
            for chunk in chunks:
                file.write(chunk)
                count, last = count + 1, chunk
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            field, f"cannot write {target} ({exc.strerror or exc})", "choose a writable path"
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return count, last
