"""The append-only, hash-chained ledger: the single source of truth, on SQLite or PostgreSQL."""
