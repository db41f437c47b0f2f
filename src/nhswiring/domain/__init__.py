"""The pure domain: typed, immutable values and folds over events. No I/O lives here."""
