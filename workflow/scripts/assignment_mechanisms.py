"""Question 2: mechanisms panel (two-way FE, cluster-robust, Benjamini–Hochberg)."""

import logging

import pandas as pd

from analysis.assignment import mechanisms as M
from analysis.config import log_to
from analysis.registry import as_roles
from analysis.schemas import assignment as assignment_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("assignment_mechanisms")

panel = M.mechanism_panel(as_roles(read_split(sm.input.kolada), sm.params.series))
write_result(panel, sm.output.panel, assignment_schemas.MECHANISM_PANEL)
result = M.mechanism_models(panel, float(sm.params.confidence))
write_result(result.table, sm.output.models, assignment_schemas.MECHANISM_MODELS)
log.info("\n%s", result.summary())
org = M.organisation_covariate(pd.read_parquet(sm.input.report_values))
between = M.between_regions(panel, org, "any_lov", float(sm.params.confidence))
write_result(pd.DataFrame([between]), sm.output.organisation, assignment_schemas.MECHANISM_ORGANISATION)
log.info("between regions, any supplementary choice scheme: %s", between)
