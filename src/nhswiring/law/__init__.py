"""The law as code. Modules mirror the legal instruments so a lawyer can find a rule from its
citation; everything here is pure (no I/O) and cites its source."""
