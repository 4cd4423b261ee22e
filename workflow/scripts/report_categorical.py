"""Validate and combine the reports' categorical region tables (data-raw/categorical/*.csv)."""

from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.sources.transcriptions import read_categorical_file

log_to(snakemake.log[0])  # noqa: F821
frames = [read_categorical_file(Path(p)) for p in snakemake.input.tables]  # noqa: F821
pd.concat(frames, ignore_index=True).to_parquet(snakemake.output[0], index=False)  # noqa: F821
