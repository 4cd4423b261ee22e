"""Result schemas for ``results/regions/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.schemas.core import ResultSchema, count, number, region, text, year

#: written by rule ``region_series``
SERIES = ResultSchema(
    "regions/series",
    {
        "indicator": text(),
        "name": text(),
        "family": text(),
        "unit": text(),
        "direction": text(),
        "region_code": region(),
        "year": year(),
        "value": number(),
        "riket": number(),
        "lowest": number(),
        "highest": number(),
        "segment": count(),
    },
    unique=("indicator", "region_code", "year"),
)
