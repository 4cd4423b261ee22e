# Rules for the variance analysis (see docs/developing.md).
