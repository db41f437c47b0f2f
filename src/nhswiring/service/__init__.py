"""The service layer: use cases that tie the domain, the law and the ledger together."""
