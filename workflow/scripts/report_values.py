"""Validate and combine the report transcriptions (data-raw/transcriptions/*.csv)."""

from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.sources.transcriptions import read_transcription_file

log_to(snakemake.log[0])  # noqa: F821
frames = [read_transcription_file(Path(p)) for p in snakemake.input.transcriptions]  # noqa: F821
pd.concat(frames, ignore_index=True).to_parquet(snakemake.output[0], index=False)  # noqa: F821
