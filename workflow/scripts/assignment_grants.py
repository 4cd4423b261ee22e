"""Question 3: the agreements' grants as a dose per region against the change in the share."""

import logging

import pandas as pd

from analysis.assignment import grants as G
from analysis.config import log_to
from analysis.registry import as_roles
from analysis.schemas import assignment as assignment_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("assignment_grants")

kolada = as_roles(read_split(sm.input.kolada), sm.params.series)
national = G.national_grants(pd.read_parquet(sm.input.report_values))
cfg = sm.params.grants
end = cfg["end_year"] or G.last_share_year(kolada)
result = G.grant_analysis(
    kolada,
    national,
    int(cfg["base_year"]),
    [int(y) for y in cfg["grant_years"]],
    int(end),
    float(sm.params.confidence),
)
write_result(result.doses, sm.output.doses, assignment_schemas.GRANT_DOSES)
write_result(result.models, sm.output.models, assignment_schemas.GRANT_MODELS)
log.info("\n%s", result.summary())
