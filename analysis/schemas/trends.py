"""Result schemas for ``results/trends/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.presentation.verdicts import ORDER as VERDICT_WORDS
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

#: How a trend model was fitted (analysis.trends), on every row of its results.
FIT = {
    "n_regions": count(),
    "variance": text(),
    "variance_text": text(),
    "dispersion": number(),
    "df_resid": number(),
    "assumptions": text(),
    "dropped_terms": text(),
    "notes": text(),
    "confidence": probability(),
    "pandemic_years": text(),
    "reform_start": integer(),
}

#: written by rule ``trends_models``
ESTIMATES = ResultSchema(
    "trends/estimates",
    {
        "indicator": text(),
        "spec": text(),
        "term": text(),
        "term_type": text(),
        "estimate": number(),
        "std_error": number(),
        "ci_low": number(),
        "ci_high": number(),
        "p_value": probability(),
        "formula": text(),
        "n_obs": count(),
        "first_year": year(),
        "last_year": year(),
        **FIT,
    },
    unique=(
        "indicator",
        "spec",
        "term",
    ),
)

#: written by rule ``trends_models``
FITTED = ResultSchema(
    "trends/fitted",
    {
        "indicator": text(),
        "spec": text(),
        "region_code": region(),
        "sex": text(values=SEXES),
        "year": year(),
        "fit": number(),
        "fit_low": number(),
        "fit_high": number(),
        "trend": number(),
        "trend_low": number(),
        "trend_high": number(),
        "observed": number(),
        "n": number(),
        "in_data": flag(),
    },
)

#: written by rule ``trends_models``
VERDICTS = ResultSchema(
    "trends/verdicts",
    {
        "indicator": text(),
        "spec": text(),
        "direction": text(values=DIRECTIONS),
        "slope": number(),
        "slope_se": number(),
        "slope_low": number(),
        "slope_high": number(),
        "slope_p": probability(),
        "slope_basis": text(),
        "last_fitted": number(),
        "slope_pp": number(),
        "slope_pp_low": number(),
        "slope_pp_high": number(),
        "slope_basis_text": text(),
        "verdict": text(values=VERDICT_WORDS),
        "formula": text(),
        "n_obs": count(),
        "first_year": year(nullable=True),
        "last_year": year(nullable=True),
        **FIT,
        "name_sv": text(),
        "family": text(),
        "source": text(),
        "series_note": text(nullable=True),
        "p_adjusted": probability(),
        "verdict_fdr": text(values=VERDICT_WORDS),
    },
    unique=(
        "indicator",
        "spec",
    ),
)

#: written by rule ``trends_models``
SENSITIVITY = ResultSchema(
    "trends/sensitivity",
    {
        "variant": text(),
        "label_sv": text(),
        "estimate": number(),
        "std_error": number(),
        "ci_low": number(),
        "ci_high": number(),
        "p_value": probability(),
        "basis": text(),
        "var_wave": number(),
        "pre_estimate": number(),
        "change_estimate": number(),
        "change_low": number(),
        "change_high": number(),
        "change_p": probability(),
        "indicator": text(),
    },
    unique=(
        "indicator",
        "variant",
    ),
)

#: written by rule ``trends_models``
ROBUST = ResultSchema(
    "trends/robust",
    {
        "indicator": text(),
        "name_sv": text(),
        "family": text(),
        "goal": text(),
        "direction": text(values=DIRECTIONS),
        "source": text(),
        "kind": text(),
        "first_year": year(),
        "last_year": year(),
        "last_value": number(),
        "unit": text(),
        "scale": text(),
        "pp_scale": number(),
        "slope_unit": text(),
        "effect_pre_years": text(nullable=True),
        "effect_last_years": text(nullable=True),
        "pre_mean": number(),
        "last_mean": number(),
        "effect": number(),
        "effect_low": number(),
        "effect_high": number(),
        "effect_note": text(),
        "series_note": text(),
        "dispersion_used": number(),
        "slope": number(),
        "slope_low": number(),
        "slope_high": number(),
        "slope_p": probability(),
        "slope_p_adjusted": probability(),
        "fdr": probability(),
        "slope_pp": number(),
        "slope_low_pp": number(),
        "slope_high_pp": number(),
        "slope_pre": number(),
        "slope_change": number(),
        "slope_change_low": number(),
        "slope_change_high": number(),
        "slope_change_p": probability(),
        "slope_pre_pp": number(),
        "slope_change_pp": number(),
        "slope_change_low_pp": number(),
        "slope_change_high_pp": number(),
        "verdict": text(values=VERDICT_WORDS),
        "reason": text(),
        "n_variants": count(),
    },
    unique=("indicator",),
)

#: written by rule ``trends_trust``
TRUST_GAP = ResultSchema(
    "trends/trust_gap",
    {
        "indicator_a": text(),
        "indicator_b": text(),
        "year": year(),
        "gap_national": number(),
        "gap_regional_mean": number(),
        "gap_low": number(),
        "gap_high": number(),
        "n_regions": count(),
        "regions_positive": integer(),
    },
    unique=("year",),
)

#: written by rule ``trends_trust``
YEAR_CONTRASTS = ResultSchema(
    "trends/year_contrasts",
    {
        "indicator": text(),
        "base_years": text(),
        "compare_years": text(),
        "base_level": number(),
        "compare_level": number(),
        "diff_pp": number(),
        "diff_pp_low": number(),
        "diff_pp_high": number(),
        "logit_diff": number(),
        "logit_low": number(),
        "logit_high": number(),
        "p_value": probability(),
        "variance": text(),
        "dispersion": number(),
        "n_regions": count(),
        "comparison": text(),
        "national_base": number(),
        "national_compare": number(),
    },
)

#: written by rule ``trends_trust``
DID = ResultSchema(
    "trends/did",
    {
        "treated": text(),
        "control": text(),
        "did_effect_pre_years": text(),
        "did_effect_last_years": text(),
        "pre_mean": number(),
        "last_mean": number(),
        "did_effect": number(),
        "did_effect_low": number(),
        "did_effect_high": number(),
        "did_effect_note": text(),
        "n_years": count(),
    },
)

#: written by rule ``trends_points``
PANEL_POINTS = ResultSchema(
    "trends/panel_points",
    {
        "figure": text(),
        "series": text(),
        "label_sv": text(),
        "family": text(),
        "direction": text(values=DIRECTIONS),
        "instrument": text(),
        "population": text(),
        "group_type": text(),
        "group": text(),
        "year": year(),
        "value": number(),
        "status": text(),
        "n": number(),
        "page": integer(),
        "line": integer(),
        "note": text(),
        "ci_low": number(),
        "ci_high": number(),
    },
)

#: written by rule ``trends_points``
FAST_LAKARE_INSTRUMENTS = ResultSchema(
    "trends/fast_lakare_instruments",
    {
        "report": text(),
        "element": text(),
        "series": text(),
        "instrument": text(),
        "kind": text(),
        "group_type": text(),
        "group": text(),
        "region_code": text(),  # empty where the report gives no region
        "year": year(nullable=True),
        "value": number(),
        "status": text(),
        "n": number(),
        "page": number(),
        "line": integer(),
        "ci_low": number(),
        "ci_high": number(),
        "target": number(),
        "gap_to_target": number(),
        "gap_low": number(),
        "gap_high": number(),
        "target_year": year(),
    },
)

#: written by rule ``trends_points``
CONTINUITY_TARGETS = ResultSchema(
    "trends/continuity_targets",
    {
        "start": number(),
        "end": number(),
        "start_year": year(),
        "end_year": year(),
        "target": number(),
        "change": number(),
        "change_pct": number(),
        "annual_change_pct": number(),
        "doctors_increase_needed_pct": number(),
        "towards_target": flag(),
        "reported_increase_pct": number(),
        "element": text(),
        "page": integer(),
    },
)

#: written by rule ``trends_points``
FIGURE_STATUS = ResultSchema(
    "trends/figure_status",
    {
        "figure": text(),
        "number": integer(),
        "title_sv": text(),
        "section": text(),
        "family": text(),
        "status": text(),
        "replacement": text(),
        "note_sv": text(),
        "values": count(),
        "values_approximate": count(),
        "years": text(),
        "page": number(),
    },
    unique=("figure",),
)

#: ``analysis.trends.system.national_and_range``: Riket and the regions' range per series and year
NATIONAL_AND_RANGE = {
    "indicator": text(),
    "year": year(),
    "national": number(),
    "region_min": number(),
    "region_max": number(),
    "n_regions": count(),
}

#: written by rule ``trends_system``
SYSTEM_SERIES = ResultSchema(
    "trends/system_series",
    {**NATIONAL_AND_RANGE, "reform_start": year()},
    unique=("indicator", "year"),
)

#: written by rule ``trends_system``
SYSTEM_ELEMENTS = ResultSchema(
    "trends/system_elements",
    {
        "element": text(),
        **NATIONAL_AND_RANGE,
        "unit": text(),
        "scale_to_report": number(nullable=False),
        "match": text(),
        "page": count(),
        "reform_start": year(),
    },
    unique=("element", "indicator", "year"),
)

#: written by rule ``trends_system``
SYSTEM_DEFINITIONS = ResultSchema(
    "trends/system_definitions",
    {
        "element": text(),
        "page": count(),
        "report_measure": text(),
        "report_unit": text(),
        "indicator": text(),
        "kolada_title": text(),
        "kolada_unit": text(),
        "scale_to_report": number(nullable=False),
        "match": text(),
        "difference_sv": text(),
    },
    unique=("element",),
)
