"""One body's register read the quick way: a SQLite file through ``sqlite3``, no SQLAlchemy.

``System.register_for`` (as the ledger stands now) folds one body from its snapshot plus the
entries about it since, and refreshes the snapshot when it was missing or the tail long. This
is the same fold (``snapshot_fold.fold_from``, the same reads through
``ledger/sqlite_source.py``), for the command line, which would otherwise spend most of its
time importing SQLAlchemy. It never writes, so it serves only the common case and declines
(returns None) whenever anything is unusual, leaving the read to ``System``, which gives the
proper answer or error message and takes the snapshot:

* the database is not a plain SQLite file that exists (PostgreSQL, in memory, a URL with
  options), or cannot be opened or read (not a database, not migrated, locked);
* the ledger is empty;
* the body has no usable snapshot (none yet, stale code, another ledger, a back-dated entry
  since), or its tail is long enough that the snapshot is due to be taken again.
"""

from __future__ import annotations

import sqlite3

from nhswiring.domain.register import Register
from nhswiring.ledger.audience import Audience
from nhswiring.ledger.database import database_url
from nhswiring.ledger.sqlite_source import reading, sqlite_path
from nhswiring.service.snapshot_fold import fold_from


def quick_register_for(database: str | None, code: str, audience: Audience) -> Register | None:
    """The register folded from the entries about ``code`` as ``audience`` sees them, as
    ``System.register_for(code, audience=audience)`` would return it; None to decline."""
    path = sqlite_path(database_url(database))
    if path is None or not path.is_file():
        return None
    try:
        with reading(path) as source:
            folded = fold_from(source, audience, subject=code, in_full=False)
    except sqlite3.Error:
        return None
    if folded is None or folded.head == 0 or folded.wants_snapshot:
        return None
    return folded.register
