"""Need-adjusted view: costs against standard cost and against the share aged 80+."""

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])

kolada = read_split(sm.input.kolada)
confidence = float(sm.params.confidence)
need = R.need_table(kolada)
need.to_parquet(sm.output.need, index=False)
R.age_regressions(need, confidence=confidence).to_parquet(sm.output.regressions, index=False)
base = R.last_complete_year(kolada)
fits = [R.age_fit_line(need, outcome, base, confidence=confidence) for outcome in R.AGE_OUTCOMES]
pd.concat(fits, ignore_index=True).to_parquet(sm.output.fit, index=False)
