"""Each region's profile series beside Riket and the regions' range -> region pages and explorer."""

import pandas as pd

from analysis.config import log_to
from analysis.regional import profile_series
from analysis.registry import load_registry

sm = snakemake  # noqa: F821
log_to(sm.log[0])
series = profile_series(pd.read_parquet(sm.input.kolada), load_registry(sm.input.registry))
print(f"{series['indicator'].nunique()} indicators, {len(series)} region-year values")
series.to_parquet(sm.output[0], index=False)
