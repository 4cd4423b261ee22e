# Rules for the resources analysis (see docs/developing.md).
