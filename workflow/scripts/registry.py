"""The analysis sheet, validated and typed -> results/tidy/registry.parquet."""

from analysis.config import log_to
from analysis.registry import load_registry
from analysis.schemas.core import write_result
from analysis.schemas.tidy import REGISTRY

sm = snakemake  # noqa: F821
log_to(sm.log[0])
write_result(load_registry(sm.input.registry), sm.output[0], REGISTRY)
