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
