"""Result schemas for ``results/publishing/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.schemas.core import ResultSchema, anything
from analysis.schemas.tidy import QUARANTINE_COLUMNS

#: written by rule ``whats_new``
CHANGES = ResultSchema(
    "publishing/changes",
    {
        "change": anything(),
        "source": anything(),
        "indicator": anything(),
        "indicator_name": anything(),
        "region_code": anything(),
        "region_name": anything(),
        "year": anything(),
        "sex": anything(),
        "value_prev": anything(),
        "value_cur": anything(),
    },
    min_rows=0,
)

#: written by rule ``whats_new``
CHANGES_QUARANTINE = ResultSchema(
    "publishing/changes_quarantine",
    {**QUARANTINE_COLUMNS, "indicator_name": anything(), "is_new": anything()},
    min_rows=0,
)

#: written by rule ``whats_new``
CHANGES_CONCLUSIONS = ResultSchema(
    "publishing/changes_conclusions",
    {
        "kind": anything(),
        "key": anything(),
        "name": anything(),
        "before": anything(),
        "after": anything(),
    },
    min_rows=0,
)
