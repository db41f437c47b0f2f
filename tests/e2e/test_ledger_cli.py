"""`verify`, `keys create`, `checkpoint`, `backup`, `export` and `import` as users run them, and
the SQLite hygiene every command keeps: no empty files from reads, no log left behind."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from nhswiring.ledger.database import make_engine, migrate
from tests.e2e.test_law_cli import cli
from tests.integration.small_ledger import SIZE, build, disable_guards, more, rewrite_and_rehash

Capture = pytest.CaptureFixture[str]
run = cli  # the command line in process, as a user runs it


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A small SQLite ledger; the URL, for --database."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = make_engine(url)
    migrate(engine)
    build(engine)
    engine.dispose()
    return url


@pytest.fixture
def key(tmp_path: Path, capsys: Capture) -> Path:
    path = tmp_path / "signing.pem"
    code, out, _ = run(capsys, "keys", "create", "--out", str(path))
    assert code == 0
    assert "fingerprint sha256:" in out
    return path


def test_keys_create_writes_a_private_key_only_its_owner_can_read(
    key: Path, capsys: Capture
) -> None:
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert Path(f"{key}.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    code, _, err = run(capsys, "keys", "create", "--out", str(key))
    assert code == 2
    assert "already exists" in err


def test_checkpoint_then_verify_reports_growth(
    db: str, key: Path, tmp_path: Path, capsys: Capture
) -> None:
    saved = tmp_path / "checkpoint.json"
    code, out, err = run(
        capsys, "checkpoint", "--key", str(key), "--out", str(saved), "--database", db
    )
    assert code == 0, err
    assert f"checkpoint of entry {SIZE}" in out
    code, out, _ = run(capsys, "checkpoint", "--key", str(key), "--database", db)
    assert json.loads(out)["seq"] == SIZE  # to stdout without --out
    engine = make_engine(db)
    from nhswiring.service.system import System

    more(System(engine), 2)
    engine.dispose()
    code, out, _ = run(capsys, "verify", "--checkpoint", str(saved), "--database", db)
    assert code == 0
    assert "grown by 2 entries since" in out
    assert "not who signed it" in out  # no --public-key: integrity, not origin
    code, out, _ = run(
        capsys,
        "verify",
        "--checkpoint",
        str(saved),
        "--public-key",
        f"{key}.pub",
        "--json",
        "--database",
        db,
    )
    data = json.loads(out)
    assert data["ok"] is True
    assert data["checkpoints"][0]["origin_proven"] is True
    assert data["checkpoints"][0]["grown_by"] == 2


def test_verify_with_a_checkpoint_catches_a_rehashed_rewrite(
    db: str, key: Path, tmp_path: Path, capsys: Capture
) -> None:
    saved = tmp_path / "checkpoint.json"
    run(capsys, "checkpoint", "--key", str(key), "--out", str(saved), "--database", db)
    engine = make_engine(db)
    disable_guards(engine)
    rewrite_and_rehash(engine, 5, "A Forged Name ICB")
    engine.dispose()
    assert run(capsys, "verify", "--database", db)[0] == 0
    code, _, err = run(capsys, "verify", "--checkpoint", str(saved), "--database", db)
    assert code == 1
    assert "rewritten" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("tamper", "code", "message"),
    [
        (lambda d: d.update(seq=d["seq"] - 1), 1, "does not match its contents (altered)"),
        (lambda d: d.update(signature="A" * 88), 1, "not genuine"),
        (lambda d: d.pop("head_hash"), 2, "'head_hash' is missing"),
    ],
)
def test_a_tampered_checkpoint_file_is_one_line_and_an_exit_code(
    db: str, key: Path, tmp_path: Path, capsys: Capture, tamper: object, code: int, message: str
) -> None:
    saved = tmp_path / "checkpoint.json"
    run(capsys, "checkpoint", "--key", str(key), "--out", str(saved), "--database", db)
    data = json.loads(saved.read_text())
    tamper(data)  # type: ignore[operator]
    saved.write_text(json.dumps(data))
    got, out, err = run(capsys, "verify", "--checkpoint", str(saved), "--database", db)
    assert (got, out) == (code, "")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_a_checkpoint_from_another_key_fails_against_the_trusted_one(
    db: str, key: Path, tmp_path: Path, capsys: Capture
) -> None:
    other = tmp_path / "other.pem"
    run(capsys, "keys", "create", "--out", str(other))
    saved = tmp_path / "checkpoint.json"
    run(capsys, "checkpoint", "--key", str(other), "--out", str(saved), "--database", db)
    code, _, err = run(
        capsys, "verify", "--checkpoint", str(saved), "--public-key", f"{key}.pub", "--database", db
    )
    assert code == 1
    assert "not by the public key given" in err


def test_verify_fails_on_a_deleted_subject_row_and_json_says_so(db: str, capsys: Capture) -> None:
    engine = make_engine(db)
    disable_guards(engine)
    with engine.begin() as c:
        c.execute(text("DELETE FROM ledger_subject WHERE seq = 2"))
    engine.dispose()
    code, _, err = run(capsys, "verify", "--database", db)
    assert code == 1
    assert "subject index wrong at entry 2" in err
    code, out, _ = run(capsys, "verify", "--json", "--database", db)
    data = json.loads(out)
    assert code == 1
    assert data["ok"] is False
    assert data["subject_index"]["first_seq"] == 2
    assert data["subject_index"]["missing"] == 2


def test_export_import_and_backup_from_the_command_line(
    db: str, tmp_path: Path, capsys: Capture
) -> None:
    exported = tmp_path / "ledger.jsonl"
    code, out, err = run(capsys, "export", "--jsonl", str(exported), "--database", db)
    assert code == 0, err
    head = json.loads(exported.read_text().splitlines()[-1])["hash"]
    assert f"head {SIZE} {head}" in out
    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    code, out, err = run(capsys, "import", "--jsonl", str(exported), "--database", restored)
    assert code == 0, err
    assert f"head {SIZE} {head}" in out
    code, _, err = run(capsys, "import", "--jsonl", str(exported), "--database", restored)
    assert code == 2
    assert "already holds a ledger" in err
    code, out, _ = run(capsys, "export", "--jsonl", "-", "--database", restored)
    assert out == exported.read_text()
    code, out, _ = run(capsys, "backup", str(tmp_path / "copy.db"), "--database", db)
    assert code == 0
    assert f"its head is entry {SIZE} {head}" in out
    code, _, err = run(capsys, "backup", str(tmp_path / "copy.db"), "--database", db)
    assert code == 2
    assert "--force" in err


# --- SQLite hygiene --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", "QHM"],
        ["list", "--kind", "icb"],
        ["history", "QHM"],
        ["verify"],
        ["who-commissions", "commission_secondary_care", "--area", "00C"],
        ["export", "--jsonl", "-"],
        ["backup", "copy.db"],
        ["checkpoint", "--key", "signing.pem"],
        ["psr", "show", "GH-1"],
        ["users", "list"],
    ],
)
def test_read_commands_never_create_an_empty_database(
    tmp_path: Path, key: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "missing.db"
    code, out, err = run(capsys, *args, "--database", f"sqlite:///{missing}")
    assert (code, out) == (2, "")
    assert f"no database at {missing}; run `nhswiring init`" in err
    assert not missing.exists()
    assert not (tmp_path / "copy.db").exists()


def test_check_without_a_database_uses_the_shipped_register_and_creates_nothing(
    tmp_path: Path, capsys: Capture
) -> None:
    missing = tmp_path / "missing.db"
    code, out, err = run(
        capsys,
        "check",
        "--date",
        "2019-06-01",
        "--actor",
        "SOS",
        "--action",
        "direct",
        "--args",
        '{"to": "NHSE", "subject": "general"}',
        "--database",
        f"sqlite:///{missing}",
    )
    assert code == 0, err
    assert "(hsca2012, 2019-06-01)" in out
    assert not missing.exists()


def test_a_command_that_writes_leaves_no_write_ahead_log(
    db: str, tmp_path: Path, capsys: Capture
) -> None:
    exported = tmp_path / "ledger.jsonl"
    run(capsys, "export", "--jsonl", str(exported), "--database", db)
    restored = tmp_path / "restored.db"
    code, _, err = run(
        capsys, "import", "--jsonl", str(exported), "--database", f"sqlite:///{restored}"
    )
    assert code == 0, err
    log = Path(f"{restored}-wal")
    assert not log.exists() or log.stat().st_size == 0
    copy = tmp_path / "plain-copy.db"
    copy.write_bytes(restored.read_bytes())  # what `cp` does: the file alone is enough
    assert run(capsys, "verify", "--database", f"sqlite:///{copy}")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backup", "no-such-dir/copy.db"], "FILE: no-such-dir is not a directory"),
        (["export", "--jsonl", "no-such-dir/ledger.jsonl"], "--jsonl: cannot write"),
        (["import", "--jsonl", "no-such-file.jsonl"], "--jsonl: cannot read"),
        (["import", "--jsonl", "latin1.jsonl"], "--jsonl: line 1: is not UTF-8 text"),
        (["checkpoint", "--key", "no-such-key.pem"], "--key: cannot read no-such-key.pem"),
        (["checkpoint", "--key", "latin1.jsonl"], "--key: latin1.jsonl is not an unencrypted PEM"),
        (["verify", "--checkpoint", "latin1.jsonl"], "--checkpoint: latin1.jsonl is not JSON"),
        (["verify", "--public-key", "latin1.jsonl"], "--public-key: latin1.jsonl is not a PEM"),
    ],
)
def test_bad_paths_and_files_are_one_line_and_exit_2(
    db: str,
    tmp_path: Path,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin1.jsonl").write_bytes("café\n".encode("latin-1"))
    database = db if args[0] != "import" else f"sqlite:///{tmp_path / 'new.db'}"
    code, out, err = run(capsys, *args, "--database", database)
    assert (code, out) == (2, "")
    assert message in err
    assert len(err.strip().splitlines()) == 1
