# Rules for the trends analysis (see docs/developing.md).
