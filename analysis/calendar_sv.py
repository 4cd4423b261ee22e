"""Swedish month names, shared by the source readers (parsing) and the site (dates).

A neutral module so that neither layer imports the other.
"""

MONTHS_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(when) -> str:
    """A date the Swedish way: ``'29 november 2026'`` (``when``: a date or an ISO date string)."""
    import datetime as dt

    if isinstance(when, str):
        when = dt.date.fromisoformat(when[:10])
    return f"{when.day} {MONTHS_SV[when.month - 1]} {when.year}"
