# Rules for the ledger analysis (see docs/developing.md).
