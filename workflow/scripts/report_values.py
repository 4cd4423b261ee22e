"""Validate and combine the report transcriptions (data-raw/transcriptions/*.csv)."""

from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.schemas import tidy as tidy_schemas
from analysis.schemas.core import write_result
from analysis.sources.transcriptions import read_transcription_file

log_to(snakemake.log[0])  # noqa: F821
frames = [read_transcription_file(Path(p)) for p in snakemake.input.transcriptions]  # noqa: F821
write_result(pd.concat(frames, ignore_index=True), snakemake.output[0], tidy_schemas.REPORT_VALUES)  # noqa: F821
