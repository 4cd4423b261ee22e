"""Trust (and HSB access): hospital-minus-primary-care gap per year, pandemic bump and return.

Year-effects models (region fixed effects + one effect per year, quasi-binomial) compare the
last pre-pandemic year with the pandemic years and with the latest year; the gap is the
paired regional difference with a t interval. All computation is in ``analysis.trends``.
"""

import logging

import pandas as pd

from analysis.config import log_to
from analysis.robust import difference_in_differences
from analysis.schemas import trends as trends_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split
from analysis.trends.contrasts import compare_years, fit_year_effects, gap_by_year
from analysis.trends.result import TrendConfig

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("trends_trust")
config = TrendConfig.from_config(sm.params.models)
kolada = read_split(sm.input.kolada)
kolada = kolada[kolada["sex"] == "T"]


def series(ind):
    return kolada[kolada["indicator"] == ind]


gap = gap_by_year(series(sm.params.hospital), series(sm.params.primary_care), config.confidence)
gap.insert(0, "indicator_b", sm.params.primary_care)
gap.insert(0, "indicator_a", sm.params.hospital)
write_result(gap, sm.output.gap, trends_schemas.TRUST_GAP)


def riket(ind):
    rows = series(ind)
    return rows[rows["region_code"] == "00"]


did = difference_in_differences(riket(sm.params.primary_care), riket(sm.params.hospital), config)
write_result(
    pd.DataFrame([{"treated": sm.params.primary_care, "control": sm.params.hospital, **did}]),
    sm.output.did,
    trends_schemas.DID,
)

rows = []
first_pandemic = min(config.pandemic_years)
for ind in sm.params.ids:
    data = series(ind)
    regional = data[data["region_code"] != "00"]
    if regional.empty:
        log.warning("%s: no regional rows", ind)
        continue
    model = fit_year_effects(regional, indicator=ind, config=config)
    years = model.years
    pre = [y for y in years if y < first_pandemic]
    pandemic = [y for y in config.pandemic_years if y in years]
    last = max(years)
    national = data[data["region_code"] == "00"].set_index("year")["value"]
    after = [y for y in years if y > max(config.pandemic_years)]
    comparisons = [("pandemiökning", [max(pre)], pandemic)]
    comparisons += [(f"{y} mot {max(pre)}", [max(pre)], [y]) for y in after]
    comparisons.append((f"{last} mot åren före pandemin", pre, [last]))
    for label, base, comp in comparisons:
        row = compare_years(model, base, comp, config)
        row["comparison"] = label
        row["national_base"] = float(national.reindex(base).mean())
        row["national_compare"] = float(national.reindex(comp).mean())
        rows.append(row)
write_result(pd.DataFrame(rows), sm.output.contrasts, trends_schemas.YEAR_CONTRASTS)
log.info("gap for %d years, %d contrasts", len(gap), len(rows))
