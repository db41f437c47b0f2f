"""The real national register shipped with the package, and the ODS importer that refreshes it."""
