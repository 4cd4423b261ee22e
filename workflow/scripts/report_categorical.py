"""Validate and combine the reports' categorical region tables (data-raw/categorical/*.csv)."""

from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.schemas import tidy as tidy_schemas
from analysis.schemas.core import write_result
from analysis.sources.transcriptions import read_categorical_file

log_to(snakemake.log[0])  # noqa: F821
frames = [read_categorical_file(Path(p)) for p in snakemake.input.tables]  # noqa: F821
write_result(pd.concat(frames, ignore_index=True), snakemake.output[0], tidy_schemas.REPORT_CATEGORICAL)  # noqa: F821
