"""Result schemas for ``results/ledger/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.schemas.core import ResultSchema, count, flag, number, text

#: written by rule ``ledger``
LEDGER = ResultSchema(
    "ledger/ledger",
    {
        "element": text(),
        "report": text(),
        "kind": text(),
        "title": text(),
        "map_class": text(),
        "n_report_values": count(),
        "report_values": text(),
        "compendium_values": text(),
        "method": text(),
        "method_sv": text(),
        "tolerance": text(),
        "n_compared": count(),
        "n_within": count(),
        "n_missing": count(),
        "status": text(),
        "status_sv": text(),
        "reason": text(),
        "chapter": text(),
        "anchor": text(),
        "link": text(),
    },
    unique=("element",),
)

#: written by rule ``ledger``
CHECKS = ResultSchema(
    "ledger/checks",
    {
        "element": text(),
        "check": text(),
        "method": text(),
        "item": text(),
        "unit": text(),
        "relation": text(),
        "report_value": number(),
        "compendium_value": number(),
        "difference": number(),
        "tolerance": number(),
        "within": flag(nullable=True),
        "compared_with": text(),
        "note": text(),
    },
    unique=(
        "check",
        "item",
    ),
)

#: written by rule ``ledger_claims``
CLAIMS = ResultSchema(
    "ledger/claims",
    {
        "claim": text(),
        "statement_sv": text(),
        "source": text(),
        "element": text(),
        "rule": text(),
        "rule_sv": text(),
        "data_source": text(),
        "numbers": text(),
        "values": text(),
        "verdict": text(),
    },
    unique=("claim",),
)

#: written by rule ``ledger_coverage``
COVERAGE = ResultSchema(
    "ledger/coverage",
    {
        "element": text(),
        "title": text(),
        "chapter": text(),
        "anchor": text(),
        "status": text(),
        "shown": flag(),
        "shown_in": text(),
        "shown_as": text(),
    },
    unique=("element",),
)
