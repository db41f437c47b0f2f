"""How long `nhswiring verify` takes on a national-scale ledger, and in how much memory.

``python -m bench.verify_scale --entries 1000000 --database bench/out/verify.db`` records the
real history and a synthetic one (as ``bench.national_scale`` does) into the database if it is
empty, then times the two halves of verify: the hash chain, and the subject index rebuilt
from the chain and compared with ``ledger_subject`` (both streamed in sequence order).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from bench.synthetic import generate
from nhswiring.domain.register import Register
from nhswiring.ledger.database import make_engine, migrate
from nhswiring.ledger.subject_index import check_subject_index
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.integrity import subjects_of
from nhswiring.service.system import history_entries, new_entry
from nhswiring.service.unit_of_work import UnitOfWork


def run(entries: int, database: Path, batch: int = 20_000) -> None:
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    with UnitOfWork(engine) as uow:
        empty = uow.ledger.count() == 0
    if empty:
        print(f"recording {entries:,} synthetic entries into {database} ...")
        history = real_history(load_reference_data())
        reference = Register().apply_all((h.effective, h.event) for h in history)
        prepared = history_entries(history)
        prepared += [new_entry(s.effective, s.actor, s.event) for s in generate(reference, entries)]
        with UnitOfWork(engine, write=True) as uow:
            for i in range(0, len(prepared), batch):
                uow.ledger.append(prepared[i : i + batch])
            uow.commit()
        engine.dispose()  # fold the write-ahead log in, as a finished command would
    with UnitOfWork(engine) as uow:
        started = time.perf_counter()
        chain = uow.ledger.verify()
        chain_s = time.perf_counter() - started
        started = time.perf_counter()
        index = check_subject_index(uow.ledger.connection, subjects_of, upto=chain.checked)
        index_s = time.perf_counter() - started
    engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{chain.checked:,} entries: chain {chain_s:.1f} s (ok={chain.ok}); subject index "
        f"{index_s:.1f} s over {index.rows:,} rows (ok={index.ok}); peak RSS {peak_mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--database", type=Path, default=Path("bench/out/verify.db"))
    args = parser.parse_args()
    args.database.parent.mkdir(parents=True, exist_ok=True)
    run(args.entries, args.database)


if __name__ == "__main__":
    main()
