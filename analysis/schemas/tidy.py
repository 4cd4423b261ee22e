"""Result schemas for ``results/tidy/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.schemas.core import (
    DIRECTIONS,
    SEXES,
    ResultSchema,
    count,
    flag,
    integer,
    number,
    probability,
    region,
    text,
    year,
)

#: The tidy table every source reader returns (analysis.validation.TIDY_COLUMNS).
TIDY = {
    "source": text(),
    "indicator": text(),
    "region_code": region(),
    "year": year(),
    "sex": text(values=SEXES),
    "value": number(),
    "unit": text(),
    "numerator": number(),
    "denominator": number(),
    "ci_low": number(),
    "ci_high": number(),
    "source_file": text(),
    "source_row": integer(),
}
TIDY_KEY = ("source", "indicator", "region_code", "year", "sex")
#: The paper trail of values set aside or corrected (analysis.quality.TRAIL_COLUMNS).
QUARANTINE_COLUMNS = {
    "source": text(),
    "indicator": text(),
    "region_code": text(),
    "year": year(),
    "sex": text(values=SEXES),
    "value": number(),
    "new_value": number(),
    "action": text(values=("quarantine", "exclude", "correct", "not_applied")),
    "reason": text(),
    "reference": text(),
    "date": text(),
    "source_file": text(),
    "source_row": integer(),
}

#: written by rule ``tidy_kolada``
KOLADA = ResultSchema(
    "tidy/kolada",
    TIDY,
    unique=TIDY_KEY,
)

#: written by rule ``tidy_kolada``
QUARANTINE = ResultSchema(
    "tidy/quarantine",
    QUARANTINE_COLUMNS,
    min_rows=0,
)

#: written by rule ``tidy_kolada``
KOLADA_YEARS = ResultSchema(
    "tidy/kolada_years",
    {
        "indicator": text(),
        "year": year(),
        "n_regions": count(),
        "share": probability(),
        "last_year": year(),
        "status": text(values=("after_last_year", "incomplete")),
        "n_values": count(),
    },
    min_rows=0,
)

#: written by rule ``tidy_vis``
VIS = ResultSchema(
    "tidy/vis",
    TIDY,
    unique=TIDY_KEY,
)

#: written by rule ``tidy_skr``
SKR = ResultSchema(
    "tidy/skr",
    TIDY,
    unique=TIDY_KEY,
)

#: written by rule ``report_values``
REPORT_VALUES = ResultSchema(
    "tidy/report_values",
    {
        "report": text(),
        "element": text(),
        "page": integer(nullable=True),
        "line": integer(),
        "series": text(),
        "group_type": text(),
        "group": text(),
        "region_code": text(),  # empty where the report gives no region
        "year": year(nullable=True),
        "value": number(),
        "unit": text(),
        "n": number(),
        "status": text(),
        "note": text(),
        "source_file": text(),
        "source_row": integer(),
    },
)

#: written by rule ``report_categorical``
REPORT_CATEGORICAL = ResultSchema(
    "tidy/report_categorical",
    {
        "report": text(),
        "element": text(),
        "page": text(),
        "line": text(),
        "region_code": region(),
        "region": text(),
        "attribute": text(),
        "value": text(),
        "note": text(),
        "source_file": text(),
        "source_row": integer(),
        "count": text(nullable=True),
    },
)

#: written by rule ``registry``
REGISTRY = ResultSchema(
    "tidy/registry",
    {
        "id": text(),
        "name_sv": text(),
        "family": text(),
        "unit": text(),
        "direction": text(values=DIRECTIONS),
        "source": text(),
        "provider": text(),
        "denominator_known": flag(),
        "first_year": year(),
        "breaks": text(),
        "waves": text(),
        "goal": text(),
        "analyses": text(),
        "role": text(),
        "note": text(),
    },
    unique=("id",),
)

#: written by rule ``coverage``
COVERAGE = ResultSchema(
    "tidy/coverage",
    {
        "source": text(),
        "indicator": text(),
        "unit": text(),
        "first_year": year(),
        "last_year": year(),
        "n_years": count(),
        "n_regions": count(),
        "has_riket": flag(),
        "sexes": text(),
        "n_values": count(),
        "gaps": integer(),
        "gap_detail": text(),
    },
    unique=(
        "source",
        "indicator",
    ),
)
