"""Need-adjusted view: costs against standard cost and against the share aged 80+."""

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.schemas import resources as resources_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])

kolada = read_split(sm.input.kolada)
confidence = float(sm.params.confidence)
need = R.need_table(kolada)
write_result(need, sm.output.need, resources_schemas.NEED)
write_result(
    R.age_regressions(need, confidence=confidence), sm.output.regressions, resources_schemas.AGE_REGRESSIONS
)
base = R.last_complete_year(kolada)
fits = [R.age_fit_line(need, outcome, base, confidence=confidence) for outcome in R.AGE_OUTCOMES]
write_result(pd.concat(fits, ignore_index=True), sm.output.fit, resources_schemas.AGE_FIT)
