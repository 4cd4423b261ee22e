# Rules for the publishing analysis (see docs/developing.md).
